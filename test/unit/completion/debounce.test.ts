// The debounce follows the typist and the model, within bounds.
import * as assert from 'node:assert/strict';
import { AdaptiveDebounce } from '../../../src/core/completion/debounce';

describe('completion: adaptive debounce', () => {
  const bounds = { minMs: 50, maxMs: 600 };

  it('waits longer for a slow typist than for a fast one', () => {
    const fast = new AdaptiveDebounce(() => bounds);
    const slow = new AdaptiveDebounce(() => bounds);
    for (let i = 0; i < 20; i++) {
      fast.noteKeystroke(i * 60);
      slow.noteKeystroke(i * 250);
    }
    assert.ok(fast.delayMs() < slow.delayMs(), `${fast.delayMs()} < ${slow.delayMs()}`);
    assert.ok(fast.delayMs() > 60, 'longer than the usual gap, so a request is not sent mid-burst');
  });

  it('ignores pauses when measuring the rhythm', () => {
    const d = new AdaptiveDebounce(() => bounds);
    let t = 0;
    for (let i = 0; i < 30; i++) {
      t += i % 5 === 4 ? 3_000 : 100;
      d.noteKeystroke(t);
    }
    assert.equal(d.typingGapMs(), 100);
  });

  it('waits a little longer for a slow model', () => {
    const d = new AdaptiveDebounce(() => bounds);
    for (let i = 0; i < 10; i++) d.noteKeystroke(i * 100);
    const before = d.delayMs();
    d.noteLatency(2_000);
    assert.ok(d.delayMs() > before);
  });

  it('waits longer when recent requests were typed over before they were answered, and less again after', () => {
    const d = new AdaptiveDebounce(() => bounds);
    for (let i = 0; i < 10; i++) d.noteKeystroke(i * 100);
    const calm = d.delayMs();
    for (let i = 0; i < 5; i++) d.noteOutcome(true);
    const wasteful = d.delayMs();
    assert.ok(wasteful > calm, `${wasteful} > ${calm}`);
    for (let i = 0; i < 20; i++) d.noteOutcome(false);
    assert.ok(d.delayMs() < wasteful);
    assert.ok(d.wastedShare < 0.1);
  });

  it('waits longer in the middle of a word than after a space or a bracket', () => {
    const d = new AdaptiveDebounce(() => bounds);
    for (let i = 0; i < 10; i++) d.noteKeystroke(i * 100);
    assert.ok(d.delayMs(true) > d.delayMs(false));
  });

  it('stays within the bounds', () => {
    const d = new AdaptiveDebounce(() => bounds);
    for (let i = 0; i < 10; i++) d.noteKeystroke(i * 5);
    assert.equal(d.delayMs(), 50);
    const slow = new AdaptiveDebounce(() => ({ minMs: 50, maxMs: 300 }));
    for (let i = 0; i < 10; i++) slow.noteKeystroke(i * 900);
    slow.noteLatency(10_000);
    assert.equal(slow.delayMs(), 300);
  });
});
