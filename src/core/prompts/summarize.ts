// Prompts for summaries. A text that fits the model's budget is summarized in one request; a longer one is
// summarized part by part into notes, and the notes are combined (map-reduce). Every prompt asks for the
// output language explicitly, because small models otherwise answer in the language of the text.
import type { Language } from './languages';
import { languageForPrompt } from './languages';

export type SummaryStyle = 'bullets' | 'paragraph' | 'oneLine';
export const SUMMARY_STYLES: readonly SummaryStyle[] = ['bullets', 'paragraph', 'oneLine'];

export interface SummarySource {
  /** File name or title, e.g. `cart.ts`. */
  name: string;
  /** VS Code language id, e.g. `typescript`, `markdown`. */
  languageId: string;
  /** 1-based first and last line of the text in its file. */
  firstLine: number;
  lastLine: number;
}

export interface PartPosition {
  index: number;
  total: number;
  firstLine: number;
  lastLine: number;
}

/** Output tokens each kind of answer may use (sent as num_predict). */
export const STYLE_OUTPUT_TOKENS: Record<SummaryStyle, number> = { bullets: 600, paragraph: 450, oneLine: 120 };
export const NOTES_OUTPUT_TOKENS = 400;

/** The instruction for a style; the `{style}` placeholder of hearth.prompts.summarize. */
export function styleRule(style: SummaryStyle): string {
  switch (style) {
    case 'bullets':
      return 'Answer with 3 to 8 short Markdown bullet points ("- "), the most important first. No title and no introduction.';
    case 'paragraph':
      return 'Answer with one paragraph of 3 to 6 sentences. No title, no list and no introduction.';
    case 'oneLine':
      return 'Answer with one sentence of at most 30 words. No title and no introduction.';
  }
}

const FAITHFUL =
  'Say only what the text says; do not guess or add advice. Keep names of files, functions, types, settings and commands, numbers and code exactly as written.';

export function summarySystemPrompt(style: SummaryStyle, language: Language): string {
  return [
    'You summarize documents and source code for a developer who wants to know quickly what they contain.',
    `Write in ${languageForPrompt(language)}.`,
    styleRule(style),
    FAITHFUL,
  ].join(' ');
}

export function notesSystemPrompt(language: Language): string {
  return [
    'You read one part of a longer document or source file and write notes on it, so that the notes on all parts can be combined into a summary later.',
    `Write in ${languageForPrompt(language)}.`,
    'Answer with up to 8 short Markdown bullet points on what this part contains: its topics, the main functions, types and decisions, and any facts a summary would need. No title and no introduction.',
    FAITHFUL,
  ].join(' ');
}

/**
 * The final request of a long text's summary with the user's prompt: their instructions, told that notes on the
 * parts come instead of the text (the notes themselves are written with Hearth's prompts, in the same language).
 */
export function combineWithInstructions(instructions: string): string {
  return `${instructions}\n\nYou receive notes on consecutive parts of one document or source file instead of the text itself, in order: summarize the whole from them, using only what they say.`;
}

/**
 * Output tokens of the final answer per style: `maxOutputTokens` is the bullets style's, and the shorter
 * styles keep their share of it (a paragraph ¾, one line ⅕).
 */
export function styleOutputTokens(style: SummaryStyle, maxOutputTokens?: number): number {
  if (maxOutputTokens === undefined) return STYLE_OUTPUT_TOKENS[style];
  return Math.max(1, Math.round((maxOutputTokens * STYLE_OUTPUT_TOKENS[style]) / STYLE_OUTPUT_TOKENS.bullets));
}

export function combineSystemPrompt(style: SummaryStyle | 'notes', language: Language): string {
  const goal =
    style === 'notes'
      ? 'Merge them into one set of notes of up to 10 short Markdown bullet points, without repeating yourself. No title and no introduction.'
      : styleRule(style);
  return [
    'You receive notes on consecutive parts of one document or source file, in order. Combine them into a summary of the whole.',
    `Write in ${languageForPrompt(language)}.`,
    goal,
    'Use only what the notes say.',
  ].join(' ');
}

/** A fence longer than any run of backticks inside the text, so the text cannot close it. */
export function fenceFor(text: string): string {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

function describeSource(source: SummarySource, firstLine: number, lastLine: number): string {
  const lines = firstLine === lastLine ? `line ${firstLine}` : `lines ${firstLine}–${lastLine}`;
  return `\`${source.name}\` (${source.languageId}, ${lines})`;
}

export function summaryUserMessage(source: SummarySource, text: string): string {
  const fence = fenceFor(text);
  return `Summarize ${describeSource(source, source.firstLine, source.lastLine)}:\n\n${fence}\n${text}\n${fence}`;
}

export function partUserMessage(source: SummarySource, part: PartPosition, text: string): string {
  const fence = fenceFor(text);
  return `Part ${part.index} of ${part.total} of ${describeSource(source, part.firstLine, part.lastLine)}:\n\n${fence}\n${text}\n${fence}`;
}

export interface NoteForPrompt {
  /** e.g. `Part 3 (lines 201–300)`. */
  label: string;
  text: string;
}

export function noteLabel(firstPart: number, lastPart: number, firstLine: number, lastLine: number): string {
  const parts = firstPart === lastPart ? `Part ${firstPart}` : `Parts ${firstPart}–${lastPart}`;
  return `${parts} (lines ${firstLine}–${lastLine})`;
}

export function combineUserMessage(source: SummarySource, notes: readonly NoteForPrompt[]): string {
  const body = notes.map((n) => `## ${n.label}\n\n${n.text.trim()}`).join('\n\n');
  return `Notes on \`${source.name}\` (${source.languageId}, lines ${source.firstLine}–${source.lastLine}):\n\n${body}`;
}
