// Hybrid retrieval: rank fusion, dedupe by overlapping lines, the token budget, citations.
import * as assert from 'node:assert/strict';
import { estimateTokens } from '../../../src/core/text/tokens';
import { reciprocalRankFusion } from '../../../src/core/workspaceIndex/fuse';
import { renderChunk, retrieve } from '../../../src/core/workspaceIndex/retrieve';
import { WorkspaceSearch } from '../../../src/core/workspaceIndex/search';
import type { Chunk } from '../../../src/core/workspaceIndex/types';

const chunk = (path: string, startLine: number, endLine: number, text = `text of ${path}:${startLine}`): Chunk => ({ path, startLine, endLine, text, hash: `${path}:${startLine}` });

describe('workspaceIndex: retrieval', () => {
  it('RRF: a chunk both retrievers found beats one either found first alone', () => {
    const fused = reciprocalRankFusion([[1, 2, 3], [4, 2, 5]]);
    assert.equal(fused[0]?.id, 2);
    assert.ok(Math.abs((fused[0]?.score ?? 0) - 2 / 62) < 1e-12);
    assert.deepEqual(fused.slice(1, 3).map((f) => f.id), [1, 4]);
    // A repeated id in one list counts once, at its best rank.
    assert.equal(reciprocalRankFusion([[7, 7]])[0]?.score, 1 / 61);
  });

  it('drops a chunk whose lines overlap a better one of the same file, keeps other files', () => {
    const chunks = new Map<number, Chunk>([
      [1, chunk('a.ts', 10, 30)],
      [2, chunk('a.ts', 25, 40)],
      [3, chunk('b.ts', 25, 40)],
      [4, chunk('a.ts', 31, 50)],
    ]);
    const r = retrieve({ lexical: [1, 2, 3, 4], vector: [], chunkOf: (id) => chunks.get(id), budgetTokens: 10_000 });
    assert.deepEqual(r.results.map((x) => x.citation), [
      { path: 'a.ts', startLine: 10, endLine: 30 },
      { path: 'b.ts', startLine: 25, endLine: 40 },
      { path: 'a.ts', startLine: 31, endLine: 50 },
    ]);
  });

  it('fits the budget: passes over what does not fit and takes smaller ones after it', () => {
    const big = chunk('big.ts', 1, 100, 'x'.repeat(3000));
    const small = chunk('small.ts', 1, 2, 'tiny');
    const chunks = new Map<number, Chunk>([[1, big], [2, small]]);
    const budget = estimateTokens(renderChunk(small)) + 5;
    const r = retrieve({ lexical: [1, 2], vector: [], chunkOf: (id) => chunks.get(id), budgetTokens: budget });
    assert.deepEqual(r.results.map((x) => x.chunk.path), ['small.ts']);
    assert.equal(r.overBudget, 1);
    assert.ok(r.usedTokens <= budget);
    assert.equal(r.results[0]?.rendered, 'small.ts:1-2\n```\ntiny\n```');
    const one = retrieve({ lexical: [1, 2], vector: [2], chunkOf: (id) => chunks.get(id), budgetTokens: 1e6, maxChunks: 1 });
    assert.equal(one.results.length, 1);
  });

  it('keep: leaves candidates out after fusion, so what is kept keeps its fused order', () => {
    const chunks = new Map<number, Chunk>([1, 2, 3, 4, 5, 6].map((id) => [id, chunk(`f${id}.ts`, 1, 2)]));
    const input = { lexical: [1, 4, 5, 6, 2], vector: [2, 3, 1], chunkOf: (id: number) => chunks.get(id), budgetTokens: 10_000 };
    const all = retrieve(input).results.map((r) => r.chunk.path);
    const kept = retrieve({ ...input, keep: (id) => id < 4 }).results.map((r) => r.chunk.path);
    assert.deepEqual(kept, all.filter((p) => ['f1.ts', 'f2.ts', 'f3.ts'].includes(p)));
    // Filtering the lists before fusion would have moved 2 up to second in the lexical list, above 1.
    assert.deepEqual(kept, ['f1.ts', 'f2.ts', 'f3.ts']);
  });

  it('end to end: the lexical side finds an identifier, the vector side a paraphrase', () => {
    const search = new WorkspaceSearch(3);
    search.addAll([
      { chunk: chunk('src/retry.ts', 1, 9, 'export function withBackoff(fn) { /* retries */ }'), vector: [1, 0, 0] },
      { chunk: chunk('src/colour.ts', 1, 5, 'export const palette = ["red"];'), vector: [0, 1, 0] },
      { chunk: chunk('docs/net.md', 1, 5, 'How failed requests are attempted again'), vector: [0.9, 0, 0.1] },
      // The rest of the workspace, unrelated to the question: the baseline the vector side must stand out of.
      ...Array.from({ length: 12 }, (_, i) => ({ chunk: chunk(`src/ui${i}.ts`, 1, 5, `export const shade${i} = ${i};`), vector: [0.02 * (i % 3), 1, (i % 4) * 0.1] })),
    ]);
    const byName = search.search({ text: 'withBackoff', budgetTokens: 1000 });
    assert.equal(byName.results[0]?.chunk.path, 'src/retry.ts');
    const bySense = search.search({ text: 'zzz', vector: [0.95, 0, 0.05], budgetTokens: 1000, maxChunks: 2 });
    assert.deepEqual(bySense.results.map((r) => r.chunk.path).sort(), ['docs/net.md', 'src/retry.ts']);
    search.removePath('src/retry.ts');
    assert.equal(search.size, 14);
    assert.deepEqual(search.search({ text: 'withBackoff', budgetTokens: 1000 }).results, []);
  });

  it('addAllAsync: the same search as addAll; aborted, nothing of it stays', async () => {
    const items = Array.from({ length: 300 }, (_, i) => ({
      chunk: chunk(`src/f${i % 40}.ts`, i * 10 + 1, i * 10 + 9, `export function handler${i}() { return ${i % 7 === 0 ? 'withBackoff' : 'palette'}; }`),
      vector: [Math.cos(i), Math.sin(i), (i % 5) / 5],
    }));
    const sync = new WorkspaceSearch(3);
    sync.addAll(items);
    const async_ = new WorkspaceSearch(3);
    await async_.addAllAsync(items, { sliceMs: 0 });
    const q = { text: 'withBackoff handler7', vector: [1, 0.2, 0.1], budgetTokens: 2000 };
    assert.deepEqual(async_.search(q), sync.search(q));
    assert.equal(async_.size, 300);

    const aborted = new WorkspaceSearch(3);
    aborted.addAll(items.slice(0, 5));
    const controller = new AbortController();
    const building = aborted.addAllAsync(items.slice(5), { sliceMs: 0, signal: controller.signal });
    controller.abort();
    await assert.rejects(building);
    assert.equal(aborted.size, 5);
    assert.deepEqual(aborted.nearest([1, 0, 0], 10).map((h) => h.id).sort((a, b) => a - b), [1, 2, 3, 4, 5]);
    assert.deepEqual(aborted.search({ text: 'handler200 handler7', budgetTokens: 2000 }).results.map((r) => r.chunk.text).filter((t) => /handler(200|7)\b/.test(t)), []);
    assert.equal(aborted.search({ text: 'handler3', budgetTokens: 2000 }).results[0]?.chunk.startLine, 31);
    aborted.removePath('src/f0.ts');
    assert.equal(aborted.size, 4);
  });
});
