// Cleaning a streamed draft: fences, chatter after them, indentation, blank lines; released early.
import * as assert from 'node:assert/strict';
import { DraftTextFilter } from '../../../src/core/draft/draftText';

/** Feeds `text` in chunks of `size` characters and returns what was written. */
function run(text: string, size: number, indent = ''): { out: string; closed: boolean } {
  const filter = new DraftTextFilter(indent);
  let out = '';
  for (let i = 0; i < text.length; i += size) out += filter.push(text.slice(i, i + size));
  out += filter.end();
  return { out, closed: filter.closed };
}

describe('completion: draft text filter', () => {
  for (const size of [1, 3, 1000]) {
    it(`drops a Markdown fence and the chatter after it (chunks of ${size})`, () => {
      const { out, closed } = run('```python\ndef f():\n    return 1\n```\nThis function returns one.', size);
      assert.equal(out, 'def f():\n    return 1');
      assert.equal(closed, true);
    });

    it(`keeps text without a fence, and fences in the middle of prose (chunks of ${size})`, () => {
      assert.equal(run('First paragraph.\n\n```js\nx()\n```\nAfter.', size).out, 'First paragraph.\n\n```js\nx()\n```\nAfter.');
    });

    it(`indents new lines like the cursor line and writes no blank lines at the ends (chunks of ${size})`, () => {
      assert.equal(run('\n\nx = 1\n\ny = 2\n\n\n', size, '    ').out, 'x = 1\n\n    y = 2');
    });
  }

  it('releases text as soon as it cannot be a fence', () => {
    const filter = new DraftTextFilter();
    assert.equal(filter.push('Hel'), 'Hel');
    assert.equal(filter.push('lo wor'), 'lo wor');
    assert.equal(filter.push('ld\nNext'), 'ld\nNext');
    assert.equal(filter.push('`'), '`', 'mid-line backticks are text');
  });

  it('holds back what could open a fence', () => {
    const filter = new DraftTextFilter();
    assert.equal(filter.push('`'), '');
    assert.equal(filter.push('``ts\nconst a = 1;\n'), 'const a = 1;');
    assert.equal(filter.push('``'), '');
    assert.equal(filter.push('`'), '');
    assert.equal(filter.end(), '', 'an unfinished closing fence at the end is dropped');
  });
});
