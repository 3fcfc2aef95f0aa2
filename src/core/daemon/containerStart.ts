// The container half of the supervisor (hearth.ollama.runMode `container`): starting Hearth's container
// up to the moment Ollama answers, stopping it, telling whether it is the one that answers, and what
// this window started (stop-on-exit applies to that only).
import type { ResolvedHost } from '../ollama/host';
import { silentLogger, type Logger } from '../util/log';
import { sleep, systemClock, type Clock } from './clock';
import { CONTAINER_NAME, CONTAINER_VOLUME, imageFor, publishes, type ContainerInfo, type GpuSetting, type GpuVendor, type PullProgress, type RunSpec } from './container';
import { ContainerRunner, type ContainerExec, type ContainerFailure } from './containerRunner';
import { buildDaemonEnv } from './env';
import type { HealthMonitor } from './health';
import type { DaemonSettings } from './settings';

export interface ContainerDeps {
  exec: ContainerExec;
  /** The CLI to use: the setting's (a name on PATH or an absolute path), else `docker`, then `podman`, on PATH. */
  findCli(setting: string): Promise<string | undefined>;
  /** The GPU to pass in for the setting (`auto` looks at the host's devices). */
  gpu(setting: GpuSetting): Promise<GpuVendor>;
}

/** What the user is asked and shown while a container starts (the feature layer answers). */
export interface ContainerStartHooks {
  confirmDownload(image: string, approxBytes: number): Promise<boolean>;
  onPullProgress?(progress: PullProgress): void;
}

export interface ContainerStarted {
  id: string;
  cli: string;
  image: string;
  gpu: GpuVendor;
  how: 'created' | 'restarted' | 'alreadyRunning';
  pulled: boolean;
}

export type ContainerStartResult =
  | { kind: 'up'; version: string; container: ContainerStarted }
  | { kind: 'failed'; failure: ContainerFailure }
  | { kind: 'timeout'; cli: string; logTail: string[] }
  | { kind: 'cancelled' };

const POLL_MS = [100, 200, 300, 500];
/** How often the wait for Ollama also asks the CLI whether the container still runs. */
const CONTAINER_CHECK_EVERY = 4;

/** `localhost` is a name Docker does not accept in `-p`: publish on the loopback address it stands for. */
export function bindAddress(hostname: string): string {
  return hostname === 'localhost' ? '127.0.0.1' : hostname;
}

export class ContainerSupervision {
  private readonly clock: Clock;
  private readonly log: Logger;
  /** The container this window created or started (not one it merely found running). */
  private startedHere: { id: string; cli: string } | undefined;

  constructor(
    private readonly deps: ContainerDeps,
    private readonly monitor: HealthMonitor,
    options: { clock?: Clock; log?: Logger; platform?: NodeJS.Platform } = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silentLogger;
  }

  get startedInThisWindow(): boolean {
    return this.startedHere !== undefined;
  }

  async runner(settings: DaemonSettings): Promise<ContainerRunner | undefined> {
    const cli = await this.deps.findCli(settings.containerCli);
    return cli ? new ContainerRunner(this.deps.exec, cli) : undefined;
  }

