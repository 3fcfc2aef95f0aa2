// Small pieces of the chat: the render scheduler's rate cap, the view model, and code insertion shape.
import * as assert from 'node:assert/strict';
import { indentAfterFirstLine, indentAtCursor, trimFinalNewline } from '../../../src/core/chat/indent';
import { tokensPerSecond, viewConversation } from '../../../src/core/chat/viewModel';
import { emptyConversation } from '../../../src/core/chat/historyStore';
import { RenderScheduler, type SchedulerClock } from '../../../src/webview/render/scheduler';

function fakeClock(): SchedulerClock & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; cb: () => void }[] = [];
  let frames: (() => void)[] = [];
  return {
    now: () => now,
    requestFrame: (cb) => void frames.push(cb),
    setTimeout: (cb, ms) => void timers.push({ at: now + ms, cb }),
    advance(ms: number) {
      // Animation frames every 16 ms.
      for (let t = 0; t < ms; t++) {
        now++;
        const due = timers.filter((x) => x.at <= now);
        timers = timers.filter((x) => x.at > now);
        due.forEach((x) => x.cb());
        if (now % 16 === 0) {
          const run = frames;
          frames = [];
          run.forEach((cb) => cb());
        }
      }
    },
  };
}

describe('render scheduler', () => {
  it('renders at most 30 times a second however often text arrives', () => {
    const clock = fakeClock();
    let renders = 0;
    const s = new RenderScheduler(() => renders++, 30, clock);
    for (let ms = 0; ms < 2000; ms++) {
      s.schedule(); // a token every millisecond: 1 000 tokens per second
      clock.advance(1);
    }
    clock.advance(100);
    assert.ok(renders <= 61, `${renders} renders in 2 s`);
    assert.ok(renders >= 40, `${renders} renders in 2 s: still smooth`);
  });

  it('renders once for a burst, and not at all after cancel', () => {
    const clock = fakeClock();
    let renders = 0;
    const s = new RenderScheduler(() => renders++, 30, clock);
    s.schedule();
    s.schedule();
    s.schedule();
    clock.advance(50);
    assert.equal(renders, 1);
    s.schedule();
    s.cancel();
    clock.advance(100);
    assert.equal(renders, 1);
  });
});

describe('chat view model', () => {
  it('computes tokens per second from the final counts', () => {
    assert.equal(tokensPerSecond(100, 2e9), 50);
    assert.equal(tokensPerSecond(undefined, 1e9), undefined);
    assert.equal(tokensPerSecond(10, 0), undefined);
  });

  it('sends the view what it shows, not attachment contents', () => {
    const c = emptyConversation();
    c.messages = [{ id: 'm1', role: 'user', content: 'q', createdAt: 1, attachments: [{ id: 'a1', kind: 'file', label: 'x.ts', content: 'secret '.repeat(100) }] }];
    const v = viewConversation(c, undefined, false);
    assert.equal(v.id, undefined, 'an unsaved conversation has no id yet');
    assert.deepEqual(Object.keys(v.messages[0].attachments?.[0] ?? {}).sort(), ['id', 'kind', 'label', 'tokens']);
    assert.ok(!JSON.stringify(v).includes('secret'));
  });
});

describe('code insertion shape', () => {
  it('indents the lines after the first to the cursor', () => {
    assert.equal(indentAfterFirstLine('if x:\n    y()\n\nz()', '    '), 'if x:\n        y()\n\n    z()');
    assert.equal(indentAtCursor('    ', 4), '    ');
    assert.equal(indentAtCursor('  foo', 5), '');
    assert.equal(trimFinalNewline('a\n'), 'a');
    assert.equal(trimFinalNewline('a'), 'a');
  });
});
