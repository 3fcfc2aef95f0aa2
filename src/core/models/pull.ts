// One pull from start to a typed outcome: progress as it comes, cancellation that closes the stream
// (Ollama keeps the partial download and resumes it next time), and failures sorted into the cases the
// user can do something about: a name the library does not have, a registry that cannot be reached, a
// full disk.
import { isAbort, OllamaError, toOllamaError } from '../ollama/errors';
import type { ProgressEvent } from '../ollama/types';
import { checkModelName, type NameProblem } from './names';
import { PullProgress, type PullProgressOptions, type PullSnapshot } from './progress';

export type PullFailureKind =
  /** The name does not parse; nothing was sent. */
  | 'invalidName'
  /** The registry has no such model or tag. */
  | 'unknownModel'
  /** Ollama could not reach the registry (DNS, proxy, TLS, timeout…). */
  | 'registryUnreachable'
  /** The disk that holds Ollama's models is full. */
  | 'diskFull'
  /** Ollama itself cannot be reached. */
  | 'daemonUnreachable'
  /** The connection to Ollama broke in the middle. */
  | 'interrupted'
  /** A privacy guard refused it (a cloud model, a remote host). */
  | 'refused'
  /** Anything else: the server's message is shown as it is. */
  | 'other';

export interface PullFailure {
  kind: PullFailureKind;
  /** The server's own words, for the message and the log. */
  serverMessage: string;
  /** The registry host named in a network error, e.g. `registry.ollama.ai`. */
  registry?: string;
  nameProblem?: NameProblem;
  error: OllamaError;
}

export type PullOutcome =
  | { kind: 'success'; snapshot: PullSnapshot }
  | { kind: 'cancelled'; snapshot: PullSnapshot }
  | { kind: 'failed'; failure: PullFailure; snapshot: PullSnapshot };

/** What a pull needs from the gateway (the real one, or a test double). */
export interface PullSource {
  pull(name: string, signal?: AbortSignal): AsyncIterable<ProgressEvent>;
}

const DISK_FULL = /no space left on device|not enough space on the disk|disk (is )?full|insufficient (disk )?space/i;
const UNKNOWN = /file does not exist|manifest unknown|pull model manifest: 404|not found/i;
// A failed `Get "https://registry…"` is always the network: registry answers (404, 412…) read differently.
const NETWORK =
  /Get "https?:\/\/|dial tcp|no such host|TLS handshake|i\/o timeout|connection refused|connection reset|network is unreachable|tls: |x509: |certificate|context deadline exceeded|Client\.Timeout|max retries exceeded|unexpected EOF|proxyconnect|temporary failure in name resolution/i;

function registryOf(message: string): string | undefined {
  return /https?:\/\/([^/"\s]+)/.exec(message)?.[1] ?? /lookup ([^\s:]+)/.exec(message)?.[1];
}

/** Sorts a pull error into a case with its own advice. */
export function classifyPullFailure(err: unknown): PullFailure {
  const error = err instanceof OllamaError ? err : toOllamaError(err, {});
  const serverMessage = error.details.serverMessage ?? error.message;
  const base = { serverMessage, error };
  switch (error.kind) {
    case 'unreachable':
      return { kind: 'daemonUnreachable', ...base };
    case 'cloudModelRefused':
    case 'remoteHostRefused':
      return { kind: 'refused', ...base };
    case 'protocol':
      return { kind: 'interrupted', ...base };
    default:
      break;
  }
  if (DISK_FULL.test(serverMessage)) return { kind: 'diskFull', ...base };
  if (NETWORK.test(serverMessage)) return { kind: 'registryUnreachable', registry: registryOf(serverMessage), ...base };
  if (error.kind === 'modelNotFound' || UNKNOWN.test(serverMessage)) return { kind: 'unknownModel', ...base };
  if (/invalid model name/i.test(serverMessage)) return { kind: 'invalidName', ...base };
  return { kind: 'other', ...base };
}

export interface RunPullOptions extends PullProgressOptions {
  signal?: AbortSignal;
  onProgress?: (snapshot: PullSnapshot) => void;
}

/** Pulls `name` to the end, reporting progress; never throws. */
export async function runPull(source: PullSource, name: string, options: RunPullOptions = {}): Promise<PullOutcome> {
  const progress = new PullProgress(options);
  const check = checkModelName(name);
  if (!check.ok) {
    const error = new OllamaError('badRequest', 'invalid model name', { model: name, serverMessage: 'invalid model name' });
    return { kind: 'failed', failure: { kind: 'invalidName', nameProblem: check.problem, serverMessage: error.message, error }, snapshot: progress.snapshot };
  }
  try {
    let succeeded = false;
    for await (const event of source.pull(check.name, options.signal)) {
      const snapshot = progress.update(event);
      options.onProgress?.(snapshot);
      if (snapshot.phase === 'done') succeeded = true;
    }
    if (options.signal?.aborted) return { kind: 'cancelled', snapshot: progress.snapshot };
    if (!succeeded) {
      const error = new OllamaError('protocol', 'The pull ended before Ollama reported success.', { model: name, reason: 'noDone' });
      return { kind: 'failed', failure: classifyPullFailure(error), snapshot: progress.snapshot };
    }
    return { kind: 'success', snapshot: progress.snapshot };
  } catch (err) {
    if (isAbort(err) || options.signal?.aborted) return { kind: 'cancelled', snapshot: progress.snapshot };
    return { kind: 'failed', failure: classifyPullFailure(err), snapshot: progress.snapshot };
  }
}
