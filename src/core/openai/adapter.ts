// The OpenAI-compatible adapter: one endpoint (vLLM, llama.cpp's server, LM Studio, LiteLLM, Ollama's /v1) behind
// the ModelGateway interface, over OpenAIClient. The design note is in ./index.ts. What it translates:
//  - ChatParams → /v1/chat/completions: max_tokens always (num_predict, else a share of the window), temperature,
//    top_p, stop, seed; `format` → response_format (json_object / json_schema "hearth"); a server that refuses
//    json_schema gets the schema in words and the reply is checked here (parsed and validated) before it is
//    passed on; think:false → the engine's own switch (chat_template_kwargs / reasoning_effort).
//  - GenerateParams with a suffix (fill in the middle) → llama.cpp's /infill, else /v1/completions with `suffix`
//    (Ollama /v1), else the model family's raw FIM layout (core/prompts) as `prompt` (vLLM), else a
//    `capabilityMissing` error: "this model cannot fill in the middle". Raw prompts → /v1/completions; a
//    prompt that is not raw → a one-message chat (the server applies the model's template, as Ollama would).
//  - Every generation stream has the stall watchdog of the Ollama path (core/ollama/stall.ts): the first byte may
//    take a model load's time (the model not seen answering lately), the next ones the idle time; a quiet stream
//    asks the caller (StreamOptions.onStall) or ends with a typed error. The caller's signal, the watchdog or a
//    consumer that stops iterating close the request at once (OpenAIClient's per-stream controller).
//  - Errors are OllamaErrors (core/openai/errors.ts) with the endpoint's secrets blotted out of every message and
//    log line: `connection.fetch` carries the token, so neither this file nor the client ever holds it, but a
//    proxy may echo it back.
import { collectText, type CallOptions, type GatewayCapabilities, type ModelGateway, type StreamOptions, isCapabilityMissing } from '../endpoints/modelGateway';
import type { EndpointConnection } from '../endpoints/types';
import { abortable, isAbort, OllamaError } from '../ollama/errors';
import { observingFetch, originOf, type RequestOutcome } from '../ollama/outcomes';
import { DEFAULT_STALL_TIMES, watchStall, type StallTimes } from '../ollama/stall';
import type { Capability, ChatMessage, ChatParams, GenerateParams, ModelDetails, ModelOptions, ModelSummary, TextChunk, ThinkSetting } from '../ollama/types';
import { detectFimFamily, fimLayout } from '../prompts/fimTemplates';
import { Emitter } from '../util/events';
import { silentLogger, type Logger } from '../util/log';
import { endpointLabel, OpenAIClient } from './client';
import { detectServer, serverContextLength, type ServerKind } from './detect';
import { extractJson, schemaInstruction, schemaProblem } from './jsonCheck';
import { responseFormatOf, thinkingFields, withInstruction } from './requestFields';
import { blotError, blottingLogger } from './secrets';
import type { OpenAIChatParams, OpenAIEndpoint, OpenAIModel } from './types';

export interface OpenAIAdapterConfig {
  /** hearth.contextLength: the window to budget with when the server reports none (0 = DEFAULT_CONTEXT); never a cap. */
  contextLength: number;
}

export interface OpenAIAdapterOptions {
  connection: EndpointConnection;
  config: () => OpenAIAdapterConfig;
  log?: Logger;
  /** Timeout of metadata calls (/v1/models, /props, detection probes). */
  metadataTimeoutMs?: number;
  /** How long a model list stays fresh. */
  listTtlMs?: number;
  /** The watchdog's quiet times: `loadingMs` before the first byte of a cold model, `waitingMs` of a warm one, `streamingMs` between chunks. */
  stallTimes?: Partial<StallTimes>;
}

/** The window to budget with when neither the server nor a setting says: small enough for any server. */
export const DEFAULT_CONTEXT = 4096;

/** Models seen answering within this time are warm: the first byte gets the waiting time, not a load's. */
const WARM_FOR_MS = 5 * 60_000;

function parameterSizeOf(id: string): string {
  const match = /(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)[bB](?![a-z])/i.exec(id);
  return match ? `${match[1]}B` : '';
}

interface Sampling {
  maxTokens: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
}

type Route = (signal: AbortSignal) => AsyncGenerator<TextChunk>;

