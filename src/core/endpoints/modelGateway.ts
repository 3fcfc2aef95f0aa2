// The one interface generation features talk to, whichever server answers (issue 15). Two adapters implement
// it: OllamaGateway (Ollama's native API, core/ollama/gateway.ts) and OpenAICompatibleGateway (vLLM, llama.cpp's
// server, LM Studio, LiteLLM, Ollama's /v1; core/openai/adapter.ts). Both yield the same TextChunk and fail with
// the same OllamaError kinds, so a feature needs no `switch` over the protocol. What differs between engines is
// said by `capabilities()` (per endpoint) and by each model's `capabilities` (per model, e.g. `insert`): features
// branch on those, never on `kind`.
//
// Model management (pull, delete, copy, create, load/unload, /api/ps) is not part of this interface: it stays on
// the local OllamaGateway (`services.gateway`), which the Models view uses directly.
import type { OllamaError } from '../ollama/errors';
import type { CallOptions, StreamOptions } from '../ollama/gateway';
import type { RequestOutcome } from '../ollama/outcomes';
import type { ChatParams, GenerateParams, ModelDetails, ModelSummary, TextChunk } from '../ollama/types';
import type { Event } from '../util/events';
import type { EndpointKind } from './types';

export type { CallOptions, StreamOptions };

/** What an endpoint can do beyond chat and plain completion. */
export interface GatewayCapabilities {
  /** pull, delete, copy, create (Ollama's native API). */
  readonly manageModels: boolean;
  /** Which models are in memory and how much of them on the GPU (/api/ps). */
  readonly runningModels: boolean;
  /** A `suffix` on a completion is filled in the middle by the server (Ollama, Ollama /v1). */
  readonly fimSuffix: boolean;
  /** llama.cpp's /infill (the server lays out the FIM prompt from the model's own tokens). */
  readonly infill: boolean;
  /** Structured output constrained by a JSON schema (else the adapter checks the text itself). */
  readonly jsonSchema: boolean;
  /** Thinking can be turned off per request (Ollama `think`, or the engine's request fields). */
  readonly thinkingControl: boolean;
  readonly embeddings: boolean;
}

/** The generation side of a server, as every generation feature (chat, summarize, translate, Draft Here, completion) uses it. */
export interface ModelGateway {
  /** The endpoint's name (`local` for hearth.host): for logs and the status bar. */
  readonly endpoint: string;
  /** For logs and diagnostics only: features branch on `capabilities()`, never on this. */
  readonly kind: EndpointKind;
  /** Where requests go, for messages (origin only, never credentials). */
  readonly label: string;

  /** What this endpoint can do (an OpenAI-compatible endpoint finds out by probing once). */
  capabilities(opts?: CallOptions): Promise<GatewayCapabilities>;
  /** Throws the privacy guard's OllamaError when requests to this endpoint are not allowed; else returns. */
  ensureAllowed(): void;

  /** Models the endpoint serves; served from a short-lived cache unless `fresh`. */
  listModels(opts?: CallOptions & { fresh?: boolean }): Promise<ModelSummary[]>;
  /** One model's details: capabilities (`insert` when it can fill in the middle here), context length, template when known. */
  showModel(name: string, opts?: CallOptions): Promise<ModelDetails>;
  /**
   * The context window (tokens) requests for `model` run with: features budget prompt + answer against it.
   * `contextLength`: the feature's own setting (hearth.generation.<feature>.contextLength), 0/undefined = none.
   */
  contextWindow(model: string, opts?: CallOptions & { contextLength?: number }): Promise<number>;

  /** Streams a chat answer. Stop iterating at any time: the request is closed. */
  chat(params: ChatParams, signal?: AbortSignal, streamOptions?: StreamOptions): AsyncGenerator<TextChunk>;
  /** Streams a completion (raw prompt, optional suffix to fill in the middle). Stop iterating at any time. */
  generate(params: GenerateParams, signal?: AbortSignal, streamOptions?: StreamOptions): AsyncGenerator<TextChunk>;
  /** Runs a generation to its end and returns the whole text. */
  generateText(params: GenerateParams, signal?: AbortSignal, streamOptions?: StreamOptions): Promise<{ text: string; thinking: string; last: TextChunk }>;

  /** Forgets cached model information. */
  invalidate(): void;
  /** Every request's outcome (answered, unreachable, model missing): feeds the one state of this endpoint. */
  readonly onDidObserve: Event<RequestOutcome>;
  /** The served models changed (Hearth pulled or deleted one; or the list was found to differ). */
  readonly onDidChangeModels: Event<void>;
  dispose(): void;
}

/** Ollama's native API: everything. */
export const OLLAMA_CAPABILITIES: GatewayCapabilities = {
  manageModels: true,
  runningModels: true,
  fimSuffix: true,
  infill: false,
  jsonSchema: true,
  thinkingControl: true,
  embeddings: true,
};

/** Whether an error says "this endpoint cannot do that" (a route or a field it lacks). */
export function isCapabilityMissing(err: unknown, capability?: string): err is OllamaError {
  const e = err as OllamaError | undefined;
  return e?.name === 'OllamaError' && e.kind === 'capabilityMissing' && (capability === undefined || e.details.capability === capability);
}

/** Runs a generation stream to its end: the whole text, the thinking, and the last chunk (its stats). */
export async function collectText(chunks: AsyncIterable<TextChunk>): Promise<{ text: string; thinking: string; last: TextChunk }> {
  let text = '';
  let thinking = '';
  let last: TextChunk = { text: '', done: false };
  for await (const chunk of chunks) {
    text += chunk.text;
    thinking += chunk.thinking ?? '';
    last = chunk;
  }
  return { text, thinking, last };
}
