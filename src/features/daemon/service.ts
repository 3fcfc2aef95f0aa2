// The daemon service: wires the health monitor, the supervisor and the running-models watcher to VS Code
// (settings, window focus, global state) and answers the one question features ask: "can I use the
// daemon now?" (DaemonAccess). Building it makes no request and touches no file: the first health check
// waits for focus and a short delay.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DaemonSupervisor,
  HealthMonitor,
  RunningModelsWatcher,
  findOllama,
  nodeDiscoveryHost,
  parseDaemonSettings,
  probeDaemon,
  processIsAlive,
  raceAbort,
  type DaemonSettings,
  type DaemonStatus,
  type Health,
  type SpawnRecord,
  type StartFailure,
} from '../../core/daemon';
import { OllamaError, isAbort } from '../../core/ollama/errors';
import type { OllamaGateway } from '../../core/ollama/gateway';
import { loadsModel, originOf, type RequestOutcome } from '../../core/ollama/outcomes';
import type { HearthState } from '../../core/state/hearthState';
import type { ConfigService } from '../../platform/config';
import type { DaemonAccess } from '../../platform/services';
import type * as ContainerBundle from '../../lazy/container';
import { lazyBundle } from '../../platform/lazy';
import { nodeContainerDeps } from './containerExec';
import { OllamaLog } from './ollamaLog';
import type { StartFlow } from './startFlow';

/** The container route (run, stop, find Hearth's container): loaded in container mode or when a Start runs a container. */
const containerRoute = lazyBundle<typeof ContainerBundle>('container');

const SPAWN_RECORD_KEY = 'hearth.daemon.spawnRecord';
/** Health checks give a daemon on this computer 2.5 s, a remote one 5 s. */
const LOCAL_PROBE_TIMEOUT_MS = 2_500;
const REMOTE_PROBE_TIMEOUT_MS = 5_000;
/** Deactivation must not hold up VS Code's shutdown: SIGTERM, 2 s grace, then SIGKILL. */
const SHUTDOWN_GRACE_MS = 2_000;

export interface DaemonServiceDeps {
  context: vscode.ExtensionContext;
  config: ConfigService;
  log: vscode.LogOutputChannel;
  gateway: OllamaGateway;
  /** The one state every view renders from; this service keeps its connection and loaded models current. */
  state: HearthState;
}

export class DaemonService implements DaemonAccess, vscode.Disposable {
  readonly monitor: HealthMonitor;
  readonly supervisor: DaemonSupervisor;
  readonly running: RunningModelsWatcher;
  readonly ollamaLog = new OllamaLog();
  private startFlow: StartFlow | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private lastHostKey: string;
  private lastPath: string;
  private lastRunMode: string;

  constructor(private readonly deps: DaemonServiceDeps) {
    const { context, config, log, gateway } = deps;
    this.monitor = new HealthMonitor({
      log,
      probe: (signal) => probeDaemon(gateway, { signal, timeoutMs: config.host?.isLoopback === false ? REMOTE_PROBE_TIMEOUT_MS : LOCAL_PROBE_TIMEOUT_MS }),
    });
    this.supervisor = new DaemonSupervisor({
      monitor: this.monitor,
      host: () => config.host,
      settings: () => this.settings,
      discover: (setting) => findOllama(setting, nodeDiscoveryHost()),
      baseEnv: process.env,
      originHost: {
        platform: process.platform,
        env: process.env,
        homedir: os.homedir(),
        exists: (file) => fs.promises.access(file).then(() => true, () => false),
        isAlive: processIsAlive,
        selfPid: process.pid,
      },
      records: {
        get: () => context.globalState.get<SpawnRecord>(SPAWN_RECORD_KEY),
        set: (record) => void context.globalState.update(SPAWN_RECORD_KEY, record),
      },
      logFile: () => {
        const dir = context.globalStorageUri.fsPath;
        fs.mkdirSync(dir, { recursive: true });
        return path.join(dir, 'ollama-serve.log');
      },
      onOutput: (line) => this.ollamaLog.append(line),
      log,
      container: nodeContainerDeps(),
      containerSupervision: (deps, monitor, options) => new (containerRoute().ContainerSupervision)(deps, monitor, options),
    });
    this.running = new RunningModelsWatcher({ log, fetch: (signal) => gateway.runningModels({ signal, timeoutMs: 5_000 }) });
    this.lastHostKey = this.hostKey();
    this.lastPath = this.settings.path;
    this.lastRunMode = this.runModeKey();
    this.disposables.push(
      this.supervisor.onDidChangeStatus((status) => {
        deps.state.setConnection(status);
        this.running.setConnected(status.kind === 'connected');
      }),
      this.running.onDidChange((models) => deps.state.setRunning(models)),
      gateway.onDidObserve((outcome) => this.observe(outcome)),
      vscode.window.onDidChangeWindowState((state) => this.monitor.setFocused(state.focused)),
      config.onDidChange(() => this.settingsChanged()),
    );
    this.monitor.start(vscode.window.state.focused);
  }

  get settings(): DaemonSettings {
    return parseDaemonSettings((key) => this.deps.config.get<unknown>(key, undefined));
  }

  get status(): DaemonStatus {
    return this.supervisor.status;
  }

  /** The UI side of starting (progress, the autoStart question, messages); set by register(). */
  attachStartFlow(flow: StartFlow): void {
    this.startFlow = flow;
  }

