// POST /api/create from an existing model (`from`), as CreateHandler does it: a missing base is pulled first;
// the base's layers are reused, new TEMPLATE/SYSTEM/PARAMETER/LICENSE/MESSAGE layers are created, and the
// new model inherits the base's family and capabilities (insert/tools follow a replaced template).
// Creating from uploaded `files` takes GGUF blobs sent to /api/blobs first; the stand-in cannot read GGUF
// metadata, so such a model is a plain 'llama' completion model the size of its blobs.

import { decodeBody } from '../decode';
import { sleep } from '../delays';
import { capabilitiesForTemplate, layersOf, parametersToText, parseParameters, sha256Hex } from '../modelfacts';
import { displayName, parseName } from '../names';
import { CREATE } from '../schemas';
import { normalizeModel } from '../store';
import { LineEmitter } from '../streaming';
import type { StandinModel } from '../types';
import { pullInto } from './pull';
import { type HandlerContext, optStr, record, str, wantsStream } from './route';

export async function handleCreate({ ex, state, body, fault }: HandlerContext): Promise<void> {
  const req = decodeBody(body, CREATE);
  const parsed = parseName(str(req['model']) || str(req['name']));
  if (!parsed) return ex.sendError(400, 'invalid model name');
  const adapters = record(req['adapters']);
  if (adapters && Object.keys(adapters).length > 0) return ex.sendError(400, 'LoRA adapters are no longer supported');

  const emitter = new LineEmitter(ex, wantsStream(req) ? 'stream' : 'buffer', fault);
  const fromArg = str(req['from']);
  const files = record(req['files']);
  let base: StandinModel | undefined;
  if (fromArg === '') {
    if (!files || Object.keys(files).length === 0) return emitter.fail("neither 'from' or 'files' was specified", 400);
    const fromFiles = await modelFromFiles(state, emitter, files);
    if (typeof fromFiles === 'string') return emitter.fail(fromFiles, 400);
    base = fromFiles;
  } else {
    if (!parseName(fromArg)) return emitter.fail('invalid model name', 400);
    base = state.installed.get(fromArg) ?? (await pullInto(state, ex, emitter, fromArg));
  }
  if (!base || !emitter.alive) return;

  const license = req['license'];
  const licenseText = Array.isArray(license) ? license.join('\n') : optStr(license);
  const params = record(req['parameters']);
  const mergedParams = params
    ? parametersToText({ ...(base.parameters ? parseParameters(base.parameters) : {}), ...params })
    : base.parameters;
  const template = optStr(req['template']);
  const messages = Array.isArray(req['messages']) ? JSON.stringify(req['messages']) : undefined;

  const created: StandinModel = {
    ...base,
    name: displayName(parsed),
    template: template ?? base.template,
    system: optStr(req['system']) ?? base.system,
    license: licenseText ?? base.license,
    parameters: mergedParams,
    capabilities: capabilitiesForTemplate(base.capabilities, template),
    digest: undefined,
    modifiedAt: undefined,
  };
  const baseDigests = new Set(layersOf(base).map((l) => l.digest));
  const newLayers = layersOf(created);
  const extra = messages ? Buffer.byteLength(messages) : 0;
  created.size = newLayers.reduce((n, l) => n + l.size, 0) + extra;

  for (const layer of newLayers.slice(0, -1)) {
    const verb = baseDigests.has(layer.digest) || state.blobs.has(layer.digest) ? 'using existing layer' : 'creating new layer';
    if (!(await emitter.line({ status: `${verb} ${layer.digest}` }))) return;
    state.blobs.record(layer.digest, layer.size, layer.size);
  }
  if (messages && !(await emitter.line({ status: `creating new layer sha256:${sha256Hex(`messages\n${messages}`)}` }))) return;
  const config = newLayers[newLayers.length - 1];
  if (config && !(await emitter.line({ status: `using existing layer ${config.digest}` }))) return;
  if (!(await sleep(state.settings.pullChunkMs, ex.signal))) return;
  if (!(await emitter.line({ status: 'writing manifest' }))) return;
  state.installed.put(normalizeModel(created, new Date()));
  await emitter.finish({ status: 'success' });
}

/** A base model made of uploaded GGUF blobs, or the server's error when one is missing. */
async function modelFromFiles(state: HandlerContext['state'], emitter: LineEmitter, files: Record<string, unknown>): Promise<StandinModel | string> {
  let size = 0;
  for (const digest of Object.values(files)) {
    const d = str(digest);
    if (!state.blobs.has(d)) return `open /usr/share/ollama/.ollama/models/blobs/${d.replace(':', '-')}: no such file or directory`;
    size += state.blobs.bytes(d);
  }
  if (!(await emitter.line({ status: 'parsing GGUF' }))) return 'client went away';
  return { name: 'gguf', family: 'llama', parameterSize: '', quantization: '', size, contextLength: 4096, capabilities: ['completion'] };
}
