import * as assert from 'node:assert/strict';
import { estimateTokens, headWithinTokens, tailWithinTokens } from '../../../src/core/text/tokens';

describe('token estimates', () => {
  it('errs on the high side for English, code and Chinese', () => {
    assert.equal(estimateTokens(''), 0);
    assert.ok(estimateTokens('The quick brown fox jumps over the lazy dog.') >= 10);
    assert.equal(estimateTokens('你好世界'), 4);
    assert.equal(estimateTokens('😀'), 1);
  });

  it('keeps whole trailing lines within the budget', () => {
    const text = 'line one\nline two\nline three\n';
    const tail = tailWithinTokens(text, 8);
    assert.ok(text.endsWith(tail));
    assert.ok(tail === '' || tail.startsWith('line'));
    assert.ok(estimateTokens(tail) <= 8);
  });

  it('keeps whole leading lines within the budget', () => {
    const text = 'alpha beta\ngamma delta\nepsilon\n';
    const head = headWithinTokens(text, 8);
    assert.ok(text.startsWith(head));
    assert.ok(head.endsWith('\n'));
    assert.ok(estimateTokens(head) <= 8);
  });

  it('cuts inside a single over-long line rather than returning nothing', () => {
    const line = 'x'.repeat(300);
    assert.equal(tailWithinTokens(line, 10).length, 30);
    assert.equal(headWithinTokens(line, 10).length, 30);
  });
});
