// Public types of the stand-in. Kept apart from the implementation so that tests can import them
// without pulling in node:http.

export type Capability = 'completion' | 'insert' | 'tools' | 'vision' | 'thinking' | 'embedding';

export interface StandinModel {
  /** e.g. 'qwen2.5-coder:1.5b'; ':latest' is added when there is no tag. */
  name: string;
  /** details.family and model_info['general.architecture'], e.g. 'qwen2'. */
  family: string;
  /** details.parameter_size, e.g. '1.5B'. */
  parameterSize: string;
  /** details.quantization_level, e.g. 'Q4_K_M'. */
  quantization: string;
  /** Bytes on disk (sum of all layers), as /api/tags reports. */
  size: number;
  /** model_info['<arch>.context_length']: the training context, not the allocated one. */
  contextLength: number;
  capabilities: Capability[];
  template?: string;
  system?: string;
  license?: string;
  /** Modelfile PARAMETER lines, `key value` per line (e.g. `stop "<|im_end|>"`); /api/show pads them. */
  parameters?: string;
  /** Makes the model a cloud stub: remote_host/remote_model in tags and show, never in ps. */
  remoteHost?: string;
  /** remote_model of a cloud stub; defaults to the model's name. */
  remoteModel?: string;
  /** Manifest digest, 64 hex. Generated from the name when missing. */
  digest?: string;
  /** RFC3339 time; echoed as given. Generated (local zone with offset) when missing. */
  modifiedAt?: string;
  /** `<arch>.embedding_length` and the length of /api/embed vectors. Guessed from the family when missing. */
  embeddingLength?: number;
  /** Share of the loaded model in GPU memory, 0..1, as /api/ps reports it (size_vram / size). Default 1. */
  vramShare?: number;
}

export interface RecordedRequest {
  id: number;
  method: string;
  /** Path without the query string. */
  path: string;
  /** Parsed JSON body, or undefined when empty or not JSON. */
  body: unknown;
  /** Request headers, lower-case names (added to the brief's shape: tests check User-Agent and Origin). */
  headers: Record<string, string>;
  /** performance.now() based ms. */
  receivedAt: number;
  /** When response headers were written; undefined while the request waits for the slot. */
  headersSentAt?: number;
  /** HTTP status written, once headers are out. */
  status?: number;
  /** When the connection (or this response) closed. */
  closedAt?: number;
  /** The connection went away before the response finished (client abort, or a drop fault). */
  closedEarly: boolean;
  /** Response fully written. */
  completed: boolean;
  /** Tokens written to the wire (for pull/create/push: progress lines). */
  tokensSent: number;
  /** Tokens the fake "model" produced before it noticed a close (equals tokensSent when streaming). */
  tokensGenerated: number;
  /** With the KV-cache model on: prompt characters evaluated (not shared with the runner's cache). */
  promptEvalChars?: number;
  /** performance.now() when each streamed token (or progress line) was written, in order. */
  tokenTimes: number[];
}

export type Fault =
  /** Stop listening: connection refused until clearFaults(). `path`, `model` and `times` do not apply. */
  | { kind: 'refuse' }
  /**
   * Answer with this status before anything else. Default messages follow the real server (404, 499, 503…).
   * `contentType` 'text': the message as text/plain, as Go's http.Error or a proxy sends it. 'html': an error
   * page as nginx sends it (`error`, when given, is the whole page), i.e. a proxy or another program on the port.
   */
  | { kind: 'status'; status: number; error?: string; contentType?: 'json' | 'text' | 'html' }
  /** 400 `<canonical name> does not support insert`. */
  | { kind: 'noInsert' }
  /** After N tokens, an `{"error":…}` line (or a 500 JSON error when nothing was written yet). */
  | { kind: 'errorMidStream'; afterTokens: number; error: string }
  /**
   * After N tokens, silence until the client closes (no headers at all when N = 0, as Ollama sends headers with
   * the first token; `headers: true` sends the stream's headers first, as a proxy that flushes them early does).
   * Holds the slot.
   */
  | { kind: 'stall'; afterTokens: number; headers?: boolean }
  /** Never send headers; does not take the slot. */
  | { kind: 'stallBeforeHeaders' }
  /** After N tokens, one line that is not JSON; the stream then goes on normally. */
  | { kind: 'malformedLine'; afterTokens: number }
  /** After N tokens, destroy the socket. */
  | { kind: 'drop'; afterTokens: number }
  /** End the stream without the done (or success) line. */
  | { kind: 'noDone' };

