// The one place that talks to the Ollama daemon. Everything else asks this class.
//
// Rules it enforces (see the protocol reference):
//  - a request goes only to the configured host, and only when the host is loopback or the user
//    allowed a remote host; cloud-proxied models are refused unless allowed;
//  - every stream is closed when it ends early: a consumer that stops iterating, an error or the
//    caller's signal all call the per-stream abort(); the client-wide abort() is never used;
//  - keep_alive is sent only when the user configured it; the feature decides about thinking;
//  - generate and chat run with one context window per model (num_ctx from hearth.contextLength, see
//    contextWindow.ts), whichever feature asks, so that features sharing a model never make it reload;
//  - every failure becomes an OllamaError with a kind; once response headers arrived, never `unreachable`;
//  - every generation stream has a stall watchdog (stall.ts): a quiet stream asks the caller, or ends with a
//    typed error, instead of waiting forever.
import { Ollama } from 'ollama/browser';
import { modelfileNumCtx, numCtxToSend, serverContextWindow } from './contextWindow';
import { classifyServerMessage, isAbort, OllamaError, toOllamaError } from './errors';
import type { ResolvedHost } from './host';
import { isCloudModelName, normalizeModelName, sameModel } from './names';
import { parseChatChunk, parseGenerateChunk, parsePs, parseShow, parseTags } from './parse';
import { observingFetch, type RequestOutcome } from './outcomes';
import { DEFAULT_STALL_TIMES, watchStall, type StallHandler, type StallTimes } from './stall';
import { boundFetch, checkErrorBody, type FetchLike } from './transport';
import type { ChatParams, CreateParams, GenerateParams, ModelDetails, ModelOptions, ModelSummary, ProgressEvent, RunningModel, TextChunk } from './types';
import { collectText, OLLAMA_CAPABILITIES, type GatewayCapabilities, type ModelGateway } from '../endpoints/modelGateway';
import { LOCAL_ENDPOINT_NAME } from '../endpoints/types';
import { Emitter } from '../util/events';
import { silentLogger, type Logger } from '../util/log';

export interface GatewayConfig {
  /** undefined when the host setting cannot be parsed. */
  host: ResolvedHost | undefined;
  /** The raw host value, for messages. */
  hostSetting: string;
  /** Why the host value was refused, in the user's language (set when `host` is undefined). */
  hostProblem?: string;
  allowRemoteHost: boolean;
  allowCloudModels: boolean;
  /** '' = leave keep_alive to the server. */
  keepAlive: string;
  /** hearth.contextLength: the num_ctx of every generate/chat request (capped by the model); 0 = the server's. */
  contextLength: number;
}

export interface GatewayOptions {
  config: () => GatewayConfig;
  /** The endpoint's name (issue 15): `local` (hearth.host) unless the router built this gateway for another. */
  endpoint?: string;
  fetch?: FetchLike;
  log?: Logger;
  /** Timeout for small metadata calls (tags, show, ps, version). */
  metadataTimeoutMs?: number;
  /** How long a model list stays fresh. */
  listTtlMs?: number;
  /** Quiet times of the stall watchdog (tests shorten them). */
  stallTimes?: Partial<StallTimes>;
}

/** What a feature may pass to a generation stream. */
export interface StreamOptions {
  /** Asked when the stream has been quiet too long; without it the stream ends with a `stalled` protocol error. */
  onStall?: StallHandler;
}

