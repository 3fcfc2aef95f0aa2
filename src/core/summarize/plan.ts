// Plans a summary within the model's context: one request when the text fits, otherwise the parts of a
// map-reduce. Every prompt is measured with estimateTokens (which errs high) against its budget, and the
// plan is checked, so no request can be cut silently by Ollama.
import type { ChatMessage } from '../ollama/types';
import {
  NOTES_OUTPUT_TOKENS,
  combineSystemPrompt,
  combineWithInstructions,
  combineUserMessage,
  noteLabel,
  notesSystemPrompt,
  partUserMessage,
  summarySystemPrompt,
  styleOutputTokens,
  summaryUserMessage,
  type NoteForPrompt,
  type SummarySource,
  type SummaryStyle,
} from '../prompts/summarize';
import type { Language } from '../prompts/languages';
import { requestBudget, type RequestBudget } from '../text/budget';
import { splitIntoChunksAsync } from '../text/chunkAsync';
import { chunkKindFor, splitIntoChunks, type Chunk } from '../text/chunking';
import { ASCII_CHARS_PER_TOKEN, estimateTokens } from '../text/tokens';
import { Yielder } from '../util/yielder';

export interface SummaryInput {
  text: string;
  source: SummarySource;
  style: SummaryStyle;
  language: Language;
  /** The model's context window (OllamaGateway.contextWindow): the num_ctx the gateway runs every request with. */
  numCtx: number;
  /**
   * Share of each prompt budget to fill (default 1). Lowered when the model counted a prompt as longer than
   * the estimate (its tokenizer is denser for this text, e.g. digits): the text is then split smaller.
   */
  budgetScale?: number;
  /** The user's prompt (hearth.prompts.summarize, filled in): the system message of the summary itself. */
  instructions?: string;
  /** hearth.generation.summarize.maxOutputTokens: the final answer's limit (see styleOutputTokens). */
  maxOutputTokens?: number;
}

/** Whether a request fits its budget, scaled down after the model refused a prompt as too long. */
export function fitsBudget(req: PlannedRequest, input: Pick<SummaryInput, 'budgetScale'>): boolean {
  return req.promptTokens <= Math.floor(req.budget.promptBudget * (input.budgetScale ?? 1));
}

export interface PlannedRequest {
  messages: ChatMessage[];
  budget: RequestBudget;
  /** estimateTokens of all message contents. */
  promptTokens: number;
}

export interface PlannedPart extends PlannedRequest {
  index: number;
  total: number;
  chunk: Chunk;
  firstLine: number;
  lastLine: number;
}

export type SummaryPlan = { kind: 'single'; request: PlannedRequest } | { kind: 'mapReduce'; parts: PlannedPart[] };

export class SummaryBudgetError extends Error {
  override readonly name = 'SummaryBudgetError';
}

/** Output tokens for the final answer and for notes, scaled down for small contexts. */
export function outputTokens(numCtx: number, style: SummaryStyle, maxOutputTokens?: number): { final: number; notes: number } {
  return {
    final: Math.min(styleOutputTokens(style, maxOutputTokens), Math.floor(numCtx / 4)),
    notes: Math.min(NOTES_OUTPUT_TOKENS, Math.floor(numCtx / 8)),
  };
}

export function measure(messages: ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + estimateTokens(m.content), 0);
}

function request(messages: ChatMessage[], budget: RequestBudget): PlannedRequest {
  return { messages, budget, promptTokens: measure(messages) };
}

function singleRequest(input: SummaryInput): PlannedRequest {
  const out = outputTokens(input.numCtx, input.style, input.maxOutputTokens);
  return request(
    [
      { role: 'system', content: input.instructions || summarySystemPrompt(input.style, input.language) },
      { role: 'user', content: summaryUserMessage(input.source, input.text) },
    ],
    requestBudget(input.numCtx, out.final, 2),
  );
}

/** What the parts share: their budget, system prompt and the first chunk budget to try. */
function partSetup(input: SummaryInput): { budget: RequestBudget; system: string; chunkBudget: number } {
  const { source, language, numCtx } = input;
  const out = outputTokens(numCtx, input.style, input.maxOutputTokens);
  const budget = requestBudget(numCtx, out.notes, 2);
  const system = notesSystemPrompt(language);
  // What a part's prompt adds around its text: the system prompt and the widest possible header and fence.
  const wrapper = estimateTokens(system) + estimateTokens(partUserMessage(source, { index: 99_999, total: 99_999, firstLine: 9_999_999, lastLine: 9_999_999 }, '')) + 8;
  return { budget, system, chunkBudget: Math.floor(budget.promptBudget * (input.budgetScale ?? 1)) - wrapper };
}

function plannedPart(input: SummaryInput, setup: { budget: RequestBudget; system: string }, chunk: Chunk, i: number, total: number): PlannedPart {
  const firstLine = input.source.firstLine + chunk.startLine;
  const lastLine = input.source.firstLine + chunk.endLine;
  const position = { index: i + 1, total, firstLine, lastLine };
  const messages: ChatMessage[] = [
    { role: 'system', content: setup.system },
    { role: 'user', content: partUserMessage(input.source, position, chunk.text) },
  ];
  return { ...request(messages, setup.budget), ...position, chunk };
}

