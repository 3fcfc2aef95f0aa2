// The indexer end to end in Node against the stand-in over HTTP: a real package's files (markdown-it from
// node_modules) walked, chunked, embedded with `truncate: false` one request at a time, asked; an edit, a
// rename and a delete re-embed only what changed; a build stopped midway, or a torn index file, leaves an
// index that loads and is completed without embedding again what it has.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Indexer, type Embedder, type IndexSource } from '../../../src/core/indexing/indexer';
import { IndexScheduler } from '../../../src/core/indexing/scheduler';
import { walkFolder, type EntryKind, type WalkFs } from '../../../src/core/indexing/walk';
import { OllamaGateway, resolveHost } from '../../../src/core/ollama';
import { silentLogger } from '../../../src/core/util/log';
import { nodeIndexFiles } from '../../../src/core/workspaceIndex/files';
import { INDEX_FILE } from '../../../src/core/workspaceIndex/persist';
import { StandinOllama, type RecordedRequest } from '../../support/standin';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const MODEL = 'nomic-embed-text:latest';

function nodeWalkFs(root: string): WalkFs {
  return {
    async list(rel) {
      const entries = await fs.promises.readdir(path.join(root, rel), { withFileTypes: true });
      return entries.map((e): [string, EntryKind] => [e.name, e.isDirectory() ? 'directory' : e.isFile() ? 'file' : 'other']);
    },
    async readText(rel) {
      return fs.promises.readFile(path.join(root, rel), 'utf8').catch(() => undefined);
    },
  };
}

function nodeSource(root: string): IndexSource {
  return {
    list: (signal) => walkFolder(nodeWalkFs(root), { excludeGlobs: ['**/node_modules'], maxFiles: 10_000, signal }).then((r) => ({ paths: r.files, truncated: r.truncated })),
    read: async (p) => fs.promises.readFile(path.join(root, p)).then((b) => new Uint8Array(b), () => undefined),
  };
}

