import * as assert from 'node:assert/strict';
import { StandinOllama } from '../../support/standin';
import { Ollama } from 'ollama';
import { collect, delay, useStandin } from './helpers';

const LONG = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');

describe('stand-in: the single slot (OLLAMA_NUM_PARALLEL=1)', () => {
  const t = useStandin({ perTokenMs: 2 });

  it('a second request gets no headers until the first is aborted with the iterator, then proceeds', async () => {
    t.s.scriptReplies([LONG, 'second reply']);
    const first = await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'one', stream: true });
    const firstRec = await t.s.waitForRequest((r) => r.path === '/api/generate');
    const reader = first[Symbol.asyncIterator]();
    assert.equal((await reader.next()).done, false);

    const secondPromise = t.client().generate({ model: 'qwen2.5-coder:7b', prompt: 'two', stream: true });
    const secondRec = await t.s.waitForRequest((r) => r.path === '/api/generate' && r.id !== firstRec.id);
    await delay(40);
    assert.equal(secondRec.headersSentAt, undefined, 'queued without headers');
    assert.equal(t.s.inFlight(), 2);

    first.abort();
    await assert.rejects(reader.next(), { name: 'AbortError' });
    await t.s.waitForClose(firstRec);
    assert.equal(firstRec.closedEarly, true);
    assert.ok(firstRec.tokensSent < 200, 'generation stopped when the client left');
    assert.equal(firstRec.tokensGenerated, firstRec.tokensSent);

    const second = await secondPromise;
    const chunks = await collect(second);
    assert.equal(chunks.map((c) => c.response).join(''), 'second reply');
    assert.ok(secondRec.headersSentAt !== undefined && firstRec.closedAt !== undefined);
    assert.ok(secondRec.headersSentAt >= firstRec.closedAt, 'headers only after the slot was freed');
    assert.equal(t.s.maxInFlight, 2);
  });

  it('the slot also frees when the first request simply finishes', async () => {
    const [a, b] = await Promise.all([
      t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'a' }),
      t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'b' }),
    ]);
    assert.equal(a.done && b.done, true);
    const [ra, rb] = t.s.requests;
    assert.ok(ra?.headersSentAt !== undefined && rb?.headersSentAt !== undefined);
    // stream:false sends headers at the end of generation; b's 8 tokens (≥ 14 ms) only start after a's end.
    assert.ok(rb.headersSentAt - ra.headersSentAt >= 12, 'served one after the other');
  });

  it('a queued client that disconnects leaves the queue: closedEarly, never any headers', async () => {
    t.s.scriptReplies([LONG]);
    const first = await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'one', stream: true });
    const ac = new AbortController();
    const queued = fetch(`${t.s.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }] }),
      signal: ac.signal,
    });
    const rec = await t.s.waitForRequest((r) => r.path === '/api/chat');
    ac.abort();
    await assert.rejects(queued, { name: 'AbortError' });
    await t.s.waitForClose(rec);
    assert.equal(rec.closedEarly, true);
    assert.equal(rec.headersSentAt, undefined);
    assert.equal(rec.tokensGenerated, 0);
    first.abort();
    // The slot is usable again: nothing is stuck behind the departed waiter.
    const after = await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'after' });
    assert.equal(after.done, true);
  });

  it('non-model endpoints do not take the slot', async () => {
    t.s.scriptReplies([LONG]);
    const first = await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'one', stream: true });
    const client = t.client();
    await client.list();
    await client.show({ model: 'qwen3:4b' });
    await client.ps();
    await client.version();
    const pull = await client.pull({ model: 'all-minilm' });
    assert.equal(pull.status, 'success');
    first.abort();
  });

  it('embed takes the slot too', async () => {
    t.s.scriptReplies([LONG]);
    const first = await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'one', stream: true });
    const embed = t.client().embed({ model: 'nomic-embed-text', input: 'x' });
    const rec = await t.s.waitForRequest((r) => r.path === '/api/embed');
    await delay(30);
    assert.equal(rec.headersSentAt, undefined);
    first.abort();
    assert.equal((await embed).embeddings.length, 1);
  });

  it('a predicate that throws (body not parsed yet) counts as no match and never breaks the server', async () => {
    const waiting = t.s.waitForRequest((r) => r.path === '/api/generate' && (r.body as { prompt: string }).prompt === 'p');
    await t.client().generate({ model: 'qwen2.5-coder:1.5b', prompt: 'p' });
    assert.equal((await waiting).path, '/api/generate');
  });

  it('waitForRequest times out with a useful message', async () => {
    await assert.rejects(t.s.waitForRequest((r) => r.path === '/never', 20), /timed out after 20 ms.*no requests so far/);
  });

  it('resetRecord clears requests and the high-water mark', async () => {
    await t.client().list();
    assert.equal(t.s.requests.length, 1);
    const same = t.s.requests;
    t.s.resetRecord();
    assert.equal(same.length, 0, 'the same array instance is emptied');
    assert.equal(t.s.maxInFlight, 0);
  });
});

describe('stand-in: parallel > 1', () => {
  it('serves `parallel` requests at once', async () => {
    const s = await StandinOllama.start({ parallel: 2, perTokenMs: 2 });
    try {
      s.scriptReplies(['a b c d e f', 'g h i j k l', 'm n o']);
      const client = (): Ollama => new Ollama({ host: s.url });
      const runs = [0, 1, 2].map((i) => client().generate({ model: 'qwen2.5-coder:1.5b', prompt: String(i) }));
      const third = await s.waitForRequest((r) => r.id === 3);
      const firstTwo = await s.waitForRequest((r) => r.id === 2 && r.headersSentAt !== undefined);
      assert.ok(firstTwo);
      assert.equal(third.headersSentAt, undefined);
      await Promise.all(runs);
      assert.equal(s.maxInFlight, 3);
    } finally {
      await s.close();
    }
  });

  it("slotScope 'model' gives each model its own slot", async () => {
    const s = await StandinOllama.start({ slotScope: 'model', perTokenMs: 2 });
    try {
      s.scriptReplies([LONG]);
      const first = await new Ollama({ host: s.url }).generate({ model: 'qwen2.5-coder:1.5b', prompt: 'x', stream: true });
      const other = await new Ollama({ host: s.url }).embed({ model: 'nomic-embed-text', input: 'y' });
      assert.equal(other.embeddings.length, 1);
      first.abort();
    } finally {
      await s.close();
    }
  });
});
