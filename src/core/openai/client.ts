// The client for OpenAI-compatible servers (vLLM, llama.cpp's server, LM Studio, LiteLLM, Ollama's /v1).
// It keeps no endpoint state: the endpoint (URL, token, headers) comes with every call, so a token can only
// reach the endpoint it was given with. Rules it keeps (reference/openai-compatible-protocol.md §10):
//  - every stream has its own AbortController: the caller's signal, an error, or a consumer that stops
//    iterating all close the connection at once (servers free the slot on disconnect, §3.9);
//  - a stream is complete only with `[DONE]` (or /infill's `stop:true`) or a `finish_reason`; EOF without
//    either is a protocol error, as are malformed events; an `error` event is terminal whatever the status;
//  - `max_tokens` is always sent, `suffix` only when asked, `stream_options` only with `stream: true`;
//  - nothing logged carries a token or a header value (header names only).
import { OllamaError } from '../ollama/errors';
import { silentLogger, type Logger } from '../util/log';
import { errorFromEvent, errorFromResponse, errorFromTransport, protocolError, type ErrorContext } from './errors';
import { sseEvents } from './sse';
import type {
  CallOptions,
  ChatMessage,
  GenerationStats,
  InfillParams,
  OpenAIChatParams,
  OpenAICompletionParams,
  OpenAIEndpoint,
  OpenAIModel,
  ResponseFormat,
  ServerProps,
  TextChunk,
} from './types';

export type FetchLike = typeof fetch;

/** What a probe saw: any status is an answer. */
export interface ProbeResult {
  status: number;
  /** The `Server` header (llama.cpp always sends `llama.cpp`). */
  server?: string;
  text: string;
}

export interface OpenAIClientOptions {
  /**
   * Required: the gateway passes its own fetch (the observing one, later with the endpoint's TLS agent), so the
   * gateway stays the one place that opens connections and sees every outcome (design rules 2 and 11).
   */
  fetch: FetchLike;
  log?: Logger;
  /** Timeout of metadata calls (/v1/models, /props) when the call sets none. Default 10 s. */
  metadataTimeoutMs?: number;
}

/** The server's root: trailing slashes and a trailing `/v1` removed, so `/v1/...` paths can be appended. */
export function apiRoot(url: string): string {
  return url.trim().replace(/\/+$/, '').replace(/\/v1$/i, '');
}

/** The endpoint as messages and logs name it: origin only, never credentials or a query. */
export function endpointLabel(url: string): string {
  try {
    const u = new URL(apiRoot(url));
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(invalid address)';
  }
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** One parsed event of a stream, whatever the route. */
interface Step {
  text?: string;
  thinking?: string;
  finishReason?: string;
  stats?: GenerationStats;
  /** The route's own end marker (llama.cpp /infill `stop: true`, which sends no `[DONE]`). */
  end?: boolean;
}

function statsOf(usage: unknown, timings: unknown): GenerationStats | undefined {
  const u = asRecord(usage);
  const t = asRecord(timings);
  if (!u && !t) return undefined;
  const stats: GenerationStats = {};
  const prompt = num(u?.['prompt_tokens']) ?? num(t?.['prompt_n']);
  const completion = num(u?.['completion_tokens']) ?? num(t?.['predicted_n']);
  if (prompt !== undefined) stats.promptEvalCount = prompt;
  if (completion !== undefined) stats.evalCount = completion;
  const promptMs = num(t?.['prompt_ms']);
  const predictedMs = num(t?.['predicted_ms']);
  if (promptMs !== undefined) stats.promptEvalDurationNs = Math.round(promptMs * 1e6);
  if (predictedMs !== undefined) stats.evalDurationNs = Math.round(predictedMs * 1e6);
  return stats;
}

/** Chat and completion chunks: text in `delta.content` or `text`, thinking in `reasoning` or `reasoning_content`. */
function choiceStep(json: Record<string, unknown>): Step {
  const step: Step = {};
  // The usage chunk has `choices: []`: never index blindly.
  const choice = asRecord(Array.isArray(json['choices']) ? json['choices'][0] : undefined);
  if (choice) {
    const delta = asRecord(choice['delta']);
    const text = delta ? delta['content'] : choice['text'];
    if (typeof text === 'string' && text !== '') step.text = text;
    const thinking = delta?.['reasoning'] ?? delta?.['reasoning_content'];
    if (typeof thinking === 'string' && thinking !== '') step.thinking = thinking;
    if (typeof choice['finish_reason'] === 'string') step.finishReason = choice['finish_reason'];
  }
  const stats = statsOf(json['usage'], json['timings']);
  if (stats) step.stats = stats;
  return step;
}

/** llama.cpp's native /infill events. */
function infillStep(json: Record<string, unknown>): Step {
  const step: Step = {};
  if (typeof json['content'] === 'string' && json['content'] !== '') step.text = json['content'];
  if (json['stop'] === true) {
    step.end = true;
    step.finishReason = json['stop_type'] === 'limit' ? 'length' : 'stop';
    const stats = statsOf({ prompt_tokens: json['tokens_evaluated'], completion_tokens: json['tokens_predicted'] }, json['timings']);
    if (stats) step.stats = stats;
  }
  return step;
}

function imageUrl(base64: string): string {
  const mime = base64.startsWith('iVBOR') ? 'image/png' : base64.startsWith('R0lG') ? 'image/gif' : base64.startsWith('UklG') ? 'image/webp' : 'image/jpeg';
  return `data:${mime};base64,${base64}`;
}

function wireMessage(m: ChatMessage): Record<string, unknown> {
  if (!m.images || m.images.length === 0) return { role: m.role, content: m.content };
  return {
    role: m.role,
    content: [{ type: 'text', text: m.content }, ...m.images.map((image) => ({ type: 'image_url', image_url: { url: imageUrl(image) } }))],
  };
}

function wireFormat(format: ResponseFormat): Record<string, unknown> {
  if (format.type !== 'json_schema') return { type: format.type };
  return { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, ...(format.strict !== undefined ? { strict: format.strict } : {}) } };
}

