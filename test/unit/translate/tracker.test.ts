// Following comment ranges through edits made while the model works.
import * as assert from 'node:assert/strict';
import { RangeTracker } from '../../../src/core/translate';

describe('range tracker', () => {
  it('moves ranges after an edit, leaves earlier ones, and gives up touched ones', () => {
    const t = new RangeTracker([
      { start: 0, end: 10 },
      { start: 20, end: 30 },
      { start: 40, end: 50 },
    ]);
    t.apply([{ offset: 15, length: 0, text: 'abc' }]); // between the first and the second
    assert.deepEqual(t.current.map((r) => [r.start, r.end, r.lost]), [[0, 10, false], [23, 33, false], [43, 53, false]]);
    t.apply([{ offset: 25, length: 2, text: '' }]); // inside the second
    assert.equal(t.current[1]!.lost, true);
    t.apply([{ offset: 51, length: 0, text: 'x' }]); // right at the end of the third (now 41–51): would extend a line comment
    assert.equal(t.current[2]!.lost, true);
    t.apply([{ offset: 0, length: 0, text: '\n' }]); // right before the first: it moves
    assert.deepEqual([t.current[0]!.start, t.current[0]!.end, t.current[0]!.lost], [1, 11, false]);
  });

  it('applies the changes of one event from the last to the first', () => {
    const t = new RangeTracker([{ start: 100, end: 110 }]);
    t.apply([
      { offset: 0, length: 5, text: '' },
      { offset: 50, length: 0, text: '1234567890' },
    ]);
    assert.deepEqual([t.current[0]!.start, t.current[0]!.end], [105, 115]);
  });
});
