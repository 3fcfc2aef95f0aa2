// Where completion stays quiet: long lines, minified files, binary-looking text.
import * as assert from 'node:assert/strict';
import { looksBinary, skipForLines } from '../../../src/core/completion/skip';
import { readCursorContext, stringLineSource } from '../../../src/core/prompts/cursorContext';

describe('completion: places to skip', () => {
  it('skips very long lines and their neighbours (minified code)', () => {
    const long = 'x'.repeat(5_000);
    assert.equal(skipForLines(stringLineSource(long), 0, 1_000), 'longLine');
    assert.equal(skipForLines(stringLineSource(`${long}\nshort`), 1, 1_000), 'minified');
    assert.equal(skipForLines(stringLineSource('a\nb\nc'), 1, 1_000), undefined);
    assert.equal(skipForLines(stringLineSource('a'), 0, 1_000, '/w/dist/app.min.js'), 'minified');
  });

  it('skips text with NUL or many control characters', () => {
    const budget = { prefixTokens: 500, suffixTokens: 500, stride: 1 };
    assert.equal(looksBinary(readCursorContext(stringLineSource('PK\u0003\u0004\u0000\u0000data'), 0, 3, budget)), true);
    assert.equal(looksBinary(readCursorContext(stringLineSource('\u0001\u0002\u0003\u0004\u0005abc'), 0, 3, budget)), true);
    assert.equal(looksBinary(readCursorContext(stringLineSource('normal text\n\tindented 中文'), 1, 2, budget)), false);
  });
});
