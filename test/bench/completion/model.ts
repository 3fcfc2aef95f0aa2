// What the stand-in "model" answers while a trace is typed, and how long it takes.
//
// Delay model (a small coder model, e.g. qwen2.5-coder:1.5b, on a mid-range GPU): 60 ms to the first token
// plus 15 ms per 1 000 characters of prompt (prompt evaluation, with no KV-cache reuse between requests: an
// upper bound, since Ollama reuses the cached prefix), then 12 ms per token. The stand-in stops at once when
// the client closes the connection, as Ollama's runner does.
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
  promptMsPer1kChars: number;
  perTokenMs: number;
}

export const SMALL_CODER_ON_MID_GPU: DelayModel = { firstTokenMs: 60, promptMsPer1kChars: 15, perTokenMs: 12 };

export function scaledDelays(model: DelayModel, scale: number): DelayModel {
  return { firstTokenMs: model.firstTokenMs * scale, promptMsPer1kChars: model.promptMsPer1kChars * scale, perTokenMs: model.perTokenMs * scale };
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
