// Translates the planned comment texts batch by batch. Each batch is one chat request with a JSON schema as
// `format`. A reply that does not match the schema is retried once with a note on what was wrong (a reply
// cut by num_predict is split in two instead); a second bad reply ends the whole job with an error, so the
// document is never half-translated. Translations that lost code, URLs or tags are asked for once more;
// those still wrong keep their original text and are reported.
import { isOllamaError } from '../ollama/errors';
import type { ChatParams, TextChunk } from '../ollama/types';
import { commentsSystemPrompt, commentsUserMessage, keepSpansNote, retryNote, type TranslationSource } from '../prompts/translate';
import type { Language } from '../prompts/languages';
import { templateOverhead } from '../text/budget';
import { estimateTokens } from '../text/tokens';
import { throwIfAborted } from '../util/abort';
import { outputReserveFor, planBatches } from './batches';
import { missingSpans } from './prose';
import { checkReply, translationSchema } from './schema';
import type { TranslationItem } from './units';

export type ChatStream = (params: ChatParams, signal?: AbortSignal) => AsyncIterable<TextChunk>;

export interface TranslateJob {
  model: string;
  /** The model's context window (OllamaGateway.contextWindow): the num_ctx the gateway runs every request with. */
  numCtx: number;
  target: Language;
  source: TranslationSource;
  temperature?: number;
}

export interface TranslateProgress {
  batch: number;
  batches: number;
  /** Texts translated so far. */
  done: number;
  total: number;
}

export interface TranslationRequestLog {
  items: number;
  promptTokens: number;
  /** num_ctx − num_predict − template overhead. */
  promptBudget: number;
  numCtx: number;
  attempt: number;
  doneReason?: string;
}

export interface KeptItem {
  id: string;
  reason: 'tooLong' | 'lostSpans';
}

export interface TranslateOutcome {
  translations: Map<string, string>;
  kept: KeptItem[];
  requests: TranslationRequestLog[];
}

/** The model's replies did not follow the format, twice. Nothing may be applied. */
export class TranslationFormatError extends Error {
  override readonly name = 'TranslationFormatError';
  constructor(
    readonly batch: number,
    readonly problem: string,
  ) {
    super(`The model's reply for batch ${batch} did not follow the requested format twice: ${problem}`);
  }
}

interface Attempt {
  reply: string;
  doneReason?: string;
}

class BatchRunner {
  readonly requests: TranslationRequestLog[] = [];
  /** Texts the model refused as longer than its context, even alone. */
  readonly refused: TranslationItem[] = [];

