// Where the cursor is, as a predictor of a pause: people stop typing at the start of a new line (deciding
// what comes next), after a statement's or a clause's punctuation, and at a sentence's end; inside a word
// they are still spelling. The debounce waits the least where a pause is likely, since a request sent
// there is the one the user will wait for, and the most inside a word, where it would be typed over.

export type PausePoint = 'lineStart' | 'boundary' | 'word';

/** After these the user often stops to think: an opened block or call, an assignment, a statement's end. */
const BOUNDARY = /(?:[(){}[\]:;,=>]|\*\/|-->|[.!?]["')\]]?)\s*$/;

export function pausePointOf(linePrefix: string): PausePoint {
  if (linePrefix.trim() === '') return 'lineStart';
  if (BOUNDARY.test(linePrefix)) return 'boundary';
  return /\w$/.test(linePrefix) ? 'word' : 'boundary';
}
