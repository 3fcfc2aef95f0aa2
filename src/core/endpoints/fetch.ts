// Each endpoint's own fetch: the base fetch (global fetch, or the TLS one when a CA file is set) plus that
// endpoint's secret headers. A credential can reach only the endpoint it belongs to:
//  - each endpoint has its own fetch, which adds only its own headers;
//  - a request through it to any other origin is refused (a bug must not leak a token to another host);
//  - redirects are not followed when credentials ride along (fetch would carry custom headers such as
//    `X-Api-Key` to wherever a 30x points); the 30x comes back as the answer, which the clients report.
import type { FetchLike } from '../ollama/transport';

export type HeaderSource = () => Record<string, string> | Promise<Record<string, string>>;

function urlOf(input: Parameters<FetchLike>[0]): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Thrown when code asked an endpoint's fetch for a URL of another origin. */
export class WrongEndpointError extends Error {
  override readonly name = 'WrongEndpointError';
}

export function withEndpointHeaders(base: FetchLike, baseUrl: string, headers: HeaderSource): FetchLike {
  const origin = originOf(baseUrl);
  return async (input, init) => {
    const target = originOf(urlOf(input));
    if (!origin || target !== origin) {
      throw new WrongEndpointError(`Refused a request to ${target ?? '?'} through the fetch of ${origin ?? baseUrl}.`);
    }
    const extra = await headers();
    if (!Object.keys(extra).length) return base(input, init);
    const merged = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    for (const [name, value] of Object.entries(extra)) merged.set(name, value);
    return base(input, { ...init, headers: merged, redirect: 'manual' });
  };
}
