// Every failure on an OpenAI-compatible endpoint becomes an OllamaError with one of the existing kinds, so that
// features keep one `switch` over kinds whichever engine served them. The servers disagree on error bodies
// (reference/openai-compatible-protocol.md §3.7, §10 item 8): `{"error":{message,type,param,code}}`, vLLM's old
// flat `{"object":"error","message":…}`, vLLM's 401 `{"error":"Unauthorized"}`, plain text or HTML from
// proxies. Only a message a server wrote as JSON becomes `serverMessage`; an HTML or text page never reaches
// the user (it goes to the log).
//
// Kinds this protocol needs that OllamaErrorKind lacks (for the gateway work, errors.ts is not ours to edit):
//  - 401/403 map to 'badRequest' with `details.status` kept; isAuthFailure() tells them apart. A kind
//    'unauthorized' (action: "Set token…") would be cleaner.
//  - certificate failures map to 'unreachable' with reason 'other'; isCertificateFailure() tells them apart.
//    A reason 'tls' (action: "Set CA file…") would be cleaner.
import { errorCode, OllamaError, unreachableReason, type OllamaErrorDetails } from '../ollama/errors';

export interface ErrorContext {
  /** The endpoint's origin, for messages (never with credentials). */
  host: string;
  model?: string;
  /**
   * The capability the route stands for (llama.cpp's /infill: 'insert'): a 404 or 501 for the route itself then
   * means "this server cannot", not "wrong address".
   */
  capability?: string;
}

