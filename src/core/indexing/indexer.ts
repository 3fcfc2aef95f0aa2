// The workspace index kept up to date: from files to chunks to vectors, into the in-memory search and the
// stored file. Plain values and interfaces only (the feature passes the workspace's files, the gateway's
// embed and the storage folder), so it is unit-tested in Node.
//
// How a refresh runs (a full scan, or the paths that changed):
//   1. read and chunk the files in small groups, waiting for the scheduler's turn before each group;
//   2. plan by content hash (core/workspaceIndex/plan): only text whose hash has no vector is embedded;
//   3. put the new chunks in the search at once (the lexical side answers right away) and save the file;
//   4. embed in batches, one request at a time through the scheduler, adding vectors as they arrive and saving
//      every few seconds, so that a crash or a closed window loses at most a few batches, never the index.
// A daemon that cannot be reached leaves the old vectors in place (text without a vector is found lexically
// until the next refresh embeds it); only a different embedding model throws them away.
import { OllamaError } from '../ollama/errors';
import type { Logger } from '../util/log';
import { chunkFile } from '../workspaceIndex/chunker';
import type { IndexFiles } from '../workspaceIndex/files';
import { loadIndex, saveIndex } from '../workspaceIndex/persist';
import { plan, type FileChunks } from '../workspaceIndex/plan';
import type { Retrieval } from '../workspaceIndex/retrieve';
import { WorkspaceSearch } from '../workspaceIndex/search';
import { skipReason, type SkipLimits } from '../workspaceIndex/skip';
import type { IndexSnapshot } from '../workspaceIndex/store';
import type { Chunk } from '../workspaceIndex/types';
import { batches, fitToContext, type BatchLimits } from './embedBatches';
import type { IndexScheduler } from './scheduler';

/** The workspace's files as the index sees them. Paths are '/'-separated and unique across folders. */
export interface IndexSource {
  /** Every path the index may hold (excluded ones already left out), and whether the count limit cut the list. */
  list(signal?: AbortSignal): Promise<{ paths: string[]; truncated: boolean }>;
  /** The file's bytes; undefined when it is gone, not a file, or excluded by the rules now. */
  read(path: string): Promise<Uint8Array | undefined>;
}

/** An embedding model ready for use. */
export interface Embedder {
  /** What the vectors are tied to (model name and digest): another id means a rebuild. */
  id: string;
  /** Tokens one input may take (the context the model runs with). */
  contextTokens: number;
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

export interface IndexProgress {
  phase: 'scanning' | 'embedding' | 'idle';
  /** Files read, or chunks embedded. */
  done: number;
  total: number;
}

export interface IndexerDeps {
  files: IndexFiles;
  source: IndexSource;
  scheduler: IndexScheduler;
  skipLimits: () => SkipLimits;
  log: Logger;
  /** The embedding model for this refresh; undefined when there is none (lexical only) or it cannot be reached. */
  embedder: (signal?: AbortSignal) => Promise<Embedder | undefined>;
  onProgress?: (p: IndexProgress) => void;
  now?: () => number;
  /** How often an embedding run saves what it has; ms. */
  saveEveryMs?: number;
  /** Files read between two turns of the scheduler. */
  filesPerStep?: number;
  batchLimits?: BatchLimits;
}

export interface RefreshResult {
  /** Files whose chunks were read. */
  files: number;
  embedded: number;
  /** Chunks left without a vector (too long for the model, or the daemon failed). */
  unembedded: number;
  /** Of those, the ones a later try may embed: the daemon failed or was away (not the ones too long). */
  retryable: number;
  truncated: boolean;
  /** The embedding model was missing: the index is lexical only. */
  lexicalOnly: boolean;
}

/** A file's chunks as one comparable string (lines and content hashes). */
function keysOf(chunks: readonly Chunk[]): string {
  return chunks.map((c) => `${c.startLine}:${c.endLine}:${c.hash}`).join(',');
}

function keysByPath(chunks: readonly Chunk[]): Map<string, string> {
  const byPath = new Map<string, Chunk[]>();
  for (const c of chunks) {
    const list = byPath.get(c.path);
    if (list) list.push(c);
    else byPath.set(c.path, [c]);
  }
  return new Map([...byPath].map(([path, list]) => [path, keysOf(list)]));
}

const EMPTY: IndexSnapshot = { model: '', dim: 1, chunks: [], vectors: new Map() };

function isAbortError(err: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (err instanceof OllamaError && err.kind === 'aborted');
}

export class Indexer {
  private snapshot: IndexSnapshot = EMPTY;
  private search = WorkspaceSearch.fromSnapshot(EMPTY);
  private readonly now: () => number;

