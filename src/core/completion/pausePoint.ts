// Where the cursor is, as a predictor of a pause: people stop typing at the start of a new line (deciding
// what comes next), after a clause's punctuation (an opened call or block, an assignment, a separator, a
// comment's or a sentence's end); after a closing bracket or a member's dot they usually go on, and inside
// a word they are still spelling. The debounce waits the least where a pause is likely, since a request
// sent there is the one the user will wait for, and the most inside a word, where it would be typed over.

import { indentWidth } from '../text/indent';

export type PausePoint = 'lineStart' | 'clause' | 'boundary' | 'word';

export const PAUSE_POINTS: readonly PausePoint[] = ['lineStart', 'clause', 'boundary', 'word'];

/** After these the user often stops to think: an opened block or call, an assignment, a separator, a comment's end. */
const CLAUSE = /(?:[({[:;,=]|=>|->|\*\/|-->|\w[!?]["')\]]?)\s*$/;
/** Other punctuation: a closing bracket, a member's dot (or a sentence's end: the two look alike). */
const BOUNDARY = /(?:[)}\]>.]["')\]]?)\s*$/;

/** Indentation widths of the lines with content in `prefixLines`, from the nearest up. Reads from the end
 * only as far as it needs (it runs on every keystroke at a blank line, the window can be long). */
function indents(prefixLines: string, limit = 40): number[] {
  const out: number[] = [];
  let end = prefixLines.length;
  while (out.length < limit) {
    const start = end === 0 ? 0 : prefixLines.lastIndexOf('\n', end - 1) + 1;
    const line = prefixLines.slice(start, end);
    if (line.trim() !== '') out.push(indentWidth(line));
    if (start === 0) break;
    end = start - 1;
  }
  return out;
}

/**
 * `prefixLines`: the lines above. A blank line prefix is a new line's start when it has the indentation
 * the editor gives after Enter: the line above's or deeper, or the level of an enclosing line (a dedent
 * after a block's end, which editors apply on Enter or with one Backspace). Indentation between those
 * levels, still being typed space by space, is a clause's end: a pause is likely, but not as likely.
 */
export function pausePointOf(linePrefix: string, prefixLines = ''): PausePoint {
  if (linePrefix.trim() === '') {
    const width = indentWidth(linePrefix);
    const above = indents(prefixLines);
    return width >= (above[0] ?? 0) || above.includes(width) ? 'lineStart' : 'clause';
  }
  if (CLAUSE.test(linePrefix)) return 'clause';
  if (BOUNDARY.test(linePrefix)) return 'boundary';
  return /\w$/.test(linePrefix) ? 'word' : 'boundary';
}