interface ParsedError {
  message: string | undefined;
  type?: string;
  code?: unknown;
  param?: unknown;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The message of an error value in any of the known shapes: `error.message ?? error ?? message`. */
export function parseErrorValue(value: unknown): ParsedError {
  const outer = asRecord(value);
  if (!outer) return { message: typeof value === 'string' ? value : undefined };
  const inner = outer['error'];
  if (typeof inner === 'string') return { message: inner };
  const e = asRecord(inner) ?? outer;
  const message = typeof e['message'] === 'string' ? e['message'] : typeof e['detail'] === 'string' ? e['detail'] : undefined;
  return { message, type: typeof e['type'] === 'string' ? e['type'] : undefined, code: e['code'], param: e['param'] };
}

/** The error of a response body, or only its text when it is not JSON. */
function parseErrorBody(body: string): ParsedError & { json: boolean } {
  try {
    return { ...parseErrorValue(JSON.parse(body) as unknown), json: true };
  } catch {
    return { message: undefined, json: false };
  }
}

const CONTEXT_PATTERN = /context length|maximum context|context size|context window|input length|exceed_context_size|ContextWindowExceeded/i;
const SUFFIX_PATTERN = /suffix is not currently supported|unsupported param: suffix|does not support insert/i;
const SCHEMA_PATTERN = /response_format|json_schema/i;

function classify(status: number | undefined, parsed: ParsedError, ctx: ErrorContext, midStream: boolean): OllamaError {
  const text = parsed.message ?? '';
  const details: OllamaErrorDetails = { status, serverMessage: parsed.message, model: ctx.model, host: ctx.host };
  const said = text ? `: ${text}` : '.';
  if (status === 401 || status === 403) {
    const why = status === 401 ? 'a valid API token' : 'permission for this request';
    return new OllamaError('badRequest', `The server at ${ctx.host} answered ${status}: the request needs ${why}.`, details);
  }
  if (parsed.type === 'exceed_context_size_error' || (CONTEXT_PATTERN.test(text) && (status === undefined || status === 400 || status === 413))) {
    return new OllamaError('contextOverflow', `The prompt does not fit the model's context${said}`, details);
  }
  if (SUFFIX_PATTERN.test(text)) {
    return new OllamaError('capabilityMissing', `The server cannot fill in the middle with a suffix${said}`, { ...details, capability: 'insert' });
  }
  if (status === 400 && SCHEMA_PATTERN.test(text) && /must be one of|not supported|unsupported/i.test(text)) {
    return new OllamaError('capabilityMissing', `The server does not support JSON schema output${said}`, { ...details, capability: 'json_schema' });
  }
  if (status === 404 || status === 501) {
    const aboutModel = parsed.param === 'model' || parsed.code === 'model_not_found' || /\bmodel\b/i.test(text);
    if (status === 404 && aboutModel) return new OllamaError('modelNotFound', `The server does not serve the model${ctx.model ? ` ${ctx.model}` : ''}${said}`, details);
    if (ctx.capability || status === 501) {
      return new OllamaError('capabilityMissing', `The server does not offer this${said}`, { ...details, capability: ctx.capability ?? 'unsupported' });
    }
    return new OllamaError('badRequest', `The server at ${ctx.host} has no such route (404). Check the endpoint's address.`, details);
  }
  if (status === 503) return new OllamaError('busy', `The server at ${ctx.host} is busy or still loading${said}`, details);
  if (status === 400 || status === 422) return new OllamaError('badRequest', `The server rejected the request${said}`, details);
  return new OllamaError('server', `The server failed${status ? ` (${status})` : ''}${said}`, { ...details, reason: midStream ? 'midStream' : undefined });
}

/** A non-2xx response, from its status and body text. */
export function errorFromResponse(status: number, body: string, ctx: ErrorContext): OllamaError {
  const parsed = parseErrorBody(body);
  return classify(status, parsed, ctx, false);
}

/** A `data: {"error":…}` event in a stream that had started: terminal, whatever the HTTP status was. */
export function errorFromEvent(value: unknown, ctx: ErrorContext): OllamaError {
  const parsed = parseErrorValue(value);
  const code = typeof parsed.code === 'number' && parsed.code >= 400 && parsed.code !== 500 ? parsed.code : undefined;
  return classify(code, parsed, ctx, true);
}

export function protocolError(reason: 'noDone' | 'malformed' | 'dropped', ctx: ErrorContext, extra: { serverMessage?: string; cause?: unknown } = {}): OllamaError {
  const message =
    reason === 'noDone'
      ? 'The stream from the server ended before it was complete.'
      : reason === 'malformed'
        ? 'The server sent an event that is not valid JSON.'
        : 'The connection to the server was lost in the middle of a reply.';
  return new OllamaError('protocol', message, { reason, model: ctx.model, host: ctx.host, ...extra });
}

const CERTIFICATE_CODES = /^(CERT_|UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED_CERT|ERR_TLS_CERT|ERR_SSL_|HOSTNAME_MISMATCH)/;

/**
 * Anything thrown by fetch or by reading the body. `aborted`: the caller's own signal fired, which wins.
 * `midStream`: bytes had arrived, so a lost connection is a broken reply, not an unreachable server.
 */
export function errorFromTransport(err: unknown, ctx: ErrorContext & { aborted?: boolean; timedOut?: boolean; midStream?: boolean }): OllamaError {
  if (err instanceof OllamaError) return err;
  const name = (err as { name?: unknown } | undefined)?.name;
  if (ctx.aborted || (name === 'AbortError' && !ctx.timedOut)) return new OllamaError('aborted', 'The request was cancelled.', { model: ctx.model });
  if (ctx.timedOut || name === 'TimeoutError') {
    return new OllamaError('unreachable', `The server at ${ctx.host} did not answer in time.`, { reason: 'timeout', host: ctx.host, cause: err });
  }
  const code = errorCode(err);
  if (ctx.midStream) return protocolError('dropped', ctx, { cause: err });
  if (code && CERTIFICATE_CODES.test(code)) {
    return new OllamaError('unreachable', `The certificate of ${ctx.host} is not trusted (${code}).`, { reason: 'other', host: ctx.host, serverMessage: code, cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new OllamaError('unreachable', `Cannot reach the server at ${ctx.host} (${code ?? message}).`, { reason: unreachableReason(code), host: ctx.host, cause: err });
}

/** A 401 or 403: the endpoint needs a (different) token. */
export function isAuthFailure(err: unknown): boolean {
  return err instanceof OllamaError && err.kind === 'badRequest' && (err.details.status === 401 || err.details.status === 403);
}

/** The server's certificate was refused (self-signed, unknown CA, wrong name, expired). */
export function isCertificateFailure(err: unknown): boolean {
  return err instanceof OllamaError && err.kind === 'unreachable' && CERTIFICATE_CODES.test(err.details.serverMessage ?? '');
}
