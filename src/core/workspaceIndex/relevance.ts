// A floor under retrieval: which candidates carry real evidence of answering the question. Rank fusion (fuse.ts)
// orders chunks but cannot say "nothing": both retrievers always return their best, and the vector scan's best
// for a question about something absent is just the least unrelated chunk (a theme file for a question about
// tokenizing). So each candidate is kept only with evidence on its own scale, kept beside the ranks:
//
// Lexical evidence. The question's meaningful terms (questionTerms: no English or Chinese function words, no
// one-letter tokens, no cross-word bigrams through a Chinese function character), each weighed by its BM25 idf
// in this index; a term absent from the index gets the largest idf, as it is part of what was asked. The best
// possible BM25 score for the question (a chunk holding every term) grows with the sum of those idfs, so a
// chunk's share of it, `coverage`, is comparable across questions and indexes: a chunk is kept when its coverage
// reaches LEXICAL_FLOOR and half the best candidate's. An identifier of the question (camelCase, snake_case,
// dotted, letters with digits) found in a chunk is evidence by itself: it names the thing.
//
// Vector evidence. Absolute cosine levels mean nothing across models: nomic-embed-text puts unrelated code and
// questions around 0.4–0.5 and related ones around 0.6–0.8, bge-m3 around 0.3–0.45 against 0.55–0.75,
// qwen3-embedding lower again, and the stand-in's hashed words around 0 against 0.2–0.6. What holds for all of
// them is that the bulk of a workspace is unrelated to any one question, so the distribution of the whole scan's
// scores for this question is the reference: its median is what unrelated text scores with this model, its
// spread (1.4826 × median absolute deviation, a standard deviation robust to the few related chunks in the tail)
// how far unrelated text strays. A chunk counts when it stands above the median by VECTOR_MIN_GAP and by
// VECTOR_Z spreads (whichever is more), and by at least half of the best chunk's lead (so a strong answer does
// not drag in the tail behind it). With real models an answering chunk leads the median by 0.15–0.3 where the
// spread is 0.03–0.06; the best of thousands of unrelated chunks leads by about 3 spreads, which the gap and Z
// are set against; the stand-in's vectors are sharper (spread near 0.02), so the 0.1 gap is what decides there.
// Both constants err towards "nothing found": the chat says so rather than answering from noise, and the lexical
// side still finds whatever the question names.
import type { LexicalIndex } from './lexical';
import { QUESTION_STOP_WORDS } from './lexical';
import { tokenize } from './tokenize';
import type { Chunk } from './types';

/** The least share of the question's idf mass a chunk must hold to count lexically. */
export const LEXICAL_FLOOR = 0.25;
/** The least share of the best candidate's coverage. */
export const LEXICAL_RELATIVE = 0.5;
/** The least lead of a chunk's cosine over the scan's median. */
export const VECTOR_MIN_GAP = 0.1;
/** The least lead in robust standard deviations of the scan's scores. */
export const VECTOR_Z = 3;
/** The least share of the best chunk's lead over the median. */
export const VECTOR_RELATIVE = 0.5;

/**
 * Words that ask rather than say what is asked about, on top of lexical.ts's function words: a chunk that
 * shares only "work" or "implemented" with the question is not about it.
 */
const QUESTION_FILLERS = new Set(
  'about any also all anything code does doing done explain find found get give go going handle handled handles happen happens has have help here implement implemented implementation know like look make makes need not now one only other some something then thing things used use uses using way work works working'.split(' '),
);

/** Chinese function characters: a bigram holding one is either a function word or straddles two words. */
const ZH_FUNCTION_CHARS = new Set(Array.from('的了在是和与或吗呢吧啊哪么什怎这那个我你他她它们把被就都也还又及其之而请吧'));
const ZH_STOP_BIGRAMS = new Set(['如何', '为何', '可以', '能否', '一下', '有关', '关于', '相关', '所有', '哪些']);
const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /[\p{L}\p{N}_$]+(?:\.[\p{L}\p{N}_$]+)*/gu;
/** A word that names something in code: inner capitals, underscores, a dot, a $, or letters with digits. */
const IDENTIFIER = /\p{Ll}\p{Lu}|[_$.]|\p{L}\p{N}|\p{N}\p{L}/u;

