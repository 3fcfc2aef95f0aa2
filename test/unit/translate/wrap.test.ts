// Wrapping prose in any script to a width in columns.
import * as assert from 'node:assert/strict';
import { displayWidth } from '../../../src/core/text/width';
import { joinLines, wrapText } from '../../../src/core/text/wrap';

describe('wrapping', () => {
  it('breaks Latin text at spaces within the width', () => {
    const lines = wrapText('the quick brown fox jumps over the lazy dog and keeps running far away', 20);
    assert.ok(lines.every((l) => l.length <= 20), lines.join('|'));
    assert.equal(lines.join(' '), 'the quick brown fox jumps over the lazy dog and keeps running far away');
  });

  it('breaks CJK text between characters, never before closing punctuation', () => {
    const lines = wrapText('这是一个很长的句子，它需要被折成好几行，每行不超过二十列宽。', 20);
    assert.ok(lines.length > 1);
    for (const l of lines) {
      assert.ok(displayWidth(l) <= 22, l);
      assert.ok(!/^[，。]/.test(l), `no line starts with punctuation: ${l}`);
    }
    assert.equal(lines.join(''), '这是一个很长的句子，它需要被折成好几行，每行不超过二十列宽。');
  });

  it('never breaks inline code or URLs', () => {
    const lines = wrapText('see `some.long.identifier()` and https://example.com/a/very/long/path for more', 12);
    assert.ok(lines.includes('`some.long.identifier()`'));
    assert.ok(lines.includes('https://example.com/a/very/long/path'));
  });

  it('joins lines with spaces, but not between CJK characters', () => {
    assert.equal(joinLines(['first line', '  second line ']), 'first line second line');
    assert.equal(joinLines(['中文第一行', '第二行']), '中文第一行第二行');
    assert.equal(joinLines(['中文', 'English']), '中文 English');
  });

  it('measures wide characters as two columns', () => {
    assert.equal(displayWidth('ab中文'), 6);
    assert.equal(displayWidth('é'), 1);
  });
});