function sampling(p: { maxTokens: number; temperature?: number; topP?: number; stop?: string[]; seed?: number }): Record<string, unknown> {
  return {
    max_tokens: p.maxTokens,
    ...(p.temperature !== undefined ? { temperature: p.temperature } : {}),
    ...(p.topP !== undefined ? { top_p: p.topP } : {}),
    ...(p.stop && p.stop.length > 0 ? { stop: p.stop } : {}),
    ...(p.seed !== undefined ? { seed: p.seed } : {}),
  };
}

export class OpenAIClient {
  private readonly fetchFn: FetchLike;
  private readonly log: Logger;
  private readonly metadataTimeoutMs: number;

  constructor(options: OpenAIClientOptions) {
    this.fetchFn = options.fetch;
    this.log = options.log ?? silentLogger;
    this.metadataTimeoutMs = options.metadataTimeoutMs ?? 10_000;
  }

  // ---- metadata ---------------------------------------------------------------------------

  /** GET /v1/models. Context length where the server reports it (vLLM's `max_model_len`). */
  async listModels(endpoint: OpenAIEndpoint, opts: CallOptions = {}): Promise<OpenAIModel[]> {
    const json = asRecord(await this.getJson(endpoint, '/v1/models', opts));
    // Ollama answers `"data": null` when no model is installed.
    const data = Array.isArray(json?.['data']) ? (json['data'] as unknown[]) : [];
    const models: OpenAIModel[] = [];
    for (const item of data) {
      const card = asRecord(item);
      if (!card || typeof card['id'] !== 'string') continue;
      const model: OpenAIModel = { id: card['id'] };
      if (typeof card['owned_by'] === 'string') model.ownedBy = card['owned_by'];
      const created = num(card['created']);
      if (created !== undefined) model.created = created;
      const context = num(card['max_model_len']);
      if (context !== undefined && context > 0) model.contextLength = context;
      const trained = num(asRecord(card['meta'])?.['n_ctx_train']);
      if (trained !== undefined && trained > 0) model.trainedContextLength = trained;
      if (typeof card['parent'] === 'string') model.parent = card['parent'];
      models.push(model);
    }
    return models;
  }

  /** llama.cpp's GET /props (the per-slot context); undefined when the server has no such route. */
  async serverProps(endpoint: OpenAIEndpoint, opts: CallOptions = {}): Promise<ServerProps | undefined> {
    let json: Record<string, unknown> | undefined;
    try {
      json = asRecord(await this.getJson(endpoint, '/props', opts));
    } catch (err) {
      if (err instanceof OllamaError && err.details.status === 404) return undefined;
      throw err;
    }
    if (!json) return undefined;
    const props: ServerProps = {};
    const context = num(asRecord(json['default_generation_settings'])?.['n_ctx']);
    if (context !== undefined && context > 0) props.contextLength = context;
    const slots = num(json['total_slots']);
    if (slots !== undefined) props.totalSlots = slots;
    if (typeof json['model_alias'] === 'string') props.modelAlias = json['model_alias'];
    if (typeof json['build_info'] === 'string') props.buildInfo = json['build_info'];
    return props;
  }

