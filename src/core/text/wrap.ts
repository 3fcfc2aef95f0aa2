// Greedy line wrapping for prose in any script. Latin text breaks at spaces; CJK text may break between any
// two characters, except before closing punctuation (，。）) or after opening punctuation (（「), the
// rules Chinese and Japanese typesetting follow. Inline code in backticks and URLs are never broken.
import { displayWidth, isWideCodePoint } from './width';

/** Characters that must not start a line. */
const NO_LINE_START = new Set([...'，。、；：！？）」』】〕》〉”’…—,.;:!?)]}%']);
/** Characters that must not end a line. */
const NO_LINE_END = new Set([...'（「『【〔《〈“‘([{']);

const UNBREAKABLE = /`[^`\n]*`|https?:\/\/[^\s<>"'`）)\]]+/gy;

interface Atom {
  text: string;
  width: number;
  space: boolean;
  /** A break is allowed between the previous atom and this one even without a space (CJK). */
  breakBefore: boolean;
}

function isWide(ch: string): boolean {
  return isWideCodePoint(ch.codePointAt(0) ?? 0);
}

function atoms(text: string): Atom[] {
  const out: Atom[] = [];
  const chars = Array.from(text);
  let i = 0;
  let offset = 0;
  const push = (t: string, space: boolean, breakBefore: boolean): void => {
    out.push({ text: t, width: displayWidth(t), space, breakBefore });
  };
  while (i < chars.length) {
    UNBREAKABLE.lastIndex = offset;
    const protectedMatch = UNBREAKABLE.exec(text);
    if (protectedMatch && protectedMatch.index === offset) {
      const prev = out[out.length - 1];
      push(protectedMatch[0], false, prev !== undefined && !prev.space && isWide(prev.text.slice(-1)));
      const n = Array.from(protectedMatch[0]).length;
      i += n;
      offset += protectedMatch[0].length;
      continue;
    }
    const ch = chars[i] as string;
    if (/\s/.test(ch)) {
      let run = '';
      while (i < chars.length && /\s/.test(chars[i] as string)) {
        run += chars[i];
        i++;
      }
      offset += run.length;
      push(run, true, true);
      continue;
    }
    if (isWide(ch) || NO_LINE_START.has(ch) && isWide(chars[i - 1] ?? '')) {
      const prev = out[out.length - 1];
      const breakBefore = prev !== undefined && !prev.space && !NO_LINE_START.has(ch) && !NO_LINE_END.has(prev.text.slice(-1));
      push(ch, false, breakBefore);
      i++;
      offset += ch.length;
      continue;
    }
    let word = '';
    while (i < chars.length) {
      const c = chars[i] as string;
      if (/\s/.test(c) || isWide(c)) break;
      if (word !== '' && (c === '`' || text.startsWith('http://', offset) || text.startsWith('https://', offset))) break;
      word += c;
      i++;
      offset += c.length;
    }
    const prev = out[out.length - 1];
    const breakBefore = prev !== undefined && !prev.space && isWide(prev.text.slice(-1)) && !NO_LINE_START.has(word[0] ?? '') && !NO_LINE_END.has(prev.text.slice(-1));
    push(word, false, breakBefore);
  }
  return out;
}

/**
 * Wraps `text` (one paragraph) into lines of at most `width` columns (`firstWidth` for the first line).
 * A piece that cannot be broken (a long URL or word) gets a line of its own, even if it is wider.
 */
export function wrapText(text: string, width: number, firstWidth = width): string[] {
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  let limit = Math.max(1, firstWidth);
  let pendingSpace = false;
  const flush = (): void => {
    lines.push(line);
    line = '';
    lineWidth = 0;
    pendingSpace = false;
    limit = Math.max(1, width);
  };
  for (const atom of atoms(text.trim())) {
    if (atom.space) {
      pendingSpace = line !== '';
      continue;
    }
    const gap = pendingSpace ? 1 : 0;
    const canBreak = line !== '' && (pendingSpace || atom.breakBefore);
    if (canBreak && lineWidth + gap + atom.width > limit) {
      flush();
    } else if (pendingSpace) {
      line += ' ';
      lineWidth += 1;
    }
    pendingSpace = false;
    line += atom.text;
    lineWidth += atom.width;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** Ends a sentence or a clause: the best places to end a line when the number of lines is fixed. */
const SENTENCE_END = /[.!?;:。！？；：…]$/u;
/** Ends a phrase: the next best places. */
const PHRASE_END = /[,，、)）]$/u;

/**
 * Spreads `text` (one paragraph) over exactly `count` lines, at the places `wrapText` may break (spaces,
 * between CJK characters, never inside code or URLs), each line about as wide as the original line it
 * replaces (`shares`, its display width), ending lines at a sentence or clause where one is near.
 * Lines stay empty ('') only when the text has fewer places to break than lines are needed.
 */
export function distributeText(text: string, count: number, shares: readonly number[] = []): string[] {
  const list = atoms(text.trim());
  if (count <= 1) return [piece(list)];
  // Break candidates: before atom j (a space is dropped, a CJK character starts the next line).
  const starts: number[] = [];
  const widthBefore: number[] = [];
  const ending: number[] = [];
  let width = 0;
  let lastWord = '';
  list.forEach((atom, j) => {
    if (j > 0 && (atom.space || atom.breakBefore) && !list[j - 1]?.space) {
      starts.push(j);
      widthBefore.push(width);
      ending.push(SENTENCE_END.test(lastWord) ? 1 : PHRASE_END.test(lastWord) ? 0.6 : 0);
    }
    width += atom.space ? 1 : atom.width;
    if (!atom.space) lastWord = atom.text;
  });
  const total = width;
  const weights = Array.from({ length: count }, (_, k) => Math.max(1, shares[k] ?? 1));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const perLine = total / count;
  const bonus = Math.min(12, perLine * 0.3);
  const cuts: number[] = [];
  let from = 0;
  let cumulative = 0;
  for (let k = 0; k < count - 1; k++) {
    cumulative += weights[k] ?? 1;
    const goal = (total * cumulative) / weightSum;
    // Leave at least one candidate for each line still to come.
    const last = starts.length - (count - 2 - k);
    let best = -1;
    let bestScore = Infinity;
    for (let c = from; c < last; c++) {
      const score = Math.abs((widthBefore[c] ?? 0) - goal) - bonus * (ending[c] ?? 0);
      if (score < bestScore) {
        best = c;
        bestScore = score;
      }
    }
    if (best < 0) break;
    cuts.push(starts[best] ?? list.length);
    from = best + 1;
  }
  const lines: string[] = [];
  let at = 0;
  for (const cut of [...cuts, list.length]) {
    lines.push(piece(list.slice(at, cut)));
    at = cut;
  }
  while (lines.length < count) lines.push('');
  return lines;
}

/** Atoms back into text: a run of spaces is one space, none at either end. */
function piece(list: readonly Atom[]): string {
  let out = '';
  for (const atom of list) out += atom.space ? ' ' : atom.text;
  return out.trim();
}

/** Joins the lines of a paragraph: a space between words, nothing between two CJK characters. */
export function joinLines(lines: readonly string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (out === '') {
      out = line;
      continue;
    }
    const last = out.slice(-1);
    const first = line[0] ?? '';
    out += isWide(last) && isWide(first) ? line : ` ${line}`;
  }
  return out;
}

