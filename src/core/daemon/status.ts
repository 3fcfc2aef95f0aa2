// What the status bar and the features see: one state combining the health monitor's answer, a start
// in progress and whether the binary can be found.
import type { OllamaError } from '../ollama/errors';
import type { Discovery } from './discovery';

export type MissingBinary = Exclude<Discovery, { kind: 'found' }>;

export type DaemonStatus =
  /** Before the first check (activation never waits for one). */
  | { kind: 'checking' }
  | { kind: 'connected'; version: string; host: string; remote: boolean }
  | { kind: 'starting'; host: string }
  /** Nothing answers; on this computer Hearth can start it (the binary was found), or the host is remote. */
  | { kind: 'notRunning'; host: string; remote: boolean; error: OllamaError }
  /** Nothing answers on this computer and no `ollama` binary was found (or the path setting is wrong). */
  | { kind: 'notInstalled'; host: string; missing: MissingBinary; error: OllamaError }
  /** Another program answers on the port. */
  | { kind: 'notOllama'; host: string; remote: boolean; error: OllamaError }
  /** Nothing is sent: the host setting is invalid, or the privacy guard refused a remote host. */
  | { kind: 'blocked'; error: OllamaError };

export function sameStatus(a: DaemonStatus, b: DaemonStatus): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'checking':
      return true;
    case 'connected':
      return b.kind === 'connected' && a.version === b.version && a.host === b.host;
    case 'starting':
      return b.kind === 'starting' && a.host === b.host;
    case 'notInstalled':
      return b.kind === 'notInstalled' && a.host === b.host && a.missing.kind === b.missing.kind;
    case 'blocked':
      return b.kind === 'blocked' && a.error.kind === b.error.kind && a.error.details.host === b.error.details.host;
    default:
      return 'host' in b && a.host === b.host && a.error.details.reason === (b as { error: OllamaError }).error.details.reason;
  }
}