/** What the feature layer may pass to bound a call. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

interface AbortableIterator<T> extends AsyncIterable<T> {
  abort(): void;
}

/** Converts the user's keep_alive text into what the server accepts (bare digits are seconds). */
export function keepAliveValue(text: string): string | number | undefined {
  const value = text.trim();
  if (!value) return undefined;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

export class OllamaGateway implements ModelGateway {
  readonly kind = 'ollama' as const;
  readonly endpoint: string;
  private readonly baseFetch: FetchLike;
  private readonly log: Logger;
  private readonly metadataTimeoutMs: number;
  private readonly listTtlMs: number;
  /** The stall watchdog's quiet times; integration tests shorten them and put them back. */
  stallTimes: StallTimes;
  private listCache: { at: number; models: Promise<ModelSummary[]> } | undefined;
  private readonly showCache = new Map<string, Promise<ModelDetails>>();
  /** Models seen in memory (in /api/ps, or answering a stream) and when: tells the stall watchdog a load from a wait. */
  private readonly warm = new Map<string, number>();
  private readonly modelsChanged = new Emitter<void>();
  /** Fires after Hearth changed the installed models (pull, delete, copy, create). */
  readonly onDidChangeModels = this.modelsChanged.event;
  /** Generation streams open now (see generationsInFlight). */
  private generating = 0;
  private readonly observed = new Emitter<RequestOutcome>();
  /** Fires for every request's outcome (answered, unreachable, model missing), whichever feature sent it. */
  readonly onDidObserve = this.observed.event;

  constructor(private readonly options: GatewayOptions) {
    this.endpoint = options.endpoint ?? LOCAL_ENDPOINT_NAME;
    this.baseFetch = observingFetch(options.fetch ?? ((input, init) => fetch(input, init)), (outcome) => this.observed.fire(outcome));
    this.log = options.log ?? silentLogger;
    this.metadataTimeoutMs = options.metadataTimeoutMs ?? 10_000;
    this.listTtlMs = options.listTtlMs ?? 5_000;
    this.stallTimes = { ...DEFAULT_STALL_TIMES, ...options.stallTimes };
  }


  /** Where requests go, for messages. */
  get label(): string {
    const config = this.options.config();
    return config.host?.url ?? config.hostSetting;
  }

  /** Ollama's native API can do everything the interface names. */
  capabilities(): Promise<GatewayCapabilities> {
    return Promise.resolve(OLLAMA_CAPABILITIES);
  }

  ensureAllowed(): void {
    this.checkedHost();
  }

  /** The host requests go to, after the privacy guard. Throws an OllamaError when refused. */
  checkedHost(): ResolvedHost {
    const config = this.options.config();
    if (!config.host) {
      throw new OllamaError('unreachable', config.hostProblem ?? `The Ollama host "${config.hostSetting}" is not a valid address.`, { reason: 'invalidHost', host: config.hostSetting });
    }
    if (!config.host.isLoopback && !config.allowRemoteHost) {
      throw new OllamaError('remoteHostRefused', `Ollama host ${config.host.url} is not on this machine and remote hosts are not allowed.`, { host: config.host.url });
    }
    return config.host;
  }

  /** Forgets cached model information, e.g. after a change made outside Hearth. */
  invalidate(): void {
    this.listCache = undefined;
    this.showCache.clear();
  }

  dispose(): void {
    this.modelsChanged.dispose();
    this.observed.dispose();
  }

  // ---- metadata ---------------------------------------------------------------------------

  async version(opts: CallOptions = {}): Promise<string> {
    const raw = await this.call((client) => client.version(), opts);
    return raw.version;
  }

  /** Installed models; served from a short-lived cache unless `fresh`. */
  listModels(opts: CallOptions & { fresh?: boolean } = {}): Promise<ModelSummary[]> {
    const cached = this.listCache;
    if (!opts.fresh && cached && performance.now() - cached.at < this.listTtlMs) return cached.models;
    const models = this.call((client) => client.list(), opts).then(parseTags);
    this.listCache = { at: performance.now(), models };
    models.catch(() => {
      if (this.listCache?.models === models) this.listCache = undefined;
    });
    return models;
  }

  /** Details of one model (capabilities, context length, template…), cached until invalidated. */
  showModel(name: string, opts: CallOptions = {}): Promise<ModelDetails> {
    const key = normalizeModelName(name).toLowerCase();
    const cached = this.showCache.get(key);
    if (cached) return cached;
    const details = (async () => {
      const raw = await this.call((client) => client.show({ model: name }), { ...opts, model: name });
      const summary = (await this.listModels(opts).catch(() => [])).find((m) => sameModel(m.name, name));
      return parseShow(name, raw, summary);
    })();
    this.showCache.set(key, details);
    details.catch(() => this.showCache.delete(key));
    return details;
  }

  async runningModels(opts: CallOptions = {}): Promise<RunningModel[]> {
    const running = parsePs(await this.call((client) => client.ps(), opts));
    this.warm.clear();
    for (const m of running) this.noteWarm(m.name);
    return running;
  }

  /** Whether `model` was in memory lately, as far as this gateway saw (a model idles out after keep_alive, 5 min by default). */
  private isWarm(model: string): boolean {
    return performance.now() - (this.warm.get(warmKey(model)) ?? -Infinity) < WARM_FOR_MS;
  }

  private noteWarm(model: string): void {
    this.warm.set(warmKey(model), performance.now());
  }

  /**
   * The context window (tokens) that generate and chat requests for `model` run with, whichever feature
   * sends them: features budget prompt + answer against exactly this number. With hearth.contextLength set,
   * it is the num_ctx the gateway sends; with 0, what the server gives a request without num_ctx.
   * `contextLength`: a feature's own window (hearth.generation.<feature>.contextLength), as its requests send it.
   */
  async contextWindow(model: string, opts: CallOptions & { contextLength?: number } = {}): Promise<number> {
    const details = await this.showModel(model, opts);
    const sent = numCtxToSend(this.contextLength(opts.contextLength), details.contextLength);
    if (sent !== undefined) return sent;
    const running = await this.runningModels({ signal: opts.signal, timeoutMs: opts.timeoutMs ?? 2_000 }).catch((err: unknown) => {
      if (isAbort(err)) throw err;
      return [];
    });
    return serverContextWindow({
      trainedContext: details.contextLength,
      modelfileNumCtx: modelfileNumCtx(details),
      loadedContext: running.find((m) => sameModel(m.name, model))?.contextLength,
    });
  }

  // ---- generation -------------------------------------------------------------------------

  /** Streams a completion. Stop iterating at any time: the request is closed. */
  async *generate(params: GenerateParams, signal?: AbortSignal, streamOptions: StreamOptions = {}): AsyncGenerator<TextChunk> {
    const options = await this.requestOptions(params.model, params.options, signal, params.contextLength);
    const request = {
      model: params.model,
      prompt: params.prompt,
      suffix: params.suffix || undefined,
      system: params.system,
      raw: params.raw || undefined,
      think: params.think,
      format: params.format,
      options,
      shift: params.shift,
      keep_alive: this.keepAlive(),
      stream: true as const,
    };
    yield* this.stream((client) => client.generate(request), parseGenerateChunk, params.model, signal, { watch: true, ...streamOptions });
  }

  /** Streams a chat answer. Stop iterating at any time: the request is closed. */
  async *chat(params: ChatParams, signal?: AbortSignal, streamOptions: StreamOptions = {}): AsyncGenerator<TextChunk> {
    const options = await this.requestOptions(params.model, params.options, signal, params.contextLength);
    const request = {
      model: params.model,
      messages: params.messages,
      think: params.think,
      format: params.format,
      options,
      shift: params.shift,
      keep_alive: this.keepAlive(),
      stream: true as const,
    };
    yield* this.stream((client) => client.chat(request), parseChatChunk, params.model, signal, { watch: true, ...streamOptions });
  }

  /** Runs a generation to its end and returns the whole text (streamed underneath, so no 5-minute header timeout). */
  async generateText(params: GenerateParams, signal?: AbortSignal, streamOptions: StreamOptions = {}): Promise<{ text: string; thinking: string; last: TextChunk }> {
    return collectText(this.generate(params, signal, streamOptions));
  }

  // ---- model lifecycle --------------------------------------------------------------------

  /** Streams pull progress. Cancelling closes the stream; Ollama keeps the partial download. */
  async *pull(name: string, signal?: AbortSignal): AsyncGenerator<ProgressEvent> {
    this.ensureCloudNameAllowed(name);
    try {
      yield* this.stream((client) => client.pull({ model: name, stream: true }), parseProgress, name, signal);
    } finally {
      this.changed();
    }
  }

  /** Streams create progress. */
  async *create(params: CreateParams, signal?: AbortSignal): AsyncGenerator<ProgressEvent> {
    try {
      yield* this.stream((client) => client.create({ ...params, stream: true }), parseProgress, params.model, signal);
    } finally {
      this.changed();
    }
  }

  async deleteModel(name: string, opts: CallOptions = {}): Promise<void> {
    await this.call((client) => client.delete({ model: name }), { timeoutMs: 30_000, ...opts, model: name });
    this.changed();
  }

  async copyModel(source: string, destination: string, opts: CallOptions = {}): Promise<void> {
    await this.call((client) => client.copy({ source, destination }), { timeoutMs: 30_000, ...opts, model: source });
    this.changed();
  }

  /**
   * Loads a model into memory (an empty prompt), with the given keep_alive or the configured one, and the
   * window features will use (a preload with another num_ctx would only make the first request reload it).
   */
  async loadModel(name: string, opts: CallOptions & { keepAlive?: string | number } = {}): Promise<void> {
    const options = await this.requestOptions(name, undefined, opts.signal);
    const keep_alive = opts.keepAlive ?? this.keepAlive();
    // Loading can take minutes for a large model: no metadata timeout, only the caller's signal.
    await this.call((client) => client.generate({ model: name, prompt: '', keep_alive, options, stream: false }), { signal: opts.signal, timeoutMs: 0, model: name });
    this.noteWarm(name);
  }

  /** Unloads a model at once (`keep_alive: 0`). */
  async unloadModel(name: string, opts: CallOptions = {}): Promise<void> {
    this.warm.delete(warmKey(name));
    await this.call((client) => client.generate({ model: name, prompt: '', keep_alive: 0, stream: false }), { timeoutMs: 30_000, ...opts, model: name });
  }

  /**
   * Embeddings of `input`, with `truncate: false`: an input longer than the model's context is refused (a
   * `contextOverflow`-like error from the server) rather than embedded from its head alone, so nothing is cut
   * silently. The caller fits its inputs to the context first (core/indexing/embedBatches). `numCtx` sets the
   * context the runner loads the model with (the window the caller measured its inputs against).
   */
  async embed(model: string, input: string | string[], signal?: AbortSignal, opts: { numCtx?: number } = {}): Promise<number[][]> {
    await this.ensureModelAllowed(model, signal);
    const options = opts.numCtx !== undefined ? { num_ctx: opts.numCtx } : undefined;
    const raw = await this.call((client) => client.embed({ model, input, truncate: false, options, keep_alive: this.keepAlive() }), { signal, timeoutMs: 0, model });
    return raw.embeddings;
  }

  /** Generation streams (generate, chat) running now, from any feature: background work waits while any runs. */
  get generationsInFlight(): number {
    return this.generating;
  }

  // ---- blobs (creating a model from a local GGUF file) -------------------------------------

  /** Whether the server already holds the blob `sha256:<hex>`. */
  async hasBlob(digest: string, opts: CallOptions = {}): Promise<boolean> {
    const response = await this.request('HEAD', `/api/blobs/${digest}`, undefined, opts);
    if (response.status === 200) return true;
    if (response.status === 404) return false;
    throw classifyServerMessage(`blob check answered ${response.status}`, response.status, undefined);
  }

  /** Uploads a blob as a stream; the server checks it against `digest`. No timeout: files are large. */
  async uploadBlob(digest: string, body: ReadableStream<Uint8Array>, opts: CallOptions = {}): Promise<void> {
    const path = `/api/blobs/${digest}`;
    const response = await this.request('POST', path, body, { timeoutMs: 0, ...opts });
    if (response.ok) return;
    const host = this.checkedHost().url;
    const checked = await checkErrorBody(response, { host, path }).catch((err: unknown) => {
      throw this.logged(toOllamaError(err, { host, reached: true }));
    });
    const parsed = (await checked.json()) as { error: string };
    throw classifyServerMessage(parsed.error, response.status, undefined);
  }

  // ---- guards -----------------------------------------------------------------------------

  private ensureCloudNameAllowed(model: string): void {
    if (!this.options.config().allowCloudModels && isCloudModelName(model)) {
      throw new OllamaError('cloudModelRefused', `${model} runs on a cloud service and cloud models are not allowed.`, { model });
    }
  }

  /** Refuses cloud-proxied models unless allowed: by name, then by `remote_host` in the model's details. */
  private async ensureModelAllowed(model: string, signal?: AbortSignal): Promise<void> {
    await this.allowedModel(model, false, signal);
  }

  /** The options a generate/chat request sends: the feature's, with the shared num_ctx unless it set one. */
  private async requestOptions(model: string, options: ModelOptions | undefined, signal: AbortSignal | undefined, contextLength?: number): Promise<ModelOptions | undefined> {
    const setting = this.contextLength(contextLength);
    const setNumCtx = options?.num_ctx === undefined && setting > 0;
    const details = await this.allowedModel(model, setNumCtx, signal);
    // A cloud model's context is the service's business; a missing model is reported by the request itself.
    if (!setNumCtx || !details || details.remoteHost) return options;
    return { ...options, num_ctx: numCtxToSend(setting, details.contextLength) };
  }

  /**
   * The privacy guard for a request, and the model's details when the guard or the caller needs them.
   * Undefined when not needed, or when the model is missing or the daemon down (the request reports those).
   */
  private async allowedModel(model: string, needDetails: boolean, signal: AbortSignal | undefined): Promise<ModelDetails | undefined> {
    this.ensureCloudNameAllowed(model);
    const allowCloud = this.options.config().allowCloudModels;
    if (allowCloud && !needDetails) return undefined;
    let details: ModelDetails;
    try {
      details = await this.showModel(model, { signal });
    } catch (err) {
      if (err instanceof OllamaError && (err.kind === 'modelNotFound' || err.kind === 'unreachable')) return undefined;
      throw err;
    }
    if (details.remoteHost && !allowCloud) {
      throw new OllamaError('cloudModelRefused', `${model} runs on ${details.remoteHost} and cloud models are not allowed.`, { model, host: details.remoteHost });
    }
    return details;
  }

  // ---- plumbing ---------------------------------------------------------------------------

  /** A feature's own context length when it has one (> 0), else hearth.contextLength. */
  private contextLength(feature: number | undefined): number {
    return feature !== undefined && feature > 0 ? feature : this.options.config().contextLength;
  }

  private keepAlive(): string | number | undefined {
    return keepAliveValue(this.options.config().keepAlive);
  }

  private changed(): void {
    this.invalidate();
    this.modelsChanged.fire();
  }

  /** A 404 for a model is news for every view that lists models: say so at once. */
  private noteMissing(error: OllamaError, host: ResolvedHost, model: string | undefined): void {
    if (error.kind !== 'modelNotFound' || !model) return;
    this.invalidate();
    this.observed.fire({ kind: 'modelMissing', host: host.url, model });
  }

  private client(signal: AbortSignal | undefined, host: ResolvedHost, onHeaders?: () => void): Ollama {
    // One client per request: the client-wide abort() would cancel other features' streams.
    return new Ollama({ host: host.url, fetch: boundFetch(signal, this.baseFetch, { host: host.url, onHeaders }) });
  }

  /** Logs a failure once, where it is classified; an answer that was not Ollama's goes to the log with its body. */
  private logged(error: OllamaError): OllamaError {
    const { body } = error.details;
    if (body !== undefined) this.log.warn(`ollama: ${error.message} ${body}`);
    else if (error.kind !== 'aborted') this.log.debug(`ollama: ${error.kind}: ${error.message}`);
    return error;
  }

  /** A single request/response call with the caller's signal and a timeout. */
  private async call<T>(fn: (client: Ollama) => Promise<T>, opts: CallOptions & { model?: string }): Promise<T> {
    const host = this.checkedHost();
    if (opts.signal?.aborted) throw new OllamaError('aborted', 'The request was cancelled.', { model: opts.model });
    const { signal, timeout } = this.boundSignal(opts);
    let reached = false;
    try {
      return await fn(this.client(signal, host, () => (reached = true)));
    } catch (err) {
      const mapped = this.logged(toOllamaError(err, { model: opts.model, host: host.url, aborted: opts.signal?.aborted, timedOut: timeout?.aborted, reached }));
      this.noteMissing(mapped, host, opts.model);
      throw mapped;
    }
  }

  /** The caller's signal combined with the call's timeout (0 = none). */
  private boundSignal(opts: CallOptions): { signal: AbortSignal | undefined; timeout: AbortSignal | undefined } {
    const timeoutMs = opts.timeoutMs ?? this.metadataTimeoutMs;
    const timeout = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
    const signals = [opts.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
    return { signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0], timeout };
  }

  /** A plain HTTP request for the routes the `ollama` client lacks (blobs). */
  private async request(method: string, path: string, body: ReadableStream<Uint8Array> | undefined, opts: CallOptions): Promise<Response> {
    const host = this.checkedHost();
    if (opts.signal?.aborted) throw new OllamaError('aborted', 'The request was cancelled.', {});
    const { signal, timeout } = this.boundSignal(opts);
    // `duplex: 'half'` is what Node's fetch requires to send a stream as the body.
    const init = { method, body, signal, duplex: 'half' } as RequestInit;
    try {
      return await this.baseFetch(`${host.url}${path}`, init);
    } catch (err) {
      throw toOllamaError(err, { host: host.url, aborted: opts.signal?.aborted, timedOut: timeout?.aborted });
    }
  }

  /**
   * Iterates a streamed reply; the per-stream abort() runs on every exit that is not the server's `done`.
   * With `watch`, the stall watchdog guards it (generation streams; pull and create are not watched: a pull
   * verifying a large blob or a create quantizing is legitimately quiet for minutes).
   */
  private async *stream<R, T extends { done?: boolean }>(
    open: (client: Ollama) => Promise<AbortableIterator<R>>,
    parse: (raw: R) => T,
    model: string,
    signal: AbortSignal | undefined,
    options: StreamOptions & { watch?: boolean } = {},
  ): AsyncGenerator<T> {
    const host = this.checkedHost();
    if (signal?.aborted) throw new OllamaError('aborted', 'The request was cancelled.', { model });
    let iterator: AbortableIterator<R> | undefined;
    let finished = false;
    let reached = false;
    // The watchdog ends the request through its own controller, and its error wins over the AbortError that follows.
    const watchdog = new AbortController();
    let stalled: OllamaError | undefined;
    const requestSignal = signal ? AbortSignal.any([signal, watchdog.signal]) : watchdog.signal;
    const watch = options.watch
      ? watchStall({
          times: this.stallTimes,
          model,
          host: host.url,
          onStall: options.onStall,
          warmAtStart: this.isWarm(model),
          isLoaded: async () => {
            const running = await this.runningModels({ signal: requestSignal, timeoutMs: 2_000 });
            return running.some((m) => sameModel(m.name, model));
          },
          fail: (error) => {
            stalled = error;
            watchdog.abort();
          },
        })
      : undefined;
    if (options.watch) this.generating++;
    try {
      iterator = await open(this.client(requestSignal, host, () => (reached = true)));
      for await (const raw of iterator) {
        watch?.activity();
        if (watch) this.noteWarm(model);
        const chunk = parse(raw);
        if (chunk.done) finished = true;
        watch?.hold(true);
        yield chunk;
        watch?.hold(false);
        if (finished) return;
      }
      finished = true; // ollama-js ends pull/create streams at `success`
    } catch (err) {
      if (stalled && !signal?.aborted) throw this.logged(stalled);
      const mapped = this.logged(toOllamaError(err, { model, host: host.url, aborted: signal?.aborted, reached }));
      this.noteMissing(mapped, host, model);
      throw mapped;
    } finally {
      if (options.watch) this.generating--;
      watch?.stop();
      // Covers a consumer that stopped early (break/return), an error and a cancellation alike.
      if (!finished) iterator?.abort();
    }
  }
}

/** Ollama's default keep_alive: a model not seen answering for longer may have been unloaded. */
const WARM_FOR_MS = 5 * 60_000;

function warmKey(model: string): string {
  return normalizeModelName(model).toLowerCase();
}

function parseProgress(raw: { status?: string; digest?: string; total?: number; completed?: number }): ProgressEvent & { done: boolean } {
  return {
    status: raw.status ?? '',
    digest: raw.digest || undefined,
    total: typeof raw.total === 'number' ? raw.total : undefined,
    completed: typeof raw.completed === 'number' ? raw.completed : undefined,
    done: raw.status === 'success',
  };
}
