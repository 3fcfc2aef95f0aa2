// Converts the daemon's JSON replies into Hearth's types. Fields are read defensively: older servers
// omit some (capabilities and context_length in tags only exist from 0.30), and a malformed reply
// must give an empty value rather than a crash.
import { normalizeModelName } from './names';
import { KNOWN_CAPABILITIES, type Capability, type GenerationStats, type ModelDetails, type ModelSummary, type RunningModel, type TextChunk } from './types';

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}
function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
function capabilities(value: unknown): Capability[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((c): c is Capability => typeof c === 'string' && (KNOWN_CAPABILITIES as readonly string[]).includes(c));
}

export function parseSummary(raw: unknown): ModelSummary {
  const m = obj(raw);
  const details = obj(m.details);
  const families = Array.isArray(details.families) ? details.families.filter((f): f is string => typeof f === 'string') : [];
  return {
    name: normalizeModelName(str(m.name) || str(m.model)),
    sizeBytes: num(m.size) ?? 0,
    digest: str(m.digest).replace(/^sha256:/, ''),
    modifiedAt: str(m.modified_at) || undefined,
    family: str(details.family),
    families,
    parameterSize: str(details.parameter_size),
    quantization: str(details.quantization_level),
    contextLength: num(details.context_length),
    capabilities: capabilities(m.capabilities),
    remoteHost: str(m.remote_host) || undefined,
  };
}

export function parseTags(raw: unknown): ModelSummary[] {
  const models = obj(raw).models;
  return Array.isArray(models) ? models.map(parseSummary).filter((m) => m.name !== ':latest') : [];
}

/** `stop "<|im_end|>"` lines, keys padded to 30 columns, values Go-quoted. */
export function parseParameters(text: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    let value = m[2].trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
      try {
        value = JSON.parse(value) as string;
      } catch {
        value = value.slice(1, -1);
      }
    }
    (result[m[1]] ??= []).push(value);
  }
  return result;
}

export function parseShow(name: string, raw: unknown, summary?: ModelSummary): ModelDetails {
  const m = obj(raw);
  const details = obj(m.details);
  const info = obj(m.model_info);
  const architecture = str(info['general.architecture']) || str(details.family);
  const contextLength = num(info[`${architecture}.context_length`]) ?? summary?.contextLength;
  const families = Array.isArray(details.families) ? details.families.filter((f): f is string => typeof f === 'string') : summary?.families ?? [];
  return {
    name: normalizeModelName(name),
    sizeBytes: summary?.sizeBytes ?? 0,
    digest: summary?.digest ?? '',
    modifiedAt: str(m.modified_at) || summary?.modifiedAt,
    family: str(details.family) || summary?.family || architecture,
    families,
    parameterSize: str(details.parameter_size) || summary?.parameterSize || '',
    quantization: str(details.quantization_level) || summary?.quantization || '',
    contextLength,
    // Servers before 0.6.4 have no capabilities field; every model then at least completes.
    capabilities: capabilities(m.capabilities) ?? summary?.capabilities ?? ['completion'],
    remoteHost: str(m.remote_host) || summary?.remoteHost,
    architecture,
    template: str(m.template),
    system: str(m.system),
    license: Array.isArray(m.license) ? m.license.map(str).join('\n') : str(m.license),
    parameters: parseParameters(str(m.parameters)),
    modelfile: str(m.modelfile),
    modelInfo: info,
  };
}

export function parsePs(raw: unknown): RunningModel[] {
  const models = obj(raw).models;
  if (!Array.isArray(models)) return [];
  return models.map((entry) => {
    const m = obj(entry);
    const details = obj(m.details);
    const size = num(m.size) ?? 0;
    const vram = num(m.size_vram) ?? 0;
    const expires = str(m.expires_at);
    const expiresAt = expires ? new Date(expires) : undefined;
    return {
      name: normalizeModelName(str(m.name) || str(m.model)),
      sizeBytes: size,
      vramBytes: vram,
      gpuShare: size > 0 ? Math.min(1, vram / size) : 1,
      contextLength: num(m.context_length),
      expiresAt: expiresAt && !Number.isNaN(expiresAt.getTime()) ? expiresAt : undefined,
      family: str(details.family),
      parameterSize: str(details.parameter_size),
      quantization: str(details.quantization_level),
    };
  });
}

export function parseStats(raw: Json): GenerationStats | undefined {
  const stats: GenerationStats = {
    promptEvalCount: num(raw.prompt_eval_count),
    evalCount: num(raw.eval_count),
    evalDurationNs: num(raw.eval_duration),
    promptEvalDurationNs: num(raw.prompt_eval_duration),
    totalDurationNs: num(raw.total_duration),
    loadDurationNs: num(raw.load_duration),
  };
  return Object.values(stats).some((v) => v !== undefined) ? stats : undefined;
}

export function parseGenerateChunk(raw: unknown): TextChunk {
  const c = obj(raw);
  const done = c.done === true;
  return {
    text: str(c.response),
    thinking: str(c.thinking) || undefined,
    done,
    doneReason: str(c.done_reason) || undefined,
    stats: done ? parseStats(c) : undefined,
  };
}

export function parseChatChunk(raw: unknown): TextChunk {
  const c = obj(raw);
  const message = obj(c.message);
  const done = c.done === true;
  return {
    text: str(message.content),
    thinking: str(message.thinking) || undefined,
    done,
    doneReason: str(c.done_reason) || undefined,
    stats: done ? parseStats(c) : undefined,
  };
}
