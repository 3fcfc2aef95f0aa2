// The health monitor: the one place that decides when to ask the daemon `GET /api/version`.
//
//  - A feature that needs the daemon asks `ensureFresh()`: a recent healthy answer is reused, so a
//    feature costs no request while the daemon is known to be up.
//  - In the background it checks every 30 s while healthy and focused (and at once when the window regains
//    focus after 5 s away: the user may have stopped Ollama in a terminal), often while the daemon is down
//    (1 s, then every 2 s: a restarted Ollama is seen within about 2 s; a refused connection on this
//    computer costs well under a millisecond), and not at all while VS Code is unfocused and nothing is
//    pending (a start in progress, or a feature that just reported the daemon unreachable).
//  - Every request's outcome moves the state too (markDown, markAnswered): a refused connection means
//    down now, an HTTP answer while down means "check at once", so no view waits for the next probe.
//  - Concurrent checks share one request. A change of state fires one event; a repeated answer fires none.
import { OllamaError, toOllamaError } from '../ollama/errors';
import { Emitter, type Disposable, type Event } from '../util/events';
import { silentLogger, type Logger } from '../util/log';
import { raceAbort, systemClock, type Clock, type Timer } from './clock';
import { sameProbe, type ProbeResult } from './probe';

export type Health = { kind: 'unknown' } | ProbeResult;

export interface HealthSchedule {
  /** The first background check after start(), only while focused. */
  firstProbeDelayMs: number;
  /** Between checks while the daemon answers. */
  healthyIntervalMs: number;
  /** Backoff after failures: initial, doubling, capped. */
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** When the window regains focus, a healthy answer older than this is checked again at once. */
  focusRecheckMs: number;
  /** A failed answer this recent is reused by ensureFresh() (a feature on every keystroke costs no flood). */
  downCacheMs: number;
  /** reportUnreachable() checks after this delay, so a burst of reports costs one request. */
  suspectDelayMs: number;
}

export const DEFAULT_SCHEDULE: HealthSchedule = {
  firstProbeDelayMs: 1_500,
  healthyIntervalMs: 30_000,
  backoffInitialMs: 1_000,
  backoffMaxMs: 2_000,
  focusRecheckMs: 5_000,
  downCacheMs: 1_000,
  suspectDelayMs: 250,
};

export function backoffDelay(schedule: HealthSchedule, failures: number): number {
  const exponent = Math.max(0, failures - 1);
  return Math.min(schedule.backoffMaxMs, schedule.backoffInitialMs * 2 ** Math.min(exponent, 30));
}

function sameHealth(a: Health, b: Health): boolean {
  if (a.kind === 'unknown' || b.kind === 'unknown') return a.kind === b.kind;
  return sameProbe(a, b);
}

export interface HealthMonitorOptions {
  probe: (signal: AbortSignal) => Promise<ProbeResult>;
  clock?: Clock;
  schedule?: Partial<HealthSchedule>;
  log?: Logger;
}

export class HealthMonitor implements Disposable {
  private readonly probe: (signal: AbortSignal) => Promise<ProbeResult>;
  private readonly clock: Clock;
  private readonly log: Logger;
  readonly schedule: HealthSchedule;
  private state: Health = { kind: 'unknown' };
  private checkedAt: number | undefined;
  private failures = 0;
  private inflight: Promise<Health> | undefined;
  private timer: Timer | undefined;
  private focused = false;
  private started = false;
  private suspect = false;
  private holds = 0;
  private generation = 0;
  private disposed = false;
  private readonly lifetime = new AbortController();
  private readonly changed = new Emitter<Health>();
  /** Fires once per change of state (not for a repeated answer). */
  readonly onDidChange: Event<Health> = this.changed.event;

  constructor(options: HealthMonitorOptions) {
    this.probe = options.probe;
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silentLogger;
    this.schedule = { ...DEFAULT_SCHEDULE, ...options.schedule };
  }

  get health(): Health {
    return this.state;
  }

  /** When the last check finished, on the clock's scale; undefined before the first. */
  get lastCheckedAt(): number | undefined {
    return this.checkedAt;
  }

  /** Starts background checking; the first check waits for focus and a short delay (never blocks activation). */
  start(focused: boolean): void {
    this.started = true;
    this.focused = focused;
    this.reschedule();
  }

  setFocused(focused: boolean): void {
    if (focused === this.focused) return;
    this.focused = focused;
    if (!focused || !this.started || this.checkedAt === undefined || this.inflight) {
      this.reschedule();
      return;
    }
    const since = this.clock.now() - this.checkedAt;
    const stale =
      this.state.kind === 'up' ? since >= this.schedule.focusRecheckMs : this.state.kind !== 'blocked' && since >= this.schedule.backoffInitialMs;
    if (stale) void this.check();
    else this.reschedule();
  }

