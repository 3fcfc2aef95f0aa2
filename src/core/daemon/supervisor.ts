// The daemon's life cycle as Hearth manages it: the combined status, starting `ollama serve` (once,
// however many callers ask at the same time), stopping only what Hearth started, and noticing when a
// daemon it started dies.
import { OllamaError } from '../ollama/errors';
import type { ResolvedHost } from '../ollama/host';
import { Emitter, type Disposable, type Event } from '../util/events';
import { silentLogger, type Logger } from '../util/log';
import { DaemonChild, type ExitInfo, type OutputStream, type OutputTarget, type SpawnOptions, type StopOutcome } from './child';
import { sleep, systemClock, type Clock } from './clock';
import type { ContainerFailure } from './containerRunner';
import type { ContainerDeps, ContainerStarted, ContainerStartHooks, ContainerSupervision } from './containerStart';
import type { Discovery } from './discovery';
import { buildDaemonEnv, type DaemonEnv } from './env';
import type { Health, HealthMonitor } from './health';
import { decideStop, guessExternalOrigin, type OriginHost, type Owner, type SpawnRecord } from './ownership';
import type { DaemonSettings } from './settings';
import { sameStatus, type DaemonStatus, type MissingBinary } from './status';

export type StartFailure =
  | { kind: 'remoteHost'; host: string }
  | { kind: 'blocked'; error: OllamaError }
  | { kind: 'notOllama'; host: string; error: OllamaError }
  /** No `ollama` binary. `containerCli`: a docker/podman that could run Ollama in a container instead. */
  | { kind: 'notInstalled'; missing: MissingBinary; containerCli?: string }
  /** hearth.ollama.runMode is `none`: Hearth only connects, it never starts Ollama. */
  | { kind: 'runModeNone' }
  /** Running Ollama's container failed (no CLI, engine down, download declined or failed, run failed). */
  | { kind: 'container'; failure: ContainerFailure }
  | { kind: 'spawnFailed'; binary: string; code: string; message: string }
  /** The process ended before it answered. `portInUse`: its output says the address is taken. */
  | { kind: 'exited'; binary: string; exit: ExitInfo; stderr: string[]; portInUse: boolean }
  /** No answer within the timeout; Hearth stopped the process it had started. */
  | { kind: 'timeout'; binary: string; timeoutMs: number; stderr: string[] }
  | { kind: 'cancelled' };

export type StartResult =
  | { kind: 'started'; version: string; binary: string; pid: number; elapsedMs: number; container?: ContainerStarted }
  | { kind: 'alreadyRunning'; version: string; owner: Owner }
  | { kind: 'failed'; failure: StartFailure };

export type StopResult =
  | { kind: 'stopped'; outcome: StopOutcome }
  /** Hearth did not start this daemon, so it leaves it alone. */
  | { kind: 'notOwned'; owner: Owner }
  | { kind: 'notRunning' }
  /** The container CLI failed to stop Hearth's container. */
  | { kind: 'failed'; detail: string };

export interface StartOptions {
  /** The user's cancel button: stops what is being started. */
  cancel?: AbortSignal;
  /** Questions and progress of a container start (the download of the image). */
  container?: ContainerStartHooks;
}

/** What Hearth knows about a daemon it started in this window. */
export interface SpawnedDaemon {
  pid: number;
  /** The host it was started for (hearth.host may have changed since). */
  host: string;
  binary: string;
  source: (Discovery & { kind: 'found' })['source'];
  startedAt: number;
  env: DaemonEnv;
  canOutliveWindow: boolean;
}

export interface UnexpectedExit {
  exit: ExitInfo;
  stderr: string[];
}