export interface FaultRule {
  fault: Fault;
  /** e.g. '/api/generate'. Default: any path under /api/. */
  path?: string;
  /** Only requests for this model (any spelling: 'x' matches 'X:latest'). Default: any. */
  model?: string;
  /** How many matching requests it hits. Default: unlimited until cleared. */
  times?: number;
}

export interface ChatMessage {
  role: string;
  content: string;
  thinking?: string;
  images?: string[];
  tool_calls?: unknown[];
  tool_name?: string;
}

export interface ReplyContext {
  path: string;
  /** The model name as the client sent it. */
  model: string;
  /** generate: the prompt. chat: the content of the last user message. */
  prompt: string;
  suffix?: string;
  raw?: boolean;
  messages?: ChatMessage[];
  /** generate: the request's system, else the model's. chat: the first system message, else the model's. */
  system?: string;
  options?: Record<string, unknown>;
  /**
   * The stop strings the runner uses: the request's `options.stop` when it sent one (even `[]`), else the
   * model's Modelfile `stop` parameters, as Ollama's modelOptions merges request options over the model's.
   */
  stop: string[];
  format?: unknown;
  /** The think value as sent. */
  think?: unknown;
  /** Whether the reply will carry thinking (thinking model and think not false). */
  thinking: boolean;
  /** chat: the tools sent, if any. */
  tools?: unknown[];
  request: RecordedRequest;
}

export interface ToolCallReply {
  name: string;
  arguments: Record<string, unknown>;
}

export interface Reply {
  text: string;
  thinking?: string;
  /** Force a done_reason. Otherwise 'stop', or 'length' when options.num_predict cut the reply. */
  doneReason?: 'stop' | 'length';
  /** chat only, and only when the request sent `tools` (the real server parses calls only then). */
  toolCalls?: ToolCallReply[];
}

export type FirstTokenMs = number | ((ctx: ReplyContext) => number);

export interface Delays {
  firstTokenMs?: FirstTokenMs;
  perTokenMs?: number;
  promptMsPer1kChars?: number;
  /** Extra wait when a model is not loaded yet (or reloads for another num_ctx). */
  loadMs?: number;
  /** Between pull/create progress lines. */
  pullChunkMs?: number;
}

export interface StandinOptions {
  /** 0 (default) = a free port on 127.0.0.1. */
  port?: number;
  /** Default '0.32.15'. */
  version?: string;
  /** Installed models. Default: DEFAULT_MODELS. */
  models?: StandinModel[];
  /** What /api/pull can fetch. Default: DEFAULT_REGISTRY (all defaults plus a few more). */
  registry?: StandinModel[];
  /** Like OLLAMA_NUM_PARALLEL. Default 1. */
  parallel?: number;
  /** 'global' (default): one pool of `parallel` slots for all models. 'model': one pool per model. */
  slotScope?: 'global' | 'model';
  firstTokenMs?: FirstTokenMs;
  perTokenMs?: number;
  promptMsPer1kChars?: number;
  /** Default 5. */
  pullChunkMs?: number;
  /** Default 0. */
  loadMs?: number;
  /** num_ctx when the request sets none, clamped to the model's context. Default 4096 (the < 24 GiB VRAM tier). */
  defaultNumCtx?: number;
  /** Origins allowed on top of the server's built-in list (like OLLAMA_ORIGINS). */
  allowedOrigins?: string[];
  reply?: (ctx: ReplyContext) => Reply | string;
  /**
   * Model Ollama's KV-cache reuse: prompt evaluation (promptMsPer1kChars) is paid only for the part of the
   * prompt after the prefix it shares with what the runner evaluated last (prompt and generated tokens).
   * Default false (every prompt pays in full).
   */
  kvCache?: boolean;
}
