// POST /api/embed and the legacy POST /api/embeddings. Vectors are deterministic feature hashes of the
// words (so texts that share words come out similar), L2-normalised like EmbedHandler's output. Words are
// what a retrieval test needs them to be: identifiers also count by their parts (`parseConfig` shares
// `config` with "the config file"), and Chinese or Japanese text, which has no spaces, by character bigrams.
// As in Ollama: a model without the `embedding` capability is loaded and then fails in the runner (500); an
// input longer than the context is cut to it (its tail has no effect on the vector), or refused with
// `truncate: false`.

import { decodeBody } from '../decode';
import { keepAliveMs } from '../duration';
import { architecture } from '../modelfacts';
import { parseName } from '../names';
import { sleep } from '../delays';
import { EMBED, EMBEDDINGS } from '../schemas';
import { msToNs } from '../timefmt';
import { countTokens, hash32, tokenize } from '../tokens';
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

const CJK_RUN = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u;
const PARTS = /\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{N}+/gu;

/** The weighted features of a text: words, the parts of identifiers, CJK bigrams. */
export function embedFeatures(text: string): [string, number][] {
  const out: [string, number][] = [];
  for (const word of text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}_]+/gu) ?? []) {
    if (CJK_RUN.test(word)) {
      const chars = Array.from(word);
      if (chars.length === 1) out.push([word, 1]);
      for (let i = 0; i + 1 < chars.length; i++) out.push([(chars[i] ?? '') + (chars[i + 1] ?? ''), 1]);
      continue;
    }
    out.push([word.toLowerCase(), 1]);
    const parts = word.split('_').flatMap((p) => p.match(PARTS) ?? []);
    if (parts.length > 1) for (const p of parts) out.push([p.toLowerCase(), 0.5]);
  }
  return out;
}

export function embedText(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  const noise = prng(hash32(text));
  for (let i = 0; i < dims; i++) v[i] = (noise() - 0.5) * 0.02;
  for (const [word, weight] of embedFeatures(text)) {
    const sign = hash32(word, 0x9e3779b9) & 1 ? 1 : -1;
    const a = hash32(word) % dims;
    const b = hash32(word, 0x85ebca6b) % dims;
    v[a] = (v[a] ?? 0) + sign * weight;
    v[b] = (v[b] ?? 0) + sign * weight * 0.5;
  }
  return normalize(v);
}

/** The text the model actually sees: at most `limit` tokens (Ollama cuts the input to the context). */
function truncateToTokens(text: string, limit: number): string {
  const tokens = tokenize(text);
  return tokens.length <= limit ? text : tokens.slice(0, Math.max(0, limit)).join('');
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
      // The runner of a model without pooling (a chat model) refuses, after the model was loaded.
      if (!model.capabilities.includes('embedding')) return ex.sendError(500, 'this model does not support embeddings');
      const counts = texts.map((t) => countTokens(t) + 2);
      if (req['truncate'] === false && counts.some((n) => n > numCtx)) {
        return ex.sendError(400, 'the input length exceeds the context length');
      }
      const chars = texts.reduce((n, t) => n + t.length, 0);
      if (!(await sleep(state.settings.promptMsPer1kChars * (chars / 1000), ex.signal))) return;
      const dims = dimsOf(model);
      const wanted = typeof req['dimensions'] === 'number' && req['dimensions'] > 0 ? Math.min(req['dimensions'], dims) : dims;
      const embeddings = texts.map((t, i) => {
        // Two of the context's tokens go to BOS and EOS, as counted above.
        const seen = (counts[i] ?? 0) > numCtx ? truncateToTokens(t, numCtx - 2) : t;
        const full = embedText(seen, dims);
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
