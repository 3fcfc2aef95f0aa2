// Groups the texts to translate into batches that fit the request budget with room for the answer. Small
// batches also keep a bad reply cheap to retry and show progress sooner.
import { commentsSystemPrompt, commentsUserMessage, retryNote, type TranslationSource } from '../prompts/translate';
import type { Language } from '../prompts/languages';
import { templateOverhead } from '../text/budget';
import { estimateTokens } from '../text/tokens';
import type { TranslationItem } from './units';

/** The answer repeats each id and quotes; translations may run longer than their source. */
export const OUTPUT_PER_SOURCE_TOKEN = 2;
export const OUTPUT_PER_ITEM = 12;
export const OUTPUT_BASE = 24;
export const MAX_ITEMS_PER_BATCH = 40;
export const MAX_SOURCE_TOKENS_PER_BATCH = 1500;

export interface Batch {
  items: TranslationItem[];
  /** num_predict for this batch. */
  outputReserve: number;
}

export interface BatchPlan {
  batches: Batch[];
  /** Items too long for any request within the context: left untranslated (and reported). */
  tooLong: TranslationItem[];
}

export function outputReserveFor(items: readonly TranslationItem[]): number {
  const source = items.reduce((sum, i) => sum + estimateTokens(i.text), 0);
  return OUTPUT_BASE + OUTPUT_PER_ITEM * items.length + OUTPUT_PER_SOURCE_TOKEN * source;
}

/** Tokens of the full request for these items, with room for a retry note naming every id. */
export function requestTokens(items: readonly TranslationItem[], target: Language, source: TranslationSource): number {
  const note = retryNote('ids missing', items.map((i) => i.id));
  return estimateTokens(commentsSystemPrompt(target, source)) + estimateTokens(commentsUserMessage(items, target, note));
}

export function fits(items: readonly TranslationItem[], numCtx: number, target: Language, source: TranslationSource): boolean {
  return requestTokens(items, target, source) + outputReserveFor(items) + templateOverhead(2) <= numCtx;
}

export function planBatches(items: readonly TranslationItem[], numCtx: number, target: Language, source: TranslationSource): BatchPlan {
  const batches: Batch[] = [];
  const tooLong: TranslationItem[] = [];
  let current: TranslationItem[] = [];
  let sourceTokens = 0;
  const flush = (): void => {
    if (current.length > 0) batches.push({ items: current, outputReserve: outputReserveFor(current) });
    current = [];
    sourceTokens = 0;
  };
  for (const item of items) {
    if (!fits([item], numCtx, target, source)) {
      tooLong.push(item);
      continue;
    }
    const tokens = estimateTokens(item.text);
    const candidate = [...current, item];
    if (current.length > 0 && (candidate.length > MAX_ITEMS_PER_BATCH || sourceTokens + tokens > MAX_SOURCE_TOKENS_PER_BATCH || !fits(candidate, numCtx, target, source))) {
      flush();
      current = [item];
    } else {
      current = candidate;
    }
    sourceTokens += tokens;
  }
  flush();
  return { batches, tooLong };
}
