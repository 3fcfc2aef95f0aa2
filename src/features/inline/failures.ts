// What completion does when the daemon or the model fails: it says so in its status item (background work
// never raises a notification), tells the daemon monitor when the daemon is unreachable, and sends no
// request at all while the failure gate is closed. When the one connection state says Ollama is back, the
// gate opens at once: the item never keeps "waiting for Ollama" after Ollama answered.
import * as vscode from 'vscode';
import { systemClock } from '../../core/completion/clock';
import { FailureGate, type GateState } from '../../core/completion/gate';
import { isAbort, OllamaError, toOllamaError } from '../../core/ollama/errors';
import { readyGateway, reportUnreachable } from '../../platform/endpointReady';
import type { HearthServices } from '../../platform/services';

export class CompletionFailures implements vscode.Disposable {
  private readonly gate = new FailureGate(systemClock);
  private readonly changed = new vscode.EventEmitter<GateState>();
  readonly onDidChange = this.changed.event;
  private lastError: OllamaError | undefined;

  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: HearthServices) {
    this.subscription = services.state.onDidChange((change) => {
      if (change.connectionKindChanged && change.snapshot.connection.kind === 'connected') this.reset();
      else if (change.connectionKindChanged) this.changed.fire(this.gate.current);
    });
  }

  get state(): GateState {
    return this.gate.current;
  }

  /** The last failure that closed the gate, for the status bar's tooltip. */
  get error(): OllamaError | undefined {
    return this.gate.current.kind === 'open' ? undefined : this.lastError;
  }

  /** Whether a request may go out now. After the daemon was unreachable, it is asked first whether it is back. */
  async allows(signal: AbortSignal): Promise<boolean> {
    if (!this.gate.allows()) return false;
    if (!this.gate.probing) return true;
    try {
      await readyGateway(this.services, 'completion', { signal, interactive: false });
      this.succeeded();
      return true;
    } catch (err) {
      if (!isAbort(err)) this.report(err);
      return false;
    }
  }

  report(err: unknown, model?: string): void {
    if (isAbort(err)) return;
    const error = err instanceof OllamaError ? err : toOllamaError(err, { model });
    if (error.kind === 'unreachable') reportUnreachable(this.services, 'completion');
    this.lastError = error;
    this.gate.recordFailure(error.kind);
    this.services.log.warn(`completion: ${error.kind}: ${error.message}`);
    this.changed.fire(this.gate.current);
  }

  succeeded(): void {
    if (this.gate.current.kind === 'open') return;
    this.gate.recordSuccess();
    this.changed.fire(this.gate.current);
  }

  /** Settings or models changed: the user may have fixed the problem. */
  reset(): void {
    this.gate.reset();
    this.lastError = undefined;
    this.changed.fire(this.gate.current);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
