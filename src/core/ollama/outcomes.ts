// What every request teaches about the daemon, whoever sent it. The gateway reports each outcome as it
// happens, so the one connection state (core/state) moves at once: a refused connection means down now,
// an HTTP answer means something is up now, a 404 for a model means that model is missing now. Health
// checks alone would leave every view stale until the next scheduled probe.
import { isAbort, toOllamaError, type OllamaError } from './errors';
import type { FetchLike } from './transport';

export type RequestOutcome =
  /** An HTTP response arrived (any status): the host answers. `path` is the route (`/api/chat`…). */
  | { kind: 'answered'; host: string; path: string; status: number }
  /**
   * No response at all. `definite` when the connection was refused or the name did not resolve: nothing
   * listens there now. A reset or a timeout only makes the daemon suspect (a check tells).
   */
  | { kind: 'unreachable'; host: string; error: OllamaError; definite: boolean }
  /** The daemon answered that this model is not installed. */
  | { kind: 'modelMissing'; host: string; model: string };

export type OutcomeListener = (outcome: RequestOutcome) => void;

/** The origin (`http://host:port`) of a URL, as outcomes name their host; the text itself when it is no URL. */
export function originOf(url: string): string {
  return where(url).host;
}

function where(input: Parameters<FetchLike>[0]): { host: string; path: string } {
  const text = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  try {
    const url = new URL(text);
    return { host: url.origin, path: url.pathname };
  } catch {
    return { host: text, path: '' };
  }
}

/** Routes that load a model: after them, what is loaded (and how much on the GPU) may have changed. */
export function loadsModel(path: string): boolean {
  return /\/api\/(generate|chat|embed|embeddings)$/.test(path);
}

/** A fetch that reports whether the host answered; the request itself is unchanged. */
export function observingFetch(base: FetchLike, report: OutcomeListener): FetchLike {
  return async (input, init) => {
    const { host, path } = where(input);
    let response: Response;
    try {
      response = await base(input, init);
    } catch (err) {
      if (!isAbort(err) && !init?.signal?.aborted) {
        const error = toOllamaError(err, { host });
        if (error.kind === 'unreachable') {
          const definite = error.details.reason === 'refused' || error.details.reason === 'dns';
          report({ kind: 'unreachable', host, error, definite });
        }
      }
      throw err;
    }
    report({ kind: 'answered', host, path, status: response.status });
    return response;
  };
}
