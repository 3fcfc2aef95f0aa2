// Reading the text around the cursor: budgets, the stable start of the prefix, and only the lines needed.
import * as assert from 'node:assert/strict';
import { readCursorContext, stringLineSource, suffixText, type LineSource } from '../../../src/core/prompts/cursorContext';
import { estimateTokens } from '../../../src/core/text/tokens';

function countingSource(lines: number, text: (i: number) => string): LineSource & { reads: number } {
  const source = { reads: 0, lineCount: lines, lineAt: (i: number) => (source.reads++, text(i)) };
  return source;
}

describe('prompts: cursor context', () => {
  it('splits the cursor line and keeps whole lines around it', () => {
    const ctx = readCursorContext(stringLineSource('a\nbb\nccXdd\nee\nff'), 2, 2, { prefixTokens: 100, suffixTokens: 100, stride: 1 });
    assert.equal(ctx.prefixLines, 'a\nbb\n');
    assert.equal(ctx.linePrefix, 'cc');
    assert.equal(ctx.lineSuffix, 'Xdd');
    assert.equal(ctx.suffixLines, 'ee\nff');
    assert.equal(suffixText(ctx), 'Xdd\nee\nff');
    assert.equal(ctx.startLine, 0);
  });

  it('stays within the token budgets, cut at line boundaries', () => {
    const text = Array.from({ length: 500 }, (_, i) => `line number ${i} with some words`).join('\n');
    const ctx = readCursorContext(stringLineSource(text), 250, 5, { prefixTokens: 200, suffixTokens: 80, stride: 1 });
    assert.ok(estimateTokens(ctx.prefixLines + ctx.linePrefix) <= 200 + 30);
    assert.ok(ctx.prefixLines.startsWith('line number'));
    assert.ok(estimateTokens(ctx.lineSuffix + ctx.suffixLines) <= 80 + 30);
    assert.ok(ctx.suffixLines.split('\n').every((l) => l.startsWith('line number')));
  });

  it('keeps the prefix start stable while the user types, moving it in strides', () => {
    let text = Array.from({ length: 400 }, (_, i) => `x${i} = compute(${i})`).join('\n') + '\n';
    const starts = new Set<number>();
    let previous: string | undefined;
    let changes = 0;
    for (let i = 0; i < 120; i++) {
      const newLine = i % 30 === 29;
      text += newLine ? '\n' : 'y';
      const lines = text.split('\n');
      const line = lines.length - 1;
      const ctx = readCursorContext(stringLineSource(text), line, lines[line].length, { prefixTokens: 400, suffixTokens: 100, stride: 16 });
      starts.add(ctx.startLine);
      assert.equal(ctx.startLine % 16, 0);
      // A new line joins the whole-line prefix; typing on a line must leave it alone but for a stride move.
      if (!newLine && previous !== undefined && previous !== ctx.prefixLines) changes++;
      previous = ctx.prefixLines;
    }
    assert.ok(starts.size <= 2, `start lines: ${[...starts].join(', ')}`);
    assert.ok(changes <= 1, `the whole-line prefix changed ${changes} times while typing on a line`);
  });

  it('reads only the lines within the budgets from a huge document', () => {
    const source = countingSource(2_000_000, (i) => `value_${i} = ${i} * 2`);
    const ctx = readCursorContext(source, 1_000_000, 4, { prefixTokens: 1536, suffixTokens: 384, stride: 16 });
    assert.ok(source.reads < 500, `${source.reads} lines read`);
    assert.ok(ctx.prefixLines.length < 6_000);
  });
});
