// What generate and chat share: option checks, num_ctx, loading with keep_alive, the slot, the timed token
// loop and the metrics on the final chunk.

import { firstTokenDelay, sleep } from '../delays';
import type { Exchange } from '../exchange';
import type { LoadedModel } from '../loaded';
import { parseParameters } from '../modelfacts';
import { keyOf } from '../names';
import type { ReplyToken, ShapedReply } from '../replies';
import type { StandinState } from '../state';
import type { InstalledModel } from '../store';
import type { LineEmitter } from '../streaming';
import { msToNs } from '../timefmt';
import type { ReplyContext } from '../types';

const INT_OPTIONS = new Set([
  'num_keep', 'seed', 'num_predict', 'top_k', 'repeat_last_n', 'mirostat', 'num_ctx', 'num_batch', 'num_gpu',
  'main_gpu', 'num_thread', 'draft_num_predict',
]);
const FLOAT_OPTIONS = new Set([
  'temperature', 'top_p', 'min_p', 'typical_p', 'repeat_penalty', 'presence_penalty', 'frequency_penalty', 'tfs_z',
  'mirostat_tau', 'mirostat_eta',
]);
const BOOL_OPTIONS = new Set(['penalize_newline', 'numa', 'use_mmap', 'use_mlock', 'low_vram', 'f16_kv', 'vocab_only']);

/** Api Options.FromMap: known keys must have the right JSON type; unknown keys are only logged by the server. */
export function optionsError(options: Record<string, unknown> | undefined): string | undefined {
  if (!options) return undefined;
  for (const [key, value] of Object.entries(options)) {
    if (value === null) continue;
    if (INT_OPTIONS.has(key) && typeof value !== 'number') return `option "${key}" must be of type integer`;
    if (FLOAT_OPTIONS.has(key) && typeof value !== 'number') return `option "${key}" must be of type float32`;
    if (BOOL_OPTIONS.has(key) && typeof value !== 'boolean') return `option "${key}" must be of type boolean`;
    if (key === 'stop' && !(Array.isArray(value) && value.every((s) => typeof s === 'string'))) {
      return `option "${key}" must be of type array of strings`;
    }
  }
  return undefined;
}

/** Request num_ctx, else the Modelfile's, else the server default; clamped to the training context, at least 4. */
export function numCtxFor(model: InstalledModel, options: Record<string, unknown> | undefined, defaultNumCtx: number): number {
  const requested = options?.['num_ctx'];
  const fromModel = model.parameters ? parseParameters(model.parameters)['num_ctx'] : undefined;
  const wanted =
    typeof requested === 'number' && requested > 0
      ? requested
      : typeof fromModel === 'number' && fromModel > 0
        ? fromModel
        : defaultNumCtx;
  return Math.max(4, Math.min(Math.floor(wanted), model.contextLength));
}

export function modelKey(model: InstalledModel): string {
  return keyOf(model.name) ?? model.name.toLowerCase();
}

export interface Loaded {
  entry: LoadedModel | undefined;
  loadedAt: number;
}

/**
 * The scheduler part: load (waiting loadMs when cold) and note keep_alive. Cloud stubs never load locally.
 * Undefined when the client left during the load.
 */
export async function loadModel(
  state: StandinState,
  ex: Exchange,
  model: InstalledModel,
  keepAlive: number | undefined,
  numCtx: number,
): Promise<Loaded | undefined> {
  if (model.remoteHost) return { entry: undefined, loadedAt: performance.now() };
  const use = state.loaded.use(model, keepAlive, numCtx);
  // A new runner starts with an empty KV cache.
  if (use.cold) state.kvCache.delete(modelKey(model));
  if (use.cold && state.settings.loadMs > 0 && !(await sleep(state.settings.loadMs, ex.signal))) {
    state.loaded.release(use.entry);
    return undefined;
  }
  return { entry: use.entry, loadedAt: performance.now() };
}

export function unload(state: StandinState, loaded: Loaded): void {
  if (loaded.entry) state.loaded.release(loaded.entry);
}

export interface GenerationStats {
  promptEvalCount: number;
  evalCount: number;
  totalNs: number;
  loadNs: number;
  promptEvalNs: number;
  evalNs: number;
}

/** Metric fields in Go struct order; zero counts are omitted as omitempty would. */
export function metricFields(s: GenerationStats): Record<string, number> {
  const out: Record<string, number> = { total_duration: s.totalNs, load_duration: s.loadNs };
  if (s.promptEvalCount > 0) out['prompt_eval_count'] = s.promptEvalCount;
  out['prompt_eval_duration'] = s.promptEvalNs;
  if (s.evalCount > 0) out['eval_count'] = s.evalCount;
  out['eval_duration'] = s.evalNs;
  return out;
}

/** Silent context truncation: an overflowing prompt keeps about half the window (issue #17427). */
export function promptEvalCount(promptTokens: number, numCtx: number): number {
  return promptTokens >= numCtx ? Math.floor(numCtx / 2) : promptTokens;
}