describe('indexing: the indexer against the stand-in', function () {
  this.timeout(60_000);
  let standin: StandinOllama;
  let gateway: OllamaGateway;
  let work: string;
  let store: string;
  let concurrent = 0;
  let most = 0;

  const embeds = (): RecordedRequest[] => standin.requests.filter((r) => r.path === '/api/embed');
  const inputs = (): number => embeds().reduce((n, r) => n + ((r.body as { input: string[] }).input?.length ?? 0), 0);

  function embedder(): Embedder {
    return {
      id: `${MODEL}@test`,
      contextTokens: 2048,
      embed: async (texts, signal) => {
        concurrent++;
        most = Math.max(most, concurrent);
        try {
          return await gateway.embed(MODEL, texts, signal, { numCtx: 2048 });
        } finally {
          concurrent--;
        }
      },
    };
  }

  function indexer(opts: { onBatch?: () => void } = {}): Indexer {
    const scheduler = new IndexScheduler({ now: () => performance.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), busy: () => false, quietMs: 0 });
    return new Indexer({
      files: nodeIndexFiles(store),
      source: nodeSource(work),
      scheduler,
      skipLimits: () => ({ maxBytes: 512 * 1024, maxLineLength: 1000 }),
      log: silentLogger,
      embedder: async () => embedder(),
      onProgress: (p) => {
        if (p.phase === 'embedding' && p.done > 0) opts.onBatch?.();
      },
      saveEveryMs: 0,
    });
  }

  before(async () => {
    standin = await StandinOllama.start({ perTokenMs: 0 });
    gateway = new OllamaGateway({
      config: () => ({ host: resolveHost(standin.url, undefined), hostSetting: standin.url, allowRemoteHost: false, allowCloudModels: false, keepAlive: '', contextLength: 8192 }),
    });
  });
  after(async () => {
    gateway.dispose();
    await standin.close();
  });
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-index-work-'));
    store = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-index-store-'));
    fs.cpSync(path.join(ROOT, 'node_modules', 'markdown-it', 'lib'), path.join(work, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(work, '.gitignore'), 'ignored/\n');
    fs.mkdirSync(path.join(work, 'ignored'));
    fs.writeFileSync(path.join(work, 'ignored', 'secret.md'), '# Strikethrough secrets\nnever indexed');
    standin.resetRecord();
    most = 0;
  });
  afterEach(() => {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(store, { recursive: true, force: true });
  });

  it('builds from a real package, one embedding request at a time with truncation off, and answers from the right file', async () => {
    const ix = indexer();
    const result = await ix.refresh('all');
    assert.ok(result.files > 40, `${result.files} files`);
    assert.equal(result.unembedded, 0);
    assert.ok(ix.chunkCount > 100, `${ix.chunkCount} chunks`);
    assert.equal(ix.vectorCount, new Set(ix.current.chunks.map((c) => c.hash)).size, 'every distinct text has a vector');
    assert.ok(!ix.current.chunks.some((c) => c.path.startsWith('ignored/')), '.gitignore respected');
    assert.equal(most, 1, 'one embedding request at a time');
    assert.ok(embeds().every((r) => (r.body as { truncate?: boolean }).truncate === false), 'truncate: false on every request');
    assert.ok(embeds().length < ix.chunkCount / 4, `batched: ${embeds().length} requests for ${ix.chunkCount} chunks`);

    const question = 'how are strikethrough ~~ delimiters tokenized and paired';
    const [vector] = await gateway.embed(MODEL, [question]);
    const answer = ix.query(question, 2000, vector);
    assert.equal(answer.results[0]?.chunk.path, 'lib/rules_inline/strikethrough.mjs', answer.results.map((r) => r.citation.path).join(', '));
  });

  it('re-embeds only what changed after an edit, a rename and a delete', async () => {
    const ix = indexer();
    await ix.refresh('all');
    const before = ix.chunkCount;
    standin.resetRecord();
    // Edit: one new function at the end of a file.
    const file = path.join(work, 'lib', 'rules_inline', 'strikethrough.mjs');
    fs.appendFileSync(file, '\n\nexport function zebraCrossingMarker (state) {\n  return state.pos + 42\n}\n');
    await ix.refresh(['lib/rules_inline/strikethrough.mjs']);
    assert.equal(inputs(), 1, 'only the new chunk was embedded');
    assert.equal(ix.query('zebraCrossingMarker', 2000).results[0]?.chunk.path, 'lib/rules_inline/strikethrough.mjs');
    // Rename: the same text under another path needs no embedding at all.
    standin.resetRecord();
    fs.renameSync(path.join(work, 'lib', 'rules_inline', 'entity.mjs'), path.join(work, 'lib', 'rules_inline', 'entities_renamed.mjs'));
    await ix.refresh(['lib/rules_inline/entity.mjs', 'lib/rules_inline/entities_renamed.mjs']);
    assert.equal(embeds().length, 0, 'a rename embeds nothing');
    assert.ok(ix.current.chunks.some((c) => c.path === 'lib/rules_inline/entities_renamed.mjs'));
    assert.ok(!ix.current.chunks.some((c) => c.path === 'lib/rules_inline/entity.mjs'));
    // Delete.
    fs.rmSync(file);
    await ix.refresh(['lib/rules_inline/strikethrough.mjs']);
    assert.ok(!ix.query('zebraCrossingMarker', 2000).results.some((r) => r.chunk.path.endsWith('strikethrough.mjs')));
    assert.ok(ix.chunkCount < before);
    // And the stored file agrees with memory.
    const again = indexer();
    assert.equal(await again.load(), 'loaded');
    assert.equal(again.chunkCount, ix.chunkCount);
  });

  it('a build stopped midway leaves an index that loads, answers, and is completed without embedding again', async () => {
    const controller = new AbortController();
    let batches = 0;
    const ix = indexer({ onBatch: () => ++batches === 3 && controller.abort() });
    await assert.rejects(ix.refresh('all', controller.signal));
    const total = new Set(ix.current.chunks.map((c) => c.hash)).size;
    assert.ok(ix.vectorCount > 0 && ix.vectorCount < total, `partly embedded: ${ix.vectorCount} of ${total}`);

    // A new window: loads what was saved.
    const next = indexer();
    assert.equal(await next.load(), 'loaded');
    assert.equal(next.chunkCount, ix.chunkCount, 'every chunk is there (searchable by its words)');
    const saved = next.vectorCount;
    assert.ok(saved > 0);
    assert.ok(next.query('strikethrough', 2000).results.length > 0);
    standin.resetRecord();
    await next.refresh('all');
    assert.equal(inputs(), total - saved, 'only what was missing was embedded');
    assert.equal(next.vectorCount, total);
  });

  it('a torn index file is recognized and rebuilt', async () => {
    await indexer().refresh('all');
    const file = path.join(store, INDEX_FILE);
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const ix = indexer();
    assert.equal(await ix.load(), 'corrupt');
    assert.equal(ix.chunkCount, 0);
    await ix.refresh('all');
    assert.ok(ix.chunkCount > 100);
    assert.equal(ix.query('strikethrough delimiters', 2000, (await gateway.embed(MODEL, ['strikethrough delimiters']))[0]).results[0]?.chunk.path, 'lib/rules_inline/strikethrough.mjs');
  });

  it('an input the model refuses as too long is retried alone, then left without a vector (logged), never cut', async () => {
    const scheduler = new IndexScheduler({ now: () => 0, sleep: async () => undefined, busy: () => false, quietMs: 0 });
    const logged: string[] = [];
    const log = { ...silentLogger, info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m) };
    // The model runs with a 96-token context while the indexer believes it has 4096: the server must refuse.
    const small: Embedder = { id: 'small', contextTokens: 4096, embed: (texts, signal) => gateway.embed(MODEL, texts, signal, { numCtx: 96 }) };
    const ix = new Indexer({ files: nodeIndexFiles(store), source: nodeSource(work), scheduler, skipLimits: () => ({ maxBytes: 1e6, maxLineLength: 1000 }), log, embedder: async () => small });
    const result = await ix.refresh('all');
    assert.ok(result.unembedded > 0, 'long chunks have no vector');
    assert.ok(ix.vectorCount > 0, 'short ones do');
    assert.ok(embeds().some((r) => r.status === 400), 'the server refused some input');
    assert.ok(embeds().every((r) => (r.body as { truncate?: boolean }).truncate === false), 'never asked to cut');
    assert.ok(logged.some((m) => /longer than the embedding model's context; indexed by its words only/.test(m)), logged.slice(0, 3).join('\n'));
    assert.ok(ix.query('strikethrough', 2000).results.length > 0, 'everything still found by its words');
  });

  it('without an embedding model, indexes by words; an unreachable daemon later keeps the vectors it has', async () => {
    const scheduler = new IndexScheduler({ now: () => 0, sleep: async () => undefined, busy: () => false, quietMs: 0 });
    let model: Embedder | undefined;
    const ix = new Indexer({ files: nodeIndexFiles(store), source: nodeSource(work), scheduler, skipLimits: () => ({ maxBytes: 1e6, maxLineLength: 1000 }), log: silentLogger, embedder: async () => model });
    const lexical = await ix.refresh('all');
    assert.equal(lexical.lexicalOnly, true);
    assert.equal(ix.vectorCount, 0);
    assert.equal(ix.query('strikethrough', 1000).results[0]?.chunk.path, 'lib/rules_inline/strikethrough.mjs');
    model = embedder();
    await ix.refresh('all');
    const vectors = ix.vectorCount;
    assert.ok(vectors > 0);
    model = undefined;
    await ix.refresh('all');
    assert.equal(ix.vectorCount, vectors, 'vectors kept while the model cannot be reached');
  });
});
