// The index in memory, ready for questions: chunks by id, the lexical index and the vector matrix side by side.
// A query runs both retrievers, keeps the candidates with evidence of relevance (relevance.ts), fuses and fits
// the result (retrieve.ts).
import { LexicalIndex } from './lexical';
import { distribution, lexicalEvidence, lexicallyRelevant, questionTerms, vectorFloor } from './relevance';
import { retrieve, type Retrieval } from './retrieve';
import type { IndexSnapshot } from './store';
import type { Hit } from './topK';
import type { Chunk } from './types';
import { VectorStore } from './vectors';

export interface SearchQuery {
  text: string;
  /** The question's embedding; without it only the lexical retriever runs. */
  vector?: ArrayLike<number>;
  budgetTokens: number;
  /** Candidates taken from each retriever before fusion. */
  candidates?: number;
  maxChunks?: number;
}

export class WorkspaceSearch {
  private readonly chunks = new Map<number, Chunk>();
  private readonly byPath = new Map<string, number[]>();
  private readonly lexical = LexicalIndex.empty();
  private readonly vectors: VectorStore;
  private nextId = 1;

  constructor(readonly dim: number) {
    this.vectors = new VectorStore(dim);
  }

  static fromSnapshot(s: IndexSnapshot): WorkspaceSearch {
    const search = new WorkspaceSearch(s.dim);
    search.addAll(s.chunks.map((c) => ({ chunk: c, vector: s.vectors.get(c.hash) })));
    return search;
  }

  get size(): number {
    return this.chunks.size;
  }

  get vectorBytes(): number {
    return this.vectors.bytes;
  }

  /** Which vector scan runs (see VectorStore.scan). */
  get vectorScan(): 'wasm-simd' | 'js' {
    return this.vectors.scan;
  }

  addAll(items: readonly { chunk: Chunk; vector?: ArrayLike<number> }[]): void {
    this.lexical.addAll(items.map((item) => this.place(item)));
  }

  /**
   * addAll() in slices of about `sliceMs` (default 20) with a turn of the event loop between them, for building
   * a large index in the extension host without holding it (the bench's "index" section gives the longest
   * slice). Nothing may change the index until the promise settles; on abort nothing of `items` stays and the
   * promise rejects with the signal's reason.
   */
  async addAllAsync(items: readonly { chunk: Chunk; vector?: ArrayLike<number> }[], options: { sliceMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    const sliceMs = options.sliceMs ?? 20;
    const docs: { id: number; path: string; text: string }[] = [];
    try {
      let sliceStart = Date.now();
      for (const item of items) {
        docs.push(this.place(item));
        if (Date.now() - sliceStart >= sliceMs) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          options.signal?.throwIfAborted();
          sliceStart = Date.now();
        }
      }
      await this.lexical.addAllAsync(docs, options);
    } catch (err) {
      for (const d of docs) this.forget(d.id, d.path);
      throw err;
    }
  }

  /** A new id for the chunk, in every map but the lexical index; its document for the lexical index. */
  private place({ chunk, vector }: { chunk: Chunk; vector?: ArrayLike<number> }): { id: number; path: string; text: string } {
    const id = this.nextId++;
    this.chunks.set(id, chunk);
    const ids = this.byPath.get(chunk.path) ?? [];
    ids.push(id);
    this.byPath.set(chunk.path, ids);
    if (vector) this.vectors.set(id, vector);
    return { id, path: chunk.path, text: chunk.text };
  }

  private forget(id: number, path: string): void {
    this.chunks.delete(id);
    this.vectors.remove(id);
    const ids = this.byPath.get(path)?.filter((x) => x !== id) ?? [];
    if (ids.length > 0) this.byPath.set(path, ids);
    else this.byPath.delete(path);
  }

  /** Forgets every chunk of `path` (before its new chunks are added). */
  removePath(path: string): void {
    for (const id of this.byPath.get(path) ?? []) {
      this.chunks.delete(id);
      this.lexical.remove(id);
      this.vectors.remove(id);
    }
    this.byPath.delete(path);
  }

  /** The lexical retriever alone: ids of the k best chunks for `text`, best first. */
  matches(text: string, k: number): number[] {
    return this.lexical.query(text, k).map((h) => h.id);
  }

  /** The vector retriever alone: ids of the k chunks nearest to `vector`, best first. */
  nearest(vector: ArrayLike<number>, k: number): Hit[] {
    return this.vectors.search(vector, k);
  }

  /**
   * Both retrievers, then only the candidates with evidence of relevance (relevance.ts) fused and fitted: a
   * question about nothing in the workspace gets an empty result, not the least unrelated chunks.
   */
  search(q: SearchQuery): Retrieval {
    const n = q.candidates ?? 50;
    const lexical = this.matches(q.text, n);
    const scan = q.vector && this.vectors.size > 0 ? this.vectors.searchWithScores(q.vector, n) : undefined;
    const vector = scan?.hits ?? [];
    const candidates = new Map<number, Chunk>();
    for (const id of [...lexical, ...vector.map((h) => h.id)]) {
      const chunk = this.chunks.get(id);
      if (chunk) candidates.set(id, chunk);
    }
    const kept = lexicallyRelevant(lexicalEvidence(questionTerms(q.text), this.lexical, candidates));
    if (scan && vector.length > 0) {
      const floor = vectorFloor(vector[0]?.score ?? -Infinity, distribution(scan.scores));
      for (const h of vector) if (h.score >= floor) kept.add(h.id);
    }
    return retrieve({
      lexical,
      vector: vector.map((h) => h.id),
      keep: (id) => kept.has(id),
      chunkOf: (id) => this.chunks.get(id),
      budgetTokens: q.budgetTokens,
      maxChunks: q.maxChunks,
    });
  }
}
