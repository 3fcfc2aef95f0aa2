// The lexical index: BM25 ranking (MiniSearch's BM25+) over chunk text and path, with the identifier-aware
// tokenizer. MiniSearch rather than our own BM25: pure JavaScript (one .vsix for every platform), small
// (~20 kB minified), maintained, with add / discard (incremental updates) and JSON serialization built in.
import MiniSearch from 'minisearch';
import { tokenize } from './tokenize';

interface LexicalDoc {
  id: number;
  text: string;
  path: string;
}

/**
 * English function words dropped from questions (never from documents): they carry nothing a chunk could be
 * ranked by, and each one would pull most of the index into the result set before ranking. A question made
 * only of them is searched as it is.
 */
export const QUESTION_STOP_WORDS: ReadonlySet<string> = new Set(
  'a an and are as at be been but by can could did do does for from how i if in into is it its me my of on or please should show tell that the their there these this those to us was we were what when where which who why will with would you your'.split(' '),
);

export interface Scored {
  id: number;
  score: number;
}

const OPTIONS = {
  fields: ['text', 'path'],
  idField: 'id',
  tokenize,
  // tokenize() already lowercases; the identity keeps MiniSearch from doing it twice.
  processTerm: (term: string): string => term,
  searchOptions: { combineWith: 'OR' as const, boost: { path: 2 }, tokenize, processTerm: (term: string): string => term },
};

export class LexicalIndex {
  private search_: MiniSearch<LexicalDoc>;
  /** Set while addAllAsync builds a new index, which replaces this one at its end. */
  private building = false;

  private constructor(ms?: MiniSearch<LexicalDoc>) {
    this.search_ = ms ?? new ChunkMiniSearch(OPTIONS);
  }

  static empty(): LexicalIndex {
    return new LexicalIndex();
  }

  /** An index saved with toJSON(). */
  static fromJSON(json: string): LexicalIndex {
    return new LexicalIndex(MiniSearch.loadJSON<LexicalDoc>(json, OPTIONS));
  }

  get size(): number {
    return this.search_.documentCount;
  }

  add(id: number, path: string, text: string): void {
    this.assertNotBuilding();
    this.search_.add({ id, path, text });
  }

  /**
   * Adds many documents. Into an empty index they go in one pass (BulkBuilder: seconds for 50 000 chunks instead
   * of tens); otherwise one by one.
   */
  addAll(docs: readonly LexicalDoc[]): void {
    this.assertNotBuilding();
    if (this.search_.documentCount === 0 && docs.length > 0) {
      const builder = new BulkBuilder();
      for (const d of docs) builder.add(d);
      const ms = new ChunkMiniSearch(OPTIONS);
      ms.loadDocuments(builder, 0, builder.ids.length);
      for (const [term, fields] of builder.terms()) ms.loadTerm(term, fields);
      this.search_ = ms;
      return;
    }
    for (const d of docs) this.search_.add({ id: d.id, path: d.path, text: d.text });
  }

