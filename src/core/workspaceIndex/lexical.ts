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
  private readonly search_: MiniSearch<LexicalDoc>;

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
    this.search_.add({ id, path, text });
  }

  addAll(docs: readonly { id: number; path: string; text: string }[]): void {
    this.search_.addAll(docs.map((d) => ({ id: d.id, path: d.path, text: d.text })));
  }

  has(id: number): boolean {
    return this.search_.has(id);
  }

  remove(id: number): void {
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