  constructor(private readonly deps: IndexerDeps) {
    this.now = deps.now ?? (() => Date.now());
  }

  /** The index as it is now (chunks and vectors). */
  get current(): IndexSnapshot {
    return this.snapshot;
  }

  get chunkCount(): number {
    return this.snapshot.chunks.length;
  }

  get vectorCount(): number {
    return this.snapshot.vectors.size;
  }

  /** Loads the stored index; a missing, torn or older file loads as empty (the next refresh rebuilds it). */
  async load(): Promise<'loaded' | 'missing' | 'corrupt' | 'format'> {
    const result = await loadIndex(this.deps.files);
    if (!result.ok) {
      if (result.reason !== 'missing') this.deps.log.warn(`workspace index: the stored index is ${result.reason}; it will be rebuilt`);
      this.replace(EMPTY);
      return result.reason;
    }
    this.replace(result.snapshot);
    return 'loaded';
  }

  /** Forgets everything in memory (the stored file is the caller's). */
  clear(): void {
    this.replace(EMPTY);
  }

  private replace(s: IndexSnapshot): void {
    this.snapshot = s;
    this.search = WorkspaceSearch.fromSnapshot(s);
  }

  /** Hybrid retrieval over what is indexed now; `vector` is the question's embedding, when there is one. */
  query(text: string, budgetTokens: number, vector?: ArrayLike<number>): Retrieval {
    const usable = vector && vector.length === this.snapshot.dim && this.snapshot.vectors.size > 0 ? vector : undefined;
    return this.search.search({ text, vector: usable, budgetTokens, maxChunks: 12 });
  }

  /** The embedding model the stored vectors belong to ('' when none). */
  get model(): string {
    return this.snapshot.model;
  }