export interface SupervisorDeps {
  monitor: HealthMonitor;
  /** The configured host (undefined when the setting cannot be parsed). */
  host(): ResolvedHost | undefined;
  settings(): DaemonSettings;
  discover(setting: string): Promise<Discovery>;
  baseEnv: Readonly<Record<string, string | undefined>>;
  originHost: OriginHost;
  /** Shared between windows (VS Code's global state), so another window can tell who started a daemon. */
  records: { get(): SpawnRecord | undefined; set(record: SpawnRecord | undefined): void };
  /** Where a daemon that may outlive the window writes its log (`hearth.ollama.stopOnExit` off); asked at start. */
  logFile?(): string | undefined;
  onOutput?(line: string, stream: OutputStream): void;
  clock?: Clock;
  log?: Logger;
  platform?: NodeJS.Platform;
  spawn?(options: SpawnOptions): DaemonChild;
  /** Runs Ollama in a container (hearth.ollama.runMode `container`). */
  container?: ContainerDeps;
  /**
   * Creates the container half when it is first needed (container mode, a Start that runs a container): the
   * feature layer loads it from a lazy bundle, so binary-mode sessions never load it. Needed with `container`.
   */
  containerSupervision?(deps: ContainerDeps, monitor: HealthMonitor, options: { clock: Clock; log: Logger }): ContainerSupervision;
}

/** How long a discovery result is reused for the status (a start always looks again). */
const DISCOVERY_TTL_MS = 30_000;
/** Polls while a started daemon comes up: quick at first (start time matters), then calmer. */
const START_POLL_MS = [50, 100, 100, 200, 200, 300, 500];
/** `ollama serve` logs this once it holds the port; a daemon that lost the port to another never does. */
const READY_LINE = /Listening on /;
/** A binary that never logs READY_LINE counts as the listener if it is still alive this long after the port answered. */
const CONFIRM_WITHOUT_READY_LINE_MS = 3_000;

export class DaemonSupervisor implements Disposable {
  private readonly clock: Clock;
  private readonly log: Logger;
  private child: DaemonChild | undefined;
  private spawned: SpawnedDaemon | undefined;
  private starting: Promise<StartResult> | undefined;
  private startAbort: AbortController | undefined;
  private expectedExit: DaemonChild | undefined;
  private discovery: { at: number; setting: string; result: Discovery } | undefined;
  private current: DaemonStatus = { kind: 'checking' };
  private statusSeq = 0;
  private readonly statusChanged = new Emitter<DaemonStatus>();
  private readonly exitedUnexpectedly = new Emitter<UnexpectedExit>();
  private readonly subscription: Disposable;
  /** The container half, once created (see `container`). */
  private containers: ContainerSupervision | undefined;
  /** Fires once per change of the combined status. */
  readonly onDidChangeStatus: Event<DaemonStatus> = this.statusChanged.event;
  /** A daemon Hearth started died without being asked to (killed, crashed). */
  readonly onDidExitUnexpectedly: Event<UnexpectedExit> = this.exitedUnexpectedly.event;

  constructor(private readonly deps: SupervisorDeps) {
    this.clock = deps.clock ?? systemClock;
    this.log = deps.log ?? silentLogger;
    this.subscription = deps.monitor.onDidChange(() => void this.refreshStatus());
  }

  /** The container half, when this supervisor can run containers; created (and its code loaded) on first use. */
  get container(): ContainerSupervision | undefined {
    const { container, containerSupervision } = this.deps;
    if (!this.containers && container && containerSupervision) this.containers = containerSupervision(container, this.deps.monitor, { clock: this.clock, log: this.log });
    return this.containers;
  }

  /** The container CLI the settings name (or docker, then podman, on PATH): a PATH lookup that needs no container code. */
  async containerCli(settings: DaemonSettings): Promise<string | undefined> {
    if (!this.deps.container || !this.deps.containerSupervision) return undefined;
    return this.deps.container.findCli(settings.containerCli).catch(() => undefined);
  }

  /** Whether a Start could do anything: a binary (binary mode) or a container CLI (container mode). */
  async canStart(): Promise<boolean> {
    const settings = this.deps.settings();
    if (settings.runMode === 'none') return false;
    if (settings.runMode === 'container') return (await this.containerCli(settings)) !== undefined;
    return (await this.findBinary()).kind === 'found';
  }

  get status(): DaemonStatus {
    return this.current;
  }

  get isStarting(): boolean {
    return this.starting !== undefined;
  }