export class OpenAICompatibleGateway implements ModelGateway {
  readonly kind = 'openai-compatible' as const;
  readonly endpoint: string;
  readonly label: string;
  /** The watchdog's quiet times (tests shorten them). */
  stallTimes: StallTimes;
  private readonly client: OpenAIClient;
  private readonly target: OpenAIEndpoint;
  private readonly log: Logger;
  private readonly listTtlMs: number;
  private secretValues: readonly string[] = [];
  private server: Promise<ServerKind> | undefined;
  private listCache: { at: number; models: Promise<ModelSummary[]> } | undefined;
  private lastIds: string | undefined;
  /** Contexts the server reported per model (a fallback is not kept here). */
  private readonly reported = new Map<string, number | undefined>();
  private readonly warm = new Map<string, number>();
  /** Learned from the server's answers: each is asked once, then not again until the endpoint changes. */
  private refusedSchema = false;
  private refusedSuffix = false;
  private refusedInfill = false;
  private readonly observed = new Emitter<RequestOutcome>();
  private readonly modelsChanged = new Emitter<void>();
  readonly onDidObserve = this.observed.event;
  readonly onDidChangeModels = this.modelsChanged.event;

  constructor(private readonly options: OpenAIAdapterOptions) {
    const { connection } = options;
    this.endpoint = connection.name;
    this.label = endpointLabel(connection.baseUrl);
    this.target = { url: connection.baseUrl };
    this.log = options.log ?? silentLogger;
    this.listTtlMs = options.listTtlMs ?? 5_000;
    this.stallTimes = { ...DEFAULT_STALL_TIMES, ...options.stallTimes };
    this.client = new OpenAIClient({
      fetch: observingFetch(connection.fetch, (outcome) => this.observed.fire(outcome)),
      log: blottingLogger(this.log, () => this.secretValues),
      metadataTimeoutMs: options.metadataTimeoutMs,
    });
  }

  dispose(): void {
    this.observed.dispose();
    this.modelsChanged.dispose();
  }

  invalidate(): void {
    this.listCache = undefined;
    this.reported.clear();
  }

  ensureAllowed(): void {
    if (!this.options.connection.allowed) {
      throw new OllamaError('remoteHostRefused', `The endpoint "${this.endpoint}" (${this.label}) is not on this machine and has not been allowed.`, { host: this.label });
    }
  }

  async capabilities(opts: CallOptions = {}): Promise<GatewayCapabilities> {
    const kind = await this.serverKind(opts);
    return {
      manageModels: false,
      runningModels: false,
      fimSuffix: kind === 'ollama' && !this.refusedSuffix,
      infill: kind === 'llamacpp' && !this.refusedInfill,
      jsonSchema: !this.refusedSchema,
      thinkingControl: thinkingFields(kind, false) !== undefined,
      embeddings: false,
    };
  }

  // ---- metadata ---------------------------------------------------------------------------

  listModels(opts: CallOptions & { fresh?: boolean } = {}): Promise<ModelSummary[]> {
    const cached = this.listCache;
    if (!opts.fresh && cached && performance.now() - cached.at < this.listTtlMs) return cached.models;
    const models = this.guard(async () => {
      const served = await this.client.listModels(this.target, opts);
      const kind = await this.serverKind(opts);
      const summaries = await Promise.all(served.map((m) => this.summaryOf(m, kind, opts)));
      const ids = summaries.map((m) => m.name).join('\n');
      if (this.lastIds !== undefined && this.lastIds !== ids) this.modelsChanged.fire();
      this.lastIds = ids;
      return summaries;
    });
    this.listCache = { at: performance.now(), models };
    models.catch(() => {
      if (this.listCache?.models === models) this.listCache = undefined;
    });
    return models;
  }

  async showModel(name: string, opts: CallOptions = {}): Promise<ModelDetails> {
    let summary = (await this.listModels(opts)).find((m) => m.name === name);
    if (!summary) summary = (await this.listModels({ ...opts, fresh: true })).find((m) => m.name === name);
    if (!summary) {
      this.observed.fire({ kind: 'modelMissing', host: originOf(this.options.connection.baseUrl), model: name });
      throw new OllamaError('modelNotFound', `The server at ${this.label} does not serve the model ${name}.`, { model: name, host: this.label });
    }
    return {
      ...summary,
      capabilities: summary.capabilities ?? ['completion'],
      architecture: '',
      // Unknown: the server applies the model's chat template itself. Empty = "not known" to the features.
      template: '',
      system: '',
      license: '',
      parameters: {},
      modelfile: '',
      modelInfo: {},
    };
  }

