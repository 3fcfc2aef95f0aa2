// How each endpoint answered lately, learnt from the outcome of every request on its fetch (no probing of its
// own). HearthState stays the truth about the local daemon (version, models, what is loaded); this is the small
// per-endpoint part the status bar needs for the others: did it answer, refuse us, or not answer at all.
import { errorCode } from '../ollama/errors';
import type { RequestOutcome } from '../ollama/outcomes';
import { Emitter, type Event } from '../util/events';

export type EndpointState = 'unknown' | 'answered' | 'unreachable' | 'unauthorized' | 'untrusted';

const CERTIFICATE_CODES = /^(CERT_|UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED_CERT|ERR_TLS_CERT|ERR_SSL_|HOSTNAME_MISMATCH)/;

/** The state an outcome means, or undefined when it says nothing new (a model missing is still an answer). */
export function stateOf(outcome: RequestOutcome): EndpointState {
  switch (outcome.kind) {
    case 'answered':
      return outcome.status === 401 || outcome.status === 403 || outcome.status === 407 ? 'unauthorized' : 'answered';
    case 'modelMissing':
      return 'answered';
    case 'unreachable':
      return CERTIFICATE_CODES.test(errorCode(outcome.error.details.cause ?? outcome.error) ?? '') ? 'untrusted' : 'unreachable';
  }
}

export class EndpointHealth {
  private readonly states = new Map<string, EndpointState>();
  private readonly changed = new Emitter<string>();
  /** Fires with the endpoint's name when its state changed. */
  readonly onDidChange: Event<string> = this.changed.event;

  get(name: string): EndpointState {
    return this.states.get(name.toLowerCase()) ?? 'unknown';
  }

  observe(name: string, outcome: RequestOutcome): void {
    this.set(name, stateOf(outcome));
  }

  set(name: string, state: EndpointState): void {
    const key = name.toLowerCase();
    if (this.states.get(key) === state) return;
    this.states.set(key, state);
    this.changed.fire(name);
  }

  /** The endpoint's address or credentials changed: what was learnt no longer holds. */
  forget(name: string): void {
    if (this.states.delete(name.toLowerCase())) this.changed.fire(name);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