  /** The daemon this window started and still runs, if any. */
  get spawnedDaemon(): SpawnedDaemon | undefined {
    return this.child?.isRunning ? this.spawned : undefined;
  }

  /** The last stderr lines of the daemon this window started (running or not). */
  lastOutput(count = 8): string[] {
    return this.child?.lastStderr(count) ?? [];
  }

  /** Who runs the daemon that answers now. */
  async owner(): Promise<Owner> {
    const spawned = this.spawnedDaemon;
    const health = this.deps.monitor.health;
    if (spawned && (health.kind !== 'up' || health.host === spawned.host)) {
      return { kind: 'thisWindow', pid: spawned.pid, binary: spawned.binary, startedAt: spawned.startedAt };
    }
    if (health.kind !== 'up') return { kind: 'none' };
    const settings = this.deps.settings();
    const host = this.deps.host();
    const containers = settings.runMode === 'container' && host?.isLoopback ? this.container : undefined;
    if (containers && host) {
      const serving = await containers.serving(settings, host);
      if (serving) return { kind: 'container', id: serving.info.id, name: serving.info.name, cli: serving.runner.cli, startedHere: containers.startedInThisWindow };
    }
    return { kind: 'external', origin: await guessExternalOrigin(this.deps.originHost, this.deps.records.get(), health.host) };
  }

  /** Finds the binary (cached briefly for the status; `fresh` looks again). */
  async findBinary(fresh = false): Promise<Discovery> {
    const setting = this.deps.settings().path;
    const cached = this.discovery;
    if (!fresh && cached && cached.setting === setting && this.clock.now() - cached.at < DISCOVERY_TTL_MS) return cached.result;
    const result = await this.deps.discover(setting);
    this.discovery = { at: this.clock.now(), setting, result };
    return result;
  }

  /** Settings changed: the binary may be elsewhere now. */
  forgetBinary(): void {
    this.discovery = undefined;
    void this.refreshStatus();
  }

  /** Recomputes the combined status from the monitor, the start in progress and the binary. */
  async refreshStatus(): Promise<DaemonStatus> {
    const seq = ++this.statusSeq;
    const next = await this.computeStatus(this.deps.monitor.health);
    if (seq === this.statusSeq && !sameStatus(this.current, next)) {
      this.current = next;
      this.statusChanged.fire(next);
    }
    return this.current;
  }

  private async computeStatus(health: Health): Promise<DaemonStatus> {
    if (this.starting && health.kind !== 'up') return { kind: 'starting', host: this.deps.host()?.url ?? '?' };
    switch (health.kind) {
      case 'unknown':
        return { kind: 'checking' };
      case 'up':
        return { kind: 'connected', version: health.version, host: health.host, remote: health.remote };
      case 'blocked':
        return { kind: 'blocked', error: health.error };
      case 'notOllama':
        return { kind: 'notOllama', host: health.host, remote: health.remote, error: health.error };
      case 'down': {
        if (health.remote) return { kind: 'notRunning', host: health.host, remote: true, error: health.error };
        // Without a binary to find: `container` starts a container (its Start says what is missing), `none` only connects.
        if (this.deps.settings().runMode !== 'binary') return { kind: 'notRunning', host: health.host, remote: false, error: health.error };
        const found = await this.findBinary();
        if (found.kind !== 'found') return { kind: 'notInstalled', host: health.host, missing: found, error: health.error };
        return { kind: 'notRunning', host: health.host, remote: false, error: health.error };
      }
    }
  }

  /**
   * Starts `ollama serve` unless a daemon already answers. Callers at the same time share one start.
   * `cancel` is the user's cancel button: it stops the process being started.
   */
  start(options: StartOptions = {}): Promise<StartResult> {
    if (!this.starting) {
      const controller = new AbortController();
      this.startAbort = controller;
      const onCancel = (): void => controller.abort();
      options.cancel?.addEventListener('abort', onCancel, { once: true });
      this.starting = this.runStart(controller.signal, options.container).finally(() => {
        options.cancel?.removeEventListener('abort', onCancel);
        this.starting = undefined;
        this.startAbort = undefined;
        void this.refreshStatus();
      });
      void this.refreshStatus();
    }
    return this.starting;
  }

