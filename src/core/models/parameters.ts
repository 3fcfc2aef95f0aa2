// The PARAMETER names a Modelfile may set and the type of each, as Ollama's api.Options and api.Runner
// declare them. The grammar in syntaxes/ highlights the same names (a unit test keeps them in step).

export type ParameterType = 'int' | 'float' | 'bool' | 'string';

export interface ParameterSpec {
  type: ParameterType;
  /** May appear several times (stop words). */
  repeated?: boolean;
  /** Accepted by old Ollama versions and ignored by current ones. */
  deprecated?: boolean;
}

export const MODELFILE_PARAMETERS: Readonly<Record<string, ParameterSpec>> = {
  num_ctx: { type: 'int' },
  num_batch: { type: 'int' },
  num_gpu: { type: 'int' },
  main_gpu: { type: 'int' },
  num_thread: { type: 'int' },
  use_mmap: { type: 'bool' },
  num_keep: { type: 'int' },
  seed: { type: 'int' },
  num_predict: { type: 'int' },
  top_k: { type: 'int' },
  top_p: { type: 'float' },
  min_p: { type: 'float' },
  typical_p: { type: 'float' },
  repeat_last_n: { type: 'int' },
  temperature: { type: 'float' },
  repeat_penalty: { type: 'float' },
  presence_penalty: { type: 'float' },
  frequency_penalty: { type: 'float' },
  stop: { type: 'string', repeated: true },
  mirostat: { type: 'int', deprecated: true },
  mirostat_tau: { type: 'float', deprecated: true },
  mirostat_eta: { type: 'float', deprecated: true },
  tfs_z: { type: 'float', deprecated: true },
  penalize_newline: { type: 'bool', deprecated: true },
  use_mlock: { type: 'bool', deprecated: true },
  low_vram: { type: 'bool', deprecated: true },
  f16_kv: { type: 'bool', deprecated: true },
  vocab_only: { type: 'bool', deprecated: true },
  numa: { type: 'bool', deprecated: true },
};

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Converts a value as Ollama's FormatParams does (strconv rules); undefined when it does not parse. */
export function convertParameter(type: ParameterType, text: string): string | number | boolean | undefined {
  const value = text.trim();
  switch (type) {
    case 'int':
      return /^[+-]?\d+$/.test(value) ? Number(value) : undefined;
    case 'float': {
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value)) return undefined;
      const n = Number(value);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'bool':
      return GO_TRUE.has(value) ? true : GO_FALSE.has(value) ? false : undefined;
    case 'string':
      return text;
  }
}

/** Edit distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length];
}

/** The closest known word within two edits (case ignored), if any. */
export function closest(word: string, known: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
