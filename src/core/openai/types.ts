// The plain shapes of the OpenAI-compatible client. Streams yield the gateway's own TextChunk (core/ollama/types),
// so that an adapter behind the one gateway interface can pass them through unchanged.

import type { ChatMessage } from '../ollama/types';

export type { ChatMessage, GenerationStats, TextChunk } from '../ollama/types';

/** Where requests go and with which credentials. Passed per call: the client keeps no endpoint state. */
export interface OpenAIEndpoint {
  /** The server's base URL, with or without a trailing `/v1` (users type both). */
  url: string;
  /** Sent as `Authorization: Bearer <token>`. Never logged. */
  token?: string;
  /** Extra headers (a proxy's own header, `X-Api-Key`…). Values are never logged. */
  headers?: Record<string, string>;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** For metadata calls only; 0 = none. Streams are bounded by the caller's signal alone. */
  timeoutMs?: number;
}

export interface OpenAIModel {
  id: string;
  ownedBy?: string;
  /** Unix seconds. */
  created?: number;
  /** The per-request context (prompt + output) when the server reports it: vLLM's `max_model_len`. */
  contextLength?: number;
  /** llama.cpp's `meta.n_ctx_train`: what the model was trained for, not what the server allocated. */
  trainedContextLength?: number;
  /** vLLM LoRA cards name their base model. */
  parent?: string;
}

/** llama.cpp's GET /props, the fields a client budgets with. */
export interface ServerProps {
  /** The per-slot context (`default_generation_settings.n_ctx`). */
  contextLength?: number;
  totalSlots?: number;
  modelAlias?: string;
  buildInfo?: string;
}

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  /** `name` is required by vLLM; llama.cpp and Ollama read only `schema`. */
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean };

interface SamplingParams {
  model: string;
  /** Always sent (defaults differ wildly per server: 16 on vLLM completions, unbounded on llama.cpp). */
  maxTokens: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
  /** Engine-specific fields sent as they are (`chat_template_kwargs`, `reasoning_effort`, `cache_prompt`…). */
  extra?: Record<string, unknown>;
}

export interface OpenAIChatParams extends SamplingParams {
  /** The gateway's own message shape; images (base64) become `image_url` data URLs. */
  messages: ChatMessage[];
  responseFormat?: ResponseFormat;
}

export interface OpenAICompletionParams extends SamplingParams {
  prompt: string;
  /** Sent only when set: vLLM refuses any `suffix`, even '' (an OllamaError `capabilityMissing`, capability 'insert'). */
  suffix?: string;
}

/** llama.cpp's POST /infill. */
export interface InfillParams {
  inputPrefix: string;
  inputSuffix: string;
  /** Context inserted before the prefix (other files). */
  inputExtra?: { filename: string; text: string }[];
  maxTokens: number;
  temperature?: number;
  stop?: string[];
  extra?: Record<string, unknown>;
}
