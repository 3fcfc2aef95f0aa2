// One health check: `GET /api/version` through the gateway, classified into what the status bar and
// the start logic need: up, down, something else on the port, or blocked before any request was made.
import { OllamaError, isAbort } from '../ollama/errors';
import type { ResolvedHost } from '../ollama/host';

export type ProbeResult =
  | { kind: 'up'; version: string; host: string; remote: boolean }
  /** Nothing answered (refused, timeout, DNS, reset). */
  | { kind: 'down'; error: OllamaError; host: string; remote: boolean }
  /** Something answered over HTTP, but not as Ollama does. */
  | { kind: 'notOllama'; error: OllamaError; host: string; remote: boolean }
  /** No request was made: the host setting is invalid, or a privacy guard refused the host. */
  | { kind: 'blocked'; error: OllamaError };

/** The part of the gateway a probe uses. */
export interface VersionSource {
  checkedHost(): ResolvedHost;
  version(opts: { signal?: AbortSignal; timeoutMs?: number }): Promise<string>;
}

/** Ollama versions look like 0.32.15, 0.0.0 (source builds) or 0.5.7-rc1: digits first. */
const VERSION_SHAPE = /^v?\d+\.\d+/;

export async function probeDaemon(source: VersionSource, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<ProbeResult> {
  let host: ResolvedHost;
  try {
    host = source.checkedHost();
  } catch (err) {
    return { kind: 'blocked', error: err instanceof OllamaError ? err : new OllamaError('unreachable', String(err), { reason: 'other' }) };
  }
  const where = { host: host.url, remote: !host.isLoopback };
  try {
    const version: unknown = await source.version({ signal: opts.signal, timeoutMs: opts.timeoutMs });
    if (typeof version === 'string' && VERSION_SHAPE.test(version)) return { kind: 'up', version, ...where };
    const shown = JSON.stringify(version) ?? String(version);
    return {
      kind: 'notOllama',
      error: new OllamaError('protocol', `The server at ${host.url} answered /api/version without an Ollama version (${shown.slice(0, 80)}).`, { reason: 'malformed', host: host.url }),
      ...where,
    };
  } catch (err) {
    if (isAbort(err)) throw err;
    const error = err instanceof OllamaError ? err : new OllamaError('unreachable', String(err), { reason: 'other', host: host.url });
    if (error.kind === 'unreachable') return { kind: 'down', error, ...where };
    // Ollama always answers /api/version with {"version": …}; an error status or a body that is not
    // that JSON means another program holds the port.
    return { kind: 'notOllama', error, ...where };
  }
}

/** Whether two results mean the same state (one state change is one event). */
export function sameProbe(a: ProbeResult | undefined, b: ProbeResult | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'up':
      return b.kind === 'up' && a.version === b.version && a.host === b.host;
    case 'blocked':
      return b.kind === 'blocked' && a.error.kind === b.error.kind && a.error.details.host === b.error.details.host;
    default:
      return b.kind === a.kind && a.host === (b as { host: string }).host && a.error.details.reason === b.error.details.reason;
  }
}
