// Workspace index (issue 16), its core only: chunking and lexical indexing of ~100 000 lines of real code and
// docs from node_modules; query latency at 50 000 chunks (lexical + exact 768-d vector scan + fusion + budget);
// the index's size on disk (int8) and in memory. No embedding model runs here: vectors are random and
// normalized, which costs the scan exactly what real ones would.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { chunkFile, encodeIndex, LexicalIndex, skipReason, WorkspaceSearch, type Chunk } from '../../../src/core/workspaceIndex';
import { normalize } from '../../../src/core/workspaceIndex/vectors';
import { distribution, fmt, fmtDist } from '../stats';
import type { Report } from '../report';
import type { BenchContext } from '../context';

const SECTION = 'Workspace index';
const EXTENSIONS = /\.(ts|js|mjs|cjs|md|json|py)$/;
const DIM = 768;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function listFiles(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) listFiles(full, out);
    else if (e.isFile() && EXTENSIONS.test(e.name)) out.push(full);
  }
}

interface Corpus {
  files: { rel: string; text: string }[];
  lines: number;
  bytes: number;
  skipped: Record<string, number>;
}

/** Real files until `wanted` lines are in, through the same skip rules the index will apply. */
function corpus(root: string, wanted: number): Corpus {
  const candidates: string[] = [];
  for (const d of ['typescript/lib', '@types/node', 'markdown-it', 'highlight.js/lib', 'mocha/lib', 'minisearch/src', 'esbuild/lib']) listFiles(path.join(root, 'node_modules', d), candidates);
  const out: Corpus = { files: [], lines: 0, bytes: 0, skipped: {} };
  for (const file of candidates) {
    if (out.lines >= wanted) break;
    const bytes = fs.readFileSync(file);
    const rel = path.relative(root, file).split(path.sep).join('/');
    const reason = skipReason(rel, bytes);
    if (reason) {
      out.skipped[reason] = (out.skipped[reason] ?? 0) + 1;
      continue;
    }
    const text = bytes.toString('utf8');
    out.files.push({ rel, text });
    out.lines += text.split('\n').length;
    out.bytes += bytes.length;
  }
  return out;
}

