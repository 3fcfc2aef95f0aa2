// The client for OpenAI-compatible servers (vLLM, llama.cpp's server, LM Studio, LiteLLM, Ollama's /v1).
// Issue 15: the interface below is core/endpoints/modelGateway.ts, the adapter is ./adapter.ts (loaded lazily,
// dist/lazy/openai.js), the choice per feature is core/endpoints/router.ts. This index stays out of the main
// bundle: import the adapter through src/lazy/openai.ts.
//
// ## Design: one typed interface, two adapters
//
// Today features hold an `OllamaGateway` (core/ollama/gateway.ts). The target is one interface, say
// `ModelGateway`, that both adapters implement, chosen per feature from the endpoint settings:
//
//   interface ModelGateway {
//     readonly kind: 'ollama' | 'openai-compatible';
//     readonly capabilities: EndpointCapabilities;       // see below; features branch on these, never on kind
//     listModels(opts): Promise<ModelSummary[]>;          // OpenAIModel → ModelSummary (contextLength kept)
//     contextWindow(model, opts): Promise<number>;        // Ollama: num_ctx logic; OpenAI: max_model_len,
//                                                         //   else llama.cpp /props n_ctx, else a setting
//     chat(params: ChatParams, signal): AsyncGenerator<TextChunk>;
//     generate(params: GenerateParams, signal): AsyncGenerator<TextChunk>;   // raw prompt, optional suffix
//     generateText(params, signal): Promise<{ text; thinking; last }>;
//     onDidObserve: Event<RequestOutcome>;                // feeds the one state per endpoint (design rule 11)
//     checkedHost(): ...;                                 // privacy guard per endpoint (remote opt-in)
//   }
//
// The OpenAI adapter wraps OpenAIClient with its endpoint (URL + token from SecretStorage, resolved in the
// platform layer and passed as plain values) and translates:
//  - ChatParams → OpenAIChatParams: options.num_predict → maxTokens (always sent: the engines' defaults differ),
//    temperature/top_p/stop/seed as they are, `format` ('json' | schema) → response_format json_object /
//    json_schema (name 'hearth'), think:false → `extra` (`reasoning_effort:'none'`,
//    `chat_template_kwargs.enable_thinking:false`, per server);
//  - GenerateParams with suffix → /infill when detectServer() says llama.cpp, else
//    /v1/completions with `suffix` (Ollama /v1); on `capabilityMissing` 'insert' (vLLM), the raw FIM layout
//    of the model family (core/prompts) sent as `prompt`, else "this model cannot fill in the middle";
//  - `capabilityMissing` 'json_schema' → the features' checked fallback (parse and validate the text).
// Both already yield the same `TextChunk` (this client reuses the type), with `doneReason` 'stop'/'length' and
// `stats.promptEvalCount`/`evalCount` from `usage`, and fail with the same `OllamaError` kinds, so features
// stay unaware of the protocol. What features must ask instead of assuming is the capability set:
//   { manageModels, runningModels, pull, create, unload/preload, showDetails (template, Modelfile),
//     fimSuffix, infill, jsonSchema, thinkingControl, embeddings }.
//
// Ollama-only operations (stay on the Ollama adapter; hidden or "not on this endpoint" elsewhere):
//   pull, delete, copy, create (+ blobs upload), show (template, Modelfile, capabilities), ps (running models,
//   GPU share), load/unload (keep_alive), version, daemon start/stop/logs, the cloud-model guard.
//
// ## What exists here (unit-tested against test/support/openaiStandin over real HTTP)
//  - sse.ts: the SSE parser (any read boundary, `\r\n`/`\r`, comments, multi-line data, split UTF-8).
//  - client.ts: OpenAIClient — listModels (context from `max_model_len`), serverProps (llama.cpp /props),
//    chat, complete, infill (streams of TextChunk, per-request abort, early exit closes the connection),
//    probe. It takes `fetch` from its owner (no default): the gateway stays the one place that opens
//    connections (the privacy test's rule) and can wrap it with observingFetch and a TLS agent.
//    Credentials come per call; logs carry header names only; the endpoint's secrets are blotted out of
//    errors and logs (some proxies echo the key they got).
//  - errors.ts: every failure → OllamaError kinds (read-only use of core/ollama/errors).
//  - detect.ts: which engine answers (reference §7) and the context it reports for a model.
//
// ## What remains for issue 15
//  1. Settings: `hearth.endpoints` (machine scope: name, url, kind) and per-feature endpoint choice; migration
//     from `hearth.host` (zero configuration = local Ollama as today), with a test; README tables.
//  2. SecretStorage commands to set/clear a token or headers per endpoint (never in settings.json, never logged:
//     the client already logs header names only, and takes credentials per call).
//  3. TLS: https with the system store plus an optional machine-scoped CA file (an undici Agent with `ca`,
//     passed through the `fetch` option); certificate errors already map to 'unreachable' and are told apart by
//     isCertificateFailure(); 401/403 by isAuthFailure(). New kinds 'unauthorized' / reason 'tls' would make the
//     messages and actions ("Set token…", "Set CA file…") direct: that is an edit to core/ollama/errors.ts.
//  4. DONE: ModelGateway (core/endpoints/modelGateway.ts), the adapter (./adapter.ts: FIM by /infill, `suffix` or
//     the family's raw layout; context from max_model_len, /props or LM Studio's API, else hearth.contextLength;
//     json_schema with a checked fallback (./jsonCheck.ts); thinking off per engine; the stall watchdog as the
//     first-byte and idle timeout), the router, the features on services.endpoints, RequestOutcome per endpoint
//     (GatewayRouter.onDidObserve).
//  5. Container runner (docker/podman, labelled container, GPU flags, loopback port) and a fake docker CLI.
//  6. Status bar and the one state per endpoint; remote-host opt-in and cloud guard per endpoint.
//  7. Integration tests in VS Code against test/support/openaiStandin (the bench section `openai` exists:
//     client overhead and abort latency beside the Ollama gateway's).
export * from './client';
export * from './detect';
export * from './errors';
export * from './sse';
export * from './types';
