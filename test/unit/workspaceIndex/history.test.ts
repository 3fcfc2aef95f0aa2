// The index the indexer maintains through a history of changes (a first build, a rebuild saving after every
// batch, so each file's chunks are removed and added again many times, a build stopped midway, a reload from
// the stored file, its completion, edits) answers as a reference would on the same state: the typed-array
// lexical query as MiniSearch's own search() and as an index built afresh from the live chunks, the SIMD
// vector scan as the JavaScript scan of a store filled afresh and as float cosine similarity. markdown-it's
// lib/ is the corpus and the stand-in's embedding function gives the vectors (no HTTP: only the index is
// under test), with the integration suite's question.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Indexer, type Embedder, type IndexSource } from '../../../src/core/indexing/indexer';
import { IndexScheduler } from '../../../src/core/indexing/scheduler';
import { silentLogger } from '../../../src/core/util/log';
import { nodeIndexFiles } from '../../../src/core/workspaceIndex/files';
import { LexicalIndex } from '../../../src/core/workspaceIndex/lexical';
import { WorkspaceSearch } from '../../../src/core/workspaceIndex/search';
import type { Hit } from '../../../src/core/workspaceIndex/topK';
import type { Chunk } from '../../../src/core/workspaceIndex/types';
import { VectorStore } from '../../../src/core/workspaceIndex/vectors';
import { embedText } from '../../support/standin/routes/embed';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const DIM = 768;
const QUESTION = 'where does markdown-it tokenize strikethrough delimiters';
const QUERIES = [QUESTION, 'strikethrough', 'markdown it renderer rules', 'linkify fuzzy email', 'escape html', 'state.push token', 'the'];

function listFiles(root: string, rel = ''): string[] {
  return fs
    .readdirSync(path.join(root, rel), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? listFiles(root, `${rel}${e.name}/`) : e.isFile() ? [`${rel}${e.name}`] : []));
}

/** The parts of WorkspaceSearch a reference needs (private fields, read by name in this test only). */
function parts(ix: Indexer): { chunks: Map<number, Chunk>; lexical: LexicalIndex; vectors: VectorStore } {
  const search = ix['search'] as WorkspaceSearch;
  return { chunks: search['chunks'], lexical: search['lexical'], vectors: search['vectors'] };
}

/** Hits ordered by score, then id: ties among equal texts come in the order of rows, which history sets. */
const canonicalHits = (hits: Hit[]): Hit[] => [...hits].sort((a, b) => b.score - a.score || a.id - b.id);

async function checkAgainstReferences(ix: Indexer, label: string): Promise<void> {
  const { chunks, lexical, vectors } = parts(ix);
  assert.equal(lexical.size, chunks.size, `${label}: one lexical document per chunk`);

  // (a) Lexical: MiniSearch's own search() over the same documents (fromJSON answers through it), vacuumed (with
  // stale postings search() scores by the order it meets them), and an index built afresh from the live chunks
  // (the same BM25 statistics, so the same scores up to rounding).
  const reference = LexicalIndex.fromJSON(lexical.toJSON());
  await reference['search_'].vacuum();
  const fresh = LexicalIndex.empty();
  fresh.addAll([...chunks].map(([id, c]) => ({ id, path: c.path, text: c.text })));
  for (const q of QUERIES) {
    const got = lexical.query(q, 50);
    assert.deepEqual(got, reference.query(q, 50), `${label}: lexical query "${q}" as MiniSearch's search()`);
    const want = fresh.query(q, 50);
    assert.equal(got.length, want.length, `${label}: "${q}" hits`);
    got.forEach((h, i) => assert.ok(Math.abs(h.score - (want[i]?.score ?? NaN)) <= 1e-9 * Math.max(1, h.score), `${label}: "${q}" #${i} score ${h.score} vs afresh ${want[i]?.score}`));
    assert.equal(got[0]?.id, want[0]?.id, `${label}: "${q}" best as afresh`);
  }

  // (b) Vectors: every chunk with a vector in the snapshot has it in the store, under its id; the scan equals the
  // JavaScript scan of a store filled afresh, and its best is float cosine similarity's best.
  const withVector = [...chunks].filter(([, c]) => ix.current.vectors.has(c.hash));
  assert.equal(vectors.size, withVector.length, `${label}: one row per chunk with a vector`);
  const plain = new VectorStore(DIM, withVector.length + 1, { simd: false });
  for (const [id, c] of withVector) plain.set(id, ix.current.vectors.get(c.hash) as Float32Array);
  for (const q of QUERIES) {
    const qv = embedText(q, DIM);
    assert.deepEqual(canonicalHits(vectors.search(qv, 50)), canonicalHits(plain.search(qv, 50)), `${label}: vector scan "${q}"`);
    let best = -Infinity;
    for (const [, c] of withVector) {
      const v = ix.current.vectors.get(c.hash) as Float32Array;
      let dot = 0;
      for (let j = 0; j < DIM; j++) dot += (v[j] as number) * (qv[j] as number);
      best = Math.max(best, dot);
    }
    const top = vectors.search(qv, 1)[0];
    if (withVector.length > 0) assert.ok(top && Math.abs(top.score - best) < 0.01, `${label}: "${q}" best ${top?.score} vs float ${best}`);
  }
}

