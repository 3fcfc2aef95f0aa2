// The engine with a fake clock and a fake streaming model: debounce, one request in flight, aborts,
// typed-ahead reuse (from the suggestion shown and from the stream still arriving), the cache, early stops,
// late results and errors.
import * as assert from 'node:assert/strict';
import { CompletionEngine, DEFAULT_ENGINE_CONFIG, type EngineConfig } from '../../../src/core/completion/engine';
import type { EngineEvent } from '../../../src/core/completion/stats';
import { OllamaError } from '../../../src/core/ollama/errors';
import { EditorSim } from '../../support/completion/editorSim';
import { FakeClock, settle } from '../../support/completion/fakeClock';
import { FakeModel, type ReplyFn } from '../../support/completion/fakeModel';

const DOC = 'def add(a, b):\n    |\n\nprint(add(1, 2))\n';

interface Rig {
  clock: FakeClock;
  model: FakeModel;
  engine: CompletionEngine;
  events: EngineEvent[];
  config: EngineConfig;
  sim(doc?: string): EditorSim;
}

function rig(reply: ReplyFn = () => 'return a + b', config: Partial<EngineConfig> = {}): Rig {
  const clock = new FakeClock();
  const model = new FakeModel(clock, reply, { firstTokenMs: 40, perTokenMs: 10 });
  const full = { ...DEFAULT_ENGINE_CONFIG, debounceMinMs: 100, debounceMaxMs: 100, ...config };
  const engine = new CompletionEngine({ generate: model.generate, clock, config: () => full });
  const events: EngineEvent[] = [];
  engine.onEvent((e) => events.push(e));
  return { clock, model, engine, events, config: full, sim: (doc = DOC) => new EditorSim(engine, doc) };
}