export interface QuestionTerms {
  /** Distinct meaningful terms, in the tokenizer's form (lowercase). */
  readonly terms: readonly string[];
  /** Those of `terms` that are whole identifiers of the question. */
  readonly identifiers: ReadonlySet<string>;
}

function meaningful(term: string): boolean {
  if (QUESTION_STOP_WORDS.has(term) || QUESTION_FILLERS.has(term)) return false;
  if (HAN.test(term)) {
    if (ZH_STOP_BIGRAMS.has(term)) return false;
    return !Array.from(term).some((c) => ZH_FUNCTION_CHARS.has(c));
  }
  // One letter or digit ("a", "x", "2") names nothing a chunk could be found by.
  return Array.from(term.replace(/[_$.]/g, '')).length >= 2;
}

export function questionTerms(question: string): QuestionTerms {
  const identifiers = new Set<string>();
  for (const m of question.matchAll(LATIN_WORD)) {
    const word = m[0];
    if (!HAN.test(word) && IDENTIFIER.test(word) && meaningful(word.toLowerCase())) identifiers.add(word.toLowerCase());
  }
  const terms = [...new Set(tokenize(question))].filter(meaningful);
  return { terms, identifiers: new Set([...identifiers].filter((t) => terms.includes(t))) };
}

/** BM25's idf, as MiniSearch computes it. */
function idf(documents: number, df: number): number {
  return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
}

export interface LexicalEvidence {
  /** Share of the question's idf mass the chunk holds, 0..1. */
  coverage: number;
  /** The chunk holds one of the question's identifiers. */
  identifier: boolean;
}

/** Lexical evidence of each chunk (its text and path), by id. */
export function lexicalEvidence(question: QuestionTerms, index: LexicalIndex, chunks: ReadonlyMap<number, Chunk>): Map<number, LexicalEvidence> {
  const out = new Map<number, LexicalEvidence>();
  if (question.terms.length === 0) return out;
  const n = Math.max(1, index.size);
  const weights = new Map(question.terms.map((t) => [t, idf(n, index.documentFrequency(t))]));
  let total = 0;
  for (const w of weights.values()) total += w;
  for (const [id, chunk] of chunks) {
    const own = new Set(tokenize(`${chunk.path}\n${chunk.text}`));
    let held = 0;
    let identifier = false;
    for (const [t, w] of weights) {
      if (!own.has(t)) continue;
      held += w;
      if (question.identifiers.has(t)) identifier = true;
    }
    out.set(id, { coverage: total > 0 ? held / total : 0, identifier });
  }
  return out;
}

/** Ids with enough lexical evidence (see the file's comment). */
export function lexicallyRelevant(evidence: ReadonlyMap<number, LexicalEvidence>): Set<number> {
  let best = 0;
  for (const e of evidence.values()) best = Math.max(best, e.coverage);
  const floor = Math.max(LEXICAL_FLOOR, LEXICAL_RELATIVE * best);
  const out = new Set<number>();
  for (const [id, e] of evidence) if (e.identifier || (e.coverage > 0 && e.coverage >= floor)) out.add(id);
  return out;
}

export interface ScoreDistribution {
  median: number;
  /** 1.4826 × the median absolute deviation: the standard deviation of the unrelated bulk. */
  spread: number;
}

/** The k-th smallest of `a` (0-based), reordering `a` (quickselect). */
function select(a: Float32Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

function median(a: Float32Array): number {
  const n = a.length;
  if (n === 0) return 0;
  const upper = select(a, n >> 1);
  if (n % 2 === 1) return upper;
  return (select(a, (n >> 1) - 1) + upper) / 2;
}

/** Median and robust spread of every row's score (reorders `scores`). */
export function distribution(scores: Float32Array): ScoreDistribution {
  const m = median(scores);
  for (let i = 0; i < scores.length; i++) scores[i] = Math.abs((scores[i] as number) - m);
  return { median: m, spread: 1.4826 * median(scores) };
}

/** The least cosine that counts as vector evidence for this question, given its best; Infinity when none does. */
export function vectorFloor(best: number, d: ScoreDistribution): number {
  const floor = d.median + Math.max(VECTOR_MIN_GAP, VECTOR_Z * d.spread);
  if (!(best >= floor)) return Infinity;
  return Math.max(floor, d.median + VECTOR_RELATIVE * (best - d.median));
}
