// What completion does when the daemon or the model fails: one message (the error reporter also drops
// repeats), the daemon monitor told when the daemon is unreachable, and no request at all while the
// failure gate is closed. Never a message per keystroke.
import * as vscode from 'vscode';
import { systemClock } from '../../core/completion/clock';
import { FailureGate, type GateState } from '../../core/completion/gate';
import { isAbort, OllamaError, toOllamaError } from '../../core/ollama/errors';
import type { HearthServices } from '../../platform/services';

export class CompletionFailures implements vscode.Disposable {
  private readonly gate = new FailureGate(systemClock);
  private readonly changed = new vscode.EventEmitter<GateState>();
  readonly onDidChange = this.changed.event;
  private lastError: OllamaError | undefined;

  constructor(private readonly services: HearthServices) {}

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
      await this.services.daemon.ensureAvailable({ signal, interactive: false });
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
    if (error.kind === 'unreachable') this.services.daemon.reportUnreachable();
    this.lastError = error;
    const verdict = this.gate.recordFailure(error.kind);
    this.services.log.warn(`completion: ${error.kind}: ${error.message}`);
    // A quiet stream ends quietly here (the status item shows it): the user did not ask for this request.
    if (verdict.notify && error.details.reason !== 'stalled') void this.services.errors.show(error, { feature: 'completion', model });
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
    this.changed.fire(this.gate.current);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