  private async runStart(cancel: AbortSignal, hooks?: ContainerStartHooks): Promise<StartResult> {
    const t0 = this.clock.now();
    const health = await this.deps.monitor.check();
    if (health.kind === 'up') return { kind: 'alreadyRunning', version: health.version, owner: await this.owner() };
    if (health.kind === 'blocked') return failed({ kind: 'blocked', error: health.error });
    const host = this.deps.host();
    if (!host) return failed({ kind: 'blocked', error: new OllamaError('unreachable', 'The Ollama host setting is not a valid address.', { reason: 'other' }) });
    if (!host.isLoopback) return failed({ kind: 'remoteHost', host: host.url });
    if (health.kind === 'notOllama') return failed({ kind: 'notOllama', host: host.url, error: health.error });
    if (cancel.aborted) return failed({ kind: 'cancelled' });
    const settings = this.deps.settings();
    if (settings.runMode === 'none') return failed({ kind: 'runModeNone' });
    if (settings.runMode === 'container') return this.startContainer(host, settings, hooks, cancel, t0);

    const found = await this.findBinary(true);
    if (found.kind !== 'found') {
      // No binary, but Docker or Podman is here: the message can offer to run Ollama in a container.
      const cli = found.kind === 'notFound' ? await this.containerCli(settings) : undefined;
      return failed(cli ? { kind: 'notInstalled', missing: found, containerCli: cli } : { kind: 'notInstalled', missing: found });
    }
    const listen = host.source === 'environment' ? this.deps.baseEnv.OLLAMA_HOST : undefined;
    const env = buildDaemonEnv({ base: this.deps.baseEnv, host, listen, user: settings.env, platform: this.deps.platform });
    for (const problem of env.problems) this.log.warn(`hearth.ollama.env: skipped ${problem.key || '(the setting)'}: ${problem.reason}`);

    const hold = this.deps.monitor.hold();
    const ready = readySignal();
    try {
      const logFile = settings.stopOnExit ? undefined : this.logFileOrUndefined();
      const output: OutputTarget = logFile ? { kind: 'file', path: logFile } : { kind: 'pipe' };
      this.log.info(`starting ${found.path} serve (${found.source}) with ${Object.entries(env.passed).map(([k, v]) => `${k}=${v}`).join(' ')}`);
      let child: DaemonChild;
      try {
        child = (this.deps.spawn ?? ((o) => new DaemonChild(o)))({
          binary: found.path,
          env: env.env,
          output,
          clock: this.clock,
          platform: this.deps.platform,
          onLine: (line, stream) => {
            this.deps.onOutput?.(line, stream);
            if (READY_LINE.test(line)) ready.mark();
          },
        });
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        return failed({ kind: 'spawnFailed', binary: found.path, code: e.code ?? 'ERROR', message: e.message });
      }
      this.adopt(child, found, env, host.url);
      return await this.waitUntilUp(child, ready, t0, settings.startTimeoutMs, cancel);
    } finally {
      hold.dispose();
    }
  }

  private async startContainer(host: ResolvedHost, settings: DaemonSettings, hooks: ContainerStartHooks | undefined, cancel: AbortSignal, t0: number): Promise<StartResult> {
    const containers = this.container;
    if (!containers) return failed({ kind: 'container', failure: { kind: 'cliMissing', setting: settings.containerCli } });
    const hold = this.deps.monitor.hold();
    try {
      const result = await containers.start(settings, host, hooks, cancel, this.deps.platform ?? process.platform);
      switch (result.kind) {
        case 'up':
          return { kind: 'started', version: result.version, binary: `${result.container.cli} ${result.container.image}`, pid: -1, elapsedMs: this.clock.now() - t0, container: result.container };
        case 'failed':
          return failed({ kind: 'container', failure: result.failure });
        case 'timeout':
          return failed({ kind: 'timeout', binary: result.cli, timeoutMs: settings.startTimeoutMs, stderr: result.logTail });
        case 'cancelled':
          return failed({ kind: 'cancelled' });
      }
    } finally {
      hold.dispose();
    }
  }