  /**
   * Brings the index up to date with `scope`: 'all' scans the workspace (first build, branch switch, settings
   * change); a list of paths updates those files (saved, created, renamed, deleted). Rejects on abort.
   */
  async refresh(scope: 'all' | readonly string[], signal?: AbortSignal): Promise<RefreshResult> {
    const { deps } = this;
    const embedder = await deps.embedder(signal);
    const listed = scope === 'all' ? await deps.source.list(signal) : { paths: [...new Set(scope)].sort(), truncated: false };
    const files = await this.readChunks(listed.paths, embedder, signal);

    // The model the vectors will belong to: the embedder's, or, without one (daemon down, no model installed
    // yet), the stored one, so that an unreachable daemon does not throw away vectors that are still right.
    let model = embedder?.id ?? this.snapshot.model;
    let dim = this.snapshot.dim;
    if (embedder && embedder.id !== this.snapshot.model) {
      const probe = await deps.scheduler.exclusive(() => embedder.embed(['dimension'], signal), signal);
      dim = probe[0]?.length ?? 0;
      if (dim <= 0) throw new Error('the embedding model returned an empty vector');
      model = embedder.id;
    }
    const p = plan(this.snapshot, files, { model, dim, scope: scope === 'all' ? 'all' : 'these' });
    const rebuild = model !== this.snapshot.model || dim !== this.snapshot.dim;
    const vectors = rebuild ? new Map<string, Float32Array>() : new Map(this.snapshot.vectors);
    for (const h of p.unusedVectors) vectors.delete(h);
    const next: IndexSnapshot = { model, dim, chunks: p.chunks, vectors };
    // Only files whose chunks differ are touched in the search: a rescan after a branch switch changes a few.
    const changedPaths = new Set<string>(p.dropped.map((c) => c.path));
    const oldKeys = keysByPath(this.snapshot.chunks);
    for (const f of files) if (keysOf(f.chunks) !== (oldKeys.get(f.path) ?? '')) changedPaths.add(f.path);
    this.apply(next, rebuild ? undefined : changedPaths);
    // A full scan saves its chunks before the long embedding run (a crash then keeps them); an update of a few
    // files saves once, after embedding, and the old file stays whole until then.
    const toEmbedCount = embedder && embedder.id === model ? p.toEmbed.length : 0;
    if (rebuild || (changedPaths.size > 0 && (scope === 'all' || toEmbedCount === 0))) await this.save();

    const tooLong = new Set(files.flatMap((f) => f.tooLong));
    const toEmbed = embedder && embedder.id === model ? p.toEmbed.filter((c) => !tooLong.has(c.hash)) : [];
    const { embedded, failed } = embedder && toEmbed.length > 0 ? await this.embedAll(embedder, toEmbed, signal) : { embedded: 0, failed: 0 };
    deps.onProgress?.({ phase: 'idle', done: 0, total: 0 });
    const unembedded = embedder ? failed + tooLong.size : this.snapshot.chunks.filter((c) => !this.snapshot.vectors.has(c.hash)).length;
    const retryable = embedder ? failed : unembedded;
    return { files: files.length, embedded, unembedded, retryable, truncated: listed.truncated, lexicalOnly: !embedder && !model };
  }

  /** Reads and chunks `paths`, a few at a time between turns; a path that cannot be read or is skipped has no chunks. */
  private async readChunks(paths: readonly string[], embedder: Embedder | undefined, signal: AbortSignal | undefined): Promise<(FileChunks & { tooLong: string[] })[]> {
    const { deps } = this;
    const step = deps.filesPerStep ?? 20;
    const limits = deps.skipLimits();
    const out: (FileChunks & { tooLong: string[] })[] = [];
    for (let i = 0; i < paths.length; i++) {
      if (i % step === 0) {
        deps.onProgress?.({ phase: 'scanning', done: i, total: paths.length });
        await deps.scheduler.turn(signal);
      }
      const path = paths[i] ?? '';
      const bytes = await deps.source.read(path).catch(() => undefined);
      if (!bytes) {
        out.push({ path, chunks: [], tooLong: [] });
        continue;
      }
      const skip = skipReason(path, bytes, limits);
      if (skip) {
        deps.log.debug(`workspace index: ${path} left out (${skip})`);
        out.push({ path, chunks: [], tooLong: [] });
        continue;
      }
      let chunks = chunkFile(path, new TextDecoder('utf-8').decode(bytes));
      const tooLong: string[] = [];
      if (embedder) {
        const fit = fitToContext(chunks, embedder.contextTokens);
        chunks = fit.chunks;
        for (const c of fit.tooLong) {
          // Never cut silently: this chunk stays findable by its words, without a vector.
          deps.log.info(`workspace index: ${c.path}:${c.startLine}-${c.endLine} has a line longer than the embedding model's context (${embedder.contextTokens} tokens); indexed by its words only`);
          tooLong.push(c.hash);
        }
      }
      out.push({ path, chunks, tooLong });
    }
    return out;
  }

  /** Puts `next` in place, updating the search only for `paths` (undefined: everything). */
  private apply(next: IndexSnapshot, paths: Set<string> | undefined): void {
    const before = this.snapshot;
    this.snapshot = next;
    if (!paths || next.dim !== before.dim) {
      this.search = WorkspaceSearch.fromSnapshot(next);
      return;
    }
    this.reindexPaths(paths);
  }