  constructor(
    private readonly job: TranslateJob,
    private readonly chat: ChatStream,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** The request for `items`; `roomier` gives the answer all the room the context has left. */
  private prepare(items: readonly TranslationItem[], attempt: number, note?: string, roomier = false): { messages: ChatParams['messages']; log: TranslationRequestLog; outputReserve: number } {
    const { job } = this;
    const messages: ChatParams['messages'] = [
      { role: 'system', content: commentsSystemPrompt(job.target, job.source) },
      { role: 'user', content: commentsUserMessage(items, job.target, note) },
    ];
    const promptTokens = messages.reduce((sum, m) => sum + estimateTokens(m.content), 0);
    const overhead = templateOverhead(messages.length);
    const outputReserve = roomier ? Math.max(outputReserveFor(items), job.numCtx - overhead - promptTokens) : outputReserveFor(items);
    const log: TranslationRequestLog = {
      items: items.length,
      promptTokens,
      promptBudget: job.numCtx - outputReserve - overhead,
      numCtx: job.numCtx,
      attempt,
    };
    return { messages, log, outputReserve };
  }

  fits(items: readonly TranslationItem[], note: string): boolean {
    const { log } = this.prepare(items, 0, note);
    return log.promptTokens <= log.promptBudget;
  }

  async ask(items: readonly TranslationItem[], attempt: number, note?: string, roomier = false): Promise<Attempt> {
    throwIfAborted(this.signal);
    const { job } = this;
    const { messages, log, outputReserve } = this.prepare(items, attempt, note, roomier);
    // planBatches leaves room for the retry note; refusing is better than letting Ollama cut the prompt.
    if (log.promptTokens > log.promptBudget) throw new Error(`A translation prompt of ${log.promptTokens} tokens is over its budget of ${log.promptBudget}.`);
    this.requests.push(log);
    let reply = '';
    const params: ChatParams = {
      model: job.model,
      messages,
      format: translationSchema(items.map((i) => i.id)),
      think: false,
      // Refuse rather than cut: an over-long prompt becomes a contextOverflow error, and the batch is split.
      shift: false,
      // No num_ctx: the gateway sends the model's shared window, the one job.numCtx budgets against.
      options: { num_predict: outputReserve, temperature: job.temperature ?? 0.1 },
    };
    for await (const chunk of this.chat(params, this.signal)) {
      reply += chunk.text;
      if (chunk.done) log.doneReason = chunk.doneReason;
    }
    return { reply, doneReason: log.doneReason };
  }

  /** One more request for texts whose translation lost code or links; undefined when it cannot be used. */
  async askAgain(items: readonly TranslationItem[], note: string): Promise<ReturnType<typeof checkReply> | undefined> {
    try {
      return checkReply((await this.ask(items, 3, note)).reply, items);
    } catch (err) {
      if (isOllamaError(err, 'contextOverflow')) return undefined;
      throw err;
    }
  }

  /** Translations for `items`, splitting on replies cut by length; throws after a second unusable reply. */
  async translate(items: readonly TranslationItem[], batch: number): Promise<Map<string, string>> {
    const split = async (): Promise<Map<string, string>> => {
      const half = Math.ceil(items.length / 2);
      const a = await this.translate(items.slice(0, half), batch);
      const b = await this.translate(items.slice(half), batch);
      return new Map([...a, ...b]);
    };
    let first: Attempt;
    try {
      first = await this.ask(items, 1);
    } catch (err) {
      // The model's tokenizer counts these texts as longer than the estimate: send fewer at a time.
      if (!isOllamaError(err, 'contextOverflow')) throw err;
      if (items.length > 1) return split();
      this.refused.push(...items);
      return new Map();
    }
    const check = checkReply(first.reply, items);
    if (check.ok) return check.translations;
    if (first.doneReason === 'length') {
      if (items.length > 1) return split();
      // One text whose translation ran past its share of output: once more with all the room there is.
      const again = await this.ask(items, 2, undefined, true);
      const recheck = checkReply(again.reply, items);
      if (recheck.ok) return recheck.translations;
      if (again.doneReason === 'length') {
        this.refused.push(...items);
        return new Map();
      }
      throw new TranslationFormatError(batch, recheck.detail);
    }
    const second = await this.ask(items, 2, retryNote(check.detail, items.map((i) => i.id)));
    const recheck = checkReply(second.reply, items);
    if (!recheck.ok) throw new TranslationFormatError(batch, recheck.detail);
    return recheck.translations;
  }
}

export async function translateItems(
  items: readonly TranslationItem[],
  job: TranslateJob,
  chat: ChatStream,
  onProgress: (p: TranslateProgress) => void = () => undefined,
  signal?: AbortSignal,
): Promise<TranslateOutcome> {
  // The same text (a repeated `// fast` or `/** Adds one. */`) is translated once.
  const unique = new Map<string, TranslationItem>();
  const copies = new Map<string, string[]>();
  for (const item of items) {
    const first = unique.get(item.text);
    if (first) copies.set(first.id, [...(copies.get(first.id) ?? []), item.id]);
    else unique.set(item.text, item);
  }
  const outcome = await translateUnique([...unique.values()], job, chat, onProgress, signal);
  for (const [id, ids] of copies) {
    const text = outcome.translations.get(id);
    for (const copy of ids) {
      if (text !== undefined) outcome.translations.set(copy, text);
      const kept = outcome.kept.find((k) => k.id === id);
      if (kept) outcome.kept.push({ id: copy, reason: kept.reason });
    }
  }
  return outcome;
}

async function translateUnique(
  items: readonly TranslationItem[],
  job: TranslateJob,
  chat: ChatStream,
  onProgress: (p: TranslateProgress) => void,
  signal: AbortSignal | undefined,
): Promise<TranslateOutcome> {
  const { batches, tooLong } = planBatches(items, job.numCtx, job.target, job.source);
  const runner = new BatchRunner(job, chat, signal);
  const translations = new Map<string, string>();
  const kept: KeptItem[] = tooLong.map((i) => ({ id: i.id, reason: 'tooLong' as const }));
  let done = 0;
  const total = items.length - tooLong.length;
  for (let b = 0; b < batches.length; b++) {
    const batch = batches[b]!;
    const refusedBefore = runner.refused.length;
    onProgress({ batch: b + 1, batches: batches.length, done, total });
    const result = await runner.translate(batch.items, b + 1);
    const lost = batch.items.filter((i) => result.has(i.id) && missingSpans(i.text, result.get(i.id) ?? '').length > 0);
    if (lost.length > 0) {
      const spans = [...new Set(lost.flatMap((i) => missingSpans(i.text, result.get(i.id) ?? '')))];
      const note = keepSpansNote(spans);
      const check = runner.fits(lost, note) ? await runner.askAgain(lost, note) : undefined;
      for (const item of lost) {
        const fixed = check?.ok ? check.translations.get(item.id) : undefined;
        if (fixed !== undefined && missingSpans(item.text, fixed).length === 0) result.set(item.id, fixed);
        else {
          result.delete(item.id);
          kept.push({ id: item.id, reason: 'lostSpans' });
        }
      }
    }
    for (const [id, text] of result) translations.set(id, text);
    for (const item of runner.refused.slice(refusedBefore)) kept.push({ id: item.id, reason: 'tooLong' });
    done += batch.items.length;
  }
  onProgress({ batch: batches.length, batches: batches.length, done, total });
  return { translations, kept, requests: runner.requests };
}
