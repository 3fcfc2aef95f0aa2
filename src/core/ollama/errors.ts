// Every failure that crosses the gateway becomes an OllamaError with a kind that features can act on
// (start the daemon, pull the model, choose another model, retry later...). The server's own message
// is kept for the log and for messages where it helps the user.

import { raceAbort } from '../util/abort';

export type OllamaErrorKind =
  /** Nothing answered at the host: refused, DNS failure, timeout, reset before a response. */
  | 'unreachable'
  /** The model is not installed. */
  | 'modelNotFound'
  /** The model exists but cannot do what was asked (no `insert`, no `tools`, embedding-only…). */
  | 'capabilityMissing'
  /** 503: the server's queue is full. */
  | 'busy'
  /** The prompt does not fit the model's context (only reported when truncation is off). */
  | 'contextOverflow'
  /** The caller cancelled. Not an error to show to anyone. */
  | 'aborted'
  /**
   * The daemon was reached but the reply broke the protocol: a stream without `done`, a malformed line, a
   * connection dropped after the response began, an answer that is not Ollama's (an HTML or plain-text error
   * page from a proxy or another program: `foreign`), or a stream that went quiet (`stalled`).
   */
  | 'protocol'
  /** The request was rejected as invalid (400) for another reason. */
  | 'badRequest'
  /** The server failed (500…), including an error line in the middle of a stream. */
  | 'server'
  /** Privacy guard: the host is not on this machine and remote hosts are not allowed. */
  | 'remoteHostRefused'
  /** Privacy guard: the model runs in a cloud and cloud models are not allowed. */
  | 'cloudModelRefused';

/** `invalidHost`: nothing was sent, the host setting itself was refused (its message says why). */
export type UnreachableReason = 'refused' | 'dns' | 'timeout' | 'reset' | 'invalidHost' | 'other';
export type ProtocolReason = 'noDone' | 'malformed' | 'dropped' | 'foreign' | 'stalled';
/** Where a quiet stream was when the watchdog spoke: the model loading, loaded but not answering yet, or mid-answer. */
export type StallPhase = 'loading' | 'waiting' | 'streaming';

export interface OllamaErrorDetails {
  status?: number;
  /** The server's own message, verbatim. */
  serverMessage?: string;
  model?: string;
  capability?: string;
  /** For `aborted`, 'stalled' means the user cancelled a stream that had gone quiet. */
  reason?: UnreachableReason | ProtocolReason | 'midStream';
  host?: string;
  /**
   * What the server sent instead of Ollama's JSON (`foreign`), whitespace collapsed and truncated: for the log
   * only, never for a message (it can be a whole HTML page).
   */
  body?: string;
  /** The request path, for the log (`foreign`). */
  path?: string;
  /** `stalled`: how long nothing arrived, and in which phase. */
  quietMs?: number;
  phase?: StallPhase;
  cause?: unknown;
  /**
   * The user has already been told about this failure by the flow that caused it (a failed start of
   * Ollama shows its own, more precise message): log it, do not show it again.
   */
  reported?: boolean;
}

/** Marks every OllamaError, whichever copy of this module made it. */
const OLLAMA_ERROR_BRAND = Symbol.for('hearth.OllamaError');

export class OllamaError extends Error {
  override readonly name = 'OllamaError';
  constructor(
    readonly kind: OllamaErrorKind,
    message: string,
    readonly details: OllamaErrorDetails = {},
  ) {
    super(message);
    Object.defineProperty(this, OLLAMA_ERROR_BRAND, { value: true });
  }

  /**
   * The lazily loaded bundles (src/platform/lazy.ts) each carry a copy of this class, and an error made by
   * the gateway in the main bundle reaches their catch blocks: `instanceof` checks the brand, not the copy.
   */
  static override [Symbol.hasInstance](value: unknown): value is OllamaError {
    return typeof value === 'object' && value !== null && (value as { [OLLAMA_ERROR_BRAND]?: unknown })[OLLAMA_ERROR_BRAND] === true;
  }
}

export function isOllamaError(err: unknown, kind?: OllamaErrorKind): err is OllamaError {
  return err instanceof OllamaError && (kind === undefined || err.kind === kind);
}

export function isAbort(err: unknown): boolean {
  return isOllamaError(err, 'aborted') || (err instanceof Error && err.name === 'AbortError');
}

const CAPABILITY_PATTERN = /does not support (insert|tools|generate|chat|thinking|vision|embedding|completion)/i;
const NOT_FOUND_PATTERN = /model ['"]?([^'"]*)['"]? not found|file does not exist/i;
const CONTEXT_PATTERN = /prompt is longer than the context length|input length exceeds the context length/i;

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  status_code?: unknown;
  code?: unknown;
  cause?: unknown;
}

export function errorCode(err: unknown): string | undefined {
  // undici nests the system error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }),
  // sometimes one level deeper (AggregateError for several addresses).
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const e = current as ErrorLike & { errors?: unknown[] };
    if (typeof e.code === 'string' && e.code !== 'ERR_INVALID_ARG_TYPE') return e.code;
    current = e.cause ?? (Array.isArray(e.errors) ? e.errors[0] : undefined);
  }
  return undefined;
}

