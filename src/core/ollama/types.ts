// Hearth's own view of what the daemon says. The `ollama` package's types are loose (dates typed as
// Date that arrive as strings, model_info typed as a Map, fields missing), so the gateway converts
// every reply into these plain, exact shapes and no other module sees the package's types.

export type Capability = 'completion' | 'insert' | 'tools' | 'vision' | 'thinking' | 'embedding';
export const KNOWN_CAPABILITIES: readonly Capability[] = ['completion', 'insert', 'tools', 'vision', 'thinking', 'embedding'];

export interface ModelSummary {
  /** Normalised name (`x:latest`). */
  name: string;
  sizeBytes: number;
  digest: string;
  modifiedAt?: string;
  family: string;
  families: string[];
  parameterSize: string;
  quantization: string;
  /** Only from servers ≥ 0.30 (tags carries it); show() always knows. */
  contextLength?: number;
  capabilities?: Capability[];
  remoteHost?: string;
}

export interface ModelDetails extends ModelSummary {
  capabilities: Capability[];
  architecture: string;
  template: string;
  system: string;
  license: string;
  /** `PARAMETER` lines as key → values (a key like `stop` can repeat). */
  parameters: Record<string, string[]>;
  modelfile: string;
  modelInfo: Record<string, unknown>;
}

export interface RunningModel {
  name: string;
  /** Memory the loaded model takes, bytes. */
  sizeBytes: number;
  /** The part of it in GPU memory, bytes. */
  vramBytes: number;
  /** vramBytes / sizeBytes, 0..1 (1 when size is 0 to avoid a false "on CPU" alarm). */
  gpuShare: number;
  /** num_ctx actually allocated. */
  contextLength?: number;
  expiresAt?: Date;
  family: string;
  parameterSize: string;
  quantization: string;
}

export interface GenerationStats {
  promptEvalCount?: number;
  evalCount?: number;
  /** Nanoseconds, as the server reports. */
  evalDurationNs?: number;
  promptEvalDurationNs?: number;
  totalDurationNs?: number;
  loadDurationNs?: number;
}

export interface TextChunk {
  /** Answer text in this chunk (may be ''). */
  text: string;
  /** Thinking text in this chunk, for thinking models. */
  thinking?: string;
  done: boolean;
  /** 'stop' | 'length' | 'load' | 'unload', on the last chunk. */
  doneReason?: string;
  stats?: GenerationStats;
}

export type ThinkSetting = boolean | 'low' | 'medium' | 'high';

/** Options we pass through to Ollama's `options` object. */
export interface ModelOptions {
  /** Leave unset: the gateway sends the one window every feature shares (see contextWindow.ts). */
  num_ctx?: number;
  num_predict?: number;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop?: string[];
  seed?: number;
  repeat_penalty?: number;
}

export interface GenerateParams {
  model: string;
  prompt: string;
  suffix?: string;
  system?: string;
  raw?: boolean;
  /** false: the feature does not want thinking (sent as think:false). Undefined: the model's default. */
  think?: ThinkSetting;
  format?: 'json' | Record<string, unknown>;
  options?: ModelOptions;
  /** The feature's own context length (hearth.generation.<feature>.contextLength); undefined or 0 = hearth.contextLength. */
  contextLength?: number;
  /**
   * false: a prompt longer than num_ctx is refused (400, an OllamaError of kind `contextOverflow`) instead of
   * being cut silently. Undefined: the server's default (cut).
   */
  shift?: boolean;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  thinking?: string;
  images?: string[];
}

export interface ChatParams {
  model: string;
  messages: ChatMessage[];
  think?: ThinkSetting;
  format?: 'json' | Record<string, unknown>;
  options?: ModelOptions;
  /** See GenerateParams.contextLength. */
  contextLength?: number;
  /** false: refuse a prompt longer than num_ctx instead of cutting it (see GenerateParams.shift). */
  shift?: boolean;
}

export interface ProgressEvent {
  status: string;
  digest?: string;
  total?: number;
  completed?: number;
}

export interface CreateParams {
  model: string;
  from?: string;
  template?: string;
  system?: string;
  license?: string | string[];
  parameters?: Record<string, unknown>;
  messages?: { role: string; content: string }[];
  adapters?: Record<string, string>;
  quantize?: string;
  /** File name → `sha256:…` of blobs uploaded first (a model made from a local GGUF file). */
  files?: Record<string, string>;
  /** Minimum Ollama version the model needs (Modelfile REQUIRES). */
  requires?: string;
  renderer?: string;
  parser?: string;
}
