// From two ranked lists to what goes into the prompt: fused, deduplicated (two chunks of the same file whose
// lines overlap say the same thing twice), fitted to a token budget, each with its citation.
import { estimateTokens } from '../text/tokens';
import { reciprocalRankFusion, RRF_K } from './fuse';
import type { Chunk, Citation } from './types';

export interface RetrievalInput {
  /** Chunk ids from the lexical index, best first. */
  lexical: readonly number[];
  /** Chunk ids from the vector scan, best first. */
  vector: readonly number[];
  chunkOf: (id: number) => Chunk | undefined;
  /** Tokens the retrieved material may take in the prompt (estimateTokens of the rendered chunks). */
  budgetTokens: number;
  maxChunks?: number;
  rrfK?: number;
  /**
   * Which fused candidates may be used (relevance.ts's floor); default all. Applied after fusion, so the ranks
   * fused are those of the full lists and the order of what is kept is what it would be without the floor.
   */
  keep?: (id: number) => boolean;
}

export interface Retrieved {
  chunk: Chunk;
  score: number;
  citation: Citation;
  /** The chunk as it goes into the prompt (renderChunk). */
  rendered: string;
  tokens: number;
}

export interface Retrieval {
  results: Retrieved[];
  usedTokens: number;
  /** Candidates left out because they did not fit the budget. */
  overBudget: number;
}

/** A chunk for the prompt: its citation as a header, then the text fenced. */
export function renderChunk(chunk: Chunk): string {
  const fence = chunk.text.includes('```') ? '````' : '```';
  return `${chunk.path}:${chunk.startLine}-${chunk.endLine}\n${fence}\n${chunk.text}\n${fence}`;
}

function overlaps(a: Citation, b: Citation): boolean {
  return a.path === b.path && a.startLine <= b.endLine && b.startLine <= a.endLine;
}

export function retrieve(input: RetrievalInput): Retrieval {
  const fused = reciprocalRankFusion([input.lexical, input.vector], input.rrfK ?? RRF_K);
  const maxChunks = input.maxChunks ?? Infinity;
  const results: Retrieved[] = [];
  const taken: Citation[] = [];
  let usedTokens = 0;
  let overBudget = 0;
  for (const { id, score } of fused) {
    if (results.length >= maxChunks) break;
    if (input.keep && !input.keep(id)) continue;
    const chunk = input.chunkOf(id);
    if (!chunk) continue;
    const citation: Citation = { path: chunk.path, startLine: chunk.startLine, endLine: chunk.endLine };
    if (taken.some((t) => overlaps(t, citation))) continue;
    const rendered = renderChunk(chunk);
    const tokens = estimateTokens(rendered) + 1;
    // A chunk that does not fit is passed over; a smaller one further down may still fit.
    if (usedTokens + tokens > input.budgetTokens) {
      overBudget++;
      continue;
    }
    usedTokens += tokens;
    taken.push(citation);
    results.push({ chunk, score, citation, rendered, tokens });
  }
  return { results, usedTokens, overBudget };
}
