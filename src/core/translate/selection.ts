// Translates any text (a selection): in one request when it fits, otherwise part by part at natural
// boundaries, each part streamed in order. Whitespace around each part is kept as it was, and a code fence
// the model wrapped around its answer is removed.
import type { ChatParams } from '../ollama/types';
import { selectionSystemPrompt, selectionUserMessage } from '../prompts/translate';
import type { Language } from '../prompts/languages';
import { templateOverhead } from '../text/budget';
import { chunkKindFor, splitIntoChunks } from '../text/chunking';
import { estimateTokens } from '../text/tokens';
import { throwIfAborted } from '../util/abort';
import type { ChatStream, TranslationRequestLog } from './engine';

export interface TextTranslationJob {
  model: string;
  numCtx: number;
  target: Language;
  languageId: string;
  temperature?: number;
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

export async function translateText(
  text: string,
  job: TextTranslationJob,
  chat: ChatStream,
  listener: TextTranslationListener = {},
  signal?: AbortSignal,
): Promise<{ text: string; requests: TranslationRequestLog[] }> {
  const system = selectionSystemPrompt(job.target);
  const fixed = estimateTokens(system) + estimateTokens(selectionUserMessage('', job.languageId, job.target, { index: 9999, total: 9999 })) + templateOverhead(2);
  // prompt + answer ≤ num_ctx, with the answer up to OUTPUT_FACTOR × the part.
  const partBudget = Math.floor((job.numCtx - fixed - OUTPUT_BASE) / (1 + OUTPUT_FACTOR));
  if (partBudget < 32) throw new Error(`The context of ${job.numCtx} tokens is too small to translate text.`);
  const chunks = text.trim() === '' ? [] : splitIntoChunks(text, partBudget, chunkKindFor(job.languageId));
  const requests: TranslationRequestLog[] = [];
  let out = '';
  for (let i = 0; i < chunks.length; i++) {
    throwIfAborted(signal);
    const chunk = chunks[i]!;
    listener.part?.(i + 1, chunks.length);
    if (chunk.text.trim() === '') {
      out += chunk.text;
      continue;
    }
    const part = chunks.length > 1 ? { index: i + 1, total: chunks.length } : undefined;
    const messages: ChatParams['messages'] = [
      { role: 'system', content: system },
      { role: 'user', content: selectionUserMessage(chunk.text.trim(), job.languageId, job.target, part) },
    ];
    const outputReserve = OUTPUT_BASE + OUTPUT_FACTOR * estimateTokens(chunk.text);
    const log: TranslationRequestLog = {
      items: 1,
      promptTokens: messages.reduce((sum, m) => sum + estimateTokens(m.content), 0),
      promptBudget: job.numCtx - outputReserve - templateOverhead(messages.length),
      numCtx: job.numCtx,
      attempt: 1,
    };
    if (log.promptTokens > log.promptBudget) throw new Error(`A translation prompt of ${log.promptTokens} tokens is over its budget of ${log.promptBudget}.`);
    requests.push(log);
    let answer = '';
    const lead = /^\s*/.exec(chunk.text)?.[0] ?? '';
    listener.delta?.(lead);
    const params: ChatParams = {
      model: job.model,
      messages,
      think: false,
      options: { num_ctx: job.numCtx, num_predict: outputReserve, temperature: job.temperature ?? 0.2 },
    };
    for await (const piece of chat(params, signal)) {
      if (piece.text) {
        answer += piece.text;
        listener.delta?.(piece.text);
      }
      if (piece.done) log.doneReason = piece.doneReason;
    }
    const translated = keepWhitespace(chunk.text, unwrapFence(answer, chunk.text));
    out += translated;
    listener.partDone?.(out);
  }
  return { text: out, requests };
}