describe('workspaceIndex: the index after a history of changes answers as a reference on the same state', function () {
  this.timeout(120_000);
  let work: string;
  let store: string;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-history-work-'));
    store = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-history-store-'));
    fs.cpSync(path.join(ROOT, 'node_modules', 'markdown-it', 'lib'), path.join(work, 'lib'), { recursive: true });
  });
  after(() => {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(store, { recursive: true, force: true });
  });

  it('after a build, a rebuild saved at every batch, a stopped build, a reload, its completion and edits', async () => {
    const source: IndexSource = {
      list: async () => ({ paths: listFiles(work), truncated: false }),
      read: async (p) => fs.promises.readFile(path.join(work, p)).then((b) => new Uint8Array(b), () => undefined),
    };
    const embedder: Embedder = { id: 'standin-embed@test', contextTokens: 2048, embed: async (texts) => texts.map((t) => embedText(t, DIM)) };
    const scheduler = new IndexScheduler({ now: () => performance.now(), sleep: async () => undefined, busy: () => false, quietMs: 0 });
    let onBatch = (): void => undefined;
    const make = (): Indexer =>
      new Indexer({
        files: nodeIndexFiles(store),
        source,
        scheduler,
        skipLimits: () => ({ maxBytes: 512 * 1024, maxLineLength: 1000 }),
        log: silentLogger,
        embedder: async () => embedder,
        // A checkpoint after every batch: each file's chunks are removed and added again as its vectors arrive.
        saveEveryMs: 0,
        batchLimits: { maxInputs: 8, maxTokens: 4096 },
        onProgress: (p) => {
          if (p.phase === 'embedding' && p.done > 0) onBatch();
        },
      });
    const answer = (ix: Indexer): string | undefined => ix.query(QUESTION, 3000, embedText(QUESTION, DIM)).results[0]?.chunk.path;

    const ix = make();
    await ix.refresh('all');
    await checkAgainstReferences(ix, 'first build');
    assert.equal(answer(ix), 'lib/rules_inline/strikethrough.mjs');

    ix.clear();
    const controller = new AbortController();
    let batches = 0;
    onBatch = () => void (++batches === 25 && controller.abort());
    await assert.rejects(ix.refresh('all', controller.signal));
    onBatch = () => undefined;
    assert.ok(ix.vectorCount > 0 && ix.vectorCount < ix.chunkCount, `stopped midway: ${ix.vectorCount} of ${ix.chunkCount}`);
    await checkAgainstReferences(ix, 'stopped build');

    const next = make();
    assert.equal(await next.load(), 'loaded');
    await checkAgainstReferences(next, 'reloaded');
    await next.refresh('all');
    await checkAgainstReferences(next, 'completed');
    assert.equal(answer(next), 'lib/rules_inline/strikethrough.mjs');

    // Edits: a file changed, one added, one removed; each an update of a few paths on the non-empty index.
    fs.appendFileSync(path.join(work, 'lib', 'rules_inline', 'emphasis.mjs'), '\n// delimiters of emphasis, paired like strikethrough ones\n');
    await next.refresh(['lib/rules_inline/emphasis.mjs']);
    fs.writeFileSync(path.join(work, 'lib', 'notes.md'), '# Notes\n\nThe strikethrough rule tokenizes ~~ delimiters.\n');
    await next.refresh(['lib/notes.md']);
    fs.rmSync(path.join(work, 'lib', 'notes.md'));
    await next.refresh(['lib/notes.md']);
    await checkAgainstReferences(next, 'after edits');
    assert.equal(answer(next), 'lib/rules_inline/strikethrough.mjs');
  });
});