function heapUsed(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export async function workspaceIndex(ctx: BenchContext, report: Report): Promise<void> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const wantedLines = ctx.quick ? 20_000 : 100_000;
  const c = corpus(ctx.root, wantedLines);

  // 1. Chunking + lexical indexing.
  const t0 = performance.now();
  const chunks: Chunk[] = c.files.flatMap((f) => chunkFile(f.rel, f.text));
  const t1 = performance.now();
  const lexical = LexicalIndex.empty();
  lexical.addAll(chunks.map((ch, i) => ({ id: i + 1, path: ch.path, text: ch.text })));
  const t2 = performance.now();
  const skipped = Object.entries(c.skipped).map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
  report.add({
    section: SECTION,
    name: 'chunking + lexical indexing',
    value: `${c.lines} lines (${fmt(c.bytes / 1e6, 1)} MB, ${c.files.length} files; skipped: ${skipped}) → ${chunks.length} chunks: chunking ${fmt((t1 - t0) / 1000, 2)} s, lexical index ${fmt((t2 - t1) / 1000, 2)} s`,
    measured: (t2 - t0) / 1000,
    detail: { lines: c.lines, bytes: c.bytes, files: c.files.length, chunks: chunks.length, chunkingMs: t1 - t0, lexicalMs: t2 - t1, skipped: c.skipped },
  });
  console.log(`  ${chunks.length} chunks, mean ${fmt(chunks.reduce((s, ch) => s + ch.endLine - ch.startLine + 1, 0) / chunks.length, 1)} lines`);

  // 2. 50 000 chunks: the real ones, repeated under other paths, each with a random normalized vector.
  const target = ctx.quick ? 10_000 : 50_000;
  const r = rng(42);
  const randomVector = (): Float32Array => normalize(Float32Array.from({ length: DIM }, () => r() - 0.5));
  const heapBefore = heapUsed(gc);
  const search = new WorkspaceSearch(DIM);
  const items: { chunk: Chunk; vector: Float32Array }[] = [];
  for (let i = 0; items.length < target; i++) {
    const base = chunks[i % chunks.length];
    if (!base) break;
    const copy = Math.floor(i / chunks.length);
    items.push({ chunk: { ...base, path: copy === 0 ? base.path : `copy${copy}/${base.path}`, hash: `${base.hash}:${copy}` }, vector: randomVector() });
  }
  const tb = performance.now();
  search.addAll(items);
  const buildMs = performance.now() - tb;
  const heapAfter = heapUsed(gc);

  // Queries: identifiers taken from the corpus, and phrases.
  const idents = chunks.flatMap((ch) => ch.text.match(/\b[a-z]+[A-Z][A-Za-z]+\b/g)?.slice(0, 1) ?? []);
  const phrases = ['how are event listeners removed', 'parse a markdown table', 'where is the timeout of a test set', 'read a file as a stream', 'highlight the syntax of a language', 'escape html entities'];
  const queries: string[] = [];
  const qr = rng(7);
  for (let i = 0; i < (ctx.quick ? 40 : 200); i++) queries.push(i % 2 === 0 ? (idents[Math.floor(qr() * idents.length)] ?? 'parse') : (phrases[i % phrases.length] ?? 'parse'));
  const total: number[] = [];
  const lexOnly: number[] = [];
  const vecOnly: number[] = [];
  let found = 0;
  for (const q of queries) {
    const v = randomVector();
    const a = performance.now();
    const res = search.search({ text: q, vector: v, budgetTokens: 4000, candidates: 50 });
    total.push(performance.now() - a);
    if (res.results.length > 0) found++;
    const b = performance.now();
    search.matches(q, 50);
    lexOnly.push(performance.now() - b);
  }
  for (let i = 0; i < Math.min(50, queries.length); i++) {
    const v = randomVector();
    const a = performance.now();
    search.nearest(v, 50);
    vecOnly.push(performance.now() - a);
  }
  const dTotal = distribution(total);
  report.add({
    section: SECTION,
    name: `query latency at ${target} chunks (lexical + ${DIM}-d vector scan + fusion + budget)`,
    value: fmtDist(dTotal),
    measured: dTotal.p95,
    target: 'p50 ≤ 30 ms, p95 ≤ 100 ms',
    met: dTotal.p50 <= 30 && dTotal.p95 <= 100,
    detail: { total: dTotal, queries: queries.length, withResults: found },
  });
  report.add({ section: SECTION, name: `vector scan alone (${target} × ${DIM})`, value: fmtDist(distribution(vecOnly)), detail: distribution(vecOnly) });
  report.add({ section: SECTION, name: `lexical query alone (${target} chunks)`, value: fmtDist(distribution(lexOnly)), detail: distribution(lexOnly) });

  // 3. Size on disk and in memory.
  const vectors = new Map(items.map((it) => [it.chunk.hash, it.vector]));
  const te = performance.now();
  const file = encodeIndex({ model: 'bench', dim: DIM, chunks: items.map((it) => it.chunk), vectors });
  const encodeMs = performance.now() - te;
  const textBytes = items.reduce((s, it) => s + Buffer.byteLength(it.chunk.text), 0);
  report.add({
    section: SECTION,
    name: `index size at ${target} chunks`,
    value: `disk ${fmt(file.length / 1e6, 1)} MB (int8 vectors ${fmt((target * (DIM + 4)) / 1e6, 1)} MB + chunk texts/metadata; texts ${fmt(textBytes / 1e6, 1)} MB), encoded in ${fmt(encodeMs / 1000, 2)} s; memory ${fmt((heapAfter - heapBefore) / 1e6, 0)} MB heap (lexical index, chunks) + ${fmt(search.vectorBytes / 1e6, 0)} MB int8 vector matrix; built in ${fmt(buildMs / 1000, 2)} s`,
    measured: file.length,
    detail: { diskBytes: file.length, heapBytes: heapAfter - heapBefore, vectorBytes: search.vectorBytes, buildMs, encodeMs },
  });
}