/** The chunk budget for the next attempt, or undefined when every part fits. */
function overBy(parts: readonly PlannedPart[], budget: RequestBudget): number | undefined {
  let worst = 0;
  for (const p of parts) worst = Math.max(worst, p.promptTokens - budget.promptBudget);
  return worst > 0 ? worst : undefined;
}

const TOO_SMALL = (numCtx: number): SummaryBudgetError => new SummaryBudgetError(`The context of ${numCtx} tokens is too small to summarize a long text.`);

/** Plans synchronously: for texts of moderate size (tests, and what fits a few requests). See planSummaryAsync. */
export function planSummary(input: SummaryInput): SummaryPlan {
  const single = singleRequest(input);
  if (fitsBudget(single, input)) return { kind: 'single', request: single };
  const setup = partSetup(input);
  let { chunkBudget } = setup;
  for (let attempt = 0; attempt < 4; attempt++) {
    if (chunkBudget < 64) throw TOO_SMALL(input.numCtx);
    const chunks = splitIntoChunks(input.text, chunkBudget, chunkKindFor(input.source.languageId));
    const parts = chunks.map((chunk, i) => plannedPart(input, setup, chunk, i, chunks.length));
    const over = overBy(parts, setup.budget);
    if (over === undefined) return { kind: 'mapReduce', parts };
    // A text with long runs of backticks needs a longer fence than the wrapper allowed for: leave more room.
    chunkBudget -= over + 8;
  }
  throw new SummaryBudgetError('Could not split the text within the budget.');
}

export interface PlanOptions {
  signal?: AbortSignal;
  /** The share of the text split so far (0–1), for a progress message on long texts. */
  onProgress?(done: number): void;
  /** Shared with the caller, and counted by tests. */
  yielder?: Yielder;
}

/**
 * The same plan as planSummary, for a text of any size without blocking the event loop: a text that cannot
 * fit one request (its estimate is at least a token per ASCII_CHARS_PER_TOKEN characters) is never measured
 * or copied whole, it is split section by section, and the parts are built in slices.
 */
export async function planSummaryAsync(input: SummaryInput, opts: PlanOptions = {}): Promise<SummaryPlan> {
  const yielder = opts.yielder ?? new Yielder(opts.signal);
  if (input.text.length <= input.numCtx * ASCII_CHARS_PER_TOKEN) {
    const single = singleRequest(input);
    if (fitsBudget(single, input)) return { kind: 'single', request: single };
  }
  const setup = partSetup(input);
  let { chunkBudget } = setup;
  for (let attempt = 0; attempt < 4; attempt++) {
    if (chunkBudget < 64) throw TOO_SMALL(input.numCtx);
    const chunks = await splitIntoChunksAsync(input.text, chunkBudget, chunkKindFor(input.source.languageId), { signal: opts.signal, onProgress: opts.onProgress, yielder });
    const parts: PlannedPart[] = [];
    for (let i = 0; i < chunks.length; i++) {
      parts.push(plannedPart(input, setup, chunks[i] as Chunk, i, chunks.length));
      if (i % 16 === 15) await yielder.tick();
    }
    const over = overBy(parts, setup.budget);
    if (over === undefined) return { kind: 'mapReduce', parts };
    chunkBudget -= over + 8;
  }
  throw new SummaryBudgetError('Could not split the text within the budget.');
}

export interface Note extends NoteForPrompt {
  firstPart: number;
  lastPart: number;
  firstLine: number;
  lastLine: number;
}

/** The request that combines `notes` into the final summary (style) or into merged notes. */
export function combineRequest(input: SummaryInput, notes: readonly Note[], goal: SummaryStyle | 'notes'): PlannedRequest {
  const out = outputTokens(input.numCtx, input.style, input.maxOutputTokens);
  // Merging notes is Hearth's own step; the user's prompt shapes the summary the user reads.
  const system = goal !== 'notes' && input.instructions ? combineWithInstructions(input.instructions) : combineSystemPrompt(goal, input.language);
  return request(
    [
      { role: 'system', content: system },
      { role: 'user', content: combineUserMessage(input.source, notes) },
    ],
    requestBudget(input.numCtx, goal === 'notes' ? out.notes : out.final, 2),
  );
}

/**
 * Splits notes into consecutive groups whose merge requests fit the budget. Each group has at least one
 * note; a group of one is passed on as it is (no request), so each round must merge at least one pair.
 */
export function groupNotes(input: SummaryInput, notes: readonly Note[]): Note[][] {
  const groups: Note[][] = [];
  let current: Note[] = [];
  for (const note of notes) {
    const candidate = [...current, note];
    const req = combineRequest(input, candidate, 'notes');
    if (current.length > 0 && !fitsBudget(req, input)) {
      groups.push(current);
      current = [note];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

export function mergeNoteRange(group: readonly Note[], text: string): Note {
  const first = group[0] as Note;
  const last = group[group.length - 1] as Note;
  const label = noteLabel(first.firstPart, last.lastPart, first.firstLine, last.lastLine);
  return { label, text, firstPart: first.firstPart, lastPart: last.lastPart, firstLine: first.firstLine, lastLine: last.lastLine };
}