  async contextWindow(model: string, opts: CallOptions & { contextLength?: number } = {}): Promise<number> {
    const details = await this.showModel(model, opts);
    const server = this.reported.get(model);
    const feature = opts.contextLength !== undefined && opts.contextLength > 0 ? opts.contextLength : undefined;
    // The server allocated its window already (unlike Ollama's num_ctx, asking for less saves nothing): it is the
    // window, capped only by a feature's own setting. hearth.contextLength speaks only when the server says nothing.
    if (server !== undefined) return feature !== undefined ? Math.min(feature, server) : server;
    return feature ?? (details.contextLength ?? DEFAULT_CONTEXT);
  }

  // ---- generation -------------------------------------------------------------------------

  async *chat(params: ChatParams, signal?: AbortSignal, streamOptions: StreamOptions = {}): AsyncGenerator<TextChunk> {
    this.ensureAllowed();
    const kind = await this.serverKind({ signal });
    const sampling = await this.sampling(params.model, params.options, params.contextLength, signal);
    const base: OpenAIChatParams = { model: params.model, messages: params.messages, ...sampling, ...this.extra(kind, params.think) };
    const format = params.format;
    if (format === undefined) {
      yield* this.watched(params.model, signal, streamOptions, (s) => this.client.chat(this.target, base, s));
      return;
    }
    if (!this.refusedSchema) {
      const refused = yield* this.attempt(this.watched(params.model, signal, streamOptions, (s) => this.client.chat(this.target, { ...base, responseFormat: responseFormatOf(format) }, s)), 'json_schema');
      if (!refused) return;
      this.refusedSchema = true;
      this.log.info(`openai: ${this.label} cannot constrain output to a JSON schema; the replies are checked instead`);
    }
    yield* this.checkedJson(params.model, format, signal, streamOptions, { ...base, messages: withInstruction(params.messages, schemaInstruction(format)) });
  }

  async *generate(params: GenerateParams, signal?: AbortSignal, streamOptions: StreamOptions = {}): AsyncGenerator<TextChunk> {
    this.ensureAllowed();
    const kind = await this.serverKind({ signal });
    const sampling = await this.sampling(params.model, params.options, params.contextLength, signal);
    if (params.suffix !== undefined && params.suffix !== '') {
      yield* this.fillInTheMiddle(kind, params, params.suffix, sampling, signal, streamOptions);
      return;
    }
    if (params.raw) {
      yield* this.watched(params.model, signal, streamOptions, (s) => this.client.complete(this.target, { model: params.model, prompt: params.prompt, ...sampling }, s));
      return;
    }
    // Not raw: Ollama would apply the model's template; the chat route is where these servers apply it.
    const messages: ChatMessage[] = [...(params.system ? [{ role: 'system' as const, content: params.system }] : []), { role: 'user', content: params.prompt }];
    yield* this.chat({ model: params.model, messages, think: params.think, format: params.format, options: params.options, contextLength: params.contextLength }, signal, streamOptions);
  }

  async generateText(params: GenerateParams, signal?: AbortSignal, streamOptions: StreamOptions = {}): Promise<{ text: string; thinking: string; last: TextChunk }> {
    return collectText(this.generate(params, signal, streamOptions));
  }

  // ---- fill in the middle -----------------------------------------------------------------

