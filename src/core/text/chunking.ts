// Splits a long text into consecutive chunks that each fit a token budget, cutting at the most natural
// boundary in reach: headings, then paragraphs and list items in Markdown; top-level declarations, then
// blank lines in code; paragraphs in prose. A single line longer than the budget is cut at a sentence end,
// then at a space, and only then anywhere. The chunks put together give back the text exactly, and each
// one's estimateTokens() is within the budget.
import { tokenClass, tokensOf } from './tokens';
import { indentWidth } from './indent';

export type ChunkKind = 'markdown' | 'code' | 'prose';

export interface Chunk {
  text: string;
  /** Offsets in the whole text: [start, end). */
  start: number;
  end: number;
  /** Lines (0-based) of the first and last character. */
  startLine: number;
  endLine: number;
}

const MARKDOWN_LANGUAGES = new Set(['markdown', 'mdx', 'rmd', 'quarto', 'restructuredtext', 'asciidoc', 'org']);
const PROSE_LANGUAGES = new Set(['plaintext', 'text', 'log', '']);

export function chunkKindFor(languageId: string): ChunkKind {
  if (MARKDOWN_LANGUAGES.has(languageId)) return 'markdown';
  if (PROSE_LANGUAGES.has(languageId)) return 'prose';
  return 'code';
}

/** estimateTokens() of any slice in O(1), from prefix counts of the two kinds of characters (see tokenClass). */
export class TokenCounter {
  private readonly ascii: Int32Array;
  private readonly whole: Int32Array;

  constructor(text: string) {
    this.ascii = new Int32Array(text.length + 1);
    this.whole = new Int32Array(text.length + 1);
    for (let i = 0; i < text.length; i++) {
      const kind = tokenClass(text.charCodeAt(i));
      this.ascii[i + 1] = (this.ascii[i] as number) + (kind === 0 ? 1 : 0);
      this.whole[i + 1] = (this.whole[i] as number) + (kind === 1 ? 1 : 0);
    }
  }

  tokens(start: number, end: number): number {
    const ascii = (this.ascii[end] as number) - (this.ascii[start] as number);
    const whole = (this.whole[end] as number) - (this.whole[start] as number);
    return tokensOf(ascii, whole);
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) if (i + 1 < text.length) starts.push(i + 1);
  return starts;
}


const CLOSER = /^(\}[;,)]*|\)[;,]*|end|fi|done|esac|#endif|\]\s*;?)$/;

/** How good a cut before each line is (0: never, higher: better). */
function boundaryStrengths(lines: string[], kind: ChunkKind): number[] {
  const strengths = new Array<number>(lines.length).fill(1);
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const trimmed = line.trim();
    const prev = i > 0 ? (lines[i - 1] as string).trim() : '';
    const prevBlank = i > 0 && prev === '';
    if (kind === 'markdown') {
      const fence = /^\s{0,3}(```|~~~)/.test(line);
      if (inFence) {
        strengths[i] = 0;
        if (fence) inFence = false;
        continue;
      }
      if (fence) inFence = true;
      const heading = /^(#{1,6})\s/.exec(line);
      if (heading) strengths[i] = 10 - (heading[1] as string).length;
      else if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) strengths[i] = 7;
      else if (prevBlank && trimmed !== '') strengths[i] = 3;
      else if (/^\s*([-*+]|\d+[.)])\s/.test(line)) strengths[i] = 2;
    } else if (kind === 'code') {
      if (trimmed === '') continue;
      const indent = indentWidth(line);
      if (prevBlank) strengths[i] = indent === 0 ? 6 : indent <= 4 ? 4 : 3;
      else if (indent === 0 && CLOSER.test(prev)) strengths[i] = 5;
      else if (indent === 0) strengths[i] = 2;
    } else if (prevBlank && trimmed !== '') {
      strengths[i] = 4;
    }
  }
  return strengths;
}

const SENTENCE_END = /[.!?;。！？；](?:["'”’)\]]*)(?=\s|$)|[。！？；]/g;

/** Cuts one over-long span into pieces within the budget: at sentence ends, then spaces, then anywhere. */
function splitSpan(text: string, start: number, end: number, max: number, counter: TokenCounter): number[] {
  const cuts: number[] = [];
  let a = start;
  while (counter.tokens(a, end) > max) {
    let lo = a + 1;
    let hi = end;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (counter.tokens(a, mid) <= max) lo = mid;
      else hi = mid - 1;
    }
    let fit = Math.max(lo, a + 1);
    const code = text.charCodeAt(fit - 1);
    if (code >= 0xd800 && code <= 0xdbff && fit - 1 > a) fit--; // never between the halves of a surrogate pair
    const window = text.slice(a, fit);
    const half = Math.floor(window.length / 2);
    let cut = -1;
    for (const m of window.matchAll(SENTENCE_END)) {
      const after = (m.index ?? 0) + m[0].length;
      if (after >= half && after < window.length) cut = after;
    }
    if (cut < 0) {
      const space = window.lastIndexOf(' ');
      if (space >= half) cut = space + 1;
    }
    if (cut < 0) cut = window.length;
    // Keep the whitespace after a sentence with the sentence.
    while (cut < window.length && /[ \t]/.test(window[cut] as string)) cut++;
    a += cut;
    cuts.push(a);
  }
  return cuts;
}

/** Splits `text` into chunks whose token estimate is at most `maxTokens`. */
export function splitIntoChunks(text: string, maxTokens: number, kind: ChunkKind): Chunk[] {
  if (text === '') return [];
  const max = Math.max(1, Math.floor(maxTokens));
  const counter = new TokenCounter(text);
  const starts = lineStartsOf(text);
  const lineCount = starts.length;
  const lineStart = (i: number): number => (i >= lineCount ? text.length : (starts[i] as number));
  const lines = starts.map((s, i) => text.slice(s, lineStart(i + 1)).replace(/\r?\n$/, ''));
  const strengths = boundaryStrengths(lines, kind);
  const cuts: number[] = [];
  let first = 0;
  while (first < lineCount) {
    const from = lineStart(first);
    if (counter.tokens(from, text.length) <= max) break;
    let fits = first;
    while (fits < lineCount && counter.tokens(from, lineStart(fits + 1)) <= max) fits++;
    if (fits === first) {
      // The line alone is over the budget.
      const end = lineStart(first + 1);
      const pieces = splitSpan(text, from, end, max, counter);
      cuts.push(...pieces.filter((p) => p < end));
      if (pieces[pieces.length - 1] !== end) cuts.push(end);
      first++;
      continue;
    }
    // Cut before line c, for c in (first, fits]: the strongest boundary, preferring fuller chunks.
    let best = fits;
    let bestScore = -Infinity;
    for (let c = fits; c > first; c--) {
      const fill = counter.tokens(from, lineStart(c)) / max;
      if (fill < 0.3) break;
      const strength = strengths[c] ?? 1;
      if (strength === 0) continue;
      const score = strength + 2 * fill;
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    cuts.push(lineStart(best));
    first = best;
  }
  const bounds = [0, ...cuts.filter((c, i, all) => c > 0 && c < text.length && c !== all[i - 1]), text.length];
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineCount - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const chunks: Chunk[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i] as number;
    const end = bounds[i + 1] as number;
    if (end <= start) continue;
    chunks.push({ text: text.slice(start, end), start, end, startLine: lineOf(start), endLine: lineOf(end - 1) });
  }
  return chunks;
}