  private logFileOrUndefined(): string | undefined {
    try {
      return this.deps.logFile?.();
    } catch (err) {
      this.log.warn(`no log file for ollama serve, its output goes to this window only: ${String(err)}`);
      return undefined;
    }
  }

  private adopt(child: DaemonChild, found: Discovery & { kind: 'found' }, env: DaemonEnv, host: string): void {
    this.child = child;
    const pid = child.pid;
    if (pid !== undefined) {
      this.spawned = { pid, host, binary: found.path, source: found.source, startedAt: Date.now(), env, canOutliveWindow: child.canOutliveWindow };
    }
    void child.exited.then((exit) => this.onChildExit(child, exit));
  }

  /** Tells other windows who runs the daemon; written only once it answers (a loser of a race never writes). */
  private publishRecord(spawned: SpawnedDaemon): void {
    this.deps.records.set({ daemonPid: spawned.pid, ownerPid: this.deps.originHost.selfPid, host: spawned.host, binary: spawned.binary, startedAt: spawned.startedAt });
  }

  private async waitUntilUp(child: DaemonChild, ready: ReadySignal, t0: number, timeoutMs: number, cancel: AbortSignal): Promise<StartResult> {
    const exited = child.exited.then(() => undefined);
    const cancelled = new Promise<void>((resolve) => cancel.addEventListener('abort', () => resolve(), { once: true }));
    // The ready line wakes the loop once, for an immediate check (the start time matters).
    let readyWoke = false;
    const readyWake = ready.promise.then(() => {
      readyWoke = true;
    });
    for (let attempt = 0; ; attempt++) {
      if (cancel.aborted) {
        await this.stopChild(child, 3_000);
        return failed({ kind: 'cancelled' });
      }
      const health = await this.deps.monitor.check();
      if (health.kind === 'up') {
        // The port answers, but is it our process? Another window may have started one a moment earlier,
        // in which case ours cannot bind and exits.
        if (!(await this.isListener(child, ready))) return this.afterEarlyExit(child);
        if (this.spawned && this.child === child) this.publishRecord(this.spawned);
        return { kind: 'started', version: health.version, binary: child.binary, pid: child.pid ?? -1, elapsedMs: this.clock.now() - t0 };
      }
      if (child.exit) return this.afterEarlyExit(child);
      if (this.clock.now() - t0 >= timeoutMs) {
        const stderr = child.lastStderr();
        this.log.warn(`ollama serve did not answer within ${timeoutMs} ms; stopping it`);
        await this.stopChild(child, 3_000);
        return failed({ kind: 'timeout', binary: child.binary, timeoutMs, stderr });
      }
      const pause = START_POLL_MS[Math.min(attempt, START_POLL_MS.length - 1)];
      const remaining = Math.max(0, timeoutMs - (this.clock.now() - t0));
      const nap = sleep(this.clock, Math.min(pause, remaining));
      await Promise.race(readyWoke ? [exited, cancelled, nap] : [exited, cancelled, nap, readyWake]);
    }
  }

  private async isListener(child: DaemonChild, ready: ReadySignal): Promise<boolean> {
    if (!ready.seen) {
      await Promise.race([ready.promise, child.exited, sleep(this.clock, CONFIRM_WITHOUT_READY_LINE_MS)]);
    }
    return child.exit === undefined;
  }

  private async afterEarlyExit(child: DaemonChild): Promise<StartResult> {
    if (child.spawnError) {
      return failed({ kind: 'spawnFailed', binary: child.binary, code: child.spawnError.code ?? 'ERROR', message: child.spawnError.message });
    }
    // Two windows starting at once: the other daemon took the port and this one exited. Use it.
    const again = await this.deps.monitor.check();
    if (again.kind === 'up') return { kind: 'alreadyRunning', version: again.version, owner: await this.owner() };
    const stderr = child.lastStderr();
    const exit = child.exit ?? { code: null, signal: null };
    const portInUse = stderr.some((l) => /address already in use|only one usage of each socket address/i.test(l));
    this.log.warn(`ollama serve exited at once (code ${exit.code}, signal ${exit.signal})${stderr.length ? `:\n${stderr.join('\n')}` : ''}`);
    return failed({ kind: 'exited', binary: child.binary, exit, stderr, portInUse });
  }

