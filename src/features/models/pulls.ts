// Pulls in progress: each runs in a cancellable progress notification and shows in the Models view;
// Cancel (in the notification or the view) closes the stream, and Ollama keeps the partial download.
// When a pull ends, the user gets one message that says what to do next.
import * as vscode from 'vscode';
import { runPull, type PullFailure, type PullOutcome } from '../../core/models/pull';
import type { PullSnapshot } from '../../core/models/progress';
import type { OllamaGateway } from '../../core/ollama/gateway';
import { displayModelName, normalizeModelName, sameModel } from '../../core/ollama/names';
import { formatBytes } from '../../core/text/format';
import { Commands } from '../../platform/commands';
import { ModelCommands } from './commandIds';
import { nameProblemLabel, progressText } from './labels';
import type { ModelPrompts } from './prompts';

export interface ActivePull {
  readonly name: string;
  snapshot: PullSnapshot | undefined;
  readonly controller: AbortController;
  readonly outcome: Promise<PullOutcome>;
}

export interface PullEvent {
  pull: ActivePull;
  kind: 'started' | 'progress' | 'ended';
}

/** Progress reaches the notification and the view at most this often (the server sends every 60 ms). */
const REPORT_EVERY_MS = 200;

export class PullManager implements vscode.Disposable {
  private readonly active = new Map<string, ActivePull>();
  /** Models whose pull this session already announced as ready. */
  private readonly toldReady = new Set<string>();
  private readonly changed = new vscode.EventEmitter<PullEvent>();
  /** Fires when a pull starts, as it progresses (throttled) and when it ends. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly gateway: OllamaGateway,
    private readonly prompts: ModelPrompts,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  list(): ActivePull[] {
    return [...this.active.values()];
  }

  get(name: string): ActivePull | undefined {
    return this.list().find((p) => sameModel(p.name, name));
  }

  /** Cancels the pull of `name`; false when there is none. */
  cancel(name: string): boolean {
    const pull = this.get(name);
    pull?.controller.abort();
    return pull !== undefined;
  }

  /** Pulls `name` (already validated) with progress; the same name twice shares one pull. */
  pull(name: string): Promise<PullOutcome> {
    const existing = this.get(name);
    if (existing) {
      this.prompts.status(vscode.l10n.t('{0} is already being pulled.', displayModelName(name)));
      return existing.outcome;
    }
    const controller = new AbortController();
    let resolveOutcome: (o: PullOutcome) => void = () => undefined;
    const pull: ActivePull = { name, snapshot: undefined, controller, outcome: new Promise((r) => (resolveOutcome = r)) };
    this.active.set(name.toLowerCase(), pull);
    this.changed.fire({ pull, kind: 'started' });
    void this.prompts
      .progress(vscode.l10n.t('Pulling {0}', displayModelName(name)), async (progress, signal) => {
        signal.addEventListener('abort', () => controller.abort(), { once: true });
        let lastReport = 0;
        let lastPhase = '';
        return runPull(this.gateway, name, {
          signal: controller.signal,
          onProgress: (snapshot) => {
            pull.snapshot = snapshot;
            const now = performance.now();
            if (now - lastReport < REPORT_EVERY_MS && snapshot.phase === lastPhase) return;
            lastReport = now;
            lastPhase = snapshot.phase;
            progress.report(progressText(snapshot), snapshot.fraction);
            this.changed.fire({ pull, kind: 'progress' });
          },
        });
      })
      .then((outcome) => {
        this.active.delete(name.toLowerCase());
        this.changed.fire({ pull, kind: 'ended' });
        this.log.info(`models: pull ${name}: ${outcome.kind}${outcome.kind === 'failed' ? ` (${outcome.failure.kind}: ${outcome.failure.serverMessage})` : ''}`);
        this.tell(name, outcome).catch((err: unknown) => this.log.warn(`models: could not report the pull of ${name}: ${String(err)}`));
        resolveOutcome(outcome);
      });
    return pull.outcome;
  }

