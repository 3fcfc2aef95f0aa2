// The line model the chunker works on: for each line its nesting level and whether a unit may start there.
// Brace languages: the bracket depth at the line's start, counted outside comments and strings (the comment
// scanner finds the comments; strings are skipped here with the same syntax table). Indentation languages:
// the indent, and no unit starts inside an open bracket or a multi-line string.
import { scanComments, type CommentSyntax, type StringSyntax } from '../comments';
import { estimateTokens } from '../text/tokens';

export interface LineModel {
  lines: string[];
  /** Nesting level at the start of each line. */
  level: number[];
  /** The line is blank (whitespace only) and not inside a string or comment. */
  blank: boolean[];
  /** A unit (declaration, statement) may begin on this line. */
  canStart: boolean[];
  /** prefix[i] = estimated tokens of lines [0, i). */
  prefix: number[];
}

const OPEN = new Set(['{', '(', '[']);
const CLOSE = new Set(['}', ')', ']']);
const TAB_WIDTH = 4;

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** Offset just after a string opened at `pos` by `s` (at the line's end for an unterminated one-line string). */
function skipString(text: string, pos: number, s: StringSyntax): number {
  let i = pos + s.open.length;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && s.escape === 'backslash') {
      i += 2;
      continue;
    }
    if (!s.multiline && ch === '\n') return i;
    if (text.startsWith(s.close, i)) {
      if (s.escape === 'double' && text.startsWith(s.close, i + s.close.length)) {
        i += 2 * s.close.length;
        continue;
      }
      return i + s.close.length;
    }
    i++;
  }
  return i;
}

interface Scan {
  /** Bracket depth at each line's start. */
  depth: number[];
  /** The line starts inside a comment or string. */
  inside: boolean[];
}

function scanBrackets(text: string, lineCount: number, syntax: CommentSyntax): Scan {
  const depth = new Array<number>(lineCount).fill(0);
  const inside = new Array<boolean>(lineCount).fill(false);
  const comments = scanComments(text, syntax);
  const strings = [...syntax.strings].filter((s) => s.open !== '').sort((a, b) => b.open.length - a.open.length);
  let c = 0;
  let d = 0;
  let line = 0;
  /** Moves over [from, to) which is a comment or a string: lines starting in it are inside. */
  const jump = (from: number, to: number): void => {
    for (let k = text.indexOf('\n', from); k >= 0 && k < to - 1; k = text.indexOf('\n', k + 1)) {
      line++;
      depth[line] = d;
      inside[line] = true;
    }
  };
  let i = 0;
  while (i < text.length) {
    while (c < comments.length && (comments[c]?.end ?? 0) <= i) c++;
    const comment = comments[c];
    if (comment && comment.start === i) {
      jump(i, comment.end);
      i = comment.end;
      continue;
    }
    const ch = text[i] ?? '';
    if (ch === '\n') {
      line++;
      depth[line] = d;
      i++;
      continue;
    }
    const s = strings.find((x) => text.startsWith(x.open, i));
    if (s) {
      const end = skipString(text, i, s);
      jump(i, end);
      i = end;
      continue;
    }
    if (OPEN.has(ch)) d++;
    else if (CLOSE.has(ch)) d = Math.max(0, d - 1);
    i++;
  }
  return { depth, inside };
}

function indentOf(line: string): number {
  let n = 0;
  for (const ch of line) {
    if (ch === ' ') n++;
    else if (ch === '\t') n += TAB_WIDTH - (n % TAB_WIDTH);
    else break;
  }
  return n;
}

function tokenPrefix(lines: string[]): number[] {
  const prefix = [0];
  // +1 per line for its line break, so that many short lines are not counted as free.
  for (const l of lines) prefix.push((prefix[prefix.length - 1] ?? 0) + estimateTokens(l) + 1);
  return prefix;
}

export function lineModel(text: string, mode: 'brace' | 'indent' | 'flat', syntax?: CommentSyntax): LineModel {
  const lines = splitLines(text);
  const n = lines.length;
  const scan = syntax ? scanBrackets(text.replace(/\r\n/g, '\n'), n, syntax) : { depth: new Array<number>(n).fill(0), inside: new Array<boolean>(n).fill(false) };
  const level: number[] = [];
  const blank: boolean[] = [];
  const canStart: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const isBlank = (lines[i] ?? '').trim() === '' && !scan.inside[i];
    blank.push(isBlank);
    const inside = scan.inside[i] ?? false;
    const depth = scan.depth[i] ?? 0;
    if (mode === 'indent') {
      level.push(indentOf(lines[i] ?? ''));
      canStart.push(!isBlank && !inside && depth === 0);
    } else {
      level.push(mode === 'brace' ? depth : 0);
      // A line that opens with a closer (`}`, `) {`, `]`) continues what came before.
      canStart.push(!isBlank && !inside && !/^\s*[)\]}]/.test(lines[i] ?? ''));
    }
  }
  return { lines, level, blank, canStart, prefix: tokenPrefix(lines) };
}

export function rangeTokens(m: LineModel, start: number, end: number): number {
  return (m.prefix[end + 1] ?? 0) - (m.prefix[start] ?? 0);
}
