// From a parsed Modelfile to a finished create: where FROM points (an installed or library model, a
// GGUF file to upload, or a folder that only the CLI can convert), the request for /api/create, and
// the progress stream turned into an outcome that keeps the server's own message on failure.
import * as path from 'node:path';
import { isAbort, OllamaError, toOllamaError } from '../ollama/errors';
import type { CreateParams, ProgressEvent } from '../ollama/types';
import { looksLikePath, type ModelfileRequest } from './modelfile';
import { checkModelName } from './names';
import { expandPath, inspectLocalSource, uploadLocalFile, type BlobTarget, type FileProgress, type SpecialFileKind } from './localFiles';

export type FromSource =
  | { kind: 'model'; name: string }
  | { kind: 'gguf'; path: string; size: number }
  | { kind: 'folder'; path: string }
  | { kind: 'notGguf'; path: string }
  /** A FIFO, socket or device: refused before anything opens it. */
  | { kind: 'notRegular'; path: string; what: SpecialFileKind }
  | { kind: 'missingFile'; path: string }
  | { kind: 'badName'; value: string };

/**
 * Ollama's rule: if the value names something that exists on disk (relative to the Modelfile's folder),
 * it is a file; otherwise it is a model name.
 */
export async function resolveFromSource(value: string, baseDir: string | undefined): Promise<FromSource> {
  const local = await inspectLocalSource(expandPath(value, baseDir));
  if (local.kind !== 'missing') return local;
  if (looksLikePath(value)) return { kind: 'missingFile', path: local.path };
  return checkModelName(value).ok ? { kind: 'model', name: value.trim() } : { kind: 'badName', value };
}

/** The create request from the Modelfile's fields; `from` or `files` as resolved. */
export function createParams(model: string, request: ModelfileRequest, source: { from?: string; files?: Record<string, string>; adapters?: Record<string, string> }): CreateParams {
  const params: CreateParams = { model };
  if (source.from) params.from = source.from;
  if (source.files) params.files = source.files;
  if (source.adapters && Object.keys(source.adapters).length) params.adapters = source.adapters;
  if (request.template !== undefined) params.template = request.template;
  if (request.system !== undefined) params.system = request.system;
  if (request.license.length) params.license = request.license.length === 1 ? request.license[0] : request.license;
  if (Object.keys(request.parameters).length) params.parameters = { ...request.parameters };
  if (request.messages.length) params.messages = request.messages.map((m) => ({ ...m }));
  if (request.requires) params.requires = request.requires;
  if (request.renderer) params.renderer = request.renderer;
  if (request.parser) params.parser = request.parser;
  return params;
}

/** Uploads a GGUF file (FROM or ADAPTER) and returns the `files`/`adapters` entry for it. */
export async function uploadForCreate(target: BlobTarget, file: { path: string; size: number }, options: { signal?: AbortSignal; onProgress?: FileProgress }): Promise<Record<string, string>> {
  const digest = await uploadLocalFile(target, file.path, file.size, options);
  return { [path.basename(file.path)]: digest };
}

export type CreateOutcome =
  | { kind: 'success' }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: OllamaError; serverMessage: string };

export interface CreateSource {
  create(params: CreateParams, signal?: AbortSignal): AsyncIterable<ProgressEvent>;
}

/** Runs /api/create to the end; never throws. */
export async function runCreate(source: CreateSource, params: CreateParams, options: { signal?: AbortSignal; onStatus?: (event: ProgressEvent) => void } = {}): Promise<CreateOutcome> {
  let succeeded = false;
  try {
    for await (const event of source.create(params, options.signal)) {
      options.onStatus?.(event);
      if (event.status === 'success') succeeded = true;
    }
  } catch (err) {
    if (isAbort(err) || options.signal?.aborted) return { kind: 'cancelled' };
    const error = err instanceof OllamaError ? err : toOllamaError(err, { model: params.model });
    return { kind: 'failed', error, serverMessage: error.details.serverMessage ?? error.message };
  }
  if (options.signal?.aborted) return { kind: 'cancelled' };
  if (!succeeded) {
    const error = new OllamaError('protocol', 'The create stream ended before Ollama reported success.', { model: params.model, reason: 'noDone' });
    return { kind: 'failed', error, serverMessage: error.message };
  }
  return { kind: 'success' };
}
