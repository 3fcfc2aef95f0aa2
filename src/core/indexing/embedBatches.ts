// Embedding inputs that fit the model: Hearth sends `truncate: false`, so Ollama refuses an input longer than
// the model's context instead of embedding its head and dropping the rest unseen. Before that can happen, a
// chunk longer than the context is split at line boundaries into chunks that fit (each keeps its own line range
// and hash); a single line longer than the context cannot be split without cutting it, so its chunk is left out
// of the vectors (it stays in the lexical index) and the caller logs it. Batches then hold several inputs up to
// a token total, so a build sends few requests and none of them is huge.
import { contentHash } from '../workspaceIndex/hash';
import type { Chunk } from '../workspaceIndex/types';
import { estimateTokens } from '../text/tokens';

/** Tokens kept free in the context for the BOS/EOS tokens the runner adds and the estimate's own error. */
const CONTEXT_MARGIN = 8;

export interface FitResult {
  /** Chunks that fit, in order (split pieces replace the chunk they came from). */
  chunks: Chunk[];
  /** How many chunks were split. */
  split: number;
  /** Chunks with a single line longer than the context: no vector (lexical only). */
  tooLong: Chunk[];
}

export function maxInputTokens(contextTokens: number): number {
  return Math.max(16, contextTokens - CONTEXT_MARGIN);
}

function splitChunk(c: Chunk, limit: number): Chunk[] | undefined {
  const lines = c.text.split('\n');
  const pieces: Chunk[] = [];
  let start = 0;
  while (start < lines.length) {
    let end = start;
    let tokens = estimateTokens(lines[start] ?? '');
    if (tokens > limit) return undefined;
    while (end + 1 < lines.length) {
      const next = estimateTokens(lines[end + 1] ?? '') + 1;
      if (tokens + next > limit) break;
      tokens += next;
      end++;
    }
    const text = lines.slice(start, end + 1).join('\n');
    if (text.trim() !== '') pieces.push({ path: c.path, startLine: c.startLine + start, endLine: c.startLine + end, text, hash: contentHash(text) });
    start = end + 1;
  }
  return pieces;
}

/** Splits chunks longer than the model's context (`contextTokens`) into pieces that fit. */
export function fitToContext(chunks: readonly Chunk[], contextTokens: number): FitResult {
  const limit = maxInputTokens(contextTokens);
  const out: Chunk[] = [];
  const tooLong: Chunk[] = [];
  let split = 0;
  for (const c of chunks) {
    if (estimateTokens(c.text) <= limit) {
      out.push(c);
      continue;
    }
    const pieces = splitChunk(c, limit);
    if (pieces) {
      split++;
      out.push(...pieces);
    } else {
      out.push(c);
      tooLong.push(c);
    }
  }
  return { chunks: out, split, tooLong };
}

export interface BatchLimits {
  /** Inputs per request. */
  maxInputs: number;
  /** Estimated tokens per request, all inputs together. */
  maxTokens: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxInputs: 32, maxTokens: 8192 };

/** Consecutive groups of `chunks` within the limits; a chunk alone over `maxTokens` is a batch of its own. */
export function batches(chunks: readonly Chunk[], limits: BatchLimits = DEFAULT_BATCH_LIMITS): Chunk[][] {
  const out: Chunk[][] = [];
  let current: Chunk[] = [];
  let tokens = 0;
  for (const c of chunks) {
    const t = estimateTokens(c.text);
    if (current.length > 0 && (current.length >= limits.maxInputs || tokens + t > limits.maxTokens)) {
      out.push(current);
      current = [];
      tokens = 0;
    }
    current.push(c);
    tokens += t;
  }
  if (current.length > 0) out.push(current);
  return out;
}