  /** The one message at the end of a pull. */
  private async tell(name: string, outcome: PullOutcome): Promise<void> {
    const shown = displayModelName(name);
    if (outcome.kind === 'success') {
      // One "ready" message per model: pulling it again (an update check, the walkthrough's step) only notes it.
      const key = normalizeModelName(name).toLowerCase();
      if (this.toldReady.has(key)) {
        this.prompts.status(`$(check) ${vscode.l10n.t('{0} is ready.', shown)}`);
        return;
      }
      this.toldReady.add(key);
      const id = await this.prompts.notify('info', vscode.l10n.t('{0} is ready.', shown), [
        { id: 'use', title: vscode.l10n.t('Use for…') },
        { id: 'show', title: vscode.l10n.t('Show Details') },
      ]);
      if (id === 'use') await vscode.commands.executeCommand(Commands.useModelFor, { name });
      if (id === 'show') await vscode.commands.executeCommand(ModelCommands.showModel, { name });
      return;
    }
    if (outcome.kind === 'cancelled') {
      const kept = outcome.snapshot.completedBytes;
      await this.prompts.notify(
        'info',
        kept > 0
          ? vscode.l10n.t('Stopped pulling {0}. Ollama keeps the {1} already downloaded and resumes from there when you pull it again.', shown, formatBytes(kept))
          : vscode.l10n.t('Stopped pulling {0}.', shown),
      );
      return;
    }
    await this.tellFailure(name, outcome.failure, outcome.snapshot);
  }

  private async tellFailure(name: string, failure: PullFailure, snapshot: PullSnapshot): Promise<void> {
    const shown = displayModelName(name);
    const retry = { id: 'retry', title: vscode.l10n.t('Retry') };
    const logs = { id: 'logs', title: vscode.l10n.t('Show Logs') };
    const resumes = snapshot.completedBytes > 0 ? ` ${vscode.l10n.t('What was downloaded is kept: pulling again resumes.')}` : '';
    let message: string;
    let actions = [retry, logs];
    switch (failure.kind) {
      case 'daemonUnreachable':
      case 'refused':
        await this.prompts.reportError(failure.error, { model: name });
        return;
      case 'invalidName':
        message = vscode.l10n.t('"{0}" is not a valid model name. {1}', name, failure.nameProblem ? nameProblemLabel(failure.nameProblem) : failure.serverMessage);
        actions = [{ id: 'other', title: vscode.l10n.t('Pull Another Model…') }];
        break;
      case 'unknownModel':
        message = vscode.l10n.t('The Ollama library has no model named {0}. Check the name and tag on ollama.com/library.', shown);
        actions = [{ id: 'other', title: vscode.l10n.t('Pull Another Model…') }];
        break;
      case 'registryUnreachable':
        message =
          vscode.l10n.t(
            'Ollama could not reach the model registry ({0}) to pull {1}. Check the internet connection of the machine that runs Ollama, or its proxy (HTTPS_PROXY in the Ollama service environment).',
            failure.registry ?? 'registry.ollama.ai',
            shown,
          ) + resumes;
        break;
      case 'diskFull':
        message =
          vscode.l10n.t('The disk where Ollama stores models is full, so pulling {0} stopped. Delete models you no longer use, or move the store with OLLAMA_MODELS, then pull again.', shown) + resumes;
        actions = [{ id: 'delete', title: vscode.l10n.t('Delete a Model…') }, retry];
        break;
      case 'interrupted':
        // An answer that was not Ollama's (a proxy's error page) is not a broken connection: say what it was.
        if (failure.error.details.reason === 'foreign') return this.prompts.reportError(failure.error, { model: name });
        message = vscode.l10n.t('The connection to Ollama broke while pulling {0}.', shown) + resumes;
        break;
      case 'other':
        message = vscode.l10n.t('Pulling {0} failed: {1}', shown, failure.serverMessage) + resumes;
        break;
    }
    const id = await this.prompts.notify('error', message, actions);
    if (id === 'retry') await vscode.commands.executeCommand(Commands.pullModel, name);
    else if (id === 'other') await vscode.commands.executeCommand(Commands.pullModel);
    else if (id === 'delete') await vscode.commands.executeCommand(ModelCommands.deleteModel);
    else if (id === 'logs') await vscode.commands.executeCommand(Commands.showLogs);
  }

  dispose(): void {
    for (const pull of this.active.values()) pull.controller.abort();
    this.changed.dispose();
  }
}
