// The debounce follows the typist and the model, within bounds.
import * as assert from 'node:assert/strict';
import { AdaptiveDebounce } from '../../../src/core/completion/debounce';
import { pausePointOf } from '../../../src/core/completion/pausePoint';

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
    assert.ok(d.wastedShare() < 0.1);
  });

  it('waits longer in the middle of a word than after an opened bracket', () => {
    const d = new AdaptiveDebounce(() => bounds);
    for (let i = 0; i < 10; i++) d.noteKeystroke(i * 100);
    assert.ok(d.delayMs('word') > d.delayMs('clause'));
  });

  it('a slow model lengthens the wait, except at a new line\'s start, where the request is the one the user waits for', () => {
    const d = new AdaptiveDebounce(() => bounds);
    for (let i = 0; i < 10; i++) d.noteKeystroke(i * 100);
    const before = { lineStart: d.delayMs('lineStart'), clause: d.delayMs('clause') };
    d.noteLatency(2_000);
    assert.equal(d.delayMs('lineStart'), before.lineStart);
    assert.ok(d.delayMs('clause') > before.clause);
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

  it('waits the least at the start of a new line, where users pause, then after a clause, longer inside a word or after a closing bracket', () => {
    const d = new AdaptiveDebounce(() => bounds);
    for (let i = 0; i < 10; i++) d.noteKeystroke(i * 150);
    const line = d.delayMs('lineStart');
    const clause = d.delayMs('clause');
    const word = d.delayMs('word');
    const boundary = d.delayMs('boundary');
    assert.ok(line < clause && clause < word && word < boundary, `${line} < ${clause} < ${word} < ${boundary}`);
    assert.equal(line, 50, 'the shortest wait (a quarter of the usual gap is less): the request is the one the user will wait for');
  });

  it('learns per kind of place: requests typed over after brackets do not slow the ones at a new line', () => {
    const d = new AdaptiveDebounce(() => bounds);
    for (let i = 0; i < 10; i++) d.noteKeystroke(i * 150);
    const line = d.delayMs('lineStart');
    const boundary = d.delayMs('boundary');
    for (let i = 0; i < 5; i++) d.noteOutcome(true, 'boundary');
    assert.ok(d.delayMs('boundary') > boundary, `${d.delayMs('boundary')} > ${boundary}`);
    assert.equal(d.delayMs('lineStart'), line);
    for (let i = 0; i < 5; i++) d.noteOutcome(true, 'lineStart');
    assert.ok(d.delayMs('lineStart') > line, 'a user who types on at new lines gets a longer wait there too');
  });

  it('classifies the cursor: a new line, after a clause, after other punctuation, inside a word', () => {
    assert.equal(pausePointOf(''), 'lineStart');
    assert.equal(pausePointOf('    ', 'def f():\n    x = 1\n'), 'lineStart', 'the indentation the editor puts there');
    assert.equal(pausePointOf('        ', 'def f():\n    if x:\n\n'), 'lineStart', 'deeper after an opened block');
    assert.equal(pausePointOf('    ', 'class A:\n    def f(self):\n        return 1\n'), 'lineStart', 'a dedent to an enclosing level');
    assert.equal(pausePointOf('', 'def f():\n    x = 1\n'), 'lineStart', 'an empty line');
    assert.equal(pausePointOf('  ', 'def f():\n    x = 1\n'), 'clause', 'indentation still being typed');
    for (const p of ['foo(', 'if x:', 'const a =', 'call(a,', 'x = 1;', '{', '/* note */', 'x =>', 'Really?']) assert.equal(pausePointOf(p), 'clause', p);
    for (const p of ['f(x)', 'end of it.', 'obj.', '}']) assert.equal(pausePointOf(p), 'boundary', p);
    for (const p of ['const valu', 'return x', '  i']) assert.equal(pausePointOf(p), 'word', p);
  });

  it('learns the user\'s pauses by place: past their usual gap where they type on, as quick as before where they pause', () => {
    const d = new AdaptiveDebounce(() => ({ minMs: 20, maxMs: 2_000 }));
    const plain = new AdaptiveDebounce(() => ({ minMs: 20, maxMs: 2_000 }));
    let t = 0;
    for (let i = 0; i < 8; i++) {
      // A line: a few letters, a semicolon after which this user types on half a second later, Enter, a pause.
      for (const point of ['word', 'word', 'clause', 'lineStart'] as const) {
        d.noteKeystroke(t, point);
        plain.noteKeystroke(t);
        t += point === 'word' ? 100 : point === 'clause' ? 500 : 1_500;
      }
    }
    assert.ok(plain.delayMs('clause') < 500, 'the rule of thumb alone would ask within the gap');
    assert.ok(d.delayMs('clause') > 500, `${d.delayMs('clause')} > 500`);
    assert.equal(d.delayMs('lineStart'), plain.delayMs('lineStart'));
  });
});