  /**
   * addAll() in slices of about `sliceMs` of work with a turn of the event loop between them, so that a large
   * build never holds the extension host for long (the bench's "index" section measures the longest slice).
   * The index must not be changed until the promise settles (add and remove throw meanwhile); on abort it is
   * left as it was and the promise rejects with the signal's reason.
   */
  async addAllAsync(docs: readonly LexicalDoc[], options: { sliceMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    this.assertNotBuilding();
    const sliceMs = options.sliceMs ?? 20;
    const signal = options.signal;
    this.building = true;
    try {
      let sliceStart = Date.now();
      const pause = async (): Promise<void> => {
        if (Date.now() - sliceStart < sliceMs) return;
        await yieldToEventLoop();
        signal?.throwIfAborted();
        sliceStart = Date.now();
      };
      signal?.throwIfAborted();
      if (this.search_.documentCount === 0 && docs.length > 0) {
        const builder = new BulkBuilder();
        for (const d of docs) {
          builder.add(d);
          await pause();
        }
        const ms = new ChunkMiniSearch(OPTIONS);
        for (let from = 0; from < builder.ids.length; from += 2000) {
          ms.loadDocuments(builder, from, from + 2000);
          await pause();
        }
        for (const [term, fields] of builder.terms()) {
          ms.loadTerm(term, fields);
          await pause();
        }
        this.search_ = ms;
        return;
      }
      const added: number[] = [];
      try {
        for (const d of docs) {
          this.search_.add({ id: d.id, path: d.path, text: d.text });
          added.push(d.id);
          await pause();
        }
      } catch (err) {
        for (const id of added) this.search_.discard(id);
        throw err;
      }
    } finally {
      this.building = false;
    }
  }

  private assertNotBuilding(): void {
    if (this.building) throw new Error('the lexical index is being built (addAllAsync)');
  }

  has(id: number): boolean {
    return this.search_.has(id);
  }

  remove(id: number): void {
    this.assertNotBuilding();
    if (this.search_.has(id)) this.search_.discard(id);
  }

  /** The best `limit` chunks for `query`, best first. */
  query(query: string, limit: number): Scored[] {
    const all = tokenize(query);
    if (all.length === 0) return [];
    const meaningful = all.filter((t) => !QUESTION_STOP_WORDS.has(t));
    const terms = meaningful.length > 0 ? meaningful : all;
    if (this.search_ instanceof ChunkMiniSearch) return this.search_.best(terms, limit);
    // An index loaded by fromJSON: MiniSearch's own search (the reference the unit tests compare best() with).
    const hits = this.search_.search(query, { tokenize: () => terms });
    const out: Scored[] = [];
    for (const h of hits) {
      if (out.length >= limit) break;
      out.push({ id: h.id as number, score: h.score });
    }
    return out;
  }

  /**
   * In how many chunks `term` occurs, in the text or the path (the larger of the two fields' counts: a close
   * lower bound of the union, for the idf relevance.ts weighs a term by).
   */
  documentFrequency(term: string): number {
    return termFrequencies(this.search_, term);
  }

  toJSON(): string {
    return JSON.stringify(this.search_);
  }
}

/** MiniSearch's posting lists of `term`, through its protected index (the class is made to be extended). */
function termFrequencies(ms: MiniSearch<LexicalDoc>, term: string): number {
  const data = (ms as unknown as { _index: { get(term: string): Map<number, Map<number, number>> | undefined } })._index.get(term);
  let df = 0;
  for (const freqs of data?.values() ?? []) df = Math.max(df, freqs.size);
  return df;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * An empty index's documents counted in plain Maps and arrays. MiniSearch's add() looks every occurrence of
 * every term up in its radix tree (a walk over Maps, several µs a term: 42 s for the bench's 50 000 chunks);
 * here each document's terms are counted once, and each distinct term goes into the tree once at the end
 * (ChunkMiniSearch). The result is the index add() would have built, field lengths and averages computed in
 * the same order: a unit test compares the two, so an upgrade of MiniSearch that changes its internals fails
 * there, not in users' hands.
 */
class BulkBuilder {
  /** short id (position) → document id. */
  readonly ids: number[] = [];
  /** short id → number of distinct terms in each field. */
  readonly fieldLength: number[][] = [];
  readonly averageFieldLength: number[] = [];
  /** Per field id: term → [short id, frequency, short id, frequency, …]. */
  private readonly postings: Map<string, number[]>[] = OPTIONS.fields.map(() => new Map());
  private readonly seen = new Set<number>();
  /** The chunks of one file follow each other: their path's terms are counted once. */
  private lastPath: { path: string; counts: Map<string, number> } | undefined;

  add(doc: LexicalDoc): void {
    // As MiniSearch's add() would.
    if (this.seen.has(doc.id)) throw new Error(`MiniSearch: duplicate ID ${doc.id}`);
    this.seen.add(doc.id);
    const shortId = this.ids.length;
    this.ids.push(doc.id);
    const lengths: number[] = [];
    this.fieldLength.push(lengths);
    // Field ids as MiniSearch numbers them: the order of OPTIONS.fields.
    OPTIONS.fields.forEach((field, fieldId) => {
      let counts: Map<string, number>;
      if (field === 'path') {
        if (this.lastPath?.path !== doc.path) this.lastPath = { path: doc.path, counts: countTerms(doc.path) };
        counts = this.lastPath.counts;
      } else counts = countTerms(doc.text);
      lengths[fieldId] = counts.size;
      // MiniSearch's running average, the same arithmetic in the same order.
      this.averageFieldLength[fieldId] = ((this.averageFieldLength[fieldId] ?? 0) * shortId + counts.size) / (shortId + 1);
      const postings = this.postings[fieldId] as Map<string, number[]>;
      for (const [term, n] of counts) {
        // MiniSearch indexes no empty term (though it counts it in the field's length).
        if (!term) continue;
        const list = postings.get(term);
        if (list) list.push(shortId, n);
        else postings.set(term, [shortId, n]);
      }
    });
  }

  /** Each distinct term with its postings per field id (undefined where the field lacks it). */
  *terms(): Generator<[string, (number[] | undefined)[]]> {
    for (const [fieldId, postings] of this.postings.entries()) {
      for (const term of postings.keys()) {
        // A term seen in an earlier field was given with it.
        if (this.postings.slice(0, fieldId).some((p) => p.has(term))) continue;
        yield [term, this.postings.map((p) => p.get(term))];
      }
    }
  }
}

function countTerms(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokenize(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/**
 * MiniSearch with a bulk load for an empty index and a leaner search, through its protected fields (the class
 * is made to be extended).
 */
class ChunkMiniSearch extends MiniSearch<LexicalDoc> {
  /**
   * The `limit` best documents for `terms`: what search() returns for them with our options (exact terms,
   * combined with OR, field boosts, BM25+, the score times the number of distinct query terms matched; ties in
   * the order search() gives), to the last bit of the scores, on an index without discarded documents left
   * in its postings; where there are some, the document frequency counts live documents only (see below),
   * which search() does only once the vacuum has run. search() builds a result object with its matched terms
   * for every matching document and sorts them all: a common word matches most of 50 000 chunks, which took
   * tens of milliseconds. Here scores add up in typed arrays and a heap keeps the best. Unit tests compare
   * the two on real code, and an index kept up to date through many changes with one built afresh.
   */
  best(terms: readonly string[], limit: number): Scored[] {
    const { k, b, d } = this._options.searchOptions.bm25;
    const boost = this._options.searchOptions.boost ?? {};
    const fields = this._options.fields.map((f) => ({ id: this._fieldIds[f] as number, boost: boost[f] || 1 }));
    const { total, partial, touchedBy, position, quality } = this.scratchFor(this._nextId);
    const { live, lengths } = this.documentsNow();
    const nFields = this._options.fields.length;
    // Stamps in touchedBy (base + term index + 1) are unique across calls, so it needs no clearing.
    if (this.stamp + terms.length + 1 > 2 ** 30) {
      touchedBy.fill(0);
      this.stamp = 0;
    }
    const base = this.stamp;
    this.stamp += terms.length + 1;
    const order: number[] = [];
    const distinct = new Set<string>();
    terms.forEach((term, t) => {
      const data = this._index.get(term);
      const firstTime = !distinct.has(term);
      distinct.add(term);
      if (!data) return;
      const touched: number[] = [];
      for (const { id: fieldId, boost: fieldBoost } of fields) {
        const freqs = data.get(fieldId);
        if (!freqs) continue;
        // The document frequency counts live documents only. MiniSearch's search() starts from every posting,
        // stale ones of discarded documents included, and lowers the count as it meets them, so a document met
        // before them gets a smaller idf: its score then depends on the order of the postings and on whether
        // the asynchronous vacuum has run yet (the indexer removes and adds a file's chunks at every save
        // point, which leaves thousands). Counted first, the score is BM25+ over the documents in the index.
        let matching = 0;
        let stale: number[] | undefined;
        for (const doc of freqs.keys()) {
          if (live[doc] === 1) matching++;
          else (stale ??= []).push(doc);
        }
        // Postings of discarded documents go now, as the vacuum would remove them.
        if (stale) this.dropStale(term, data, fieldId, freqs, stale);
        if (matching === 0) continue;
        const avg = this._avgFieldLength[fieldId] as number;
        const idf = Math.log(1 + (this._documentCount - matching + 0.5) / (matching + 0.5));
        for (const [doc, tf] of freqs) {
          const length = lengths[doc * nFields + fieldId] as number;
          const weighted = fieldBoost * (idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * length) / avg))));
          if (touchedBy[doc] !== base + t + 1) {
            touchedBy[doc] = base + t + 1;
            partial[doc] = weighted;
            touched.push(doc);
          } else partial[doc] = (partial[doc] as number) + weighted;
        }
      }
      for (const doc of touched) {
        if (position[doc] === -1) {
          position[doc] = order.length;
          order.push(doc);
        }
        total[doc] = (total[doc] as number) + (partial[doc] as number);
        if (firstTime) quality[doc] = (quality[doc] as number) + 1;
      }
    });
    const best = topK(order, (doc) => (total[doc] as number) * ((quality[doc] as number) || 1), limit);
    // Only the documents touched are reset, not 50 000 entries of each array.
    for (const doc of order) {
      total[doc] = 0;
      quality[doc] = 0;
      position[doc] = -1;
    }
    return best.map((h) => ({ id: this._documentIds.get(h.doc) as number, score: h.score }));
  }

  private documents: { nextId: number; count: number; live: Uint8Array; lengths: Float64Array } | undefined;

  /**
   * Which short ids are live and their field lengths, in typed arrays rather than two Map lookups per posting;
   * made again after any add or discard (both change the next id or the count).
   */
  private documentsNow(): { live: Uint8Array; lengths: Float64Array } {
    const nextId = this._nextId;
    const count = this._documentCount;
    if (this.documents?.nextId !== nextId || this.documents.count !== count) {
      const nFields = this._options.fields.length;
      const live = new Uint8Array(nextId);
      const lengths = new Float64Array(nextId * nFields);
      for (const shortId of this._documentIds.keys()) live[shortId] = 1;
      for (const [shortId, fl] of this._fieldLength) for (let f = 0; f < nFields; f++) lengths[shortId * nFields + f] = fl[f] as number;
      this.documents = { nextId, count, live, lengths };
    }
    return this.documents;
  }

  private stamp = 0;
  private scratch: { total: Float64Array; partial: Float64Array; touchedBy: Int32Array; position: Int32Array; quality: Uint16Array } | undefined;

  /** Per-document arrays for best(), kept between queries (zero, -1 for position, between calls). */
  private scratchFor(n: number): NonNullable<ChunkMiniSearch['scratch']> {
    if (!this.scratch || this.scratch.total.length < n) {
      const size = Math.max(1024, Math.ceil(n * 1.25));
      this.scratch = { total: new Float64Array(size), partial: new Float64Array(size), touchedBy: new Int32Array(size), position: new Int32Array(size).fill(-1), quality: new Uint16Array(size) };
      this.stamp = 0;
    }
    return this.scratch;
  }

  /** Removes the postings of discarded documents `docs` from a term's field, as MiniSearch's vacuum does. */
  private dropStale(term: string, data: Map<number, Map<number, number>>, fieldId: number, freqs: Map<number, number>, docs: readonly number[]): void {
    for (const doc of docs) freqs.delete(doc);
    if (freqs.size === 0) data.delete(fieldId);
    if (data.size === 0) this._index.delete(term);
  }

  /** Documents [from, to) of the builder, in order, into a fresh index. */
  loadDocuments(b: BulkBuilder, from: number, to: number): void {
    if (from === 0 && (this._documentCount !== 0 || this._nextId !== 0)) throw new Error('bulk load into a non-empty index');
    const end = Math.min(to, b.ids.length);
    for (let shortId = from; shortId < end; shortId++) {
      const id = b.ids[shortId] as number;
      this._documentIds.set(shortId, id);
      this._idToShortId.set(id, shortId);
      this._fieldLength.set(shortId, b.fieldLength[shortId] ?? []);
    }
    this._documentCount = end;
    this._nextId = end;
    this._avgFieldLength = [...b.averageFieldLength];
  }

  loadTerm(term: string, fields: readonly (number[] | undefined)[]): void {
    const data = new Map<number, Map<number, number>>();
    fields.forEach((pairs, fieldId) => {
      if (!pairs) return;
      const freqs = new Map<number, number>();
      for (let i = 0; i < pairs.length; i += 2) freqs.set(pairs[i] as number, pairs[i + 1] as number);
      data.set(fieldId, freqs);
    });
    this._index.set(term, data);
  }
}

/** The `limit` best of `docs` by score, best first; equal scores in the order of `docs` (as a stable sort). */
function topK(docs: readonly number[], scoreOf: (doc: number) => number, limit: number): { doc: number; score: number }[] {
  if (limit <= 0) return [];
  // A min-heap of positions in `docs`: the root is the worst kept (lowest score, then latest).
  const heap: number[] = [];
  const scores: number[] = [];
  const worse = (a: number, b: number): boolean => (scores[a] as number) < (scores[b] as number) || ((scores[a] as number) === (scores[b] as number) && a > b);
  const swap = (i: number, j: number): void => {
    const t = heap[i] as number;
    heap[i] = heap[j] as number;
    heap[j] = t;
  };
  docs.forEach((doc, pos) => {
    scores[pos] = scoreOf(doc);
    if (heap.length < limit) {
      heap.push(pos);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i] as number, heap[parent] as number)) break;
        swap(i, parent);
        i = parent;
      }
      return;
    }
    if (!worse(heap[0] as number, pos)) return;
    heap[0] = pos;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const r = l + 1;
      const c = r < heap.length && worse(heap[r] as number, heap[l] as number) ? r : l;
      if (!worse(heap[c] as number, heap[i] as number)) break;
      swap(i, c);
      i = c;
    }
  });
  return heap
    .sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b)
    .map((pos) => ({ doc: docs[pos] as number, score: scores[pos] as number }));
}
