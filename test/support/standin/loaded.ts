// Which models are "in memory" (/api/ps) and until when, following the scheduler's keep_alive rules: the
// request's value replaces the runner's; an omitted value keeps the runner's, or the 5m default on a load;
// 0 unloads when the last request ends; the expiry clock starts when the runner goes idle.

import { keyOf } from './names';
import type { InstalledModel } from './store';

export const DEFAULT_KEEP_ALIVE_MS = 5 * 60_000;

/** MaxInt64 nanoseconds, the server's "forever": expires_at lands about 292 years out. */
const FOREVER_MS = 9_223_372_036_854;

export interface LoadedModel {
  model: InstalledModel;
  numCtx: number;
  keepAliveMs: number; // Infinity = forever
  refs: number;
  /** Epoch ms; only meaningful while refs is 0. */
  idleSince: number;
}

export interface UseResult {
  entry: LoadedModel;
  /** The model was not loaded, or had to reload for another num_ctx. */
  cold: boolean;
}

/** One (re)load of a model: the runner started for it, with this num_ctx. */
export interface LoadEvent {
  model: string;
  numCtx: number;
}

export class LoadedModels {
  private readonly byKey = new Map<string, LoadedModel>();
  /** Every load and reload, oldest first (tests check that features sharing a model never reload it). */
  readonly loads: LoadEvent[] = [];

  private key(m: InstalledModel): string {
    return keyOf(m.name) ?? m.name.toLowerCase();
  }

  private prune(now: number): void {
    for (const [k, e] of this.byKey) {
      if (e.refs === 0 && now >= e.idleSince + e.keepAliveMs) this.byKey.delete(k);
    }
  }

  /** keepAliveMs undefined = the request did not set keep_alive. */
  use(model: InstalledModel, keepAliveMs: number | undefined, numCtx: number): UseResult {
    const now = Date.now();
    this.prune(now);
    const k = this.key(model);
    const existing = this.byKey.get(k);
    if (existing && existing.numCtx === numCtx) {
      existing.refs++;
      existing.model = model;
      if (keepAliveMs !== undefined) existing.keepAliveMs = keepAliveMs;
      return { entry: existing, cold: false };
    }
    const entry: LoadedModel = {
      model,
      numCtx,
      keepAliveMs: keepAliveMs ?? existing?.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS,
      refs: (existing?.refs ?? 0) + 1,
      idleSince: now,
    };
    this.byKey.set(k, entry);
    this.loads.push({ model: model.name, numCtx });
    return { entry, cold: true };
  }

  release(entry: LoadedModel): void {
    entry.refs = Math.max(0, entry.refs - 1);
    if (entry.refs === 0) {
      entry.idleSince = Date.now();
      if (entry.keepAliveMs <= 0) this.byKey.delete(this.key(entry.model));
    }
  }

  /** An empty prompt with keep_alive 0: expire the runner now. */
  unload(model: InstalledModel): void {
    const k = this.key(model);
    const e = this.byKey.get(k);
    if (!e) return;
    if (e.refs === 0) this.byKey.delete(k);
    else e.keepAliveMs = 0;
  }

  isLoaded(model: InstalledModel): boolean {
    this.prune(Date.now());
    return this.byKey.has(this.key(model));
  }

  clear(): void {
    this.byKey.clear();
  }

  /** Entries with their expiry (epoch ms), latest expiry first, as PsHandler sorts. */
  list(): { entry: LoadedModel; expiresAt: number }[] {
    const now = Date.now();
    this.prune(now);
    return [...this.byKey.values()]
      .map((entry) => {
        const base = entry.refs > 0 ? now : entry.idleSince;
        const span = Number.isFinite(entry.keepAliveMs) ? entry.keepAliveMs : FOREVER_MS;
        return { entry, expiresAt: base + span };
      })
      .sort((a, b) => b.expiresAt - a.expiresAt);
  }
}
