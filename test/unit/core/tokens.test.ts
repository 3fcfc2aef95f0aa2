import * as assert from 'node:assert/strict';
import { TokenCounter } from '../../../src/core/text/chunking';
import { estimateTokens, headWithinTokens, tailWithinTokens, tokenClass } from '../../../src/core/text/tokens';

describe('token estimates', () => {
  it('errs on the high side for English, code and Chinese', () => {
    assert.equal(estimateTokens(''), 0);
    assert.ok(estimateTokens('The quick brown fox jumps over the lazy dog.') >= 10);
    assert.equal(estimateTokens('你好世界'), 4);
    assert.equal(estimateTokens('😀'), 1);
  });

  it('counts every digit as a token (Qwen splits each digit off; Llama 3 cuts numbers in groups of three)', () => {
    assert.equal(estimateTokens('20250114'), 8);
    assert.equal(estimateTokens('abc'), 1);
    assert.equal(estimateTokens('abc123'), 4);
    // 26 digits, and 9 other characters (dashes, commas, a dot, spaces) at 3 per token.
    assert.equal(estimateTokens('2025-01-14, 3.14159, 2718281828, 42'), 26 + 3);
    // Number-heavy text costs far more than the 3-characters-per-token rate would say.
    const table = Array.from({ length: 50 }, (_, i) => `${1000 + i},${(i * 7919) % 100_000},${i * 31}`).join('\n');
    assert.ok(estimateTokens(table) > table.length / 2);
  });

  it('agrees with the prefix-count TokenCounter on every slice', () => {
    const text = 'let x = 42; // 答案 😀\nconst π = 3.14159;\r\n#fff 0x1F';
    const counter = new TokenCounter(text);
    for (let start = 0; start <= text.length; start++) {
      for (let end = start; end <= text.length; end++) {
        // A slice that cuts a surrogate pair in half is never made by the chunker; skip it.
        if (tokenClass(text.charCodeAt(start)) === 2) continue;
        assert.equal(counter.tokens(start, end), estimateTokens(text.slice(start, end)), JSON.stringify(text.slice(start, end)));
      }
    }
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
