// Runs Ollama's container through the Docker or Podman CLI: finds Hearth's own container by its label,
// starts it again or creates it (pulling the image after the user agreed to the download), stops it and
// reads its log. Every command that acts on a container names one that `ps --filter label=…` returned,
// so no other container is ever touched. The CLI itself is called through an injected exec (spawned by
// the feature layer, a fake in tests).
import {
  CONTAINER_NAME,
  approxDownloadBytes,
  cliProblem,
  configDigest,
  engineOf,
  foldPullLine,
  parsePs,
  psArgs,
  publishes,
  runArgs,
  stderrTail,
  withTag,
  type CliProblem,
  type ContainerEngine,
  type ContainerInfo,
  type PullProgress,
  type RunSpec,
} from './container';

export interface CliResult {
  /** The exit code; -1 when the CLI could not be run at all (then stderr says why). */
  code: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  /** Each line of output (stdout and stderr) as it arrives. */
  onLine?: (line: string) => void;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export type ContainerExec = (cli: string, args: string[], options?: ExecOptions) => Promise<CliResult>;

export type ContainerFailure =
  /** No `docker` or `podman` on PATH, or hearth.ollama.containerCli names nothing runnable. */
  | { kind: 'cliMissing'; setting: string }
  /** The CLI runs but its engine does not answer (Docker daemon stopped, Podman machine down). */
  | { kind: 'engineDown'; cli: string; detail: string }
  | { kind: 'downloadDeclined'; image: string }
  | { kind: 'pullFailed'; image: string; detail: string }
  /** `run` or `start` failed; `problem` says why when the CLI's words are known. */
  | { kind: 'runFailed'; cli: string; problem: CliProblem; detail: string }
  /** The container started and then stopped before Ollama answered. */
  | { kind: 'containerExited'; cli: string; logTail: string[] };

export type EnsureOutcome =
  | { kind: 'running'; id: string; how: 'created' | 'restarted' | 'alreadyRunning'; pulled: boolean }
  | { kind: 'failed'; failure: ContainerFailure };

export interface EnsureHooks {
  /** Asked before a pull: the image and its rough download size. False = do not download. */
  confirmDownload(image: string, approxBytes: number): Promise<boolean>;
  onPullProgress?(progress: PullProgress): void;
  signal?: AbortSignal;
}

/** How long a pull may take (a slow line, several GB). */
const PULL_TIMEOUT_MS = 60 * 60_000;
const COMMAND_TIMEOUT_MS = 60_000;

export class ContainerCliError extends Error {
  constructor(
    readonly step: string,
    readonly result: CliResult,
  ) {
    super(`${step} failed (exit ${result.code}): ${stderrTail(result.stderr) || 'no message'}`);
  }

  get problem(): CliProblem {
    return cliProblem(this.result.stderr);
  }
}

export class ContainerRunner {
  readonly engine: ContainerEngine;

  constructor(
    private readonly exec: ContainerExec,
    readonly cli: string,
  ) {
    this.engine = engineOf(cli);
  }

  private async call(step: string, args: string[], options: ExecOptions = {}): Promise<CliResult> {
    const result = await this.exec(this.cli, args, { timeoutMs: COMMAND_TIMEOUT_MS, ...options });
    if (result.code !== 0) throw new ContainerCliError(step, result);
    return result;
  }

  /** Whether the engine answers (`info` fails with "Cannot connect to the Docker daemon" otherwise). */
  async engineAnswers(): Promise<CliResult> {
    return this.exec(this.cli, ['info'], { timeoutMs: COMMAND_TIMEOUT_MS });
  }

  /** Hearth's containers (by label), running or not. */
  async list(): Promise<ContainerInfo[]> {
    return parsePs((await this.call('ps', psArgs())).stdout);
  }

