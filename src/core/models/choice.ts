// The automatic choice of a model for a feature when its setting is empty, and the filter the
// "Use Model for…" list applies.
//
// Completion: a model with Ollama's `insert` capability (the server builds the fill-in-the-middle
// prompt from the model's own template), then a base code model Hearth can prompt for FIM itself, then
// any model that completes text; within each, the smaller first, because completion runs on every pause
// in typing and latency matters more than size.
// Chat, summarize, translate: instruct models only (a base model would just continue the text, an
// embedding model cannot generate at all); the larger the better within reason: first those that fit
// the GPU next to the completion model when that is known, else up to ~14B parameters; summaries and
// translation prefer general models to coder models, which are weaker at prose.
import { isCloudModelName } from '../ollama/names';
import { canChat, generatesText } from './chatAbility';
import type { Capability } from '../ollama/types';
import type { Feature } from '../settings';
import { parseParameterSize } from './show';

export interface ChoiceCandidate {
  name: string;
  sizeBytes: number;
  parameterSize: string;
  capabilities: readonly Capability[];
  /** The model's template, when known (from /api/show); tells instruct from base models. */
  template?: string;
  remoteHost?: string;
}

export type ChoiceReason =
  /** completion: the model fills in the middle through its template. */
  | 'insert'
  /** completion: a base code model that Hearth prompts for FIM in raw mode. */
  | 'rawFim'
  /** completion: no FIM model installed; this one continues text. */
  | 'plainCompletion'
  /** chat/summarize/translate: the largest instruct model within reason. */
  | 'instruct'
  /** embedding: an embedding model, the smallest installed (the index runs in the background beside the others). */
  | 'embedding';

export interface Choice {
  name: string;
  reason: ChoiceReason;
}

export interface ChoiceOptions {
  allowCloud?: boolean;
  /**
   * Whether the model fits the GPU next to the other feature's model; undefined when the GPU's
   * memory is unknown. Models that fit come first.
   */
  fitsBudget?: (candidate: ChoiceCandidate) => boolean | undefined;
}

/** Above this, "larger" stops being "better" for an interactive feature on a typical machine. */
export const REASONABLE_PARAMETERS = 14.9e9;

const RAW_FIM = /^(?:[^/]+\/)?(codellama:[^:]*code|starcoder2?|deepseek-coder(?!.*instruct)|codegemma(?!:.*-it)|codestral|stable-code)/i;
const CODER = /code|coder|starcoder|codestral/i;

export function isEmbeddingOnly(c: Pick<ChoiceCandidate, 'capabilities'>): boolean {
  return !generatesText(c);
}

/** An instruct (chat) model: it generates text and its template renders a conversation (see chatAbility). */
export function isInstruct(c: ChoiceCandidate): boolean {
  return canChat(c);
}

export function isCloud(c: Pick<ChoiceCandidate, 'name' | 'remoteHost'>): boolean {
  return c.remoteHost !== undefined || isCloudModelName(c.name);
}

/** Whether the feature can use the model at all. */
export function suitsFeature(feature: Feature, c: ChoiceCandidate): boolean {
  if (feature === 'embedding') return isEmbeddingModel(c);
  return feature === 'completion' ? !isEmbeddingOnly(c) : isInstruct(c);
}

/** A model that answers /api/embed (capability `embedding`). */
export function isEmbeddingModel(c: Pick<ChoiceCandidate, 'capabilities'>): boolean {
  return c.capabilities.includes('embedding');
}

function completionTier(c: ChoiceCandidate): number {
  if (c.capabilities.includes('insert')) return 0;
  if (RAW_FIM.test(c.name) && !isInstruct(c)) return 1;
  return CODER.test(c.name) ? 2 : 3;
}

function reasonFor(feature: Feature, c: ChoiceCandidate): ChoiceReason {
  if (feature === 'embedding') return 'embedding';
  if (feature !== 'completion') return 'instruct';
  const tier = completionTier(c);
  return tier === 0 ? 'insert' : tier === 1 ? 'rawFim' : 'plainCompletion';
}

function params(c: ChoiceCandidate): number {
  return parseParameterSize(c.parameterSize) ?? c.sizeBytes / 0.6;
}

/** Sort keys, compared in order; smaller sorts first. */
function sortKey(feature: Feature, c: ChoiceCandidate, options: ChoiceOptions): number[] {
  const fits = options.fitsBudget?.(c);
  const budget = fits === false ? 1 : 0;
  if (feature === 'completion') return [completionTier(c), budget, params(c), c.sizeBytes];
  // Embedding: the smallest, since indexing runs in the background and its model sits beside the others.
  if (feature === 'embedding') return [params(c), c.sizeBytes];
  const reasonable = params(c) <= REASONABLE_PARAMETERS ? 0 : 1;
  const general = feature !== 'chat' && CODER.test(c.name) ? 1 : 0;
  return [budget, reasonable, general, -params(c), -c.sizeBytes];
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** The models the feature can use, best first. */
export function rankForFeature(feature: Feature, candidates: readonly ChoiceCandidate[], options: ChoiceOptions = {}): ChoiceCandidate[] {
  return candidates
    .filter((c) => suitsFeature(feature, c) && (options.allowCloud || !isCloud(c)))
    .map((c) => ({ c, key: sortKey(feature, c, options) }))
    .sort((a, b) => compareKeys(a.key, b.key) || a.c.name.localeCompare(b.c.name))
    .map(({ c }) => c);
}

/** The automatic choice for the feature; undefined when nothing installed fits. */
export function chooseModel(feature: Feature, candidates: readonly ChoiceCandidate[], options: ChoiceOptions = {}): Choice | undefined {
  const best = rankForFeature(feature, candidates, options)[0];
  return best ? { name: best.name, reason: reasonFor(feature, best) } : undefined;
}