  /** /infill (llama.cpp), else `suffix` (Ollama /v1, others until refused), else the family's raw layout, else a clear refusal. */
  private async *fillInTheMiddle(kind: ServerKind, params: GenerateParams, suffix: string, sampling: Sampling, signal: AbortSignal | undefined, streamOptions: StreamOptions): AsyncGenerator<TextChunk> {
    const model = params.model;
    if (kind === 'llamacpp' && !this.refusedInfill) {
      const infill: Route = (s) =>
        this.client.infill(this.target, { inputPrefix: params.prompt, inputSuffix: suffix, maxTokens: sampling.maxTokens, temperature: sampling.temperature, stop: sampling.stop }, s);
      if (!(yield* this.attempt(this.watched(model, signal, streamOptions, infill), 'insert'))) return;
      this.refusedInfill = true;
    }
    // vLLM refuses any `suffix` (reference §4), llama.cpp too: no need to ask.
    if (kind !== 'vllm' && kind !== 'llamacpp' && !this.refusedSuffix) {
      const withSuffix: Route = (s) => this.client.complete(this.target, { model, prompt: params.prompt, suffix, ...sampling }, s);
      if (!(yield* this.attempt(this.watched(model, signal, streamOptions, withSuffix), 'insert'))) return;
      this.refusedSuffix = true;
    }
    const family = detectFimFamily({ name: model });
    if (!family) {
      throw new OllamaError('capabilityMissing', `${model} on ${this.label}: this model cannot fill in the middle (the server offers no infill for it and Hearth knows no FIM layout for it).`, {
        model,
        capability: 'insert',
        host: this.label,
      });
    }
    const layout = fimLayout(family);
    const prompt = layout.render({ prefix: params.prompt, linePrefix: '', suffix });
    const stop = [...new Set([...(sampling.stop ?? []), ...layout.stop])];
    yield* this.watched(model, signal, streamOptions, (s) => this.client.complete(this.target, { model, prompt, ...sampling, stop }, s));
  }

  // ---- structured output ------------------------------------------------------------------

  /** Without response_format: the whole reply is read, checked against the format, and passed on as clean JSON. */
  private async *checkedJson(model: string, format: 'json' | Record<string, unknown>, signal: AbortSignal | undefined, streamOptions: StreamOptions, params: OpenAIChatParams): AsyncGenerator<TextChunk> {
    let text = '';
    let thinking = '';
    let last: TextChunk | undefined;
    for await (const chunk of this.watched(model, signal, streamOptions, (s) => this.client.chat(this.target, params, s))) {
      text += chunk.text;
      thinking += chunk.thinking ?? '';
      if (chunk.done) last = chunk;
    }
    const done: TextChunk = last ?? { text: '', done: true, doneReason: 'stop' };
    // A reply cut by max_tokens is the feature's to handle (it splits the work), as with a constrained reply.
    if (done.doneReason === 'length') {
      yield { text, ...(thinking ? { thinking } : {}), done: false };
      yield done;
      return;
    }
    const parsed = extractJson(text);
    const problem = parsed.ok ? (format === 'json' ? undefined : schemaProblem(parsed.value, format)) : 'not JSON';
    if (!parsed.ok || problem) {
      throw new OllamaError('protocol', `The server at ${this.label} cannot constrain output to a JSON schema, and the reply of ${model} does not match it (${problem ?? 'not JSON'}).`, {
        reason: 'malformed',
        model,
        host: this.label,
        capability: 'json_schema',
        serverMessage: text.slice(0, 200),
      });
    }
    yield { text: parsed.text, ...(thinking ? { thinking } : {}), done: false };
    yield done;
  }

  // ---- plumbing ---------------------------------------------------------------------------

  /** What the server is, probed once (again after a failure: it may have been down). */
  private serverKind(opts: CallOptions = {}): Promise<ServerKind> {
    if (!this.server) {
      const probing = this.guard(() => detectServer(this.client, this.target, { timeoutMs: opts.timeoutMs ?? 5_000 }));
      this.server = probing;
      probing.then(
        (kind) => this.log.info(`openai: endpoint "${this.endpoint}" at ${this.label} is ${kind}`),
        () => {
          if (this.server === probing) this.server = undefined;
        },
      );
    }
    const server = this.server;
    if (!opts.signal) return server;
    return abortable(server, opts.signal);
  }

  private async summaryOf(m: OpenAIModel, kind: ServerKind, opts: CallOptions): Promise<ModelSummary> {
    let context = m.contextLength;
    if (context === undefined && kind !== 'vllm' && kind !== 'ollama') {
      context = await serverContextLength(this.client, this.target, kind, m.id, opts).catch((err: unknown) => {
        if (isAbort(err)) throw err;
        return undefined;
      });
    }
    this.reported.set(m.id, context);
    const capabilities: Capability[] = ['completion'];
    // `insert`: this endpoint can fill in the middle for this model (the completion planner then sends a suffix).
    if ((kind === 'llamacpp' && !this.refusedInfill) || (kind === 'ollama' && !this.refusedSuffix) || detectFimFamily({ name: m.id })) capabilities.push('insert');
    return {
      name: m.id,
      sizeBytes: 0,
      digest: '',
      family: '',
      families: [],
      parameterSize: parameterSizeOf(m.id),
      quantization: '',
      contextLength: context ?? (this.options.config().contextLength || DEFAULT_CONTEXT),
      capabilities,
    };
  }

