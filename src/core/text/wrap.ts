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

