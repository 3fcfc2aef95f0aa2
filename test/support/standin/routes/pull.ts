// POST /api/pull and /api/push. A pull walks the manifest's layers one after another; a layer already on disk
// is one line with completed = total, a missing one streams progress (resuming from a cancelled pull's
// partial bytes). Only a pull that reaches "writing manifest" installs the model.

import { decodeBody } from '../decode';
import { sleep } from '../delays';
import type { Exchange } from '../exchange';
import { layersOf } from '../modelfacts';
import { canonicalOf, parseName } from '../names';
import { PULL, PUSH } from '../schemas';
import type { StandinState } from '../state';
import { type InstalledModel, normalizeModel } from '../store';
import { LineEmitter } from '../streaming';
import { type HandlerContext, str, wantsStream } from './route';

/** Big layers arrive in this many progress steps; small ones in one. */
const STEPS_PER_BIG_LAYER = 8;

/**
 * Runs the pull protocol on `emitter` up to "writing manifest" and installs the model. Undefined when it
 * failed (the error is already emitted) or the client left.
 */
export async function pullInto(
  state: StandinState,
  ex: Exchange,
  emitter: LineEmitter,
  nameArg: string,
): Promise<InstalledModel | undefined> {
  if (!(await emitter.line({ status: 'pulling manifest' }))) return undefined;
  const source = state.registry.get(nameArg);
  if (!source) {
    await emitter.fail('pull model manifest: file does not exist');
    return undefined;
  }
  const model = normalizeModel({ ...source, modifiedAt: undefined }, new Date());
  for (const layer of layersOf(model)) {
    const status = `pulling ${layer.digest.slice('sha256:'.length, 'sha256:'.length + 12)}`;
    const progress = (completed: number): Record<string, unknown> => ({
      status,
      digest: layer.digest,
      total: layer.size,
      ...(completed > 0 ? { completed } : {}),
    });
    if (state.blobs.has(layer.digest)) {
      if (!(await emitter.line(progress(layer.size)))) return undefined;
      continue;
    }
    let done = state.blobs.bytes(layer.digest);
    const step = Math.ceil((layer.size - done) / (layer.size > 1_000_000 ? STEPS_PER_BIG_LAYER : 1));
    if (!(await emitter.line(progress(done)))) return undefined;
    while (done < layer.size) {
      if (!(await sleep(state.settings.pullChunkMs, ex.signal))) return undefined;
      done = Math.min(layer.size, done + step);
      state.blobs.record(layer.digest, done, layer.size);
      if (!(await emitter.line(progress(done)))) return undefined;
    }
  }
  if (!(await emitter.line({ status: 'verifying sha256 digest' }))) return undefined;
  if (!(await emitter.line({ status: 'writing manifest' }))) return undefined;
  state.installed.put(model);
  return model;
}

export async function handlePull({ ex, state, body, fault }: HandlerContext): Promise<void> {
  const req = decodeBody(body, PULL);
  const nameArg = str(req['model']) || str(req['name']);
  if (!parseName(nameArg)) return ex.sendError(400, 'invalid model name');
  const emitter = new LineEmitter(ex, wantsStream(req) ? 'stream' : 'buffer', fault);
  const model = await pullInto(state, ex, emitter, nameArg);
  if (model) await emitter.finish({ status: 'success' });
}

export async function handlePush({ ex, state, body, fault }: HandlerContext): Promise<void> {
  const req = decodeBody(body, PUSH);
  const nameArg = str(req['model']) || str(req['name']);
  if (nameArg === '') return ex.sendError(400, 'model is required');
  const emitter = new LineEmitter(ex, wantsStream(req) ? 'stream' : 'buffer', fault);
  const model = state.installed.get(nameArg);
  if (!model) {
    const path = canonicalOf(nameArg).replace(/:([^:/]+)$/, '/$1');
    return emitter.fail(`open /usr/share/ollama/.ollama/models/manifests/${path}: no such file or directory`);
  }
  if (!(await emitter.line({ status: 'retrieving manifest' }))) return;
  for (const layer of layersOf(model)) {
    const status = `pushing ${layer.digest.slice(7, 19)}`;
    for (const completed of [0, layer.size]) {
      if (completed > 0 && !(await sleep(state.settings.pullChunkMs, ex.signal))) return;
      const line = { status, digest: layer.digest, total: layer.size, ...(completed > 0 ? { completed } : {}) };
      if (!(await emitter.line(line))) return;
    }
  }
  if (!(await emitter.line({ status: 'pushing manifest' }))) return;
  await emitter.finish({ status: 'success' });
}
