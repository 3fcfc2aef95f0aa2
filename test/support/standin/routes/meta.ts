// GET|HEAD /, GET|HEAD /api/version, GET|HEAD /api/tags, GET /api/ps.

import { architecture, loadedSize } from '../modelfacts';
import type { InstalledModel } from '../store';
import { localTimestamp } from '../timefmt';
import type { HandlerContext } from './route';

export function handleRoot({ ex }: HandlerContext): void {
  ex.sendText(200, 'Ollama is running');
}

export function handleVersion({ ex, state }: HandlerContext): void {
  ex.sendJson(200, { version: state.settings.version });
}

function details(m: InstalledModel): Record<string, unknown> {
  return {
    parent_model: '',
    format: 'gguf',
    family: m.family,
    families: [m.family],
    parameter_size: m.parameterSize,
    quantization_level: m.quantization,
  };
}

/** A ListModelResponse as ≥ v0.30 sends it (context_length/embedding_length in details, top-level capabilities). */
export function tagsEntry(m: InstalledModel): Record<string, unknown> {
  return {
    name: m.name,
    model: m.name,
    ...(m.remoteHost ? { remote_model: m.remoteModel ?? m.name, remote_host: m.remoteHost } : {}),
    modified_at: m.modifiedAt,
    size: m.size,
    digest: m.digest,
    details: { ...details(m), context_length: m.contextLength, embedding_length: architecture(m).embeddingLength },
    capabilities: [...m.capabilities],
  };
}

export function handleTags({ ex, state }: HandlerContext): void {
  ex.sendJson(200, { models: state.installed.list().map(tagsEntry) });
}

export function handlePs({ ex, state }: HandlerContext): void {
  const models = state.loaded.list().map(({ entry, expiresAt }) => {
    const size = loadedSize(entry.model, entry.numCtx);
    const share = Math.min(1, Math.max(0, entry.model.vramShare ?? 1));
    return {
      name: entry.model.name,
      model: entry.model.name,
      size,
      digest: entry.model.digest,
      details: details(entry.model),
      expires_at: localTimestamp(new Date(expiresAt)),
      size_vram: Math.round(size * share),
      context_length: entry.numCtx,
    };
  });
  ex.sendJson(200, { models });
}
