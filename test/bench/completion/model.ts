// What the stand-in "model" answers while a trace is typed, and how long it takes.
//
// Delay model (a small coder model, e.g. qwen2.5-coder:1.5b, on a mid-range GPU, Ollama with
// OLLAMA_NUM_PARALLEL=1): the model is loaded on the first request (1.5 s; again after keep_alive expiry,
// which a replay does not reach); prompt evaluation costs 50 ms per 1 000 characters, but only for the part
// of the prompt after the prefix the runner's KV cache already holds (what it evaluated and generated last,
// as Ollama reuses it), then 60 ms to the first token and 12 ms per token. One request at a time: a request
// waits while the previous one is still generating. The stand-in stops at once when the client closes the
// connection, as Ollama's runner does; what a cancelled request evaluated stays in the cache.
//
// Replies: the model is shown the real file around the cursor, so it can "know" the truth. It finds the
// cursor in the real file from the prompt alone (the text before the cursor, header removed) and answers
// with the true continuation up to three lines (num_predict and stop strings then cut it as Ollama would),
// with a deliberately imperfect aim: 45 % exact, 30 % right for a few characters then wrong, 25 % wrong
// from the start (real text from elsewhere in the file, so it looks like code). The choice depends only on
// the cursor's place in the file, so every strategy gets the same answer at the same place. A prompt that
// is not found in the file (a typo not yet corrected) gets a wrong answer.
import { headerComment, PROSE_LANGUAGES } from '../../../src/core/prompts/completionPrompt';
import { splitFimPrompt, type Reply, type ReplyContext } from '../../support/standin';
import { rng, type TraceSource } from '../trace';

export interface DelayModel {
  firstTokenMs: number;
  /** Prompt evaluation per 1 000 characters not already in the KV cache. */
  promptMsPer1kChars: number;
  perTokenMs: number;
  /** Loading the model (first request, or after keep_alive expiry). */
  loadMs: number;
  /** Model the KV cache's reuse of a shared prompt prefix. */
  kvCache: boolean;
}

export const SMALL_CODER_ON_MID_GPU: DelayModel = { firstTokenMs: 60, promptMsPer1kChars: 50, perTokenMs: 12, loadMs: 1_500, kvCache: true };

export function scaledDelays(model: DelayModel, scale: number): Omit<DelayModel, 'kvCache'> {
  return { firstTokenMs: model.firstTokenMs * scale, promptMsPer1kChars: model.promptMsPer1kChars * scale, perTokenMs: model.perTokenMs * scale, loadMs: model.loadMs * scale };
}

export const REPLY_MIX = { exact: 0.45, partial: 0.3 } as const;
const TRUE_LINES = 3;

/** The end of the `lines`-th line starting at `from` (exclusive of its line break), capped at `limit`. */
function endOfLines(text: string, from: number, lines: number, limit: number): number {
  let at = from;
  for (let n = 0; n < lines; n++) {
    const next = text.indexOf('\n', n === 0 ? at : at + 1);
    if (next < 0 || next >= limit) return limit;
    at = next;
  }
  return at;
}

/** Where the text before the cursor ends in the real file, preferring a place inside the typed region. */
export function cursorInTruth(source: TraceSource, before: string): number | undefined {
  if (before === '') return source.start;
  let found: number | undefined;
  for (let at = source.truth.indexOf(before); at >= 0; at = source.truth.indexOf(before, at + 1)) {
    const end = at + before.length;
    if (end >= source.start && end <= source.end) return end;
    found ??= end;
  }
  return found;
}

/** Real text from another place in the file: looks like the file, is wrong here. */
function elsewhere(source: TraceSource, random: () => number, length: number): string {
  const { truth } = source;
  for (let tries = 0; tries < 8; tries++) {
    const at = Math.floor(random() * truth.length);
    const lineStart = truth.lastIndexOf('\n', at) + 1;
    const text = truth.slice(lineStart, endOfLines(truth, lineStart, 1, truth.length)).trimStart();
    if (text.trim().length >= 4) return text.slice(0, Math.max(4, length));
  }
  return 'value';
}

export interface ReplyRecord {
  kind: 'exact' | 'partial' | 'wrong' | 'lost';
  cursor?: number;
}

/** The stand-in's reply function for a trace. `onReply` sees each choice (for the report). */
export function continuationReplies(source: TraceSource, seed: number, onReply?: (r: ReplyRecord) => void): (ctx: ReplyContext) => Reply {
  const header = PROSE_LANGUAGES.has(source.languageId) ? '' : headerComment(source.path, source.languageId);
  return (ctx) => {
    const fim = splitFimPrompt(ctx.prompt);
    const prefix = fim ? fim.prefix : ctx.prompt;
    const before = prefix.startsWith(header) ? prefix.slice(header.length) : prefix;
    const cursor = cursorInTruth(source, before);
    const random = rng((seed * 1_000_003) ^ (cursor ?? before.length * 7919));
    if (cursor === undefined) {
      onReply?.({ kind: 'lost' });
      return { text: elsewhere(source, random, 24) };
    }
    const truthText = source.truth.slice(cursor, endOfLines(source.truth, cursor, TRUE_LINES, source.end));
    const draw = random();
    if (draw < REPLY_MIX.exact || truthText.length === 0) {
      onReply?.({ kind: 'exact', cursor });
      return { text: truthText };
    }
    if (draw < REPLY_MIX.exact + REPLY_MIX.partial && truthText.length > 2) {
      const firstLine = truthText.split('\n')[0];
      const keep = 1 + Math.floor(random() * Math.max(1, Math.min(12, firstLine.length - 1)));
      onReply?.({ kind: 'partial', cursor });
      return { text: truthText.slice(0, keep) + elsewhere(source, random, truthText.length - keep) };
    }
    onReply?.({ kind: 'wrong', cursor });
    return { text: elsewhere(source, random, truthText.length) };
  };
}
