// The one truth about Ollama that every view renders from: where the daemon stands, what is installed,
// what is loaded, and which model each feature uses. Health checks feed it, and so does every request's
// outcome (through the gateway's onDidObserve), so no view keeps a copy that can go stale: the status bar,
// the chat's header and model menu, the inline item, the Models view, the walkthrough and the connection
// report all read this snapshot and redraw on its one change event.
import { sameStatus, type DaemonStatus } from '../daemon/status';
import { sameModel } from '../ollama/names';
import type { ModelSummary, RunningModel } from '../ollama/types';
import type { Feature } from '../settings';
import { Emitter, type Disposable, type Event } from '../util/events';

/** Which model a feature uses, as the resolver decided it. */
export interface FeatureUse {
  feature: Feature;
  /** The model in use, when one resolves. */
  model?: string;
  /** True when the setting is empty and Hearth chose. */
  automatic: boolean;
  /** The configured name when it is not installed. */
  missing?: string;
}

export type InstalledModels =
  /** Not asked yet, or the daemon is not connected (nothing is claimed while it cannot be asked). */
  | { kind: 'unknown' }
  | { kind: 'known'; models: readonly ModelSummary[]; at: number };

export interface HearthSnapshot {
  readonly connection: DaemonStatus;
  readonly installed: InstalledModels;
  readonly running: readonly RunningModel[];
  readonly uses: readonly FeatureUse[];
  /** Grows with every change: a view can tell whether it already drew this snapshot. */
  readonly revision: number;
}

export type StatePart = 'connection' | 'installed' | 'running' | 'uses';

export interface StateChange {
  readonly snapshot: HearthSnapshot;
  readonly parts: ReadonlySet<StatePart>;
  /** The connection's kind changed (connected → notRunning, say), not only its details. */
  readonly connectionKindChanged: boolean;
}

function sameUses(a: readonly FeatureUse[], b: readonly FeatureUse[]): boolean {
  const key = (u: FeatureUse): string => `${u.feature}|${u.model ?? ''}|${u.automatic}|${u.missing ?? ''}`;
  return a.length === b.length && a.every((u, i) => key(u) === key(b[i]));
}

function sameInstalled(a: InstalledModels, b: InstalledModels): boolean {
  if (a.kind !== 'known' || b.kind !== 'known') return a.kind === b.kind;
  const key = (m: ModelSummary): string => `${m.name}@${m.digest}`;
  return a.models.length === b.models.length && a.models.every((m, i) => key(m) === key(b.models[i]));
}

function sameRunning(a: readonly RunningModel[], b: readonly RunningModel[]): boolean {
  const key = (m: RunningModel): string => `${m.name}|${m.sizeBytes}|${m.vramBytes}|${m.contextLength}|${m.expiresAt?.getTime()}`;
  return a.length === b.length && a.every((m, i) => key(m) === key(b[i]));
}

export class HearthState implements Disposable {
  private current: HearthSnapshot = { connection: { kind: 'checking' }, installed: { kind: 'unknown' }, running: [], uses: [], revision: 0 };
  private readonly changed = new Emitter<StateChange>();
  /** One event per change, fired synchronously by the setter that made it. */
  readonly onDidChange: Event<StateChange> = this.changed.event;

  get snapshot(): HearthSnapshot {
    return this.current;
  }

  get connected(): boolean {
    return this.current.connection.kind === 'connected';
  }

  /** The model `feature` uses, when known. */
  use(feature: Feature): FeatureUse | undefined {
    return this.current.uses.find((u) => u.feature === feature);
  }

  /** The loaded entry of `model`, if it is loaded. */
  loaded(model: string | undefined): RunningModel | undefined {
    return model ? this.current.running.find((m) => sameModel(m.name, model)) : undefined;
  }

  setConnection(connection: DaemonStatus): void {
    const before = this.current.connection;
    if (sameStatus(before, connection) && before.kind === connection.kind) return;
    const parts = new Set<StatePart>(['connection']);
    let next: HearthSnapshot = { ...this.current, connection };
    // Nothing about the models can be claimed while the daemon cannot be asked.
    if (connection.kind !== 'connected') {
      if (next.running.length) parts.add('running');
      if (next.installed.kind !== 'unknown') parts.add('installed');
      next = { ...next, running: [], installed: { kind: 'unknown' } };
    }
    this.commit(next, parts, before.kind !== connection.kind);
  }

  setInstalled(models: readonly ModelSummary[], at: number): void {
    const installed: InstalledModels = { kind: 'known', models, at };
    if (sameInstalled(this.current.installed, installed)) {
      this.current = { ...this.current, installed };
      return;
    }
    this.commit({ ...this.current, installed }, new Set(['installed']), false);
  }

  setRunning(running: readonly RunningModel[]): void {
    if (sameRunning(this.current.running, running)) return;
    this.commit({ ...this.current, running }, new Set(['running']), false);
  }

  setUses(uses: readonly FeatureUse[]): void {
    if (sameUses(this.current.uses, uses)) return;
    this.commit({ ...this.current, uses }, new Set(['uses']), false);
  }

  /** The daemon said `model` is not installed: drop it from what is claimed at once (a refresh follows). */
  modelMissing(model: string): void {
    const installed = this.current.installed;
    const parts = new Set<StatePart>();
    let next = this.current;
    if (installed.kind === 'known' && installed.models.some((m) => sameModel(m.name, model))) {
      next = { ...next, installed: { ...installed, models: installed.models.filter((m) => !sameModel(m.name, model)) } };
      parts.add('installed');
    }
    if (next.uses.some((u) => u.model && sameModel(u.model, model))) {
      next = { ...next, uses: next.uses.map((u) => (u.model && sameModel(u.model, model) ? { feature: u.feature, automatic: false, missing: u.model } : u)) };
      parts.add('uses');
    }
    if (parts.size) this.commit(next, parts, false);
  }

  private commit(next: HearthSnapshot, parts: Set<StatePart>, connectionKindChanged: boolean): void {
    this.current = { ...next, revision: this.current.revision + 1 };
    this.changed.fire({ snapshot: this.current, parts, connectionKindChanged });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