  /** A feature's request failed to reach the daemon: check soon, focused or not. */
  reportUnreachable(): void {
    if (this.disposed) return;
    this.suspect = true;
    this.reschedule();
  }

  /**
   * A request was refused, or its host name did not resolve: nothing listens there now. The state says
   * so at once, without a probe, and checking goes on at the down rate to see it come back.
   */
  markDown(down: { error: OllamaError; host: string; remote: boolean }): void {
    if (this.disposed || this.state.kind === 'blocked') return;
    this.record({ kind: 'down', ...down });
    this.reschedule();
  }

  /**
   * A request got an HTTP answer. Known up: that counts as a fresh check. Believed down or not checked
   * yet: check at once (the answer may come from another program, so the probe decides what it is).
   */
  markAnswered(): void {
    if (this.disposed) return;
    if (this.state.kind === 'up') {
      if (!this.inflight) {
        this.checkedAt = this.clock.now();
        this.reschedule();
      }
      return;
    }
    if (this.state.kind === 'down' || this.state.kind === 'unknown') void this.check();
  }

  /** Keeps checking while unfocused until the returned handle is disposed (e.g. during a start). */
  hold(): Disposable {
    this.holds++;
    this.reschedule();
    let released = false;
    return {
      dispose: () => {
        if (released) return;
        released = true;
        this.holds--;
        this.reschedule();
      },
    };
  }

  /** The settings changed (host, privacy switches): forget the old answer and check now. */
  reset(): void {
    this.generation++;
    this.failures = 0;
    this.checkedAt = undefined;
    void this.check();
  }

  /** The current state when it is recent enough, else a check (shared with any check in flight). */
  ensureFresh(signal?: AbortSignal): Promise<Health> {
    if (!this.suspect && !this.inflight && this.checkedAt !== undefined) {
      const since = this.clock.now() - this.checkedAt;
      if (this.state.kind === 'up' && since < this.schedule.healthyIntervalMs) return Promise.resolve(this.state);
      if ((this.state.kind === 'down' || this.state.kind === 'notOllama') && since < this.schedule.downCacheMs) return Promise.resolve(this.state);
    }
    return this.check(signal);
  }

  /** Checks now (joining a check in flight). `signal` only stops this caller's wait. */
  check(signal?: AbortSignal): Promise<Health> {
    if (this.disposed) return Promise.resolve(this.state);
    if (!this.inflight) {
      this.timer?.cancel();
      this.timer = undefined;
      this.suspect = false;
      const generation = this.generation;
      this.inflight = this.runProbe().then((result) => {
        this.inflight = undefined;
        if (generation !== this.generation) return this.check(); // settings changed meanwhile: ask again
        this.record(result);
        this.reschedule();
        return this.state;
      });
    }
    return raceAbort(this.inflight, signal);
  }

  private async runProbe(): Promise<ProbeResult | undefined> {
    try {
      return await this.probe(this.lifetime.signal);
    } catch (err) {
      if (this.disposed) return undefined;
      const error = err instanceof OllamaError ? err : toOllamaError(err, {});
      this.log.debug(`daemon health: probe failed: ${error.message}`);
      return { kind: 'down', error, host: error.details.host ?? '?', remote: false };
    }
  }

  private record(result: ProbeResult | undefined): void {
    if (!result || this.disposed) return;
    this.checkedAt = this.clock.now();
    this.failures = result.kind === 'up' ? 0 : this.failures + 1;
    const changed = !sameHealth(this.state, result);
    this.state = result;
    if (changed) {
      this.log.info(`daemon health: ${describeHealth(result)}`);
      this.changed.fire(result);
    }
  }

  private reschedule(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.disposed || !this.started || this.inflight) return;
    if (!this.focused && !this.suspect && this.holds === 0) return;
    const delay = this.nextDelay();
    if (delay === undefined) return;
    this.timer = this.clock.schedule(() => {
      this.timer = undefined;
      void this.check();
    }, delay);
  }

  private nextDelay(): number | undefined {
    if (this.suspect) return this.schedule.suspectDelayMs;
    if (this.checkedAt === undefined) return this.schedule.firstProbeDelayMs;
    const since = this.clock.now() - this.checkedAt;
    switch (this.state.kind) {
      case 'up':
        return Math.max(0, this.schedule.healthyIntervalMs - since);
      case 'blocked':
        return undefined; // nothing would be sent; a settings change calls reset()
      default:
        return Math.max(0, backoffDelay(this.schedule, this.failures) - since);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.cancel();
    this.lifetime.abort();
    this.changed.dispose();
  }
}

export function describeHealth(health: Health): string {
  switch (health.kind) {
    case 'unknown':
      return 'not checked yet';
    case 'up':
      return `Ollama ${health.version} answers at ${health.host}`;
    case 'blocked':
      return `blocked: ${health.error.message}`;
    default:
      return `${health.kind} at ${health.host}: ${health.error.message}`;
  }
}
