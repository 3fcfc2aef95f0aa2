// Decides whether completion may ask the daemon at all after a failure, so that a daemon that is down or a
// model that is missing costs one message, not one per keystroke. Failures that only the user can fix
// (a missing model, a refused host) block for a minute at a time, retried quietly in case it was fixed
// outside Hearth (an `ollama pull` in a terminal), and at once when the settings or the installed models
// change; transient ones back off briefly.

import type { OllamaErrorKind } from '../ollama/errors';
import type { Clock } from './clock';

export type GateState =
  | { kind: 'open' }
  | { kind: 'backoff'; until: number; reason: OllamaErrorKind }
  | { kind: 'blocked'; until: number; reason: OllamaErrorKind };

const NEEDS_USER: ReadonlySet<OllamaErrorKind> = new Set(['modelNotFound', 'capabilityMissing', 'remoteHostRefused', 'cloudModelRefused']);
const BLOCKED_MS = 60_000;
const UNREACHABLE_FIRST_MS = 5_000;
const UNREACHABLE_MAX_MS = 60_000;
const TRANSIENT_MS = 2_000;

export interface FailureVerdict {
  /** Tell the user: the first failure since completion last worked (or since the gate was reset). */
  notify: boolean;
  state: GateState;
}

export class FailureGate {
  private state: GateState = { kind: 'open' };
  private unreachableWait = UNREACHABLE_FIRST_MS;
  private notified = new Set<OllamaErrorKind>();

  constructor(private readonly clock: Clock) {}

  get current(): GateState {
    return this.state;
  }

  /** True when a request may be sent now. */
  allows(): boolean {
    return this.state.kind === 'open' || this.clock.now() >= this.state.until;
  }

  /** True while waiting out a daemon that did not answer: the caller probes before sending. */
  get probing(): boolean {
    return this.state.kind === 'backoff' && this.state.reason === 'unreachable';
  }

  recordFailure(kind: OllamaErrorKind): FailureVerdict {
    if (kind === 'aborted') return { notify: false, state: this.state };
    if (NEEDS_USER.has(kind)) {
      this.state = { kind: 'blocked', until: this.clock.now() + BLOCKED_MS, reason: kind };
    } else if (kind === 'unreachable') {
      this.state = { kind: 'backoff', until: this.clock.now() + this.unreachableWait, reason: kind };
      this.unreachableWait = Math.min(this.unreachableWait * 2, UNREACHABLE_MAX_MS);
    } else {
      this.state = { kind: 'backoff', until: this.clock.now() + TRANSIENT_MS, reason: kind };
    }
    // Busy is Ollama doing its job for someone else: never worth a message from a keystroke.
    const notify = kind !== 'busy' && !this.notified.has(kind);
    this.notified.add(kind);
    return { notify, state: this.state };
  }

  recordSuccess(): void {
    this.state = { kind: 'open' };
    this.unreachableWait = UNREACHABLE_FIRST_MS;
    this.notified.clear();
  }

  /** The settings or the installed models changed: try again, and tell again if it still fails. */
  reset(): void {
    this.recordSuccess();
  }
}