describe('completion engine', () => {
  describe('debounce', () => {
    it('waits for the debounce before sending, then answers from the model', async () => {
      const r = rig();
      const answer = r.sim().ask();
      await r.clock.advance(99);
      assert.equal(r.model.requests.length, 0, 'nothing sent during the debounce');
      await r.clock.advance(1);
      assert.equal(r.model.requests.length, 1);
      await r.clock.advance(500);
      assert.deepEqual(await answer, { text: 'return a + b', source: 'model' });
    });

    it('sends nothing for keystrokes typed within the debounce: only the last one asks', async () => {
      const r = rig(() => 'a + b');
      const sim = r.sim();
      const first = sim.type('r');
      await r.clock.advance(50);
      const second = sim.type('e');
      await r.clock.advance(50);
      const third = sim.type('t');
      await r.clock.advance(500);
      assert.equal(await first, undefined);
      assert.equal(await second, undefined);
      assert.equal(r.model.requests.length, 1, 'one request for three keystrokes');
      assert.ok(String(r.model.requests[0].params.prompt).endsWith('<|fim_middle|>    ret'));
      assert.deepEqual(await third, { text: 'a + b', source: 'model' });
      assert.equal(r.engine.stats.debounced, 2);
    });

    it('checks the cancellation again after the debounce: a call cancelled as the timer fires sends nothing', async () => {
      const r = rig();
      const sim = r.sim();
      const answer = sim.ask();
      await r.clock.advance(50);
      // The editor cancels in the same turn as the debounce timer fires, before the engine resumes.
      r.clock.setTimeout(() => sim.cancel(), 50);
      await r.clock.advance(50);
      assert.equal(await answer, undefined);
      assert.equal(r.model.requests.length, 0);
    });

    it('does not debounce a manual trigger', async () => {
      const r = rig();
      const answer = r.sim().ask('manual');
      await r.clock.advance(0);
      assert.equal(r.model.requests.length, 1);
      await r.clock.advance(500);
      assert.ok(await answer);
    });
  });

  describe('one request in flight', () => {
    it('aborts the request in flight on a keystroke that does not match it, and closes it before sending the next', async () => {
      const r = rig(() => 'return a + b', {});
      r.model.firstTokenMs = 300;
      const sim = r.sim();
      void sim.ask();
      await r.clock.advance(150);
      assert.equal(r.model.requests.length, 1);
      assert.equal(r.model.inFlight, 1);
      const next = sim.type('x');
      await settle();
      assert.equal(r.model.requests[0].closedEarly, true, 'the first request was closed at the keystroke');
      assert.equal(r.model.inFlight, 0);
      await r.clock.advance(1_000);
      await next;
      assert.equal(r.model.requests.length, 2);
      assert.equal(r.model.maxOpen, 1, 'never two requests open at once');
      assert.equal(r.engine.stats.maxInFlight, 1);
      assert.ok(r.events.some((e) => e.type === 'abort' && e.reason === 'edit'));
    });

    it('aborts the request at once when the editor cancels and the user did not type along', async () => {
      const r = rig();
      r.model.firstTokenMs = 300;
      const sim = r.sim();
      const answer = sim.ask();
      await r.clock.advance(150);
      sim.cancel();
      await settle();
      assert.equal(await answer, undefined);
      assert.equal(r.model.requests[0].closedEarly, true);
      assert.ok(r.events.some((e) => e.type === 'abort' && e.reason === 'cancelled'));
    });

    it('aborts when the cursor moves away from the request', async () => {
      const r = rig();
      r.model.firstTokenMs = 300;
      const sim = r.sim();
      void sim.ask();
      await r.clock.advance(150);
      sim.moveTo(0);
      await settle();
      assert.equal(r.model.requests[0].closedEarly, true);
    });

    it('aborts on a call for another document', async () => {
      const r = rig();
      r.model.firstTokenMs = 300;
      void r.sim().ask();
      await r.clock.advance(150);
      const other = new EditorSim(r.engine, 'x = |', { documentId: 'file:///work/b.py' });
      void other.ask();
      await settle();
      assert.equal(r.model.requests[0].closedEarly, true);
    });
  });

  describe('typed-ahead reuse', () => {
    it('serves the rest of the suggestion on screen while the user types it: no request', async () => {
      const r = rig();
      const sim = r.sim();
      const first = sim.ask();
      await r.clock.advance(1_000);
      assert.equal((await first)?.text, 'return a + b');
      const sent = r.model.requests.length;
      const answers: (string | undefined)[] = [];
      for (const ch of 'return a') answers.push((await sim.type(ch))?.text);
      assert.deepEqual(answers, ['eturn a + b', 'turn a + b', 'urn a + b', 'rn a + b', 'n a + b', ' a + b', 'a + b', ' + b']);
      assert.equal(r.model.requests.length, sent, 'no request while typing the suggestion');
      assert.equal(r.engine.stats.typedAheadHits, 8);
      assert.ok(r.events.filter((e) => e.type === 'served' && e.source === 'typedAhead').every((e) => e.type === 'served' && e.ms === 0));
    });

    it('serves from the stream still arriving when the user types what it says', async () => {
      const r = rig(() => 'return a + b');
      r.model.firstTokenMs = 200;
      r.model.perTokenMs = 100;
      const sim = r.sim();
      const first = sim.ask();
      await r.clock.advance(100 + 200); // debounce, first token ('retu')
      const typed = sim.type('r');
      await r.clock.advance(50);
      const typed2 = sim.type('e');
      await r.clock.advance(1_000);
      assert.equal(await first, undefined, 'the first call was cancelled by the keystroke');
      assert.equal(await typed, undefined);
      assert.deepEqual(await typed2, { text: 'turn a + b', source: 'stream' });
      assert.equal(r.model.requests.length, 1, 'the request kept streaming for the typist');
      assert.equal(r.model.requests[0].closedEarly, false);
      assert.equal(r.engine.stats.streamHits, 1);
    });

    it('aborts the stream when the user types past what has arrived or away from it', async () => {
      const r = rig(() => 'return a + b');
      r.model.firstTokenMs = 400;
      const sim = r.sim();
      void sim.ask();
      await r.clock.advance(150);
      void sim.type('r');
      await settle();
      assert.equal(r.model.requests[0].closedEarly, true, 'nothing had arrived to confirm the typing');

      const second = rig(() => 'return a + b');
      second.model.firstTokenMs = 100;
      second.model.perTokenMs = 200;
      const other = second.sim();
      void other.ask();
      await second.clock.advance(250); // 'retu' arrived
      void other.type('r');
      await settle();
      assert.equal(second.model.requests[0].closedAt, undefined, 'typing what arrived keeps it');
      void other.type('X');
      await settle();
      assert.equal(second.model.requests[0].closedEarly, true, 'typing something else aborts it');
    });

    it('serves a cached suggestion again when the user comes back to its place', async () => {
      const r = rig();
      const sim = r.sim();
      const first = sim.ask();
      await r.clock.advance(1_000);
      assert.ok(await first);
      void sim.type('z');
      await r.clock.advance(1_000);
      const back = await sim.backspace();
      assert.deepEqual(back, { text: 'return a + b', source: 'cache' });
      assert.equal(r.model.requests.length, 2);
      assert.equal(r.engine.stats.cacheHits, 1);
    });

    it('finds a cached suggestion for an earlier point of the line when the live one is gone', async () => {
      const r = rig((_p, i) => (i === 0 ? 'return a + b' : 'pass'));
      const a = new EditorSim(r.engine, DOC);
      const first = a.ask();
      await r.clock.advance(1_000);
      assert.ok(await first);
      // Elsewhere, a suggestion replaces the live one.
      const b = new EditorSim(r.engine, 'class C:\n    |\n', { documentId: 'file:///work/b.py' });
      const other = b.ask();
      await r.clock.advance(1_000);
      assert.equal((await other)?.text, 'pass');
      a.insert('ret');
      const back = await a.ask();
      assert.deepEqual(back, { text: 'urn a + b', source: 'typedAhead' });
      assert.equal(r.model.requests.length, 2);
    });

    it('remembers that there is nothing to suggest at a place', async () => {
      const r = rig(() => '');
      const sim = r.sim();
      const first = sim.ask();
      await r.clock.advance(1_000);
      assert.equal(await first, undefined);
      assert.equal(await sim.ask(), undefined);
      assert.equal(r.model.requests.length, 1);
    });
  });

  describe('first line early', () => {
    const BLOCK = 'x = a\n    y = b\n    return x + y';

    it('shows the first line of a block as soon as it is complete, and lets the rest be generated', async () => {
      const r = rig(() => BLOCK);
      const sim = r.sim();
      const answer = sim.ask();
      let shown: string | undefined;
      void answer.then((a) => (shown = a?.text));
      // The debounce, the first token, then a few tokens: the first line and its line break.
      await r.clock.advance(100 + 40 + 4 * 10);
      assert.deepEqual(await answer, { text: 'x = a', source: 'model' });
      assert.equal(shown, 'x = a');
      assert.equal(r.model.inFlight, 1, 'the rest of the block is still being generated');
      await r.clock.advance(1_000);
      assert.equal(r.model.requests.length, 1);
      assert.equal(r.engine.stats.aborted, 0, 'not aborted when its caller returned with the first line');
    });

    it('asks the editor to ask again when the whole block has arrived, and then shows all of it from memory', async () => {
      const r = rig(() => BLOCK);
      const events: string[] = [];
      r.engine.onEvent((e) => {
        if (e.type === 'extended') events.push(`${e.documentId}@${e.offset}`);
      });
      const sim = r.sim();
      const answer = sim.ask();
      await r.clock.advance(100 + 40 + 4 * 10);
      assert.equal((await answer)?.text, 'x = a');
      assert.deepEqual(events, [], 'not before the block is complete');
      await r.clock.advance(1_000);
      assert.equal(events.length, 1, 'once the block is complete');
      // VS Code asks again at the same place: the whole block, without a request.
      assert.deepEqual(await sim.ask(), { text: BLOCK, source: 'cache' });
      assert.equal(r.model.requests.length, 1);
    });

    it('serves the rest of the block from memory once the first line is accepted: no request', async () => {
      const r = rig(() => BLOCK);
      const sim = r.sim();
      const answer = sim.ask();
      await r.clock.advance(100 + 40 + 4 * 10);
      assert.equal((await answer)?.text, 'x = a');
      await r.clock.advance(1_000);
      // Tab: the line is inserted as one edit and VS Code asks again.
      const rest = await sim.type('x = a');
      assert.deepEqual(rest, { text: '\n    y = b\n    return x + y', source: 'typedAhead' });
      assert.equal(r.model.requests.length, 1);
    });

    it('serves the rest from the stream when the line is accepted before the block is complete', async () => {
      const r = rig(() => BLOCK);
      r.model.perTokenMs = 50;
      const sim = r.sim();
      const answer = sim.ask();
      await r.clock.advance(100 + 40 + 4 * 50);
      assert.equal((await answer)?.text, 'x = a');
      const rest = sim.type('x = a');
      await r.clock.advance(2_000);
      assert.deepEqual(await rest, { text: '\n    y = b\n    return x + y', source: 'stream' });
      assert.equal(r.model.requests.length, 1);
    });

    it('aborts the block when the user types something else after its first line was shown', async () => {
      const r = rig(() => BLOCK);
      r.model.perTokenMs = 50;
      const sim = r.sim();
      const answer = sim.ask();
      await r.clock.advance(100 + 40 + 4 * 50);
      assert.equal((await answer)?.text, 'x = a');
      void sim.type('z');
      await settle();
      assert.equal(r.model.requests[0].closedEarly, true);
    });

    it('waits for the whole answer of a single-line suggestion', async () => {
      const r = rig(() => 'return a + b');
      const answer = r.sim().ask();
      await r.clock.advance(1_000);
      assert.deepEqual(await answer, { text: 'return a + b', source: 'model' });
      assert.equal(r.model.inFlight, 0);
    });
  });

  describe('the debounce learns from what was wasted', () => {
    const wide = { debounceMinMs: 20, debounceMaxMs: 2_000 };

    it('counts a request typed over before anything arrived as wasted: the wait grows', async () => {
      const r = rig(() => 'return a + b', wide);
      r.model.firstTokenMs = 400;
      const sim = r.sim('x = |\n');
      const before = r.engine.waitAt('clause');
      void sim.ask();
      await r.clock.advance(300); // sent, nothing arrived yet; the user types on within their rhythm
      assert.equal(r.model.requests.length, 1);
      sim.insert('q');
      await r.clock.advance(5_000);
      assert.equal(r.engine.stats.aborted, 1);
      assert.ok(r.engine.waitAt('clause') > before, `${r.engine.waitAt('clause')} > ${before}`);
    });

    it('does not count a request typed over only after a pause as wasted: it came too late, not too early', async () => {
      const r = rig(() => 'return a + b', wide);
      r.model.firstTokenMs = 1_500;
      const sim = r.sim('x = |\n');
      const before = r.engine.waitAt('clause');
      void sim.ask();
      await r.clock.advance(1_000); // sent, nothing arrived after a second of quiet (over three typing gaps)
      assert.equal(r.model.requests.length, 1);
      sim.insert('q');
      await r.clock.advance(5_000);
      assert.equal(r.engine.stats.aborted, 1);
      assert.equal(r.engine.waitAt('clause'), before);
    });

    it('does not count a request the user typed along with as wasted, even when it is aborted later', async () => {
      const r = rig(() => 'return a + b', wide);
      r.model.firstTokenMs = 100;
      r.model.perTokenMs = 400;
      const sim = r.sim('x = |\n');
      const before = r.engine.waitAt('clause');
      void sim.ask();
      await r.clock.advance(1_000);
      // 'retu' has arrived: the user types it, then something else.
      for (const ch of 'ret') void sim.type(ch);
      await settle();
      sim.insert('X');
      await r.clock.advance(5_000);
      assert.equal(r.engine.stats.aborted, 1);
      assert.equal(r.model.requests[0].closedEarly, true);
      assert.equal(r.engine.waitAt('clause'), before);
    });
  });

  describe('the wait learns how long the user pauses at each kind of place', () => {
    // Ten times: two letters, then a semicolon after which the user types on half a second later; the model
    // needs longer than that, so a request sent at the semicolon is always typed over.
    async function semicolons(learnPauses: boolean): Promise<Rig> {
      const r = rig(() => 'x', { debounceMinMs: 20, debounceMaxMs: 2_000, learnPauses });
      r.model.firstTokenMs = 600;
      const sim = r.sim('|\n');
      for (let i = 0; i < 10; i++) {
        for (const ch of 'ab') {
          void sim.type(ch);
          await r.clock.advance(100);
        }
        void sim.type(';');
        await r.clock.advance(500);
      }
      return r;
    }

    it('stops asking at a kind of place once it has seen that the user types on there before an answer could be seen', async () => {
      const learning = await semicolons(true);
      const without = await semicolons(false);
      assert.equal(without.model.requests.length, 10, 'the rule of thumb alone asks at every semicolon');
      assert.ok(learning.model.requests.length <= 4, `${learning.model.requests.length} requests: only until it has seen four gaps there`);
    });
  });

  describe('the wait counts from the key, and a new line goes out on the edit', () => {
    it('waits only what is left of the wait when the editor asks 50 ms after the key', async () => {
      const r = rig();
      const sim = r.sim();
      const keyAt = r.clock.now();
      await r.clock.advance(50);
      const answer = sim.ask('automatic', keyAt);
      await r.clock.advance(49);
      assert.equal(r.model.requests.length, 0, 'nothing before the key is 100 ms old');
      await r.clock.advance(1);
      assert.equal(r.model.requests.length, 1, 'sent 100 ms after the key, 50 ms after the call');
      await r.clock.advance(500);
      assert.deepEqual(await answer, { text: 'return a + b', source: 'model' });
    });

    it('ignores a key time that cannot be the key this call follows', async () => {
      const r = rig();
      const sim = r.sim();
      const stale = r.clock.now();
      await r.clock.advance(5_000);
      void sim.ask('automatic', stale);
      await r.clock.advance(99);
      assert.equal(r.model.requests.length, 0, 'the whole wait, from the call');
      await r.clock.advance(1);
      assert.equal(r.model.requests.length, 1);
    });

    it('sends at a new line\'s start on the edit; the editor\'s call 50 ms later takes that request and shows its answer', async () => {
      const r = rig(undefined, { debounceMinMs: 0 });
      const sim = r.sim();
      const keyAt = r.clock.now();
      r.engine.prefetch(sim.request('automatic', keyAt));
      await r.clock.advance(0);
      assert.equal(r.model.requests.length, 1, 'sent before the editor asked');
      await r.clock.advance(50);
      const answer = sim.ask('automatic', keyAt);
      await r.clock.advance(500);
      assert.deepEqual(await answer, { text: 'return a + b', source: 'model' });
      assert.equal(r.model.requests.length, 1, 'the call sent nothing of its own');
      assert.equal(r.engine.stats.aborted, 0);
    });

    it('gives the call its model answer when the request sent on the edit finished before the call came', async () => {
      const r = rig(undefined, { debounceMinMs: 0 });
      const sim = r.sim();
      const keyAt = r.clock.now();
      r.engine.prefetch(sim.request('automatic', keyAt));
      await r.clock.advance(500);
      const answer = sim.ask('automatic', keyAt);
      await r.clock.advance(0);
      assert.deepEqual(await answer, { text: 'return a + b', source: 'model' });
      assert.equal(r.model.requests.length, 1);
      assert.equal(r.engine.stats.cacheHits, 0, 'not counted as an answer from memory');
    });

    it('aborts the request sent on the edit when the user types on, and the next call asks afresh', async () => {
      const r = rig(undefined, { debounceMinMs: 0 });
      r.model.firstTokenMs = 300;
      const sim = r.sim();
      r.engine.prefetch(sim.request('automatic', r.clock.now()));
      await r.clock.advance(20);
      assert.equal(r.model.requests.length, 1);
      sim.insert('x');
      await settle();
      assert.equal(r.engine.stats.aborted, 1, 'a key other than the suggestion\'s aborts it at once');
      assert.ok(r.model.requests[0].closedEarly, 'its connection closed');
      const next = sim.ask('automatic', r.clock.now());
      await r.clock.advance(1_000);
      assert.equal(r.model.requests.length, 2, 'the call for the new key asks again');
      assert.ok(String(r.model.requests[1].params.prompt).endsWith('    x'));
      assert.ok(await next);
    });

    it('aborts it after the grace period when the editor never asks', async () => {
      const r = rig(undefined, { debounceMinMs: 0 });
      r.model.firstTokenMs = 2_000;
      const sim = r.sim();
      r.engine.prefetch(sim.request('automatic', r.clock.now()));
      await r.clock.advance(0);
      assert.equal(r.model.requests.length, 1);
      await r.clock.advance(r.config.orphanGraceMs + 1);
      assert.equal(r.engine.stats.aborted, 1);
    });

    it('sends nothing on the edit elsewhere than a new line\'s start, or where the wait there is longer than the editor\'s delay', async () => {
      const midLine = rig(undefined, { debounceMinMs: 0 });
      midLine.engine.prefetch(midLine.sim('def add(a, b):\n    ret|\n').request('automatic', midLine.clock.now()));
      const slowStart = rig(undefined, { debounceMinMs: 80 });
      slowStart.engine.prefetch(slowStart.sim().request('automatic', slowStart.clock.now()));
      const manual = rig(undefined, { debounceMinMs: 0 });
      manual.engine.prefetch(manual.sim().request('manual', manual.clock.now()));
      const off = rig(undefined, { debounceMinMs: 0, prefetch: false });
      off.engine.prefetch(off.sim().request('automatic', off.clock.now()));
      for (const r of [midLine, slowStart, manual, off]) await r.clock.advance(200);
      assert.deepEqual([midLine, slowStart, manual, off].map((r) => r.model.requests.length), [0, 0, 0, 0]);
    });

    it('sends nothing on the edit where the suggestion on screen already serves the new line', async () => {
      const r = rig(() => 'x = a + b\n    return x', { debounceMinMs: 0, maxLines: 4 });
      const sim = r.sim();
      const first = sim.ask();
      await r.clock.advance(1_000);
      assert.deepEqual(await first, { text: 'x = a + b', source: 'model' }, 'the first line early; the block arrives on');
      sim.insert('x = a + b\n    ');
      r.engine.prefetch(sim.request('automatic', r.clock.now()));
      await r.clock.advance(100);
      assert.equal(r.model.requests.length, 1, 'the rest of the block is on screen: no second request');
    });
  });

  describe('late results and early stops', () => {
    it('never returns a result to a caller that moved on, but keeps it for typed-ahead', async () => {
      const r = rig();
      r.model.firstTokenMs = 20;
      r.model.perTokenMs = 50;
      const sim = r.sim();
      const first = sim.ask();
      await r.clock.advance(150); // 'retu' has arrived
      sim.insert('r'); // typed along: the request survives for a moment
      sim.cancel();
      await r.clock.advance(1_000);
      assert.equal(await first, undefined, 'the late result is not returned');
      assert.equal(r.model.requests[0].closedEarly, false);
      const next = await sim.ask();
      assert.deepEqual(next, { text: 'eturn a + b', source: 'typedAhead' });
    });

    it('aborts a request the user typed along with when nobody asks for it within the grace time', async () => {
      const r = rig(() => 'return a + b', { orphanGraceMs: 100 });
      r.model.firstTokenMs = 20;
      r.model.perTokenMs = 2_000;
      const sim = r.sim();
      void sim.ask();
      await r.clock.advance(150);
      sim.insert('r');
      sim.cancel();
      await r.clock.advance(99);
      assert.equal(r.model.requests[0].closedAt, undefined);
      await r.clock.advance(2);
      assert.equal(r.model.requests[0].closedEarly, true);
      assert.ok(r.events.some((e) => e.type === 'abort' && e.reason === 'orphaned'));
    });

    it('stops reading once a one-line suggestion is complete (the request closes early)', async () => {
      const r = rig(() => 'tal = a + b\n    return total\n', {});
      const sim = new EditorSim(r.engine, 'def add(a, b):\n    to| \n');
      const answer = sim.ask();
      await r.clock.advance(2_000);
      assert.deepEqual(await answer, { text: 'tal = a + b', source: 'model' });
      const request = r.model.requests[0];
      assert.ok(request.closedEarly, 'closed before the model finished');
      assert.ok(request.tokensSent < 10, `read ${request.tokensSent} tokens`);
      assert.equal(r.engine.stats.earlyStops, 1);
    });
  });

  describe('errors', () => {
    it('rejects with the model error and counts it', async () => {
      const r = rig(() => new OllamaError('modelNotFound', "model 'x' not found", { model: 'x' }));
      const answer = r.sim().ask();
      const check = assert.rejects(answer, (err: unknown) => err instanceof OllamaError && err.kind === 'modelNotFound');
      await r.clock.advance(1_000);
      await check;
      assert.equal(r.engine.stats.errors, 1);
    });

    it('forgets everything on clear()', async () => {
      const r = rig();
      const sim = r.sim();
      const first = sim.ask();
      await r.clock.advance(1_000);
      assert.ok(await first);
      r.engine.clear();
      const again = sim.ask();
      await r.clock.advance(1_000);
      assert.equal((await again)?.source, 'model');
      assert.equal(r.model.requests.length, 2);
    });
  });
});