  // ---- DaemonAccess ---------------------------------------------------------------------

  async ensureAvailable(opts: { signal?: AbortSignal; interactive?: boolean } = {}): Promise<void> {
    try {
      await this.available(opts.signal, opts.interactive ?? false);
    } catch (err) {
      // Features tell cancellation apart with isAbort(); make it an OllamaError like every other outcome.
      if (isAbort(err) && !(err instanceof OllamaError)) throw new OllamaError('aborted', 'The request was cancelled.');
      throw err;
    }
  }

  private async available(signal: AbortSignal | undefined, interactive: boolean): Promise<void> {
    if (this.supervisor.isStarting) {
      const result = await raceAbort(this.supervisor.start(), signal);
      if (result.kind === 'failed') throw this.afterFailedStart(result.failure);
    }
    const health = await this.monitor.ensureFresh(signal);
    if (health.kind === 'up') {
      this.running.noteActivity();
      return;
    }
    if (interactive && health.kind === 'down' && !health.remote && this.startFlow) {
      const result = await raceAbort(this.startFlow.startIfAllowed(), signal);
      if (result === 'declined') {
        // The user was just asked whether to start Ollama and said no: one cause, one message.
        const error = errorFor(this.monitor.health);
        throw new OllamaError(error.kind, error.message, { ...error.details, reported: true });
      }
      if (result && (result.kind === 'started' || result.kind === 'alreadyRunning')) {
        this.running.noteActivity();
        return;
      }
      if (result?.kind === 'failed') throw this.afterFailedStart(result.failure);
    }
    throw errorFor(this.monitor.health);
  }

  /**
   * The error a feature gets after a start of Ollama failed. Every start goes through the start flow,
   * which has shown the precise reason (not installed, exited, timed out…), so the feature's error is
   * marked as already reported: one failure, one message. A start the user cancelled cancels the feature.
   */
  private afterFailedStart(failure: StartFailure): OllamaError {
    if (failure.kind === 'cancelled') return new OllamaError('aborted', 'Starting Ollama was cancelled.');
    const error = errorFor(this.monitor.health);
    return new OllamaError(error.kind, error.message, { ...error.details, reported: true });
  }

  reportUnreachable(): void {
    this.monitor.reportUnreachable();
  }

  async check(signal?: AbortSignal): Promise<DaemonStatus> {
    await this.monitor.check(signal);
    return this.supervisor.refreshStatus();
  }

  /** Every request's outcome moves the health state at once (not only the probes). */
  private observe(outcome: RequestOutcome): void {
    const host = this.deps.config.host;
    if (!host || originOf(host.url) !== outcome.host) return; // a request for a host no longer configured
    switch (outcome.kind) {
      case 'answered':
        this.monitor.markAnswered();
        // Only a generation can change what is loaded; /api/ps itself answering must not ask for more.
        if (outcome.status < 400 && loadsModel(outcome.path)) this.running.noteActivity();
        return;
      case 'unreachable':
        if (outcome.definite) this.monitor.markDown({ error: outcome.error, host: host.url, remote: !host.isLoopback });
        else this.monitor.reportUnreachable();
        return;
      case 'modelMissing':
        this.deps.state.modelMissing(outcome.model);
        return;
    }
  }

  // ---- life cycle -----------------------------------------------------------------------

  private hostKey(): string {
    const g = this.deps.config.gatewayConfig();
    return `${g.host?.url ?? g.hostSetting}|${g.allowRemoteHost}`;
  }

  /** What decides how Ollama would be started (a change recomputes "not installed" / "not running"). */
  private runModeKey(): string {
    const s = this.settings;
    return `${s.runMode}|${s.containerCli}`;
  }

  private settingsChanged(): void {
    const hostKey = this.hostKey();
    if (hostKey !== this.lastHostKey) {
      this.lastHostKey = hostKey;
      this.monitor.reset();
    }
    const binary = this.settings.path;
    const runMode = this.runModeKey();
    if (binary !== this.lastPath || runMode !== this.lastRunMode) {
      this.lastPath = binary;
      this.lastRunMode = runMode;
      this.supervisor.forgetBinary();
    }
  }

  /** Deactivation: stops a daemon this window started when hearth.ollama.stopOnExit is on; bounded in time. */
  async shutdown(): Promise<void> {
    try {
      await this.supervisor.shutdown(this.settings.stopOnExit, SHUTDOWN_GRACE_MS);
    } catch (err) {
      this.deps.log.warn(`stopping Ollama on exit: ${String(err)}`);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.running.dispose();
    this.supervisor.dispose();
    this.monitor.dispose();
    this.ollamaLog.dispose();
  }
}

/** The error a feature gets when the daemon cannot be used (always an OllamaError it knows how to show). */
export function errorFor(health: Health): OllamaError {
  switch (health.kind) {
    case 'up':
    case 'unknown':
      return new OllamaError('unreachable', 'Ollama has not answered yet.', { reason: 'other' });
    case 'down':
    case 'blocked':
      return health.error;
    case 'notOllama':
      // Not the server's error as such: a 404 from a web server must not read as "model not found".
      return new OllamaError('unreachable', `Another program answers at ${health.host}; it is not Ollama.`, { reason: 'other', host: health.host, cause: health.error });
  }
}
