// The fetch the `ollama` client is given. It fixes three holes in the client (protocol reference §5.3–5.5):
//  1. The client's own abort only works once response headers have arrived; a request still waiting
//     for a busy slot or a loading model cannot be cancelled. Here every request carries the caller's
//     signal from the start, so cancelling closes the connection at any stage.
//  2. The client silently skips NDJSON lines it cannot parse. Here a malformed line fails the stream
//     with a protocol error instead, so a broken reply is never mistaken for a complete one.
//  3. For an error status whose body is not JSON, the client makes the raw body (a proxy's HTML page) its
//     message. Here such a reply becomes a `foreign` protocol error naming the host and the status, with the
//     body kept for the log only; Ollama's own `{"error": …}` bodies pass through to the client as before.
import { foreignReply, OllamaError } from './errors';

export type FetchLike = typeof fetch;

/** The global fetch, for endpoints without TLS or secret headers (the local Ollama): only core/ollama names it. */
export const defaultFetch: FetchLike = (input, init) => fetch(input, init);

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

function malformed(line: string): OllamaError {
  return new OllamaError('protocol', 'Ollama sent a line that is not valid JSON.', { reason: 'malformed', serverMessage: line.slice(0, 200) });
}

/** Passes the bytes through unchanged, failing the stream at the first line that is not JSON. */
function validateNdjson(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  let pending = '';
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        pending += decoder.decode(chunk, { stream: true });
        let newline = pending.indexOf('\n');
        while (newline >= 0) {
          const line = pending.slice(0, newline).trim();
          pending = pending.slice(newline + 1);
          if (line && !isJson(line)) {
            controller.error(malformed(line));
            return;
          }
          newline = pending.indexOf('\n');
        }
        controller.enqueue(chunk);
      },
      flush(controller) {
        const line = (pending + decoder.decode()).trim();
        if (line && !isJson(line)) controller.error(malformed(line));
      },
    }),
  );
}

export interface FetchHooks {
  /** The host, for messages. */
  host?: string;
  /** Called when response headers arrive: from then on the daemon was reached, whatever happens next. */
  onHeaders?: () => void;
}

function pathOf(input: unknown): string | undefined {
  try {
    return new URL(input instanceof Request ? input.url : String(input)).pathname;
  } catch {
    return undefined;
  }
}

/** Ollama's error replies are JSON with a string `error`; anything else did not come from Ollama's handlers. */
function ollamaErrorJson(text: string): boolean {
  try {
    return typeof (JSON.parse(text) as { error?: unknown } | null)?.error === 'string';
  } catch {
    return false;
  }
}

/**
 * An error response: passed on (with its body re-readable) when it is Ollama's JSON, else thrown as a
 * `foreign` protocol error.
 */
export async function checkErrorBody(response: Response, where: { host?: string; path?: string }): Promise<Response> {
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('application/json') && ollamaErrorJson(text)) {
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  }
  throw foreignReply(response.status, type, text, where);
}

/**
 * A fetch bound to `signal`: the request is aborted when either the client's own signal or ours
 * fires, error replies that are not Ollama's become typed errors, and NDJSON bodies are validated line by line.
 */
export function boundFetch(signal: AbortSignal | undefined, base: FetchLike = fetch, hooks: FetchHooks = {}): FetchLike {
  return async (input, init) => {
    const signals = [init?.signal, signal].filter((s): s is AbortSignal => s instanceof AbortSignal);
    const combined = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const response = await base(input, { ...init, signal: combined });
    hooks.onHeaders?.();
    if (!response.ok) return checkErrorBody(response, { host: hooks.host, path: pathOf(input) });
    const type = response.headers.get('content-type') ?? '';
    if (!response.body || !type.includes('application/x-ndjson')) return response;
    return new Response(validateNdjson(response.body), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
