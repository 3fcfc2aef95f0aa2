// Public types of the OpenAI-compatible stand-in. Kept apart from the implementation so that tests can import
// them without pulling in node:http. The request record is the Ollama stand-in's, so both stand-ins are
// asserted on the same way (headers, early closes, tokens sent).

import type { RecordedRequest } from '../standin/types';

export type { RecordedRequest };

/**
 * Which server it imitates, in the shapes that differ (reference/openai-compatible-protocol.md):
 *  - 'vllm': `max_model_len` on /v1/models, `{"error":{message,type,param,code:int}}`, 401 `{"error":"Unauthorized"}`
 *    on /v1 only, role chunk with `content:""`, `[DONE]` even after a mid-stream error, `suffix` refused.
 *  - 'llamacpp': one model, `Server: llama.cpp`, /props and /infill, `{"error":{code,message,type}}`,
 *    `exceed_context_size_error`, role chunk with `content:null`, `reasoning_content`, no `[DONE]` after an error,
 *    /v1/models and /health open without the key.
 *  - 'lmstudio': no context length on /v1/models, OpenAI-shaped errors with string codes (`model_not_found`).
 */
export type Flavour = 'vllm' | 'llamacpp' | 'lmstudio';

export interface OpenAIStandinModel {
  id: string;
  /**
   * The context (prompt + output) the server allows. vLLM reports it as `max_model_len`; llama.cpp's comes from
   * `nCtx` instead; LM Studio enforces it without reporting it on /v1/models. Default 4096.
   */
  maxModelLen?: number;
  /** `owned_by`. Default: 'vllm' / 'llamacpp' / 'organization_owner' per flavour. */
  ownedBy?: string;
}

export interface ReplyContext {
  path: string;
  /** The model the request named ('' when absent). */
  model: string;
  /** completions: the prompt; chat: the content of the last user message; infill: the prefix. */
  prompt: string;
  messages?: { role: string; content: string }[];
  suffix?: string;
  /** `response_format` as sent. */
  responseFormat?: unknown;
  request: RecordedRequest;
}

export interface Reply {
  text: string;
  /** Sent as `reasoning` (vLLM, LM Studio) or `reasoning_content` (llama.cpp), before the text. */
  thinking?: string;
}

export type OpenAIFault =
  /** Answer with this status and body (default: the flavour's error JSON with a generic message). */
  | { kind: 'status'; status: number; message?: string; body?: string; contentType?: string }
  /** 500 with an HTML page, as a reverse proxy in front of a dead server answers. */
  | { kind: 'html500' }
  /** 200 and the SSE headers (and `afterChunks` text chunks), then silence until the client goes away. */
  | { kind: 'stallAfterHeaders'; afterChunks?: number }
  /** After N text chunks, destroy the socket. */
  | { kind: 'drop'; afterChunks: number }
  /** After N text chunks, one `data:` line that is not JSON; the stream then goes on. */
  | { kind: 'malformedLine'; afterChunks: number }
  /** After N text chunks, a `data: {"error":…}` event; vLLM then sends `[DONE]`, llama.cpp just ends. */
  | { kind: 'errorMidStream'; afterChunks: number; message: string }
  /** End the stream after the text, with no finish chunk and no `[DONE]` (a truncated stream). */
  | { kind: 'noDone' };

export interface OpenAIFaultRule {
  fault: OpenAIFault;
  /** e.g. '/v1/chat/completions'. Default: every generation route (chat, completions, infill). */
  path?: string;
  /** How many matching requests it hits. Default: until cleared. */
  times?: number;
}

export interface OpenAIStandinOptions {
  /** Default 'vllm'. */
  flavour?: Flavour;
  /** 0 (default) = a free port on 127.0.0.1. */
  port?: number;
  /** Served models. llama.cpp serves the first only. Default: one 'qwen-coder' with 8192. */
  models?: OpenAIStandinModel[];
  /** Requires `Authorization: Bearer <apiKey>` (llama.cpp also takes `X-Api-Key`) where the server does. */
  apiKey?: string;
  /** Whether `response_format: {type: "json_schema"}` is honoured (default true) or refused with a 400. */
  jsonSchema?: boolean;
  /** llama.cpp: the per-slot context (`/props` `default_generation_settings.n_ctx`). Default 4096. */
  nCtx?: number;
  /** llama.cpp: whether the model has FIM tokens, so /infill works (default true); else 501. */
  infill?: boolean;
  /** Requests generating at once; the rest wait before any header (no 503, as vLLM and llama.cpp). Default 1. */
  parallel?: number;
  firstTokenMs?: number;
  perTokenMs?: number;
  reply?: (ctx: ReplyContext) => Reply | string;
}