  /** Hearth's container: the one with the label, preferring the one with Hearth's name. */
  async find(): Promise<ContainerInfo | undefined> {
    const all = await this.list();
    return all.find((c) => c.name === CONTAINER_NAME) ?? all[0];
  }

  async imagePresent(image: string): Promise<boolean> {
    const result = await this.exec(this.cli, ['image', 'inspect', withTag(image)], { timeoutMs: COMMAND_TIMEOUT_MS });
    return result.code === 0;
  }

  async pull(image: string, onProgress?: (p: PullProgress) => void, signal?: AbortSignal): Promise<void> {
    let progress: PullProgress = { layers: 0, done: 0, message: '' };
    const seen = new Set<string>();
    await this.call('pull', ['pull', withTag(image)], {
      timeoutMs: PULL_TIMEOUT_MS,
      signal,
      onLine: (line) => {
        progress = foldPullLine(progress, line, seen);
        onProgress?.(progress);
      },
    });
  }

  async start(id: string): Promise<void> {
    await this.call('start', ['start', id]);
  }

  /** `stop -t <seconds>`: SIGTERM, then SIGKILL after the grace period. */
  async stop(id: string, graceSeconds = 5, timeoutMs = COMMAND_TIMEOUT_MS): Promise<void> {
    await this.call('stop', ['stop', '-t', String(graceSeconds), id], { timeoutMs });
  }

  async remove(id: string): Promise<void> {
    await this.call('rm', ['rm', '-f', id]);
  }

  /** The container's last log lines (Ollama logs to stderr, which `logs` replays on stderr: both are read). */
  async logs(id: string, tail = 500): Promise<string[]> {
    const result = await this.call('logs', ['logs', '--tail', String(tail), id]);
    return `${result.stdout}\n${result.stderr}`.split(/\r?\n/).filter((l) => l.trim());
  }

  /**
   * Makes Hearth's container run for `spec`: connects to a running one that publishes the port, starts
   * a stopped one made with the same arguments, else (re)creates it, pulling the image first if the user
   * agrees. A container of Hearth's made with other arguments (another port, image, env) is replaced:
   * its models stay in the named volume.
   */
  async ensureRunning(spec: RunSpec, hooks: EnsureHooks): Promise<EnsureOutcome> {
    const failed = (failure: ContainerFailure): EnsureOutcome => ({ kind: 'failed', failure });
    const asFailure = (err: unknown): EnsureOutcome => {
      if (!(err instanceof ContainerCliError)) throw err;
      const detail = stderrTail(err.result.stderr) || err.message;
      if (err.problem === 'engineDown' || err.result.code === -1) return failed({ kind: 'engineDown', cli: this.cli, detail });
      if (err.step === 'pull') return failed({ kind: 'pullFailed', image: spec.image, detail });
      return failed({ kind: 'runFailed', cli: this.cli, problem: err.problem, detail });
    };
    try {
      const digest = configDigest(spec);
      const mine = await this.find();
      if (mine?.running && publishes(mine.ports, spec.hostname, spec.port)) return { kind: 'running', id: mine.id, how: 'alreadyRunning', pulled: false };
      if (mine && !mine.running && mine.config === digest) {
        await this.start(mine.id);
        return { kind: 'running', id: mine.id, how: 'restarted', pulled: false };
      }
      if (mine) await this.remove(mine.id);
      let pulled = false;
      if (!(await this.imagePresent(spec.image))) {
        if (!(await hooks.confirmDownload(spec.image, approxDownloadBytes(spec.image)))) return failed({ kind: 'downloadDeclined', image: spec.image });
        await this.pull(spec.image, hooks.onPullProgress, hooks.signal);
        pulled = true;
      }
      const result = await this.call('run', runArgs(spec));
      const id = result.stdout.trim().split(/\r?\n/).pop()?.trim() ?? '';
      return { kind: 'running', id: id || CONTAINER_NAME, how: 'created', pulled };
    } catch (err) {
      return asFailure(err);
    }
  }
}
