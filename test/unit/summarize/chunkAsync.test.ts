// Input of any size (issue 14, item 8): splitting and planning a long text give the event loop a turn
// between small slices, instead of holding it for seconds (50 MB took 9 s in one piece), and say how far
// they are. Behaviour only: that other callbacks run during the work, and that the result is right.
import * as assert from 'node:assert/strict';
import { builtinCommentSyntax } from '../../../src/core/comments';
import { scanComments, scanCommentsSliced } from '../../../src/core/comments/scanner';
import type { CommentSyntax } from '../../../src/core/comments/types';
import { findLanguage } from '../../../src/core/prompts/languages';
import { planSummary, planSummaryAsync, type SummaryInput } from '../../../src/core/summarize';
import { sectionEnd, splitIntoChunksAsync } from '../../../src/core/text/chunkAsync';
import { splitIntoChunks, type Chunk } from '../../../src/core/text/chunking';
import { estimateTokens } from '../../../src/core/text/tokens';
import { planCommentTranslation, planCommentTranslationAsync } from '../../../src/core/translate';
import { Yielder } from '../../../src/core/util/yielder';

const english = findLanguage('en')!;

function prose(chars: number): string {
  const paragraph = 'Hearth drafts text on your own computer. It never sends it anywhere else, and 2026 is a year.\n'.repeat(3) + '\n';
  return paragraph.repeat(Math.ceil(chars / paragraph.length)).slice(0, chars);
}