  /** max_tokens is always sent: the engines' defaults range from 16 to "until the context is full". */
  private async sampling(model: string, options: ModelOptions | undefined, contextLength: number | undefined, signal: AbortSignal | undefined): Promise<Sampling> {
    let maxTokens = options?.num_predict;
    if (maxTokens === undefined || maxTokens <= 0) {
      const window = await this.contextWindow(model, { signal, contextLength }).catch((err: unknown) => {
        if (isAbort(err)) throw err;
        return DEFAULT_CONTEXT;
      });
      maxTokens = Math.max(256, Math.min(4096, Math.floor(window / 4)));
    }
    return {
      maxTokens,
      ...(options?.temperature !== undefined ? { temperature: options.temperature } : {}),
      ...(options?.top_p !== undefined ? { topP: options.top_p } : {}),
      ...(options?.stop && options.stop.length > 0 ? { stop: options.stop } : {}),
      ...(options?.seed !== undefined ? { seed: options.seed } : {}),
    };
  }

  private extra(kind: ServerKind, think: ThinkSetting | undefined): { extra?: Record<string, unknown> } {
    const fields = thinkingFields(kind, think);
    return fields ? { extra: fields } : {};
  }

  /**
   * Runs a route; returns true when the server refused the capability before any chunk (the caller then tries
   * the next route), false when the route answered. Other failures are thrown.
   */
  private async *attempt(stream: AsyncGenerator<TextChunk>, capability: string): AsyncGenerator<TextChunk, boolean> {
    let yielded = false;
    try {
      for await (const chunk of stream) {
        yielded = true;
        yield chunk;
      }
      return false;
    } catch (err) {
      if (!yielded && isCapabilityMissing(err, capability)) {
        this.log.debug(`openai: ${this.label} refused ${capability}: ${(err as Error).message}`);
        return true;
      }
      throw err;
    }
  }

  /** Reads the secrets once per call (the registry may have changed them) and blots them out of any failure. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    this.ensureAllowed();
    this.secretValues = await this.options.connection.secrets();
    try {
      return await work();
    } catch (err) {
      throw this.failure(err, undefined);
    }
  }

  private failure(err: unknown, model: string | undefined): OllamaError {
    const error = err instanceof OllamaError ? err : new OllamaError('server', err instanceof Error ? err.message : String(err), { model });
    if (error.kind === 'modelNotFound' && (error.details.model ?? model)) {
      this.invalidate();
      this.observed.fire({ kind: 'modelMissing', host: originOf(this.options.connection.baseUrl), model: (error.details.model ?? model) as string });
    }
    return blotError(error, this.secretValues);
  }

  /** A generation stream under the stall watchdog, closed on every exit that is not its end. */
  private async *watched(model: string, signal: AbortSignal | undefined, streamOptions: StreamOptions, open: Route): AsyncGenerator<TextChunk> {
    this.secretValues = await this.options.connection.secrets();
    if (signal?.aborted) throw new OllamaError('aborted', 'The request was cancelled.', { model });
    const watchdog = new AbortController();
    let stalled: OllamaError | undefined;
    const requestSignal = signal ? AbortSignal.any([signal, watchdog.signal]) : watchdog.signal;
    const warmAtStart = performance.now() - (this.warm.get(model) ?? -Infinity) < WARM_FOR_MS;
    const watch = watchStall({
      times: this.stallTimes,
      model,
      host: this.label,
      onStall: streamOptions.onStall,
      warmAtStart,
      // These servers cannot say what is loaded: a model seen answering lately is loaded, else allow a load's time.
      isLoaded: () => Promise.resolve(warmAtStart),
      fail: (error) => {
        stalled = new OllamaError(error.kind, error.kind === 'protocol' ? `The server at ${this.label} sent no answer for ${Math.round((error.details.quietMs ?? 0) / 1000)} s.` : error.message, error.details);
        watchdog.abort();
      },
    });
    try {
      for await (const chunk of open(requestSignal)) {
        watch.activity();
        this.warm.set(model, performance.now());
        watch.hold(true);
        yield chunk;
        watch.hold(false);
      }
    } catch (err) {
      if (stalled && !signal?.aborted) throw blotError(stalled, this.secretValues);
      throw this.failure(err, model);
    } finally {
      watch.stop();
    }
  }
}


