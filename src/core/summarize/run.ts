// Runs a planned summary against the model: one streamed request, or the parts in order (each streamed as
// notes), then rounds of merging until the notes fit one final request, which streams the summary. Stops
// at once when the signal fires; a failure ends the run with the error (what streamed so far is kept by
// the caller).
import { isOllamaError } from '../ollama/errors';
import type { ChatParams, TextChunk } from '../ollama/types';
import { throwIfAborted } from '../util/abort';
import { noteLabel } from '../prompts/summarize';
import { combineRequest, fitsBudget, groupNotes, mergeNoteRange, planSummaryAsync, SummaryBudgetError, type Note, type PlannedRequest, type SummaryInput, type SummaryPlan } from './plan';

export type ChatStream = (params: ChatParams, signal?: AbortSignal) => AsyncIterable<TextChunk>;

export type RequestKind = 'single' | 'part' | 'merge' | 'final';

export interface RequestRecord {
  kind: RequestKind;
  promptTokens: number;
  promptBudget: number;
  numCtx: number;
  numPredict: number;
  doneReason?: string;
}

export type SummaryProgress =
  | { phase: 'single' }
  | { phase: 'part'; part: number; parts: number }
  | { phase: 'merge'; round: number; group: number; groups: number }
  | { phase: 'final'; notes: number };

export interface SummaryListener {
  progress?(p: SummaryProgress): void;
  /** Notes of part `part` (1-based) as they stream. */
  noteDelta?(part: number, delta: string): void;
  /** The final summary as it streams. */
  summaryDelta?(delta: string): void;
  /**
   * The model refused a prompt as longer than its context (its tokenizer counts this text denser than the
   * estimate): everything so far is dropped and the text is planned again in smaller parts.
   */
  restart?(plan: SummaryPlan): void;
}

export interface SummaryResult {
  summary: string;
  /** Notes per part (empty for a single request). */
  notes: Note[];
  requests: RequestRecord[];
  /** The final answer hit num_predict. */
  truncated: boolean;
}

export interface SummaryRunOptions {
  model: string;
  chat: ChatStream;
  temperature?: number;
}

async function stream(
  opts: SummaryRunOptions,
  req: PlannedRequest,
  kind: RequestKind,
  records: RequestRecord[],
  onDelta: (delta: string) => void,
  signal: AbortSignal | undefined,
): Promise<{ text: string; doneReason?: string }> {
  throwIfAborted(signal);
  if (req.promptTokens > req.budget.promptBudget) {
    // The plan guarantees this never happens; refusing is better than letting Ollama cut the prompt.
    throw new SummaryBudgetError(`A ${kind} prompt of ${req.promptTokens} tokens is over its budget of ${req.budget.promptBudget}.`);
  }
  const record: RequestRecord = {
    kind,
    promptTokens: req.promptTokens,
    promptBudget: req.budget.promptBudget,
    numCtx: req.budget.numCtx,
    numPredict: req.budget.outputReserve,
  };
  records.push(record);
  const params: ChatParams = {
    model: opts.model,
    messages: req.messages,
    think: false,
    // Refuse rather than cut: an over-long prompt becomes a contextOverflow error that runSummary handles.
    shift: false,
    // No num_ctx: the gateway sends the model's shared window, the one budget.numCtx was planned against.
    options: { num_predict: req.budget.outputReserve, temperature: opts.temperature ?? 0.3 },
  };
  let text = '';
  for await (const chunk of opts.chat(params, signal)) {
    if (chunk.text) {
      text += chunk.text;
      onDelta(chunk.text);
    }
    if (chunk.done) record.doneReason = chunk.doneReason;
  }
  return { text: text.trim(), doneReason: record.doneReason };
}

/** How many times a text is planned again, each time with half the budget, after the model refused a prompt. */
const MAX_REPLANS = 2;

export async function runSummary(
  input: SummaryInput,
  opts: SummaryRunOptions,
  listener: SummaryListener = {},
  signal?: AbortSignal,
  plan?: SummaryPlan,
): Promise<SummaryResult> {
  const records: RequestRecord[] = [];
  let current = { input, plan: plan ?? (await planSummaryAsync(input, { signal })) };
  for (let replan = 0; ; replan++) {
    try {
      return await runPlan(current.input, current.plan, opts, listener, records, signal);
    } catch (err) {
      if (!isOllamaError(err, 'contextOverflow') || replan >= MAX_REPLANS) throw err;
      const smaller: SummaryInput = { ...current.input, budgetScale: (current.input.budgetScale ?? 1) / 2 };
      current = { input: smaller, plan: await planSummaryAsync(smaller, { signal }) };
      listener.restart?.(current.plan);
    }
  }
}

async function runPlan(
  input: SummaryInput,
  plan: SummaryPlan,
  opts: SummaryRunOptions,
  listener: SummaryListener,
  records: RequestRecord[],
  signal: AbortSignal | undefined,
): Promise<SummaryResult> {
  const toSummary = (delta: string): void => listener.summaryDelta?.(delta);
  if (plan.kind === 'single') {
    listener.progress?.({ phase: 'single' });
    const { text, doneReason } = await stream(opts, plan.request, 'single', records, toSummary, signal);
    return { summary: text, notes: [], requests: records, truncated: doneReason === 'length' };
  }

  const partNotes: Note[] = [];
  for (const part of plan.parts) {
    listener.progress?.({ phase: 'part', part: part.index, parts: part.total });
    const { text } = await stream(opts, part, 'part', records, (d) => listener.noteDelta?.(part.index, d), signal);
    partNotes.push({ label: noteLabel(part.index, part.index, part.firstLine, part.lastLine), text, firstPart: part.index, lastPart: part.index, firstLine: part.firstLine, lastLine: part.lastLine });
  }

  let notes = partNotes;
  for (let round = 1; ; round++) {
    const final = combineRequest(input, notes, input.style);
    if (fitsBudget(final, input)) {
      listener.progress?.({ phase: 'final', notes: notes.length });
      const { text, doneReason } = await stream(opts, final, 'final', records, toSummary, signal);
      return { summary: text, notes: partNotes, requests: records, truncated: doneReason === 'length' };
    }
    const groups = groupNotes(input, notes);
    if (groups.length >= notes.length) {
      throw new SummaryBudgetError('The notes on the parts are too long to combine within the context.');
    }
    const merged: Note[] = [];
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g] as Note[];
      if (group.length === 1) {
        merged.push(group[0] as Note);
        continue;
      }
      listener.progress?.({ phase: 'merge', round, group: g + 1, groups: groups.length });
      const { text } = await stream(opts, combineRequest(input, group, 'notes'), 'merge', records, () => undefined, signal);
      merged.push(mergeNoteRange(group, text));
    }
    notes = merged;
  }
}
