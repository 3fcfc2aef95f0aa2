// "Draft here": the instruction (typed, or taken from the comment or Markdown heading at the cursor) and
// the chat messages that ask an instruct model for text to insert at the cursor.

import { scanComments } from '../comments/scanner';
import type { CommentSyntax } from '../comments/types';
import type { ChatMessage } from '../ollama/types';
import { templateOverhead } from '../text/budget';
import { estimateTokens, headWithinTokens, tailWithinTokens } from '../text/tokens';
import { commentAt, commentSyntaxFor } from './comments';
import type { LineSource } from './cursorContext';

/** How far above the cursor a heading or a comment is looked for. */
const LOOK_BACK_LINES = 200;
const BEFORE_TOKENS = 1_500;
const AFTER_TOKENS = 500;
export const DRAFT_MAX_TOKENS = 1_024;
export const DRAFT_TEMPERATURE = 0.3;

function lineComment(text: string, languageId: string, syntax: CommentSyntax): string | undefined {
  const found = commentAt(text, languageId, syntax);
  if (!found || found.kind !== 'line' || text.slice(0, found.start).trim() !== '') return undefined;
  return found.text.trim();
}

/** Contiguous line comments ending at `last` (walking up), oldest first. */
function commentLinesEndingAt(source: LineSource, last: number, languageId: string, syntax: CommentSyntax): string[] {
  const parts: string[] = [];
  for (let i = last; i >= 0 && i > last - LOOK_BACK_LINES; i--) {
    const text = lineComment(source.lineAt(i), languageId, syntax);
    if (text === undefined) break;
    parts.unshift(text);
  }
  return parts;
}

/** A block comment (or docstring) that ends line `last`, markers and leading `*` removed. */
function blockCommentEndingAt(source: LineSource, last: number, syntax: CommentSyntax): string | undefined {
  const lines: string[] = [];
  for (let i = Math.max(0, last - LOOK_BACK_LINES + 1); i <= last; i++) lines.push(source.lineAt(i));
  const text = lines.join('\n');
  const found = scanComments(text, syntax).at(-1);
  if (!found || found.kind === 'line' || !found.terminated || text.slice(found.end).trim() !== '') return undefined;
  const inner = text.slice(found.start + found.open.length, found.end - found.close.length);
  return inner.split('\n').map((l) => l.replace(/^\s*\*?\s?/, '').trim()).filter((l) => l !== '').join(' ');
}

function headingAbove(source: LineSource, line: number): string | undefined {
  let inFence = false;
  const headings: string[] = [];
  const first = Math.max(0, line - LOOK_BACK_LINES);
  for (let i = first; i <= line; i++) {
    const text = source.lineAt(i);
    if (/^\s{0,3}(```|~~~)/.test(text)) inFence = !inFence;
    const heading = inFence ? null : /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/.exec(text);
    if (heading) headings.push(heading[1]);
  }
  return headings.at(-1);
}

/**
 * The instruction implied by the cursor's place: the comment on its line or right above it, or the Markdown
 * heading above. `syntax`: the language's comment syntax, the built-in table's by default.
 */
export function instructionAt(source: LineSource, line: number, languageId: string, syntax: CommentSyntax | undefined = commentSyntaxFor(languageId)): string | undefined {
  if (languageId === 'markdown') return headingAbove(source, line);
  if (!syntax) return undefined;
  const current = source.lineAt(line);
  const above = current.trim() === '' ? line - 1 : line;
  if (above < 0) return undefined;
  const lines = commentLinesEndingAt(source, above, languageId, syntax);
  if (lines.length > 0) return lines.join(' ').trim() || undefined;
  return blockCommentEndingAt(source, above, syntax);
}

export interface DraftInput {
  instruction: string;
  /** Text before the cursor (the caller's window). */
  before: string;
  /** Text after the cursor (the caller's window). */
  after: string;
  path: string;
  languageId: string;
  /** The model's context window (OllamaGateway.contextWindow): the prompt and the draft fit in it. */
  contextTokens: number;
  /** The longest draft (num_predict); default DRAFT_MAX_TOKENS. */
  maxTokens?: number;
  /** The user's prompt (hearth.prompts.draft, filled in) instead of the built-in system message. */
  system?: string;
}

/**
 * Tokens for the text before and after the cursor: the usual amounts, scaled down when they would not fit
 * the window beside the fixed part of the prompt and the longest draft (num_predict).
 */
export function surroundingBudget(contextTokens: number, fixedTokens: number, maxTokens = DRAFT_MAX_TOKENS): { before: number; after: number } {
  const room = Math.max(0, contextTokens - maxTokens - templateOverhead(2) - fixedTokens);
  const scale = Math.min(1, room / (BEFORE_TOKENS + AFTER_TOKENS));
  return { before: Math.floor(BEFORE_TOKENS * scale), after: Math.floor(AFTER_TOKENS * scale) };
}

export const DRAFT_SYSTEM_PROMPT = [
  'You write text that is inserted into a document at the cursor.',
  'Reply with the text to insert and nothing else: no explanations, no greetings, no Markdown code fence around code.',
  'Continue naturally from the text before the cursor and lead into the text after it; do not repeat either.',
  "Match the document's language, style and indentation. Write prose in the natural language of the instruction and the document.",
].join(' ');

/** The system message (the built-in one, or the user's template) and the user message framing the document. */
export function buildDraftMessages(input: DraftInput): ChatMessage[] {
  const system = input.system || DRAFT_SYSTEM_PROMPT;
  const userMessage = (before: string, after: string): string =>
    [
      `File: ${input.path || 'untitled'} (${input.languageId})`,
      '',
      'Text before the cursor:',
      '<<<',
      before,
      '>>>',
      '',
      'Text after the cursor:',
      '<<<',
      after,
      '>>>',
      '',
      `Instruction: ${input.instruction}`,
    ].join('\n');
  const budget = surroundingBudget(input.contextTokens, estimateTokens(system) + estimateTokens(userMessage('', '')), input.maxTokens);
  const user = userMessage(tailWithinTokens(input.before, budget.before), headWithinTokens(input.after, budget.after));
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}
