// What the Models view shows, fetched in one refresh: the installed models (/api/tags), what is loaded
// (/api/ps) and which model each feature uses (the resolver's cached answer). A refresh that fails
// keeps the failure to show in the view; it never raises a notification, so a daemon that goes down
// while the view is open cannot cause a storm of messages.
import * as vscode from 'vscode';
import { OllamaError, toOllamaError } from '../../core/ollama/errors';
import type { DaemonStatus } from '../../core/daemon/status';
import { statusProblem } from '../../core/state/problem';
import type { OllamaGateway } from '../../core/ollama/gateway';
import type { ModelSummary, RunningModel } from '../../core/ollama/types';
import { FEATURES, type Feature } from '../../core/settings';
import type { FeatureUse, HearthState } from '../../core/state/hearthState';
import type { HearthModelResolver, Resolution } from './resolver';

export type { FeatureUse } from '../../core/state/hearthState';

export interface ModelsSnapshot {
  installed: ModelSummary[];
  running: RunningModel[];
  uses: FeatureUse[];
  /** Set when the daemon could not be asked; the lists are then empty. */
  error?: OllamaError;
  /** Date.now() of the refresh. */
  at: number;
  /** How long the refresh took, ms. */
  durationMs: number;
}

function useOf(feature: Feature, r: Resolution | undefined): FeatureUse {
  switch (r?.kind) {
    case 'configured':
      return { feature, model: r.model.name, automatic: false };
    case 'automatic':
      return { feature, model: r.model.name, automatic: true };
    case 'missing':
      return { feature, automatic: false, missing: r.configured };
    default:
      return { feature, automatic: false };
  }
}

/** Names and digests, to notice a change made outside Hearth (`ollama pull` in a terminal). */
function fingerprint(models: ModelSummary[]): string {
  return models.map((m) => `${m.name}@${m.digest}`).sort().join(',');
}

export class ModelsState implements vscode.Disposable {
  private current: ModelsSnapshot | undefined;
  private inFlight: Promise<ModelsSnapshot> | undefined;
  private queued: Promise<ModelsSnapshot> | undefined;
  private readonly changed = new vscode.EventEmitter<ModelsSnapshot>();
  /** Fires after every refresh. */
  readonly onDidChange = this.changed.event;

  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly gateway: OllamaGateway,
    private readonly resolver: HearthModelResolver,
    private readonly shared: HearthState,
  ) {
    this.subscriptions = [
      // Settings or installed models changed (through Hearth, or noticed by a refresh): show it.
      resolver.onDidChange(() => void this.refresh()),
      // The daemon came back: ask at once. It went away: say so at once, without asking.
      shared.onDidChange((change) => {
        if (!change.connectionKindChanged) return;
        if (change.snapshot.connection.kind === 'connected') void this.refresh();
        else this.unavailable(change.snapshot.connection);
      }),
      // A request found a model missing: the list the views show is out of date.
      gateway.onDidObserve((outcome) => {
        // The resolver's change event refreshes this state.
        if (outcome.kind === 'modelMissing') resolver.invalidate();
      }),
    ];
  }

  private unavailable(status: DaemonStatus): void {
    const error = statusProblem(status);
    if (!error) return;
    this.current = { installed: [], running: [], uses: FEATURES.map((f) => ({ feature: f, automatic: false })), error, at: Date.now(), durationMs: 0 };
    this.changed.fire(this.current);
  }

  get snapshot(): ModelsSnapshot | undefined {
    return this.current;
  }

  /**
   * Refreshes. A call while a refresh runs gets the next one (so it sees its own change), and any number
   * of such calls share that one.
   */
  refresh(): Promise<ModelsSnapshot> {
    if (!this.inFlight) {
      this.inFlight = this.load().finally(() => {
        this.inFlight = undefined;
      });
      return this.inFlight;
    }
    this.queued ??= this.inFlight.then(() => {
      this.queued = undefined;
      return this.refresh();
    });
    return this.queued;
  }

  /**
   * The refresh in flight, else a new one: for callers whose change already started a refresh through an
   * event (a delete fires onDidChangeModels, which the view answers with a refresh).
   */
  latest(): Promise<ModelsSnapshot> {
    return this.queued ?? this.inFlight ?? this.refresh();
  }

  private async load(): Promise<ModelsSnapshot> {
    const started = performance.now();
    let snapshot: ModelsSnapshot;
    try {
      const [installed, running] = await Promise.all([this.gateway.listModels({ fresh: true }), this.gateway.runningModels()]);
      if (this.current && !this.current.error && fingerprint(this.current.installed) !== fingerprint(installed)) {
        // Changed outside Hearth: details and choices may be stale.
        this.gateway.invalidate();
        this.resolver.invalidate();
      }
      const resolutions = await Promise.all(FEATURES.map((f) => this.resolver.describe(f).catch(() => undefined)));
      snapshot = { installed, running, uses: FEATURES.map((f, i) => useOf(f, resolutions[i])), at: Date.now(), durationMs: 0 };
      this.shared.setInstalled(installed, snapshot.at);
      this.shared.setRunning(running);
      this.shared.setUses(snapshot.uses);
    } catch (err) {
      const error = err instanceof OllamaError ? err : toOllamaError(err, {});
      snapshot = { installed: [], running: [], uses: FEATURES.map((f) => ({ feature: f, automatic: false })), error, at: Date.now(), durationMs: 0 };
    }
    snapshot.durationMs = performance.now() - started;
    this.current = snapshot;
    this.changed.fire(snapshot);
    return snapshot;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
