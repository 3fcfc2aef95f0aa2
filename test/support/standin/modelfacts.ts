// Facts derived from a catalogue entry: GGUF-like model_info, manifest layers, memory footprint. None of it
// has to be exact; it has to have the keys and magnitudes a client reads.

import { createHash } from 'node:crypto';
import type { Capability, StandinModel } from './types';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** '1.5B' → 1.5e9, '137M' → 1.37e8. */
export function parameterCount(size: string): number {
  const m = /^([\d.]+)\s*([KMBT]?)/i.exec(size);
  if (!m) return 0;
  const scale: Record<string, number> = { '': 1, K: 1e3, M: 1e6, B: 1e9, T: 1e12 };
  return Math.round(Number(m[1]) * (scale[(m[2] ?? '').toUpperCase()] ?? 1));
}

const FILE_TYPES: Record<string, number> = {
  F32: 0, F16: 1, Q4_0: 2, Q4_1: 3, Q8_0: 7, Q5_0: 8, Q5_1: 9, Q2_K: 10, Q3_K_S: 11, Q3_K_M: 12, Q3_K_L: 13,
  Q4_K_S: 14, Q4_K_M: 15, Q5_K_S: 16, Q5_K_M: 17, Q6_K: 18, BF16: 32,
};

export interface Architecture {
  embeddingLength: number;
  blockCount: number;
  headCount: number;
  headCountKv: number;
  headDim: number;
}

const isEmbedding = (m: StandinModel): boolean => m.capabilities.includes('embedding');
const isBert = (m: StandinModel): boolean => /bert/i.test(m.family);

/** Plausible transformer dimensions from the parameter count when the catalogue does not say. */
export function architecture(m: StandinModel): Architecture {
  const params = Math.max(parameterCount(m.parameterSize), 1e7);
  const embeddingLength = m.embeddingLength ?? (params < 5e8 ? 768 : params < 2e9 ? 1536 : params < 5e9 ? 3072 : 4096);
  const headDim = embeddingLength <= 1024 ? 64 : 128;
  const headCount = Math.max(1, Math.round(embeddingLength / headDim));
  const headCountKv = isBert(m) || m.family === 'llama' && params < 8e9 && m.quantization === 'Q4_0'
    ? headCount
    : Math.max(1, Math.round(headCount / 4));
  const blockCount = Math.max(2, Math.min(80, Math.round(params / (14 * embeddingLength * embeddingLength))));
  return { embeddingLength, blockCount, headCount, headCountKv, headDim };
}

/** model_info as /api/show returns it without verbose: long arrays are emptied. */
export function modelInfo(m: StandinModel): Record<string, unknown> {
  const arch = architecture(m);
  const a = m.family;
  const tokenizerModel = isBert(m) ? 'bert' : m.family === 'llama' && m.quantization === 'Q4_0' ? 'llama' : 'gpt2';
  const info: Record<string, unknown> = {
    'general.architecture': a,
    'general.basename': m.name.split(':')[0]?.split('/').pop() ?? m.name,
    'general.file_type': FILE_TYPES[m.quantization.toUpperCase()] ?? 15,
    'general.parameter_count': parameterCount(m.parameterSize),
    'general.quantization_version': 2,
    [`${a}.attention.head_count`]: arch.headCount,
    [`${a}.attention.head_count_kv`]: arch.headCountKv,
    [`${a}.block_count`]: arch.blockCount,
    [`${a}.context_length`]: m.contextLength,
    [`${a}.embedding_length`]: arch.embeddingLength,
    [`${a}.feed_forward_length`]: arch.embeddingLength * 4,
    'tokenizer.ggml.bos_token_id': tokenizerModel === 'gpt2' ? 151643 : 1,
    'tokenizer.ggml.eos_token_id': tokenizerModel === 'gpt2' ? 151645 : 2,
    'tokenizer.ggml.merges': [],
    'tokenizer.ggml.model': tokenizerModel,
    'tokenizer.ggml.pre': tokenizerModel === 'gpt2' ? a : 'default',
    'tokenizer.ggml.token_type': [],
    'tokenizer.ggml.tokens': [],
  };
  if (isEmbedding(m)) info[`${a}.pooling_type`] = 1;
  else info[`${a}.rope.freq_base`] = a === 'llama' ? 500000 : 1000000;
  return info;
}

export function tensors(m: StandinModel): { name: string; type: string; shape: number[] }[] {
  const arch = architecture(m);
  const type = m.quantization.toUpperCase().startsWith('Q4_K') ? 'Q4_K' : m.quantization.toUpperCase();
  return [
    { name: 'token_embd.weight', type, shape: [arch.embeddingLength, 151936] },
    { name: 'blk.0.attn_q.weight', type, shape: [arch.embeddingLength, arch.embeddingLength] },
    { name: 'output_norm.weight', type: 'F32', shape: [arch.embeddingLength] },
  ];
}

export interface Layer {
  mediaType: string;
  digest: string; // sha256:<64 hex>
  size: number;
}

