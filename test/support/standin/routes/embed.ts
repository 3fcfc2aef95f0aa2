// POST /api/embed and the legacy POST /api/embeddings. Vectors are deterministic feature hashes of the
// words (so texts that share words come out similar), L2-normalised like EmbedHandler's output.

import { decodeBody } from '../decode';
import { keepAliveMs } from '../duration';
import { architecture } from '../modelfacts';
import { parseName } from '../names';
import { sleep } from '../delays';
import { EMBED, EMBEDDINGS } from '../schemas';
import { msToNs } from '../timefmt';
import { countTokens, hash32 } from '../tokens';
import type { InstalledModel } from '../store';
import { loadModel, numCtxFor, unload, withSlot } from './inference';
import { type HandlerContext, record, str } from './route';
import { seededRandom } from '../../random';

/** Re-exported for the standin's users; the generator lives in test/support/random.ts. */
export const prng = seededRandom;


function normalize(v: number[]): number[] {
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1e-12;
  return v.map((x) => Math.fround(x / norm));
}

export function embedText(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  const noise = prng(hash32(text));
  for (let i = 0; i < dims; i++) v[i] = (noise() - 0.5) * 0.02;
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []) {
    const sign = hash32(word, 0x9e3779b9) & 1 ? 1 : -1;
    const a = hash32(word) % dims;
    const b = hash32(word, 0x85ebca6b) % dims;
    v[a] = (v[a] ?? 0) + sign;
    v[b] = (v[b] ?? 0) + sign * 0.5;
  }
  return normalize(v);
}

function dimsOf(model: InstalledModel): number {
  return architecture(model).embeddingLength;
}

/** handleScheduleError's wording for a model that is not installed (double quotes, unlike generate). */
function installedOr404(h: HandlerContext, modelArg: string): InstalledModel | undefined {
  const model = h.state.installed.get(modelArg);
  if (!model) h.ex.sendError(404, `model "${modelArg}" not found, try pulling it first`);
  return model;
}

export async function handleEmbed(h: HandlerContext): Promise<void> {
  const { ex, state, body } = h;
  const req = decodeBody(body, EMBED);
  const modelArg = str(req['model']);
  if (modelArg === '') return ex.sendError(404, `model '' not found`);
  if (!parseName(modelArg)) return ex.sendError(400, 'invalid model name');

  const input = req['input'];
  let texts: string[];
  if (typeof input === 'string') texts = input ? [input] : [];
  else if (Array.isArray(input)) {
    if (!input.every((x) => typeof x === 'string')) return ex.sendError(400, 'invalid input type');
    texts = input as string[];
  } else if (input === undefined || input === null) texts = [];
  else return ex.sendError(400, 'invalid input type');

  const model = installedOr404(h, modelArg);
  if (!model) return;
  const keepAlive = req['keep_alive'] === undefined ? undefined : keepAliveMs(req['keep_alive']);
  const options = record(req['options']);
  const numCtx = numCtxFor(model, options, state.settings.defaultNumCtx);
  const loaded = await loadModel(state, ex, model, keepAlive, numCtx);
  if (!loaded) return;
  try {
    if (texts.length === 0) return ex.sendJson(200, { model: modelArg, embeddings: [] });
    await withSlot(state, ex, model, async () => {
      const counts = texts.map((t) => countTokens(t) + 2);
      if (req['truncate'] === false && counts.some((n) => n > numCtx)) {
        return ex.sendError(400, 'the input length exceeds the context length');
      }
      const chars = texts.reduce((n, t) => n + t.length, 0);
      if (!(await sleep(state.settings.promptMsPer1kChars * (chars / 1000), ex.signal))) return;
      const dims = dimsOf(model);
      const wanted = typeof req['dimensions'] === 'number' && req['dimensions'] > 0 ? Math.min(req['dimensions'], dims) : dims;
      const embeddings = texts.map((t) => {
        const full = embedText(t, dims);
        return wanted < dims ? normalize(full.slice(0, wanted)) : full;
      });
      ex.sendJson(200, {
        model: modelArg,
        embeddings,
        total_duration: msToNs(performance.now() - ex.rec.receivedAt),
        load_duration: msToNs(loaded.loadedAt - ex.rec.receivedAt),
        prompt_eval_count: counts.reduce((s, n) => s + Math.min(n, numCtx), 0),
      });
    });
  } finally {
    unload(state, loaded);
  }
}

export async function handleEmbeddings(h: HandlerContext): Promise<void> {
  const { ex, state, body } = h;
  const req = decodeBody(body, EMBEDDINGS);
  const modelArg = str(req['model']);
  if (modelArg === '') return ex.sendError(400, 'model is required');
  if (!parseName(modelArg)) return ex.sendError(400, 'invalid model name');
  const model = installedOr404(h, modelArg);
  if (!model) return;
  const keepAlive = req['keep_alive'] === undefined ? undefined : keepAliveMs(req['keep_alive']);
  const numCtx = numCtxFor(model, record(req['options']), state.settings.defaultNumCtx);
  const loaded = await loadModel(state, ex, model, keepAlive, numCtx);
  if (!loaded) return;
  try {
    const prompt = str(req['prompt']);
    if (prompt === '') return ex.sendJson(200, { embedding: [] });
    await withSlot(state, ex, model, async () => {
      if (!(await sleep(state.settings.promptMsPer1kChars * (prompt.length / 1000), ex.signal))) return;
      // The legacy endpoint returns the raw (unnormalised) float64 vector.
      ex.sendJson(200, { embedding: embedText(prompt, dimsOf(model)).map((x) => x * 7.5) });
    });
  } finally {
    unload(state, loaded);
  }
}