  // ---- generation -------------------------------------------------------------------------

  /** Streams a chat answer over /v1/chat/completions. Stop iterating at any time: the request is closed. */
  chat(endpoint: OpenAIEndpoint, params: OpenAIChatParams, signal?: AbortSignal): AsyncGenerator<TextChunk> {
    const body = {
      ...params.extra,
      model: params.model,
      messages: params.messages.map(wireMessage),
      ...sampling(params),
      ...(params.responseFormat ? { response_format: wireFormat(params.responseFormat) } : {}),
      stream: true,
      stream_options: { include_usage: true },
    };
    return this.stream(endpoint, '/v1/chat/completions', body, signal, { model: params.model }, choiceStep);
  }

  /** Streams a raw completion over /v1/completions (no chat template). */
  complete(endpoint: OpenAIEndpoint, params: OpenAICompletionParams, signal?: AbortSignal): AsyncGenerator<TextChunk> {
    const body = {
      ...params.extra,
      model: params.model,
      prompt: params.prompt,
      ...(params.suffix !== undefined ? { suffix: params.suffix } : {}),
      ...sampling(params),
      stream: true,
      stream_options: { include_usage: true },
    };
    return this.stream(endpoint, '/v1/completions', body, signal, { model: params.model }, choiceStep);
  }

