// The index file: round trip, version and model in the header, torn files ignored, crash-safe writes, the update plan.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chunkFile } from '../../../src/core/workspaceIndex/chunker';
import { nodeIndexFiles } from '../../../src/core/workspaceIndex/files';
import { INDEX_FILE, deleteIndex, loadIndex, saveIndex } from '../../../src/core/workspaceIndex/persist';
import { plan } from '../../../src/core/workspaceIndex/plan';
import { decodeIndex, encodeIndex, encodeIndexAsync, type IndexSnapshot } from '../../../src/core/workspaceIndex/store';
import { normalize } from '../../../src/core/workspaceIndex/vectors';

function snapshot(model = 'nomic-embed-text', dim = 8): IndexSnapshot {
  const chunks = [...chunkFile('a.md', '# A\n\nalpha text'), ...chunkFile('b.txt', 'beta text\n\ngamma text', { maxTokens: 6, minTokens: 1 })];
  const vectors = new Map(chunks.map((c, i) => [c.hash, normalize(Float32Array.from({ length: dim }, (_, j) => Math.sin(i + j)))]));
  return { model, dim, chunks, vectors };
}

describe('workspaceIndex: store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hearth-index-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('round-trips chunks and (int8) vectors, with model and dimension in the header', () => {
    const s = snapshot();
    const back = decodeIndex(encodeIndex(s));
    assert.ok(back.ok);
    assert.equal(back.snapshot.model, 'nomic-embed-text');
    assert.equal(back.snapshot.dim, 8);
    assert.deepEqual(back.snapshot.chunks, s.chunks);
    for (const [h, v] of s.vectors) {
      const w = back.snapshot.vectors.get(h);
      assert.ok(w);
      for (let j = 0; j < 8; j++) assert.ok(Math.abs((w[j] ?? 0) - (v[j] ?? 0)) < 0.01);
    }
  });

  it('a truncated, flipped or foreign file is detected and not loaded', () => {
    const bytes = encodeIndex(snapshot());
    assert.deepEqual(decodeIndex(bytes.subarray(0, bytes.length - 10)), { ok: false, reason: 'corrupt' });
    const flipped = bytes.slice();
    flipped[flipped.length - 3] = (flipped[flipped.length - 3] ?? 0) ^ 0xff;
    assert.deepEqual(decodeIndex(flipped), { ok: false, reason: 'corrupt' });
    assert.deepEqual(decodeIndex(new TextEncoder().encode('hello')), { ok: false, reason: 'corrupt' });
    assert.deepEqual(decodeIndex(bytes.subarray(0, 20)), { ok: false, reason: 'corrupt' });
    assert.deepEqual(decodeIndex(undefined), { ok: false, reason: 'missing' });
    const future = new TextDecoder('latin1').decode(bytes).replace('"format":1', '"format":9');
    assert.deepEqual(decodeIndex(Uint8Array.from(future, (c) => c.charCodeAt(0))), { ok: false, reason: 'format' });
  });

  it('saves through temp + rename: no temp file left, an interrupted write leaves the old index', async () => {
    const files = nodeIndexFiles(dir);
    assert.deepEqual(await loadIndex(files), { ok: false, reason: 'missing' });
    await saveIndex(files, snapshot());
    assert.deepEqual(await fs.readdir(dir), [INDEX_FILE]);
    // A crash mid-write: a half temp file beside the index must change nothing.
    await fs.writeFile(path.join(dir, `.${INDEX_FILE}.dead.tmp`), 'HEARTHIX partial');
    const loaded = await loadIndex(files);
    assert.ok(loaded.ok && loaded.snapshot.chunks.length === 3);
    // A torn index (written by something other than writeAtomic) is ignored.
    const bytes = await fs.readFile(path.join(dir, INDEX_FILE));
    await fs.writeFile(path.join(dir, INDEX_FILE), bytes.subarray(0, bytes.length >> 1));
    assert.deepEqual(await loadIndex(files), { ok: false, reason: 'corrupt' });
    await deleteIndex(files);
    assert.deepEqual(await loadIndex(files), { ok: false, reason: 'missing' });
    await assert.rejects(files.read('../escape'), /invalid index file name/);
  });

  it('encodeIndexAsync writes the bytes encodeIndex writes, in slices that let the event loop run', async () => {
    const big: IndexSnapshot = { model: 'bge-m3', dim: 24, chunks: [], vectors: new Map() };
    for (let i = 0; i < 1300; i++) {
      const text = i % 3 === 0 ? `配置 ${i} "quoted" \\ back\nslash ✓ 😀` : `function f${i}() { return ${i}; }`;
      const c = chunkFile(`src/f${i % 17}.ts`, text)[0];
      if (!c) continue;
      big.chunks.push(c);
      big.vectors.set(c.hash, normalize(Float32Array.from({ length: 24 }, (_, j) => Math.cos(i * j + 1))));
    }
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    try {
      // Many vectors (their hashes are written in pieces too), no chunks.
      const manyVectors = new Map(Array.from({ length: 11_000 }, (_, i) => [`h${i}`, Float32Array.of(Math.sin(i), Math.cos(i))] as const));
      for (const s of [snapshot(), big, { model: 'm', dim: 4, chunks: [], vectors: new Map<string, Float32Array>() }, { model: 'm', dim: 2, chunks: [], vectors: manyVectors }]) {
        assert.deepEqual(await encodeIndexAsync(s, { sliceMs: 0 }), encodeIndex(s));
      }
    } finally {
      clearInterval(ticker);
    }
    assert.ok(turns > 0);
    assert.ok(decodeIndex(await encodeIndexAsync(big)).ok);
    await assert.rejects(encodeIndexAsync(big, { signal: AbortSignal.abort() }));
  });

  it('saveIndex sliced writes a file that loads', async () => {
    const files = nodeIndexFiles(dir);
    await saveIndex(files, snapshot(), { sliced: true });
    const back = await loadIndex(files);
    assert.ok(back.ok);
    assert.deepEqual(back.snapshot.chunks, snapshot().chunks);
  });
});