  private reindexPaths(paths: Set<string>): void {
    const byPath = new Map<string, Chunk[]>();
    for (const c of this.snapshot.chunks) {
      if (!paths.has(c.path)) continue;
      const list = byPath.get(c.path);
      if (list) list.push(c);
      else byPath.set(c.path, [c]);
    }
    for (const path of paths) {
      this.search.removePath(path);
      const chunks = byPath.get(path) ?? [];
      if (chunks.length > 0) this.search.addAll(chunks.map((chunk) => ({ chunk, vector: this.snapshot.vectors.get(chunk.hash) })));
    }
  }

  private async embedAll(embedder: Embedder, toEmbed: Chunk[], signal: AbortSignal | undefined): Promise<{ embedded: number; failed: number }> {
    const { deps } = this;
    const saveEvery = deps.saveEveryMs ?? 5_000;
    let lastSave = this.now();
    let embedded = 0;
    let failed = 0;
    const total = toEmbed.length;
    // Files whose chunks got vectors: put in the search together at each checkpoint, not after every batch (a
    // file's chunks span several batches, and each re-add costs the lexical index work).
    const touched = new Set<string>();
    const checkpoint = async (): Promise<void> => {
      this.reindexPaths(touched);
      touched.clear();
      await this.save();
      lastSave = this.now();
    };
    deps.onProgress?.({ phase: 'embedding', done: 0, total });
    for (const batch of batches(toEmbed, deps.batchLimits)) {
      let vectors: (number[] | undefined)[];
      try {
        vectors = await this.embedBatch(embedder, batch, signal);
      } catch (err) {
        if (isAbortError(err, signal)) {
          await checkpoint();
          throw err;
        }
        // The daemon went away or failed: keep what is embedded; the rest stays lexical until the next refresh.
        deps.log.warn(`workspace index: embedding stopped: ${err instanceof Error ? err.message : String(err)}`);
        failed += total - embedded;
        break;
      }
      vectors.forEach((v, i) => {
        const chunk = batch[i];
        if (!chunk) return;
        if (!v || v.length !== this.snapshot.dim) {
          failed++;
          return;
        }
        this.snapshot.vectors.set(chunk.hash, new Float32Array(v));
        embedded++;
        touched.add(chunk.path);
      });
      // A hash shared by chunks of other files gets its vector there too.
      const hashes = new Set(batch.map((c) => c.hash));
      for (const c of this.snapshot.chunks) if (hashes.has(c.hash)) touched.add(c.path);
      deps.onProgress?.({ phase: 'embedding', done: embedded + failed, total });
      if (this.now() - lastSave >= saveEvery) await checkpoint();
    }
    await checkpoint();
    return { embedded, failed };
  }

  /** One request for the batch; an input the model refuses as too long is retried alone, then left out. */
  private async embedBatch(embedder: Embedder, batch: Chunk[], signal: AbortSignal | undefined): Promise<(number[] | undefined)[]> {
    const send = (texts: string[]): Promise<number[][]> => this.deps.scheduler.exclusive(() => embedder.embed(texts, signal), signal);
    try {
      return await send(batch.map((c) => c.text));
    } catch (err) {
      if (!(err instanceof OllamaError && err.kind === 'contextOverflow')) throw err;
    }
    const out: (number[] | undefined)[] = [];
    for (const c of batch) {
      try {
        out.push((await send([c.text]))[0]);
      } catch (err) {
        if (!(err instanceof OllamaError && err.kind === 'contextOverflow')) throw err;
        this.deps.log.info(`workspace index: ${c.path}:${c.startLine}-${c.endLine} is longer than the embedding model's context; indexed by its words only`);
        out.push(undefined);
      }
    }
    return out;
  }

  private async save(): Promise<void> {
    try {
      await saveIndex(this.deps.files, this.snapshot);
    } catch (err) {
      this.deps.log.warn(`workspace index: could not save: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