export const PROMPT_TOO_LONG =
  'the prompt is longer than the context length currently available to the model; shorten the prompt, adjust the context length in settings, or use a model with a longer context length';

export interface GenerationRun {
  ex: Exchange;
  state: StandinState;
  emitter: LineEmitter;
  ctx: ReplyContext;
  shaped: ShapedReply;
  promptChars: number;
  /** The prompt as the runner evaluates it, and the runner's key: with the KV-cache model on, only the part
   * after the prefix shared with what the runner's cache holds costs evaluation time. */
  kv?: { rendered: string; key: string };
  promptTokens: number;
  loaded: Loaded;
  chunk: (t: ReplyToken) => Record<string, unknown>;
  /** Lines after the tokens (chat tool calls). */
  extra?: Record<string, unknown>[];
  final: (stats: GenerationStats) => Record<string, unknown>;
}

/** First-token delay, then one line per token with perTokenMs between, then the final chunk. */
export async function runGeneration(run: GenerationRun): Promise<void> {
  const { ex, state, emitter, shaped } = run;
  const evalStart = performance.now();
  const kv = state.settings.kvCache && run.kv ? run.kv : undefined;
  if (kv) {
    if (!(await evaluatePrompt(state, ex, run.ctx, kv))) return;
  } else if (!(await sleep(firstTokenDelay(state.settings, run.ctx, run.promptChars), ex.signal))) {
    return;
  }
  const firstAt = performance.now();
  let generated = '';
  for (let i = 0; i < shaped.tokens.length; i++) {
    const token = shaped.tokens[i];
    if (!token) continue;
    if (i > 0 && !(await sleep(state.settings.perTokenMs, ex.signal))) return;
    // The runner's cache holds the generated tokens too (a later prompt that typed them along reuses them).
    generated += token.text;
    if (kv) state.kvCache.set(kv.key, kv.rendered + generated);
    if (!(await emitter.line(run.chunk(token)))) return;
  }
  for (const line of run.extra ?? []) {
    if (!(await emitter.line(line))) return;
  }
  const end = performance.now();
  await emitter.finish(
    run.final({
      promptEvalCount: run.promptTokens,
      evalCount: emitter.produced,
      totalNs: msToNs(end - ex.rec.receivedAt),
      loadNs: msToNs(run.loaded.loadedAt - ex.rec.receivedAt),
      promptEvalNs: msToNs(firstAt - evalStart),
      evalNs: msToNs(end - firstAt),
    }),
  );
}

function sharedPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * Prompt evaluation with the runner's KV cache (Ollama reuses the longest prefix the slot already holds):
 * only the unshared rest of the prompt costs time. A request cancelled during evaluation leaves what was
 * evaluated so far in the cache, so its cost is not lost for the next prompt that shares it.
 * False when the client left.
 */
async function evaluatePrompt(state: StandinState, ex: Exchange, ctx: ReplyContext, kv: { rendered: string; key: string }): Promise<boolean> {
  const cached = state.kvCache.get(kv.key) ?? '';
  const shared = sharedPrefix(cached, kv.rendered);
  const unshared = kv.rendered.length - shared;
  ex.rec.promptEvalChars = unshared;
  const evalMs = Math.max(0, state.settings.promptMsPer1kChars) * (unshared / 1000);
  // The cache keeps the shared prefix; what follows it is overwritten from here on.
  state.kvCache.set(kv.key, kv.rendered.slice(0, shared));
  const started = performance.now();
  const evaluated = await sleep(evalMs, ex.signal);
  const done = evaluated ? unshared : Math.floor(unshared * Math.min(1, (performance.now() - started) / Math.max(evalMs, 1e-9)));
  state.kvCache.set(kv.key, kv.rendered.slice(0, shared + done));
  if (!evaluated) return false;
  const base = typeof state.settings.firstTokenMs === 'function' ? state.settings.firstTokenMs(ctx) : state.settings.firstTokenMs;
  return sleep(Math.max(0, base), ex.signal);
}

/** Wraps the slot around `body`; returns without running it if the client left while queued. */
export async function withSlot(state: StandinState, ex: Exchange, model: InstalledModel, body: () => Promise<void>): Promise<void> {
  if (model.remoteHost) return body();
  const release = await state.slots.pool(modelKey(model)).acquire(ex.signal);
  if (!release) return;
  try {
    await body();
  } finally {
    release();
  }
}

/**
 * The stop strings a request runs with. Ollama's modelOptions applies the Modelfile's options, then the
 * request's over them (Options.FromMap): a `stop` the request sends, even `[]`, replaces the model's.
 */
export function effectiveStop(model: InstalledModel, options: Record<string, unknown> | undefined): string[] {
  const sent = options?.['stop'];
  if (Array.isArray(sent)) return sent.filter((s): s is string => typeof s === 'string');
  const fromModel = model.parameters ? parseParameters(model.parameters)['stop'] : undefined;
  return Array.isArray(fromModel) ? fromModel.filter((s): s is string => typeof s === 'string') : [];
}
