// The completion model and its context window, resolved once and reused on every keystroke until the
// settings or the installed models change. A model that cannot generate text is refused here with a typed error.
import * as vscode from 'vscode';
import { OllamaError } from '../../core/ollama/errors';
import { completionModelOf, type CompletionModel } from '../../core/prompts/completionPrompt';
import { raceAbort } from '../../core/completion/clock';
import type { HearthServices } from '../../platform/services';

export interface ResolvedCompletionModel extends CompletionModel {
  /** The window its requests run with (ModelGateway.contextWindow of the completion endpoint): the prompt budgets fit in it. */
  contextWindow: number;
}

export class CompletionModelSource implements vscode.Disposable {
  private cached: Promise<ResolvedCompletionModel> | undefined;
  /** The last resolution that succeeded, and which one it was (it counts only while it is `cached`). */
  private settled: { from: Promise<ResolvedCompletionModel>; model: ResolvedCompletionModel } | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the model must be resolved again (settings or installed models changed). */
  readonly onDidInvalidate = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private lastName: string | undefined;

  constructor(private readonly services: HearthServices) {
    this.subscriptions = [
      services.config.onDidChange(() => this.invalidate()),
      services.gateway.onDidChangeModels(() => this.invalidate()),
      // Completion moved to another endpoint, or its address or token changed.
      services.endpoints.onDidChange(() => this.invalidate()),
    ];
  }

  /** The name of the last model resolved, for the status bar. */
  get name(): string | undefined {
    return this.lastName;
  }

  /** The model already resolved, if any, without starting a resolution (for work that must not wait). */
  get ready(): ResolvedCompletionModel | undefined {
    const settled = this.settled;
    return settled && settled.from === this.cached ? settled.model : undefined;
  }

  /** Resolution is shared: a caller that is cancelled stops waiting, the resolution goes on for the next. */
  get(signal: AbortSignal): Promise<ResolvedCompletionModel> {
    if (!this.cached) {
      const resolving = this.resolve();
      this.cached = resolving;
      resolving.then(
        (model) => {
          this.settled = { from: resolving, model };
        },
        // A failure is not kept: the failure gate decides when to try again.
        () => {
          if (this.cached === resolving) this.cached = undefined;
        },
      );
    }
    return raceAbort(this.cached, signal);
  }

  invalidate(): void {
    this.cached = undefined;
    this.changed.fire();
  }

  /** Resolves again next time (the model went away), without the invalidation event's reset of everything. */
  forget(): void {
    this.cached = undefined;
  }

  private async resolve(): Promise<ResolvedCompletionModel> {
    const details = await this.services.models.resolve('completion', { interactive: false });
    this.lastName = details.name;
    if (!details.capabilities.includes('completion')) {
      throw new OllamaError('capabilityMissing', `${details.name} does not support completion`, { model: details.name, capability: 'completion' });
    }
    const contextWindow = await this.services.endpoints.gatewayFor('completion').contextWindow(details.name, { contextLength: this.services.custom.generation('completion').contextLength });
    return { ...completionModelOf(details), contextWindow };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