describe('workspaceIndex: update plan', () => {
  it('a first build embeds each distinct text once', () => {
    const files = [{ path: 'a.txt', chunks: chunkFile('a.txt', 'same\n\n' + 'x '.repeat(100) + '\n\nsame') }, { path: 'b.txt', chunks: chunkFile('b.txt', 'same') }];
    const p = plan(undefined, files, { model: 'm', dim: 8, scope: 'all' });
    assert.ok(p.rebuild);
    assert.equal(p.chunks.length, files[0]!.chunks.length + 1);
    assert.equal(p.toEmbed.length, new Set(p.chunks.map((c) => c.hash)).size);
  });

  it('unchanged chunks are never re-embedded, even when they moved or the file was renamed', () => {
    const old = snapshot('m', 8);
    const edited = [
      { path: 'a.md', chunks: chunkFile('a.md', '# A\n\nalpha text') },
      // b.txt renamed to c.txt with a line added on top: the old texts move, one new text appears.
      { path: 'b.txt', chunks: [] },
      { path: 'c.txt', chunks: chunkFile('c.txt', 'a brand new first paragraph\n\nbeta text\n\ngamma text', { maxTokens: 6, minTokens: 1 }) },
    ];
    const p = plan(old, edited, { model: 'm', dim: 8, scope: 'these' });
    assert.equal(p.rebuild, false);
    assert.deepEqual(p.toEmbed.map((c) => c.text), ['a brand new first paragraph']);
    assert.deepEqual([...new Set(p.dropped.map((c) => c.path))], ['b.txt']);
    assert.deepEqual(p.unusedVectors, []);
  });

  it('a deleted file drops its chunks and the vectors no one else uses; other files are kept in "these" scope', () => {
    const old = snapshot('m', 8);
    const p = plan(old, [{ path: 'b.txt', chunks: [] }], { model: 'm', dim: 8, scope: 'these' });
    assert.deepEqual(p.chunks.map((c) => c.path), ['a.md']);
    assert.equal(p.toEmbed.length, 0);
    assert.equal(p.unusedVectors.length, 2);
    // In "all" scope, a path not listed is gone.
    const all = plan(old, [{ path: 'a.md', chunks: old.chunks.filter((c) => c.path === 'a.md') }], { model: 'm', dim: 8, scope: 'all' });
    assert.deepEqual(all.chunks.map((c) => c.path), ['a.md']);
  });

  it('another embedding model or dimension means a rebuild', () => {
    const old = snapshot('m', 8);
    const files = [{ path: 'a.md', chunks: old.chunks.filter((c) => c.path === 'a.md') }];
    for (const target of [{ model: 'other', dim: 8 }, { model: 'm', dim: 16 }]) {
      const p = plan(old, files, { ...target, scope: 'these' });
      assert.ok(p.rebuild);
      assert.equal(p.toEmbed.length, p.chunks.length);
      assert.equal(p.unusedVectors.length, old.vectors.size);
    }
  });
});
