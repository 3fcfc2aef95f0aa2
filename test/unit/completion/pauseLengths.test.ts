// The user's pauses by the kind of place: when a request is likely to be on screen before the next key.
import * as assert from 'node:assert/strict';
import { MIN_GAP_SAMPLES, PauseLengths, SEEN_MS } from '../../../src/core/completion/pauseLengths';
import type { PausePoint } from '../../../src/core/completion/pausePoint';

/** Keys at places of kind `point`, each followed by the next gap of `gaps` (the key after it is a word key). */
function learned(entries: [PausePoint, number][]): PauseLengths {
  const p = new PauseLengths();
  let t = 0;
  for (const [point, gap] of entries) {
    p.noteKey(t, point);
    t += gap;
    p.noteKey(t, 'word');
    t += 100;
  }
  return p;
}

describe('completion: pause lengths by place', () => {
  it('has no opinion before it has seen a few gaps at that kind of place', () => {
    const p = learned(Array.from({ length: MIN_GAP_SAMPLES - 1 }, (): [PausePoint, number] => ['clause', 400]));
    assert.equal(p.waitFor('clause', 300, 20, 2_000), undefined);
    assert.equal(p.samples('clause'), MIN_GAP_SAMPLES - 1);
  });

  it('asks at once where the user always pauses long enough for the answer to be seen', () => {
    const p = learned(Array.from({ length: 8 }, (_, i): [PausePoint, number] => ['lineStart', 900 + 100 * i]));
    assert.equal(p.waitFor('lineStart', 300, 20, 2_000), 20);
  });

  it('waits past the gaps the user usually leaves at a place when the answer could not be seen within them', () => {
    const p = learned(Array.from({ length: 8 }, (_, i): [PausePoint, number] => ['clause', 300 + 20 * i]));
    const wait = p.waitFor('clause', 300, 20, 2_000);
    assert.ok(wait !== undefined && wait > 440, `${wait} > the longest usual gap`);
  });

  it('after thinking pauses seen there, asks once the quiet outlasts most of the usual gaps', () => {
    const usual = Array.from({ length: 10 }, (_, i): [PausePoint, number] => ['clause', 300 + 10 * i]);
    const p = learned([...usual, ['clause', 3_000], ['clause', 2_500]]);
    const wait = p.waitFor('clause', 300, 20, 2_000);
    assert.ok(wait !== undefined && wait > 350 && wait < 2_500 - 300 - SEEN_MS, `${wait}`);
  });

  it('never waits beyond the longest wait', () => {
    const p = learned(Array.from({ length: 8 }, (): [PausePoint, number] => ['boundary', 900]));
    assert.equal(p.waitFor('boundary', 2_000, 20, 600), 600);
  });
});