  /** Hearth's container, if the CLI can be run and answers; undefined otherwise (never throws). */
  async find(settings: DaemonSettings): Promise<{ runner: ContainerRunner; info: ContainerInfo } | undefined> {
    try {
      const runner = await this.runner(settings);
      const info = await runner?.find();
      return runner && info ? { runner, info } : undefined;
    } catch (err) {
      this.log.debug(`container lookup: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  /** Hearth's container when it runs and publishes `host`'s port: then it is the Ollama that answers there. */
  async serving(settings: DaemonSettings, host: ResolvedHost): Promise<{ runner: ContainerRunner; info: ContainerInfo } | undefined> {
    const found = await this.find(settings);
    return found?.info.running && publishes(found.info.ports, bindAddress(host.hostname), host.port) ? found : undefined;
  }

  async start(settings: DaemonSettings, host: ResolvedHost, hooks: ContainerStartHooks | undefined, cancel: AbortSignal, platform: NodeJS.Platform): Promise<ContainerStartResult> {
    const runner = await this.runner(settings);
    if (!runner) return { kind: 'failed', failure: { kind: 'cliMissing', setting: settings.containerCli } };
    const vendor = await this.deps.gpu(settings.containerGpu);
    // OLLAMA_HOST stays the image's 0.0.0.0:11434 inside the container; the host side is the `-p` loopback address.
    const env = buildDaemonEnv({ base: {}, host, user: settings.env, platform });
    for (const problem of env.problems) this.log.warn(`hearth.ollama.env: skipped ${problem.key || '(the setting)'}: ${problem.reason}`);
    const { OLLAMA_HOST: _ignored, ...userEnv } = env.passed;
    if (userEnv.OLLAMA_MODELS !== undefined) {
      // A folder on this computer means nothing inside the container: its models live in the volume.
      this.log.warn(`hearth.ollama.env: OLLAMA_MODELS is not passed into the container (its models live in the volume ${CONTAINER_VOLUME})`);
      delete userEnv.OLLAMA_MODELS;
    }
    const spec: RunSpec = { engine: runner.engine, image: imageFor(settings.containerImage, vendor, runner.engine), vendor, hostname: bindAddress(host.hostname), port: host.port, env: userEnv };
    this.log.info(`container: ${runner.cli} (${runner.engine}), image ${spec.image}, GPU ${vendor}, publishing ${spec.hostname}:${spec.port}`);
    const outcome = await runner.ensureRunning(spec, {
      confirmDownload: (image, bytes) => (hooks ? hooks.confirmDownload(image, bytes) : Promise.resolve(false)),
      onPullProgress: hooks?.onPullProgress,
      signal: cancel,
    });
    if (outcome.kind === 'failed') {
      if (cancel.aborted) return { kind: 'cancelled' };
      this.log.warn(`container start failed: ${JSON.stringify(outcome.failure)}`);
      return outcome;
    }
    if (outcome.how !== 'alreadyRunning') this.startedHere = { id: outcome.id, cli: runner.cli };
    this.log.info(`container ${CONTAINER_NAME} (${outcome.id.slice(0, 12)}) ${outcome.how}${outcome.pulled ? ' after pulling the image' : ''}`);
    const container: ContainerStarted = { id: outcome.id, cli: runner.cli, image: spec.image, gpu: vendor, how: outcome.how, pulled: outcome.pulled };
    return this.waitUntilUp(runner, container, settings.startTimeoutMs, cancel);
  }

  private async waitUntilUp(runner: ContainerRunner, container: ContainerStarted, timeoutMs: number, cancel: AbortSignal): Promise<ContainerStartResult> {
    const t0 = this.clock.now();
    for (let attempt = 0; ; attempt++) {
      if (cancel.aborted) {
        await this.stopQuietly(runner, container.id);
        return { kind: 'cancelled' };
      }
      const health = await this.monitor.check();
      if (health.kind === 'up') return { kind: 'up', version: health.version, container };
      if (attempt % CONTAINER_CHECK_EVERY === CONTAINER_CHECK_EVERY - 1) {
        const info = await runner.find().catch(() => undefined);
        if (info && !info.running) {
          const logTail = await runner.logs(info.id, 20).catch(() => []);
          return { kind: 'failed', failure: { kind: 'containerExited', cli: runner.cli, logTail: logTail.slice(-3) } };
        }
      }
      if (this.clock.now() - t0 >= timeoutMs) {
        const logTail = await runner.logs(container.id, 20).catch(() => []);
        this.log.warn(`Ollama in the container did not answer within ${timeoutMs} ms; stopping the container`);
        await this.stopQuietly(runner, container.id);
        return { kind: 'timeout', cli: runner.cli, logTail: logTail.slice(-2) };
      }
      const pause = POLL_MS[Math.min(attempt, POLL_MS.length - 1)];
      await Promise.race([sleep(this.clock, pause), new Promise<void>((resolve) => cancel.addEventListener('abort', () => resolve(), { once: true }))]);
    }
  }

  private async stopQuietly(runner: ContainerRunner, id: string, graceSeconds = 2, timeoutMs?: number): Promise<void> {
    try {
      await runner.stop(id, graceSeconds, timeoutMs);
    } catch (err) {
      this.log.warn(`stopping the container: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (this.startedHere?.id === id) this.startedHere = undefined;
  }

  /**
   * Stops Hearth's container if it runs. 'none': there is none running (or no CLI); the caller decides
   * what else answers. Only the labelled container is ever named.
   */
  async stop(settings: DaemonSettings, graceSeconds: number): Promise<{ kind: 'stopped'; id: string } | { kind: 'none' } | { kind: 'failed'; detail: string }> {
    const found = await this.find(settings);
    if (!found?.info.running) return { kind: 'none' };
    try {
      await found.runner.stop(found.info.id, graceSeconds);
    } catch (err) {
      return { kind: 'failed', detail: err instanceof Error ? err.message : String(err) };
    }
    this.log.info(`container ${found.info.name} (${found.info.id.slice(0, 12)}) stopped`);
    if (this.startedHere?.id === found.info.id) this.startedHere = undefined;
    return { kind: 'stopped', id: found.info.id };
  }

  /** The window closes: stops the container only if this window started it (hearth.ollama.stopOnExit). */
  async shutdown(stopOnExit: boolean, graceSeconds: number): Promise<void> {
    const mine = this.startedHere;
    if (!mine) return;
    if (!stopOnExit) {
      this.log.info(`leaving the container ${CONTAINER_NAME} running (hearth.ollama.stopOnExit is off)`);
      return;
    }
    // VS Code's shutdown must not wait on an engine that hangs: the CLI call is cut off a little after the grace.
    await this.stopQuietly(new ContainerRunner(this.deps.exec, mine.cli), mine.id, graceSeconds, (graceSeconds + 2) * 1000);
  }

  /** The container's log lines (for "Show Ollama Logs" and the GPU check). */
  async logs(settings: DaemonSettings, tail = 500): Promise<{ name: string; cli: string; lines: string[] } | undefined> {
    const found = await this.find(settings);
    if (!found) return undefined;
    try {
      return { name: found.info.name, cli: found.runner.cli, lines: await found.runner.logs(found.info.id, tail) };
    } catch {
      return undefined;
    }
  }
}