export function unreachableReason(code: string | undefined): UnreachableReason {
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'dns';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'TimeoutError':
      return 'timeout';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return 'reset';
    default:
      return 'other';
  }
}

/** Classifies a message from the server (a status response or an error line in a stream). */
export function classifyServerMessage(message: string, status: number | undefined, model: string | undefined): OllamaError {
  const details: OllamaErrorDetails = { status, serverMessage: message, model };
  const capability = CAPABILITY_PATTERN.exec(message);
  if (capability) {
    return new OllamaError('capabilityMissing', message, { ...details, capability: capability[1].toLowerCase() });
  }
  if (status === 404 || (status === undefined && NOT_FOUND_PATTERN.test(message)) || /file does not exist/.test(message)) {
    return new OllamaError('modelNotFound', message, details);
  }
  if (status === 503 || /server busy/i.test(message)) return new OllamaError('busy', message, details);
  if (CONTEXT_PATTERN.test(message)) return new OllamaError('contextOverflow', message, details);
  if (status === 400) return new OllamaError('badRequest', message, details);
  return new OllamaError('server', message, { ...details, reason: status === undefined ? 'midStream' : undefined });
}

/**
 * Whether an error that is not an OllamaError still comes from talking to Ollama (the client's
 * ResponseError, a failed fetch with a system error code, a timeout or an abort, a stream cut short),
 * as opposed to Hearth's own code, the file system or VS Code, which must not be blamed on Ollama.
 */
export function fromHttpLayer(err: unknown): boolean {
  if (err instanceof OllamaError) return true;
  const e = (err ?? {}) as ErrorLike;
  if (e.name === 'ResponseError' || e.name === 'AbortError' || e.name === 'TimeoutError') return true;
  if (typeof e.message === 'string' && (/^fetch failed$/.test(e.message) || /Did not receive done or success response/.test(e.message))) return true;
  return errorCode(err) !== undefined && e.name === 'TypeError';
}

const BODY_LOG_CHARS = 500;

/** A body for the log: whitespace collapsed, cut at BODY_LOG_CHARS. */
export function bodyForLog(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > BODY_LOG_CHARS ? `${flat.slice(0, BODY_LOG_CHARS)}…` : flat;
}

/**
 * An error status whose body is not Ollama's `{"error": …}` JSON: an HTML page from a proxy or from another
 * program on the port, a plain-text answer, an empty body. The message names the host and the status; the
 * body is kept for the log only.
 */
export function foreignReply(status: number, contentType: string, body: string, where: { host?: string; path?: string; model?: string }): OllamaError {
  const message = `${where.host ?? '?'} answered ${where.path ?? '?'} with HTTP ${status} (${contentType}), not Ollama's JSON.`;
  return new OllamaError('protocol', message, { reason: 'foreign', status, ...where, body: bodyForLog(body) });
}

/**
 * Turns anything thrown while talking to the daemon into an OllamaError.
 * `aborted` tells whether the caller's own signal fired, which wins over whatever the transport says.
 * `reached`: response headers had arrived, so a failure now is a broken reply, never "cannot reach".
 */
export function toOllamaError(err: unknown, ctx: { model?: string; host?: string; aborted?: boolean; timedOut?: boolean; reached?: boolean }): OllamaError {
  if (err instanceof OllamaError) return err;
  if (ctx.aborted) return new OllamaError('aborted', 'The request was cancelled.', { model: ctx.model });
  const dropped = (why: unknown): OllamaError =>
    new OllamaError('protocol', `The connection to Ollama at ${ctx.host ?? '?'} closed before the answer was complete (${String(why)}).`, { reason: 'dropped', model: ctx.model, host: ctx.host, cause: err });
  if (ctx.timedOut && ctx.reached) return dropped('timeout');
  if (ctx.timedOut) {
    return new OllamaError('unreachable', `Ollama at ${ctx.host ?? '?'} did not answer in time.`, { reason: 'timeout', host: ctx.host, cause: err });
  }
  const e = (err ?? {}) as ErrorLike;
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (e.name === 'AbortError') return new OllamaError('aborted', 'The request was cancelled.', { model: ctx.model });
  if (e.name === 'ResponseError' && typeof e.status_code === 'number') {
    return classifyServerMessage(message, e.status_code, ctx.model);
  }
  if (/Did not receive done or success response/.test(message)) {
    return new OllamaError('protocol', 'The stream from Ollama ended before it was complete.', { reason: 'noDone', model: ctx.model, host: ctx.host, cause: err });
  }
  const code = errorCode(err);
  if (e.name === 'TypeError' || code !== undefined || e.name === 'TimeoutError') {
    if (ctx.reached) return dropped(code ?? message);
    const reason = unreachableReason(e.name === 'TimeoutError' ? 'TimeoutError' : code);
    return new OllamaError('unreachable', `Cannot reach Ollama at ${ctx.host ?? '?'} (${code ?? message}).`, { reason, host: ctx.host, cause: err });
  }
  // A plain Error thrown by ollama-js for an `{"error": ...}` line in a stream.
  return classifyServerMessage(message, undefined, ctx.model);
}

/** Waits for `promise` unless `signal` fires first (the shared computation goes on for others). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return raceAbort(promise, signal, () => new OllamaError('aborted', 'The request was cancelled.'));
}
