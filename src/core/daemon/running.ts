// Which models are loaded and how much of each sits in GPU memory (`GET /api/ps`), refreshed only
// when something can have changed: when the daemon comes up, shortly after a feature used it, and when
// a loaded model is due to expire. An idle window sends no /api/ps at all.
import type { RunningModel } from '../ollama/types';
import { Emitter, type Disposable, type Event } from '../util/events';
import { silentLogger, type Logger } from '../util/log';
import { systemClock, type Clock, type Timer } from './clock';

export interface RunningSchedule {
  /** After a feature used the daemon: refresh this much later (the model has loaded by then, usually)… */
  activityDelayMs: number;
  /** …but not more often than this while features keep using it… */
  activityThrottleMs: number;
  /** …and once more this long after the last use, to catch a slow load. */
  settleDelayMs: number;
  /** Refresh this long after the earliest expiry, to drop the expired model. */
  expiryGraceMs: number;
}

export const DEFAULT_RUNNING_SCHEDULE: RunningSchedule = {
  activityDelayMs: 2_000,
  activityThrottleMs: 15_000,
  settleDelayMs: 20_000,
  expiryGraceMs: 1_000,
};

/** Expiries further away than this are "kept loaded forever" (keep_alive -1): no timer for them. */
const FAR_FUTURE_MS = 24 * 3600_000;
const PAST_EXPIRY_RECHECK_MS = 60_000;

function sameModels(a: readonly RunningModel[], b: readonly RunningModel[]): boolean {
  const key = (m: RunningModel): string => `${m.name}|${m.sizeBytes}|${m.vramBytes}|${m.contextLength}|${m.expiresAt?.getTime()}`;
  return a.length === b.length && a.every((m, i) => key(m) === key(b[i]));
}

export interface RunningWatcherOptions {
  fetch(signal: AbortSignal): Promise<RunningModel[]>;
  clock?: Clock;
  /** Wall-clock time in ms since the epoch, to compare with `expiresAt`. */
  wallNow?: () => number;
  schedule?: Partial<RunningSchedule>;
  log?: Logger;
}

export class RunningModelsWatcher implements Disposable {
  private readonly clock: Clock;
  private readonly wallNow: () => number;
  private readonly log: Logger;
  readonly schedule: RunningSchedule;
  private list: RunningModel[] = [];
  private connected = false;
  private inflight: Promise<RunningModel[]> | undefined;
  /** When the last refresh caused by activity ran (the throttle applies to those only). */
  private lastActivityRefresh: number | undefined;
  private activityTimer: Timer | undefined;
  private settleTimer: Timer | undefined;
  private expiryTimer: Timer | undefined;
  private readonly lifetime = new AbortController();
  private readonly changed = new Emitter<RunningModel[]>();
  readonly onDidChange: Event<RunningModel[]> = this.changed.event;
  /** /api/ps requests made so far. */
  requests = 0;

  constructor(private readonly options: RunningWatcherOptions) {
    this.clock = options.clock ?? systemClock;
    this.wallNow = options.wallNow ?? Date.now;
    this.log = options.log ?? silentLogger;
    this.schedule = { ...DEFAULT_RUNNING_SCHEDULE, ...options.schedule };
  }

  /** Loaded models, most recently used first (the order /api/ps gives). */
  get models(): RunningModel[] {
    return this.list;
  }

  setConnected(connected: boolean): void {
    if (connected === this.connected) return;
    this.connected = connected;
    if (connected) {
      void this.refresh();
      return;
    }
    for (const timer of [this.activityTimer, this.settleTimer, this.expiryTimer]) timer?.cancel();
    this.activityTimer = this.settleTimer = this.expiryTimer = undefined;
    this.update([]);
  }

  /** A feature is about to use the daemon: the loaded models will change soon. */
  noteActivity(): void {
    if (!this.connected) return;
    if (!this.activityTimer) {
      const earliest = this.lastActivityRefresh === undefined ? 0 : this.lastActivityRefresh + this.schedule.activityThrottleMs;
      const delay = Math.max(this.schedule.activityDelayMs, earliest - this.clock.now());
      this.activityTimer = this.clock.schedule(() => {
        this.activityTimer = undefined;
        this.lastActivityRefresh = this.clock.now();
        void this.refresh();
      }, delay);
    }
    this.settleTimer?.cancel();
    this.settleTimer = this.clock.schedule(() => {
      this.settleTimer = undefined;
      void this.refresh();
    }, this.schedule.settleDelayMs);
  }

  /** Asks /api/ps now (joining a request in flight). Failures keep the last list. */
  refresh(): Promise<RunningModel[]> {
    if (!this.connected) return Promise.resolve(this.list);
    this.inflight ??= (async () => {
      this.requests++;
      try {
        const models = await this.options.fetch(this.lifetime.signal);
        if (this.connected) this.update(models);
      } catch (err) {
        this.log.debug(`running models: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        this.inflight = undefined;
      }
      this.scheduleExpiry();
      return this.list;
    })();
    return this.inflight;
  }

  private update(models: RunningModel[]): void {
    if (sameModels(this.list, models)) return;
    this.list = models;
    this.changed.fire(models);
  }

  private scheduleExpiry(): void {
    this.expiryTimer?.cancel();
    this.expiryTimer = undefined;
    if (!this.connected) return;
    const now = this.wallNow();
    const expiries = this.list.map((m) => m.expiresAt?.getTime()).filter((t): t is number => t !== undefined && t - now < FAR_FUTURE_MS);
    if (!expiries.length) return;
    const due = Math.min(...expiries) - now;
    // Already past (a model in use, or another clock on a remote host): look again later, never in a loop.
    const delay = due > 0 ? due + this.schedule.expiryGraceMs : PAST_EXPIRY_RECHECK_MS;
    this.expiryTimer = this.clock.schedule(() => {
      this.expiryTimer = undefined;
      void this.refresh();
    }, delay);
  }

  dispose(): void {
    this.connected = false;
    for (const timer of [this.activityTimer, this.settleTimer, this.expiryTimer]) timer?.cancel();
    this.lifetime.abort();
    this.changed.dispose();
  }
}
