// The pieces together on real files of this repository: chunk, plan, embed (the stand-in's deterministic
// embeddings), save, load, ask; then an edit re-embeds only what changed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chunkFile, loadIndex, nodeIndexFiles, plan, saveIndex, WorkspaceSearch, type Chunk, type IndexSnapshot } from '../../../src/core/workspaceIndex';
import { embedText } from '../../support/standin/routes/embed';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const FILES = ['src/core/text/tokens.ts', 'src/core/daemon/treeKill.ts', 'src/core/comments/scanner.ts', 'src/core/completion/lru.ts', 'src/core/util/shellQuote.ts'];
const DIM = 256;

describe('workspaceIndex: pipeline on real files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-pipeline-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function embedAll(chunks: Chunk[]): Map<string, Float32Array> {
    return new Map(chunks.map((c) => [c.hash, Float32Array.from(embedText(c.text, DIM))]));
  }

  it('answers from the right file with citations, and an edit re-embeds only its new chunk', async () => {
    const files = FILES.map((p) => ({ path: p, chunks: chunkFile(p, fs.readFileSync(path.join(ROOT, p), 'utf8')) }));
    const first = plan(undefined, files, { model: 'nomic-embed-text', dim: DIM, scope: 'all' });
    const snapshot: IndexSnapshot = { model: 'nomic-embed-text', dim: DIM, chunks: first.chunks, vectors: embedAll(first.toEmbed) };
    const store = nodeIndexFiles(dir);
    await saveIndex(store, snapshot);

    const loaded = await loadIndex(store);
    assert.ok(loaded.ok);
    const search = WorkspaceSearch.fromSnapshot(loaded.snapshot);
    const question = 'how many tokens does a Chinese character count as in the estimate';
    const answer = search.search({ text: question, vector: embedText(question, DIM), budgetTokens: 1500 });
    assert.equal(answer.results[0]?.citation.path, 'src/core/text/tokens.ts');
    assert.ok(answer.usedTokens <= 1500);
    const byName = search.search({ text: 'treeKill', budgetTokens: 1500 });
    assert.equal(byName.results[0]?.citation.path, 'src/core/daemon/treeKill.ts');

    // An edit: one function appended to lru.ts.
    const lru = fs.readFileSync(path.join(ROOT, 'src/core/completion/lru.ts'), 'utf8') + '\n\nexport function brandNewHelper(): number {\n  return 42;\n}\n';
    const next = plan(loaded.snapshot, [{ path: 'src/core/completion/lru.ts', chunks: chunkFile('src/core/completion/lru.ts', lru) }], { model: 'nomic-embed-text', dim: DIM, scope: 'these' });
    assert.equal(next.rebuild, false);
    assert.ok(next.toEmbed.length >= 1 && next.toEmbed.length <= 2, `${next.toEmbed.length} chunks to embed`);
    assert.ok(next.toEmbed.some((c) => c.text.includes('brandNewHelper')));
    const others = (chunks: Chunk[]): Chunk[] => chunks.filter((c) => c.path !== 'src/core/completion/lru.ts');
    assert.deepEqual(others(next.chunks), others(first.chunks));
    assert.ok(next.dropped.every((c) => c.path === 'src/core/completion/lru.ts'));
  });
});