  /** Streams a fill-in-the-middle over llama.cpp's /infill (the server builds the FIM prompt). */
  infill(endpoint: OpenAIEndpoint, params: InfillParams, signal?: AbortSignal): AsyncGenerator<TextChunk> {
    const body = {
      ...params.extra,
      input_prefix: params.inputPrefix,
      input_suffix: params.inputSuffix,
      ...(params.inputExtra ? { input_extra: params.inputExtra } : {}),
      n_predict: params.maxTokens,
      ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
      ...(params.stop && params.stop.length > 0 ? { stop: params.stop } : {}),
      stream: true,
    };
    return this.stream(endpoint, '/infill', body, signal, { capability: 'insert' }, infillStep);
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private headers(endpoint: OpenAIEndpoint, accept: string, json: boolean): Record<string, string> {
    const headers: Record<string, string> = { Accept: accept, ...endpoint.headers };
    if (json) headers['Content-Type'] = 'application/json';
    if (endpoint.token) headers['Authorization'] = `Bearer ${endpoint.token}`;
    return headers;
  }

  /** What the log may say about a request: method, address, header names (values can be secrets). */
  private trace(method: string, endpoint: OpenAIEndpoint, path: string, headers: Record<string, string>): void {
    this.log.trace(`openai: ${method} ${endpointLabel(endpoint.url)}${path} (headers: ${Object.keys(headers).map((name) => name.toLowerCase()).join(', ')})`);
  }

  /**
   * Logs a failure and returns it with the endpoint's secrets blotted out: some proxies echo the key they were
   * sent in their 401 text (LiteLLM's "Received API Key = …"), and that text becomes `serverMessage`.
   */
  private fail(error: OllamaError, endpoint: OpenAIEndpoint, body?: string): OllamaError {
    if (error.kind === 'aborted') return error;
    const secrets = [endpoint.token, ...Object.values(endpoint.headers ?? {})].filter((v): v is string => typeof v === 'string' && v.length >= 4);
    const scrub = (text: string): string => secrets.reduce((acc, secret) => acc.split(secret).join('***'), text);
    const leaks = secrets.length > 0 && (secrets.some((x) => error.message.includes(x)) || secrets.some((x) => error.details.serverMessage?.includes(x)));
    const safe = leaks
      ? new OllamaError(error.kind, scrub(error.message), { ...error.details, ...(error.details.serverMessage !== undefined ? { serverMessage: scrub(error.details.serverMessage) } : {}) })
      : error;
    this.log.debug(`openai: ${safe.kind}: ${safe.message}`);
    // A body that was not JSON (an HTML page from a proxy) is for the log, never for a message.
    if (body !== undefined && safe.details.serverMessage === undefined && body.trim() !== '') {
      this.log.debug(`openai: response body: ${scrub(body.slice(0, 500))}`);
    }
    return safe;
  }


  /**
   * A GET that answers whatever the status: for probing what kind of server this is (a 404 is an answer there).
   * Throws only when nothing answered (or on abort/timeout), as an OllamaError.
   */
  async probe(endpoint: OpenAIEndpoint, path: string, opts: CallOptions = {}): Promise<ProbeResult> {
    const ctx: ErrorContext = { host: endpointLabel(endpoint.url) };
    if (opts.signal?.aborted) throw new OllamaError('aborted', 'The request was cancelled.', {});
    const timeoutMs = opts.timeoutMs ?? this.metadataTimeoutMs;
    const timeout = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
    const signals = [opts.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const headers = this.headers(endpoint, 'application/json', false);
    this.trace('GET', endpoint, path, headers);
    try {
      const response = await this.fetchFn(`${apiRoot(endpoint.url)}${path}`, { method: 'GET', headers, signal });
      const text = await response.text();
      return { status: response.status, server: response.headers.get('server') ?? undefined, text };
    } catch (err) {
      throw this.fail(errorFromTransport(err, { ...ctx, aborted: opts.signal?.aborted, timedOut: timeout?.aborted }), endpoint);
    }
  }

  private async getJson(endpoint: OpenAIEndpoint, path: string, opts: CallOptions): Promise<unknown> {
    const ctx: ErrorContext = { host: endpointLabel(endpoint.url) };
    const { status, text } = await this.probe(endpoint, path, opts);
    if (status < 200 || status >= 300) throw this.fail(errorFromResponse(status, text, ctx), endpoint, text);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw this.fail(protocolError('malformed', ctx, { serverMessage: text.slice(0, 200) }), endpoint);
    }
  }

  /** POSTs a streaming request and yields TextChunks, the last one `done` with the finish reason and usage. */
  private async *stream(
    endpoint: OpenAIEndpoint,
    path: string,
    body: Record<string, unknown>,
    signal: AbortSignal | undefined,
    extra: { model?: string; capability?: string },
    read: (json: Record<string, unknown>) => Step,
  ): AsyncGenerator<TextChunk> {
    const ctx: ErrorContext = { host: endpointLabel(endpoint.url), ...extra };
    if (signal?.aborted) throw new OllamaError('aborted', 'The request was cancelled.', { model: extra.model });
    // Our own controller: aborting it closes this request's connection and no other.
    const controller = new AbortController();
    const combined = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
    const headers = this.headers(endpoint, 'text/event-stream', true);
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let finished = false;
    let answered = false;
    let failedBody: string | undefined;
    try {
      this.trace('POST', endpoint, path, headers);
      const response = await this.fetchFn(`${apiRoot(endpoint.url)}${path}`, { method: 'POST', headers, body: JSON.stringify(body), signal: combined });
      if (!response.ok) {
        failedBody = await response.text().catch(() => '');
        throw errorFromResponse(response.status, failedBody, ctx);
      }
      // Headers arrived: from here a lost connection is a broken reply, not an unreachable server.
      answered = true;
      if (!response.body) throw protocolError('noDone', ctx);
      reader = response.body.getReader();
      let finishReason: string | undefined;
      let stats: GenerationStats | undefined;
      let ended = false;
      for await (const event of sseEvents(reader)) {
        if (event.data === '[DONE]') {
          ended = true;
          break;
        }
        let json: Record<string, unknown> | undefined;
        try {
          json = asRecord(JSON.parse(event.data) as unknown);
        } catch {
          json = undefined;
        }
        if (!json) throw protocolError('malformed', ctx, { serverMessage: event.data.slice(0, 200) });
        if (json['error'] !== undefined && json['error'] !== null) throw errorFromEvent(json, ctx);
        const step = read(json);
        // Ollama puts a zeroed usage on every completion chunk: the last one wins.
        if (step.stats) stats = step.stats;
        if (step.finishReason) finishReason = step.finishReason;
        if (step.text !== undefined || step.thinking !== undefined) {
          yield { text: step.text ?? '', ...(step.thinking !== undefined ? { thinking: step.thinking } : {}), done: false };
        }
        if (step.end) {
          ended = true;
          break;
        }
      }
      if (!ended && finishReason === undefined) throw protocolError('noDone', ctx);
      finished = true;
      yield { text: '', done: true, doneReason: finishReason ?? 'stop', ...(stats ? { stats } : {}) };
    } catch (err) {
      throw this.fail(errorFromTransport(err, { ...ctx, aborted: signal?.aborted, midStream: answered }), endpoint, failedBody);
    } finally {
      // Every exit that is not the server's own end closes the connection at once: a consumer that stopped
      // iterating, an error, the caller's signal. After the end, only the reader is released.
      if (!finished) controller.abort();
      else void reader?.cancel().catch(() => undefined);
    }
  }
}
