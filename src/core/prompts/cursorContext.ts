// The text around the cursor that a completion prompt is built from, read line by line from the document
// so that only what fits the token budgets is ever touched (a 100 MB file costs what a 100-line one does).
//
// The prefix's first line is kept stable while the user types: the earliest line that fits the budget is
// rounded UP to a multiple of `stride` lines. It therefore moves only when the text grows past a stride
// boundary, and consecutive prompts share a long common beginning that Ollama can take from its cache.

import { estimateTokens } from '../text/tokens';

/** Read access to a document's lines: the platform wraps a TextDocument, tests and benchmarks a string. */
export interface LineSource {
  readonly lineCount: number;
  /** The line's text without its line break. */
  lineAt(line: number): string;
}

export interface ContextBudget {
  /** Tokens for the text before the cursor (whole lines plus the cursor's line). */
  prefixTokens: number;
  /** Tokens for the text after the cursor. */
  suffixTokens: number;
  /** Granularity of the prefix's first line; 1 disables the rounding. */
  stride: number;
}

export const DEFAULT_STRIDE = 16;

export interface CursorContext {
  line: number;
  character: number;
  /** First line of `prefixLines` (absolute line number). */
  startLine: number;
  /** Whole lines from `startLine` up to the cursor's line, each followed by '\n' ('' when none). */
  prefixLines: string;
  /** The cursor's line before the cursor. */
  linePrefix: string;
  /** The cursor's line after the cursor. */
  lineSuffix: string;
  /** Whole lines after the cursor's line within the budget, joined by '\n' ('' when none). */
  suffixLines: string;
  /** True when the document has lines after `suffixLines` that were left out (or the cursor is not on the last line). */
  hasLinesBelow: boolean;
}

/** Splits a string into a LineSource (for tests, benchmarks and small texts). */
export function stringLineSource(text: string): LineSource {
  const lines = text.split(/\r?\n/);
  return { lineCount: lines.length, lineAt: (line) => lines[line] ?? '' };
}

/** Cost of a line in the prompt, its line break included. */
function lineCost(text: string): number {
  return estimateTokens(text) + 1;
}

export function readCursorContext(source: LineSource, line: number, character: number, budget: ContextBudget): CursorContext {
  const current = source.lineAt(line);
  const linePrefix = current.slice(0, character);
  const lineSuffix = current.slice(character);

  // Walk up while the lines fit; `taken` is in reverse order.
  const taken: string[] = [];
  let used = estimateTokens(linePrefix);
  let first = line;
  while (first > 0) {
    const text = source.lineAt(first - 1);
    const cost = lineCost(text);
    if (used + cost > budget.prefixTokens) break;
    used += cost;
    taken.push(text);
    first--;
  }
  let startLine = first;
  if (first > 0 && budget.stride > 1) {
    const rounded = Math.ceil(first / budget.stride) * budget.stride;
    if (rounded <= line) startLine = rounded;
  }
  const kept = taken.length - (startLine - first);
  const prefixLines = kept > 0 ? `${taken.slice(0, kept).reverse().join('\n')}\n` : '';

  const below: string[] = [];
  let suffixUsed = estimateTokens(lineSuffix);
  let next = line + 1;
  while (next < source.lineCount) {
    const text = source.lineAt(next);
    const cost = lineCost(text);
    if (suffixUsed + cost > budget.suffixTokens) break;
    suffixUsed += cost;
    below.push(text);
    next++;
  }
  return {
    line,
    character,
    startLine,
    prefixLines,
    linePrefix,
    lineSuffix,
    suffixLines: below.join('\n'),
    hasLinesBelow: line + 1 < source.lineCount,
  };
}

/** Everything after the cursor as the prompt carries it. */
export function suffixText(ctx: CursorContext): string {
  return ctx.hasLinesBelow ? `${ctx.lineSuffix}\n${ctx.suffixLines}` : ctx.lineSuffix;
}