/** Counts how many times other callbacks got the event loop while `work` ran. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let running = true;
  const spin = (): void => {
    if (!running) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  const result = await work();
  running = false;
  return { result, turns };
}

function assertChunks(text: string, chunks: Chunk[], maxTokens: number): void {
  assert.equal(chunks.map((c) => c.text).join(''), text, 'the chunks give back the text');
  for (const c of chunks) {
    assert.equal(text.slice(c.start, c.end), c.text);
    assert.ok(estimateTokens(c.text) <= maxTokens, `${estimateTokens(c.text)} ≤ ${maxTokens}`);
    assert.equal(c.startLine, text.slice(0, c.start).split('\n').length - 1, 'startLine');
    assert.equal(c.endLine, text.slice(0, c.end - 1).split('\n').length - 1, 'endLine');
  }
}

describe('large input: splitting and planning in slices', () => {
  it('cuts sections after a blank line, else a line end, else inside a line but not inside a surrogate pair', () => {
    assert.equal(sectionEnd('a'.repeat(10), 0, 100), 10);
    const paragraphs = `${'x'.repeat(60)}\n\n${'y'.repeat(60)}`;
    assert.equal(sectionEnd(paragraphs, 0, 100), 62);
    const lines = `${'x'.repeat(60)}\n${'y'.repeat(60)}`;
    assert.equal(sectionEnd(lines, 0, 100), 61);
    const oneLine = `${'x'.repeat(99)}😀${'y'.repeat(50)}`;
    assert.equal(sectionEnd(oneLine, 0, 100), 99, 'before the pair, not between its halves');
  });

  it('gives the same chunks as splitIntoChunks for a text within one section', async () => {
    const text = prose(20_000);
    assert.deepEqual(await splitIntoChunksAsync(text, 500, 'prose', { sectionChars: 64 * 1024 }), splitIntoChunks(text, 500, 'prose'));
  });

  it('splits a long text (prose, code, one huge line) into chunks that give it back, within budget, with right line numbers', async () => {
    const code = 'function f(a) {\n  return a + 1;\n}\n\n'.repeat(4000);
    const oneLine = 'word '.repeat(60_000);
    const mixed = `${prose(150_000)}\n${oneLine}\n${code}`;
    for (const [kind, text] of [['prose', prose(300_000)], ['code', code], ['prose', oneLine], ['markdown', mixed]] as const) {
      const chunks = await splitIntoChunksAsync(text, 700, kind, { sectionChars: 16 * 1024 });
      assertChunks(text, chunks, 700);
    }
  });

  it('lets other callbacks run while it splits, reports progress, and stops when cancelled', async () => {
    const text = prose(3_000_000);
    const progress: number[] = [];
    const yielder = new Yielder(undefined, 0);
    const { result, turns } = await turnsDuring(() => splitIntoChunksAsync(text, 2000, 'prose', { yielder, onProgress: (d) => progress.push(d) }));
    assert.ok(result.length > 100);
    assert.ok(yielder.yields >= 20, `${yielder.yields} yields`);
    assert.ok(turns >= 10, `other callbacks ran ${turns} times during the split`);
    assert.equal(progress.at(-1), 1);
    assert.ok(progress.every((p, i) => i === 0 || p > (progress[i - 1] as number)), 'progress only grows');

    const controller = new AbortController();
    const pending = splitIntoChunksAsync(text, 2000, 'prose', { signal: controller.signal, yielder: new Yielder(controller.signal, 0), onProgress: (d) => { if (d > 0.2) controller.abort(); } });
    await assert.rejects(pending, (err: Error) => err.name === 'AbortError');
  });

  it('plans a summary of a long text like planSummary, without measuring it whole, yielding as it goes', async () => {
    const input: SummaryInput = { text: prose(1_500_000), source: { name: 'big.txt', languageId: 'plaintext', firstLine: 1, lastLine: 1 }, style: 'bullets', language: english, numCtx: 8192 };
    const yielder = new Yielder(undefined, 0);
    const { result: plan, turns } = await turnsDuring(() => planSummaryAsync(input, { yielder }));
    assert.equal(plan.kind, 'mapReduce');
    if (plan.kind !== 'mapReduce') return;
    const sync = planSummary(input);
    assert.equal(sync.kind, 'mapReduce');
    // A cut at each section's end: a few more parts at most than the plan made in one piece.
    const syncParts = sync.kind === 'mapReduce' ? sync.parts.length : 0;
    assert.ok(plan.parts.length >= syncParts && plan.parts.length <= syncParts * 1.25 + 2, `${plan.parts.length} parts (in one piece: ${syncParts})`);
    assert.equal(plan.parts.map((p) => p.chunk.text).join(''), input.text);
    for (const p of plan.parts) assert.ok(p.promptTokens <= p.budget.promptBudget);
    assert.ok(turns >= 10, `other callbacks ran ${turns} times`);

    const small = { ...input, text: 'A short note.' };
    assert.deepEqual(await planSummaryAsync(small), planSummary(small), 'a short text: one request, as before');
  });
});

describe('large input: comments found and planned in slices', () => {
  const syntaxOf = (id: string): CommentSyntax => builtinCommentSyntax(id)!;
  const samples: [string, string][] = [
    ['typescript', '// 计算两个数的和。\nexport function add(a: number, b: number): number {\n  const s = `x ${a /* in */} // not`;\n  return a + b; // 返回结果\n}\n/* block\n   comment */\n\n'],
    ['python', '# 计算\ndef add(a, b):\n    """文档字符串。"""\n    s = "# not a comment"\n    return a + b  # 返回\n\n'],
    ['shellscript', '# 计算\ncat <<EOF\n# not a comment\nEOF\necho "$x" # 注释\n'],
  ];

  it('finds exactly the comments of the one-piece scan, pausing only at line starts', () => {
    for (const [id, unit] of samples) {
      const text = unit.repeat(3000);
      const steps = scanCommentsSliced(text, syntaxOf(id), 0);
      let pauses = 0;
      let step = steps.next();
      while (!step.done) {
        pauses++;
        step = steps.next();
      }
      assert.deepEqual(step.value, scanComments(text, syntaxOf(id)), id);
      assert.ok(pauses >= 10, `${id}: ${pauses} pauses`);
    }
  });

  it('plans the translation of many comments like the one-piece plan, letting other callbacks run', async () => {
    const text = (samples[0] as [string, string])[1].repeat(5000);
    const options = { target: english };
    const { result, turns } = await turnsDuring(() => planCommentTranslationAsync(text, syntaxOf('typescript'), options));
    const sync = planCommentTranslation(text, syntaxOf('typescript'), options);
    assert.deepEqual(result.items, sync.items);
    assert.deepEqual(result.stats, sync.stats);
    assert.ok(turns >= 3, `other callbacks ran ${turns} times`);
  });
});
