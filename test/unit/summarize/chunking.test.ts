// Splitting long inputs at natural boundaries within a token budget: nothing lost, nothing over budget,
// and cuts where a reader would make them.
import * as assert from 'node:assert/strict';
import { chunkKindFor, splitIntoChunks, TokenCounter, type Chunk } from '../../../src/core/text/chunking';
import { estimateTokens } from '../../../src/core/text/tokens';

function check(text: string, max: number, chunks: Chunk[]): void {
  assert.equal(chunks.map((c) => c.text).join(''), text, 'the chunks give back the text exactly');
  for (const c of chunks) {
    assert.ok(estimateTokens(c.text) <= max, `chunk of ${estimateTokens(c.text)} tokens within ${max}`);
    assert.equal(text.slice(c.start, c.end), c.text);
  }
  for (let i = 1; i < chunks.length; i++) assert.equal(chunks[i]!.start, chunks[i - 1]!.end, 'contiguous');
}

describe('chunking within a token budget', () => {
  it('counts any slice exactly as estimateTokens does', () => {
    const text = 'abc 你好 😀 def\nghi';
    const counter = new TokenCounter(text);
    for (let a = 0; a < text.length; a++) for (let b = a; b <= text.length; b++) assert.equal(counter.tokens(a, b), estimateTokens(text.slice(a, b)));
  });

  it('keeps a text that fits in one chunk, and gives none for an empty text', () => {
    assert.deepEqual(splitIntoChunks('', 100, 'prose'), []);
    const chunks = splitIntoChunks('short', 100, 'prose');
    assert.equal(chunks.length, 1);
    assert.equal(chunks[0]!.startLine, 0);
  });

  it('cuts Markdown before headings, the bigger heading first', () => {
    const section = (title: string): string => `${title}\n\n${'Some words in a paragraph. '.repeat(20)}\n\n`;
    const text = section('# One') + section('## One.a') + section('# Two') + section('## Two.a');
    const max = estimateTokens(section('# One') + section('## One.a')) + 20;
    const chunks = splitIntoChunks(text, max, 'markdown');
    check(text, max, chunks);
    for (const c of chunks) assert.match(c.text, /^#/, 'each chunk starts at a heading');
    assert.match(chunks[1]!.text, /^# Two/);
  });

  it('never cuts inside a fenced code block when a better cut exists', () => {
    const fence = '```ts\n' + 'const a = 1;\n'.repeat(30) + '```\n';
    const text = 'Intro paragraph.\n\n' + fence + '\nAfter.\n\n' + 'More words here. '.repeat(30);
    const max = estimateTokens('Intro paragraph.\n\n' + fence) + 5;
    const chunks = splitIntoChunks(text, max, 'markdown');
    check(text, max, chunks);
    assert.ok(chunks.every((c) => (c.text.match(/```/g) ?? []).length % 2 === 0), 'fences stay whole');
  });

  it('cuts code before top-level declarations', () => {
    const fn = (i: number): string => `export function f${i}(a: number): number {\n  const b = a * ${i};\n  return b + ${i};\n}\n\n`;
    const text = Array.from({ length: 40 }, (_, i) => fn(i)).join('');
    const max = 200;
    const chunks = splitIntoChunks(text, max, 'code');
    check(text, max, chunks);
    for (const c of chunks) assert.match(c.text, /^export function/, 'each chunk starts at a declaration');
  });

  it('cuts a line longer than the budget at sentence ends, then spaces', () => {
    const sentence = 'This sentence is one of many on a single very long line. ';
    const text = sentence.repeat(200);
    const chunks = splitIntoChunks(text, 100, 'prose');
    check(text, 100, chunks);
    for (const c of chunks.slice(0, -1)) assert.match(c.text, /line\. $/, 'cut after a sentence');
    const words = 'word '.repeat(2000);
    const wordChunks = splitIntoChunks(words, 50, 'prose');
    check(words, 50, wordChunks);
    for (const c of wordChunks.slice(0, -1)) assert.match(c.text, / $/, 'cut at a space');
    const blob = 'x'.repeat(5000);
    check(blob, 64, splitIntoChunks(blob, 64, 'code'));
  });

  it('handles CJK text and surrogate pairs', () => {
    const text = '这是一个很长的中文句子，用来测试分块。'.repeat(100) + '😀'.repeat(300);
    const chunks = splitIntoChunks(text, 80, 'prose');
    check(text, 80, chunks);
    for (const c of chunks) assert.ok(!/^[\udc00-\udfff]/.test(c.text), 'no chunk starts inside a surrogate pair');
    for (const c of chunks.slice(0, 5)) assert.match(c.text, /。$/, 'cut after a Chinese full stop');
  });

  it('splits a 20 000-line file within the budget, keeping line numbers', () => {
    const text = Array.from({ length: 20_000 }, (_, i) => (i % 30 === 0 ? '' : `const v${i} = compute(${i}); // step ${i}`)).join('\n');
    const chunks = splitIntoChunks(text, 1500, 'code');
    check(text, 1500, chunks);
    assert.ok(chunks.length > 100);
    assert.equal(chunks[0]!.startLine, 0);
    assert.equal(chunks[chunks.length - 1]!.endLine, 19_999);
    for (let i = 1; i < chunks.length; i++) assert.ok(chunks[i]!.startLine >= chunks[i - 1]!.endLine);
  });

  it('maps language ids to kinds', () => {
    assert.equal(chunkKindFor('markdown'), 'markdown');
    assert.equal(chunkKindFor('plaintext'), 'prose');
    assert.equal(chunkKindFor('typescript'), 'code');
  });
});