/** Manifest layers in the order a pull walks them: model, template, system, license, params, then config. */
export function layersOf(m: StandinModel): Layer[] {
  const small: Layer[] = [];
  const add = (kind: string, content: string | undefined): void => {
    if (content === undefined || content === '') return;
    small.push({
      mediaType: `application/vnd.ollama.image.${kind}`,
      digest: `sha256:${sha256Hex(`${kind}\n${content}`)}`,
      size: Buffer.byteLength(content),
    });
  };
  add('template', m.template);
  add('system', m.system);
  add('license', m.license);
  add('params', m.parameters ? JSON.stringify(parseParameters(m.parameters)) : undefined);
  const config: Layer = {
    mediaType: 'application/vnd.docker.container.image.v1+json',
    digest: `sha256:${sha256Hex(`config\n${m.name}\n${m.family}\n${m.capabilities.join(',')}`)}`,
    size: 487,
  };
  const rest = small.reduce((n, l) => n + l.size, 0) + config.size;
  const modelLayer: Layer = {
    mediaType: 'application/vnd.ollama.image.model',
    digest: `sha256:${sha256Hex(`model\n${m.family}\n${m.parameterSize}\n${m.quantization}\n${m.size}`)}`,
    size: Math.max(1, m.size - rest),
  };
  return [modelLayer, ...small, config];
}

/** Modelfile-style `key value` lines → values (repeated keys such as stop become arrays). */
export function parseParameters(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*(\S+)\s+(.*?)\s*$/.exec(line);
    if (!m || !m[1]) continue;
    const key = m[1];
    const raw = m[2] ?? '';
    let value: unknown = raw;
    if (/^".*"$/.test(raw)) {
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw.slice(1, -1);
      }
    } else if (raw !== '' && !Number.isNaN(Number(raw))) value = Number(raw);
    else if (raw === 'true' || raw === 'false') value = raw === 'true';
    const prev = out[key];
    if (prev === undefined) out[key] = key === 'stop' ? [value] : value;
    else out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** Go's %#v for the values a Modelfile can hold (floats switch to `1e+06` form from 1e6 on, as %g does). */
function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' && Math.abs(v) >= 1e6) {
    return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(v);
}

/** show.parameters: key padded to 30 columns, a space, the Go-quoted value; one line per value. */
export function formatShowParameters(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const lines: string[] = [];
  for (const [key, value] of Object.entries(parseParameters(text))) {
    for (const v of Array.isArray(value) ? value : [value]) lines.push(`${key.padEnd(30)} ${goValue(v)}`);
  }
  return lines.join('\n');
}

/** Parameters object from /api/create → Modelfile lines. */
export function parametersToText(params: Record<string, unknown>): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      lines.push(`${key} ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`);
    }
  }
  return lines.join('\n');
}

function modelfileQuote(s: string): string {
  return `"""${s}"""`;
}

/** The text ShowHandler builds: header comments, FROM the blob, TEMPLATE, SYSTEM, PARAMETER, LICENSE. */
export function modelfile(m: StandinModel, systemOverride?: string): string {
  const layers = layersOf(m);
  const blob = (layers[0]?.digest ?? '').replace(':', '-');
  const out: string[] = [
    '# Modelfile generated by "ollama show"',
    '# To build a new Modelfile based on this, replace FROM with:',
    `# FROM ${m.name}`,
    '',
    `FROM /usr/share/ollama/.ollama/models/blobs/${blob}`,
  ];
  if (m.template) out.push(`TEMPLATE ${modelfileQuote(m.template)}`);
  const system = systemOverride ?? m.system;
  if (system) out.push(`SYSTEM ${modelfileQuote(system)}`);
  if (m.parameters) {
    for (const [key, value] of Object.entries(parseParameters(m.parameters))) {
      for (const v of Array.isArray(value) ? value : [value]) out.push(`PARAMETER ${key} ${String(v)}`);
    }
  }
  if (m.license) out.push(`LICENSE ${modelfileQuote(m.license)}`);
  return `${out.join('\n')}\n`;
}

/** Loaded footprint for /api/ps: weights plus an f16 KV cache for the allocated context, plus graph overhead. */
export function loadedSize(m: StandinModel, numCtx: number): number {
  const arch = architecture(m);
  const kv = 2 * arch.blockCount * arch.headCountKv * arch.headDim * numCtx * 2;
  return Math.round(m.size + kv + m.size * 0.06);
}

/** Capabilities of a model made by /api/create: insert and tools follow the template, as the server infers them. */
export function capabilitiesForTemplate(base: Capability[], template: string | undefined): Capability[] {
  if (template === undefined) return [...base];
  const caps: Capability[] = base.filter((c) => c !== 'insert' && c !== 'tools');
  if (caps.includes('completion')) {
    if (template.includes('.Tools')) caps.push('tools');
    if (template.includes('.Suffix')) caps.push('insert');
  }
  return caps;
}
