// Where the cursor is, as a predictor of a pause: people stop typing at the start of a new line (deciding
// what comes next), after a statement's or a clause's punctuation, and at a sentence's end; inside a word
// they are still spelling. The debounce waits the least where a pause is likely, since a request sent
// there is the one the user will wait for, and the most inside a word, where it would be typed over.

import { indentWidth } from '../text/indent';

export type PausePoint = 'lineStart' | 'boundary' | 'word';

/** After these the user often stops to think: an opened block or call, an assignment, a statement's end. */
const BOUNDARY = /(?:[(){}[\]:;,=>]|\*\/|-->|[.!?]["')\]]?)\s*$/;

/** The indentation of the last line with content in `prefixLines` (the lines above the cursor's). */
function previousIndent(prefixLines: string): number {
  let end = prefixLines.length;
  while (end > 0) {
    const start = prefixLines.lastIndexOf('\n', end - 1 - (prefixLines[end - 1] === '\n' ? 1 : 0)) + 1;
    const line = prefixLines.slice(start, prefixLines[end - 1] === '\n' ? end - 1 : end);
    if (line.trim() !== '') return indentWidth(line);
    end = start;
  }
  return 0;
}

/**
 * `prefixLines`: the lines above (to tell the editor's auto-indent, which reaches the indentation of the
 * line above or deeper, from indentation the user is still typing space by space).
 */
export function pausePointOf(linePrefix: string, prefixLines = ''): PausePoint {
  if (linePrefix.trim() === '') return indentWidth(linePrefix) >= previousIndent(prefixLines) ? 'lineStart' : 'boundary';
  if (BOUNDARY.test(linePrefix)) return 'boundary';
  return /\w$/.test(linePrefix) ? 'word' : 'boundary';
}
