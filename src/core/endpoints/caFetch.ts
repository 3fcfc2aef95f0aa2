// A fetch over node:https that trusts one more certificate authority (hearth.tls.caFile) beside the usual ones.
//
// Why node:https and not undici's Agent as a `dispatcher` for the global fetch: Node 20's fetch is undici 6
// inside Node, and an Agent from the npm package must match its handler interface (undici 7+ does not, 6 may
// or may not by patch level), which would tie Hearth to Node's internals; the npm package would also add about
// 300 KB to a main bundle kept under 250 KB. node:https takes `ca` directly and is always there. The few fetch
// features the clients need (method, headers, string or byte bodies, a streamed response body, AbortSignal,
// fetch's error shape) are covered here; anything that is not https goes to the base fetch unchanged.
//
// `ca` replaces Node's trust list for these requests, so the list given is Node's bundled roots plus the file:
// a server with a public certificate still works while a CA file is set.
import * as https from 'node:https';
import { Readable } from 'node:stream';
import * as tls from 'node:tls';
import type { FetchLike } from '../ollama/transport';

export interface CaFetch {
  readonly fetch: FetchLike;
  /** Closes idle connections. */
  dispose(): void;
}

function urlOf(input: Parameters<FetchLike>[0]): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

async function bodyBytes(body: BodyInit | null | undefined): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // Blob, ArrayBuffer, URLSearchParams, FormData, a stream: let the platform's Response read it.
  return Buffer.from(await new Response(body).arrayBuffer());
}

/** What the global fetch throws for a network failure: `TypeError('fetch failed')` with the system error as cause. */
function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export function createCaFetch(ca: string | Buffer, base: FetchLike = (input, init) => fetch(input, init)): CaFetch {
  const trusted = [...tls.rootCertificates, ca.toString()];
  const agent = new https.Agent({ ca: trusted, keepAlive: true });
  const caFetch: FetchLike = async (input, init) => {
    const url = new URL(urlOf(input));
    if (url.protocol !== 'https:') return base(input, init);
    const request = input instanceof Request ? input : undefined;
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const headers = new Headers(init?.headers ?? request?.headers);
    const body = await bodyBytes(init?.body ?? (request?.body ? await request.arrayBuffer() : undefined));
    const signal = init?.signal ?? request?.signal ?? undefined;
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError');
    const outgoing: Record<string, string> = {};
    headers.forEach((value, name) => (outgoing[name] = value));
    if (body) outgoing['content-length'] = String(body.byteLength);
    return new Promise<Response>((resolve, reject) => {
      // The signal is handled here rather than by https.request, so that a cancelled body fails with an
      // AbortError as fetch's does (node would fail it with a plain "aborted").
      const abortError = (): Error => (signal?.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError'));
      let onAbort = (): void => void req.destroy(abortError());
      // `ca` on the request too: VS Code's proxy support may swap the agent for its own, and then only the
      // request's options reach the TLS connection.
      const req = https.request(url, { method, headers: outgoing, agent, ca: trusted }, (res) => {
        const responseHeaders = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        const status = res.statusCode ?? 502;
        const stream = NULL_BODY.has(status) || method === 'HEAD' ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>);
        if (!stream) res.resume();
        signal?.removeEventListener('abort', onAbort);
        onAbort = (): void => void res.destroy(abortError());
        if (stream) {
          signal?.addEventListener('abort', onAbort, { once: true });
          res.once('close', () => signal?.removeEventListener('abort', onAbort));
        }
        resolve(new Response(stream, { status, statusText: res.statusMessage ?? '', headers: responseHeaders }));
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (err) => {
        signal?.removeEventListener('abort', onAbort);
        reject(err.name === 'AbortError' ? err : fetchFailed(err));
      });
      req.end(body);
    });
  };
  return { fetch: caFetch, dispose: () => agent.destroy() };
}
