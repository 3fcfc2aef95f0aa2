// Translates any text (a selection): in one request when it fits, otherwise part by part at natural
// boundaries, each part streamed in order. Whitespace around each part is kept as it was, and a code fence
// the model wrapped around its answer is removed.
import { isOllamaError } from '../ollama/errors';
import type { ChatParams } from '../ollama/types';
import { selectionSystemPrompt, selectionUserMessage } from '../prompts/translate';
import type { Language } from '../prompts/languages';
import { templateOverhead } from '../text/budget';
import { splitIntoChunksAsync } from '../text/chunkAsync';
import { chunkKindFor, splitIntoChunks } from '../text/chunking';
import { estimateTokens } from '../text/tokens';
import { throwIfAborted } from '../util/abort';
import type { ChatStream, TranslationRequestLog } from './engine';

export interface TextTranslationJob {
  model: string;
  /** The model's context window (OllamaGateway.contextWindow): the num_ctx the gateway runs every request with. */
  numCtx: number;
  target: Language;
  languageId: string;
  temperature?: number;
  /** The user's prompt (hearth.prompts.translate, filled in) instead of the built-in system prompt. */
  instructions?: string;
}

export interface TextTranslationListener {
  /** Part `part` of `parts` starts. */
  part?(part: number, parts: number): void;
  /** Text as it streams, in order (raw: a fence the model adds is removed only from the result). */
  delta?(text: string): void;
  /** A part is finished: the cleaned translation of all parts so far. */
  partDone?(textSoFar: string): void;
}

/** Output room per source token: translations can be longer than their source. */
const OUTPUT_FACTOR = 2;
const OUTPUT_BASE = 64;

/** Removes a code fence around the whole answer when the source had none. */
export function unwrapFence(answer: string, source: string): string {
  const m = /^\s*```[\w-]*\r?\n([\s\S]*?)\r?\n```\s*$/.exec(answer);
  if (!m || /^\s*```/.test(source)) return answer;
  return m[1] ?? '';
}

/** Keeps the source's leading and trailing whitespace around the translated core. */
export function keepWhitespace(source: string, translated: string): string {
  const lead = /^\s*/.exec(source)?.[0] ?? '';
  const trail = /\s*$/.exec(source)?.[0] ?? '';
  return lead + translated.trim() + trail;
}

/** How many times a part the model refused as too long is split in two again. */
const MAX_SPLITS = 3;

export async function translateText(
  text: string,
  job: TextTranslationJob,
  chat: ChatStream,
  listener: TextTranslationListener = {},
  signal?: AbortSignal,
): Promise<{ text: string; requests: TranslationRequestLog[] }> {
  const system = job.instructions || selectionSystemPrompt(job.target);
  const fixed = estimateTokens(system) + estimateTokens(selectionUserMessage('', job.languageId, job.target, { index: 9999, total: 9999 })) + templateOverhead(2);
  // prompt + answer ≤ num_ctx, with the answer up to OUTPUT_FACTOR × the part.
  const partBudget = Math.floor((job.numCtx - fixed - OUTPUT_BASE) / (1 + OUTPUT_FACTOR));
  if (partBudget < 32) throw new Error(`The context of ${job.numCtx} tokens is too small to translate text.`);
  const kind = chunkKindFor(job.languageId);
  // Split in slices: a 50 MB selection must not stop the extension host for seconds.
  const chunks = text.trim() === '' ? [] : await splitIntoChunksAsync(text, partBudget, kind, { signal });
  const requests: TranslationRequestLog[] = [];
  let out = '';

  /** Translates one part; a part the model refuses as too long is split in two and each half translated. */
  const translatePart = async (part: string, budget: number, position: { index: number; total: number } | undefined, depth: number): Promise<string> => {
    throwIfAborted(signal);
    if (part.trim() === '') return part;
    const messages: ChatParams['messages'] = [
      { role: 'system', content: system },
      { role: 'user', content: selectionUserMessage(part.trim(), job.languageId, job.target, position) },
    ];
    const outputReserve = OUTPUT_BASE + OUTPUT_FACTOR * estimateTokens(part);
    const log: TranslationRequestLog = {
      items: 1,
      promptTokens: messages.reduce((sum, m) => sum + estimateTokens(m.content), 0),
      promptBudget: job.numCtx - outputReserve - templateOverhead(messages.length),
      numCtx: job.numCtx,
      attempt: depth + 1,
    };
    if (log.promptTokens > log.promptBudget) throw new Error(`A translation prompt of ${log.promptTokens} tokens is over its budget of ${log.promptBudget}.`);
    requests.push(log);
    let answer = '';
    const lead = /^\s*/.exec(part)?.[0] ?? '';
    const params: ChatParams = {
      model: job.model,
      messages,
      think: false,
      // Refuse rather than cut: an over-long part becomes a contextOverflow error and is split.
      shift: false,
      // No num_ctx: the gateway sends the model's shared window, the one job.numCtx budgets against.
      options: { num_predict: outputReserve, temperature: job.temperature ?? 0.2 },
    };
    try {
      let started = false;
      for await (const piece of chat(params, signal)) {
        if (piece.text) {
          if (!started) listener.delta?.(lead);
          started = true;
          answer += piece.text;
          listener.delta?.(piece.text);
        }
        if (piece.done) log.doneReason = piece.doneReason;
      }
    } catch (err) {
      if (!isOllamaError(err, 'contextOverflow') || depth >= MAX_SPLITS) throw err;
      const halves = splitIntoChunks(part, Math.max(1, Math.floor(budget / 2)), kind);
      let joined = '';
      for (const half of halves) joined += await translatePart(half.text, Math.floor(budget / 2), position, depth + 1);
      return joined;
    }
    return keepWhitespace(part, unwrapFence(answer, part));
  };

  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i]!;
    listener.part?.(i + 1, chunks.length);
    out += await translatePart(chunk.text, partBudget, chunks.length > 1 ? { index: i + 1, total: chunks.length } : undefined, 0);
    listener.partDone?.(out);
  }
  return { text: out, requests };
}
