// What Hearth reads out of `/api/show` beyond the gateway's parse: architecture figures from model_info
// (for the memory estimate), a shortened license, a Modelfile that can be rebuilt from, and Markdown
// fences that survive templates full of backticks.
import type { ModelDetails } from '../ollama/types';

export interface ArchitectureFacts {
  parameterCount?: number;
  contextLength?: number;
  embeddingLength?: number;
  blockCount?: number;
  headCount?: number;
  headCountKv?: number;
  /** Size of one attention head (key length when the model states it). */
  headDim?: number;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The GGUF keys that matter for memory, read under the model's architecture prefix. */
export function architectureFacts(details: Pick<ModelDetails, 'modelInfo' | 'architecture' | 'parameterSize'>): ArchitectureFacts {
  const info = details.modelInfo;
  const a = details.architecture;
  const embeddingLength = num(info[`${a}.embedding_length`]);
  const headCount = num(info[`${a}.attention.head_count`]);
  const keyLength = num(info[`${a}.attention.key_length`]);
  return {
    parameterCount: num(info['general.parameter_count']) ?? parseParameterSize(details.parameterSize),
    contextLength: num(info[`${a}.context_length`]),
    embeddingLength,
    blockCount: num(info[`${a}.block_count`]),
    headCount,
    // Without head_count_kv the model has plain multi-head attention: as many KV heads as heads.
    headCountKv: num(info[`${a}.attention.head_count_kv`]) ?? headCount,
    headDim: keyLength ?? (embeddingLength && headCount ? embeddingLength / headCount : undefined),
  };
}

/** `7.6B` → 7.6e9, `137M` → 1.37e8, `` → undefined. */
export function parseParameterSize(text: string): number | undefined {
  const m = /^\s*([\d.]+)\s*([KMBT])?/i.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]);
  if (!Number.isFinite(value) || value <= 0) return undefined;
  const scale: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };
  return value * (m[2] ? (scale[m[2].toUpperCase()] ?? 1) : 1);
}

export interface ShortText {
  text: string;
  shortened: boolean;
  totalLines: number;
}

/** The first lines of a long text (licenses run to hundreds of lines). */
export function shortenText(text: string, maxLines = 15, maxChars = 1_500): ShortText {
  const trimmed = text.replace(/\s+$/, '');
  const lines = trimmed.split('\n');
  let kept = lines.slice(0, maxLines).join('\n');
  if (kept.length > maxChars) kept = `${kept.slice(0, maxChars).replace(/\s+\S*$/, '')}`;
  return { text: kept, shortened: kept.length < trimmed.length, totalLines: trimmed ? lines.length : 0 };
}

/**
 * The Modelfile `ollama show` generates, made rebuildable: its `FROM` names the blob file on the
 * server's disk, and its own header comment says to replace that with the model's name.
 */
export function rebuildableModelfile(modelfile: string, name: string): string {
  return modelfile.replace(/^FROM\s+\S*[\\/]blobs[\\/]sha256[-:][0-9a-f]{64}\s*$/m, `FROM ${name}`);
}

/** A Markdown code fence longer than any run of backticks inside `text`. */
export function fenced(text: string, language = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/** `key value` lines back into a readable list: values of repeated keys (stop) joined. */
export function parameterRows(parameters: Record<string, string[]>): { key: string; value: string }[] {
  return Object.entries(parameters)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, values]) => ({ key, value: values.map(showValue).join(', ') }));
}

/** Numbers and booleans as they are, text quoted (so a stop word that is a space stays visible). */
function showValue(value: string): string {
  return /^(-?\d+(\.\d+)?(e[+-]?\d+)?|true|false)$/i.test(value) ? value : JSON.stringify(value);
}
