// A paragraph of a comment that mixes the target language with another (an English header line over a
// Chinese line, a Chinese line followed by an English sentence) is split at line boundaries into runs:
// the foreign runs are translated, the runs already in the target stay byte for byte.
import type { Language } from '../prompts/languages';
import { joinLines } from '../text/wrap';
import { hasForeignSentence, isClearlyInLanguage, isInLanguage } from './detect';
import type { BodyLine } from './frame';
import { hasProse } from './prose';
import type { Segment } from './segments';

type TextSegment = Extract<Segment, { kind: 'text' }>;

export interface LanguageRun {
  segment: TextSegment;
  /** Not (all) in the target language: to translate. */
  foreign: boolean;
}

/** The text of body line `i` that belongs to `segment` (without its lead on the first line). */
function lineText(segment: TextSegment, lines: readonly BodyLine[], i: number): string {
  const text = lines[i]?.text ?? '';
  return i === segment.from ? text.slice(segment.lead.length) : text;
}

/**
 * Splits `segment` into runs of lines in and not in `target`. A paragraph that is in the target as a whole
 * is foreign only where a sentence clearly is; one that is not is in the target only where a line clearly is.
 * Lines without prose go with the line before them. One run when the paragraph is not mixed.
 */
export function languageRuns(segment: TextSegment, lines: readonly BodyLine[], target: Language): LanguageRun[] {
  const wholeIn = isInLanguage(segment.text, target);
  const count = segment.to - segment.from;
  if (count < 2) {
    const foreign = !wholeIn || hasForeignSentence(segment.text, target);
    return [{ segment, foreign }];
  }
  const foreignLines: Array<boolean | undefined> = [];
  for (let i = segment.from; i < segment.to; i++) {
    const text = lineText(segment, lines, i);
    if (!hasProse(text)) foreignLines.push(undefined);
    else foreignLines.push(wholeIn ? hasForeignSentence(text, target) : !isClearlyInLanguage(text, target));
  }
  // Lines without prose of their own follow the line before (or, at the start, the first line with prose).
  const firstKnown = foreignLines.find((f) => f !== undefined) ?? !wholeIn;
  let previous = firstKnown;
  const classes = foreignLines.map((f) => (previous = f ?? previous));
  if (classes.every((c) => c === classes[0])) return [{ segment, foreign: classes[0] ?? !wholeIn }];

  const runs: LanguageRun[] = [];
  let start = 0;
  for (let k = 1; k <= classes.length; k++) {
    if (k < classes.length && classes[k] === classes[start]) continue;
    const from = segment.from + start;
    const to = segment.from + k;
    const parts: string[] = [];
    for (let i = from; i < to; i++) parts.push(lineText(segment, lines, i));
    const lead = from === segment.from ? segment.lead : (/^[ \t]*/.exec(lines[from]?.text ?? '')?.[0] ?? '');
    runs.push({
      segment: { kind: 'text', from, to, lead, trail: to === segment.to ? segment.trail : '', hang: segment.hang, text: joinLines(parts) },
      foreign: classes[start] ?? true,
    });
    start = k;
  }
  return runs;
}