  private onChildExit(child: DaemonChild, exit: ExitInfo): void {
    if (this.child !== child) return;
    const expected = this.expectedExit === child || this.starting !== undefined;
    const record = this.deps.records.get();
    if (record && record.daemonPid === child.pid && record.ownerPid === this.deps.originHost.selfPid) this.deps.records.set(undefined);
    if (expected) return;
    this.log.warn(`ollama serve (pid ${child.pid}) exited unexpectedly (code ${exit.code}, signal ${exit.signal})`);
    this.exitedUnexpectedly.fire({ exit, stderr: child.lastStderr() });
    this.deps.monitor.reportUnreachable();
  }

  private async stopChild(child: DaemonChild, graceMs: number): Promise<StopOutcome> {
    this.expectedExit = child;
    const outcome = await child.stop(graceMs);
    this.log.info(`ollama serve (pid ${child.pid}) stopped: ${outcome}`);
    return outcome;
  }

  /** Stops the daemon only if this window started it; otherwise says who did. */
  async stop(graceMs = 3_000): Promise<StopResult> {
    const child = this.child;
    if (this.starting && child?.isRunning) this.startAbort?.abort();
    const settings = this.deps.settings();
    const containers = settings.runMode === 'container' && !child?.isRunning ? this.container : undefined;
    if (containers) {
      if (this.starting) this.startAbort?.abort();
      const stopped = await containers.stop(settings, Math.max(1, Math.round(graceMs / 1000)));
      if (stopped.kind === 'failed') return { kind: 'failed', detail: stopped.detail };
      if (stopped.kind === 'stopped') {
        await this.deps.monitor.check();
        return { kind: 'stopped', outcome: 'terminated' };
      }
      // None of Hearth's containers runs: whatever answers is someone else's (the rule below says so).
    }
    const decision = decideStop(child?.isRunning ?? false, this.deps.monitor.health.kind === 'up', await this.owner());
    if (decision.kind === 'notOwned') return { kind: 'notOwned', owner: decision.owner };
    if (decision.kind === 'notRunning' || !child) return { kind: 'notRunning' };
    const outcome = await this.stopChild(child, graceMs);
    await this.deps.monitor.check();
    return { kind: 'stopped', outcome };
  }

  /** Stops and starts a daemon this window started; starts one when none runs. */
  async restart(options: StartOptions = {}): Promise<StopResult | StartResult> {
    const stopped = await this.stop();
    if (stopped.kind === 'notOwned') return stopped;
    return this.start(options);
  }

  /**
   * The window closes. With `stopOnExit` a daemon this window started is stopped (graceful, then forced,
   * bounded in time). Without it the daemon is left running if it can outlive the window.
   */
  async shutdown(stopOnExit: boolean, graceMs = 2_000): Promise<void> {
    await this.containers?.shutdown(stopOnExit, Math.max(1, Math.round(graceMs / 1000)));
    const child = this.child;
    if (!child?.isRunning) return;
    if (!stopOnExit && child.canOutliveWindow) {
      this.log.info(`leaving ollama serve (pid ${child.pid}) running (hearth.ollama.stopOnExit is off)`);
      child.release();
      return;
    }
    await this.stopChild(child, graceMs);
  }

  dispose(): void {
    this.subscription.dispose();
    this.statusChanged.dispose();
    this.exitedUnexpectedly.dispose();
  }
}

interface ReadySignal {
  readonly seen: boolean;
  readonly promise: Promise<void>;
  mark(): void;
}

function readySignal(): ReadySignal {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  const signal = {
    seen: false,
    promise,
    mark: () => {
      signal.seen = true;
      resolve();
    },
  };
  return signal;
}

function failed(failure: StartFailure): StartResult {
  return { kind: 'failed', failure };
}
