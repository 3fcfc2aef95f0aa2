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
const QUESTION_STOP_WORDS = new Set(
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
    this.search_ = ms ?? new MiniSearch<LexicalDoc>(OPTIONS);
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
   * Adds many documents. Into an empty index they go in one pass (bulkIndex: seconds for 50 000 chunks instead
   * of tens); otherwise one by one.
   */
  addAll(docs: readonly LexicalDoc[]): void {
    this.assertNotBuilding();
    if (this.search_.documentCount === 0 && docs.length > 0) {
      const builder = new BulkBuilder();
      for (const d of docs) builder.add(d);
      const ms = new ChunkMiniSearch(OPTIONS);
      ms.loadDocuments(builder);
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
        ms.loadDocuments(builder);
        await pause();
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
    const hits = this.search_.search(query, { tokenize: () => terms });
    const out: Scored[] = [];
    for (const h of hits) {
      if (out.length >= limit) break;
      out.push({ id: h.id as number, score: h.score });
    }
    return out;
  }

  toJSON(): string {
    return JSON.stringify(this.search_);
  }
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
    const all = new Set<string>();
    for (const p of this.postings) for (const term of p.keys()) all.add(term);
    for (const term of all) yield [term, this.postings.map((p) => p.get(term))];
  }
}

function countTerms(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokenize(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** MiniSearch with a bulk load for an empty index through its protected fields (the class is made to be extended). */
class ChunkMiniSearch extends MiniSearch<LexicalDoc> {
  loadDocuments(b: BulkBuilder): void {
    if (this._documentCount !== 0 || this._nextId !== 0) throw new Error('bulk load into a non-empty index');
    b.ids.forEach((id, shortId) => {
      this._documentIds.set(shortId, id);
      this._idToShortId.set(id, shortId);
      this._fieldLength.set(shortId, b.fieldLength[shortId] ?? []);
    });
    this._documentCount = b.ids.length;
    this._nextId = b.ids.length;
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
