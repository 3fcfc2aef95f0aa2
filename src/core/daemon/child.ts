// A daemon process that Hearth spawned: its output line by line, its last stderr lines for error
// messages, and a stop that is graceful first (SIGTERM), forceful after a grace period (SIGKILL), and
// never waits longer than that.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { systemClock, sleep, type Clock } from './clock';
import { killWindowsTree } from './treeKill';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type OutputStream = 'stdout' | 'stderr';

/**
 * Where the daemon's output goes. `pipe`: straight to Hearth; the daemon shares VS Code's process
 * group and dies with it. `file`: appended to a log file that Hearth follows, in a process group of its
 * own, so the daemon can outlive the window (with a pipe it would die of SIGPIPE at its next log line
 * once VS Code is gone).
 */
export type OutputTarget = { kind: 'pipe' } | { kind: 'file'; path: string };

export interface SpawnOptions {
  binary: string;
  args?: string[];
  env: Record<string, string>;
  output?: OutputTarget;
  /** Each complete line of output, as it arrives. */
  onLine?: (line: string, stream: OutputStream) => void;
  clock?: Clock;
  platform?: NodeJS.Platform;
  /** Ends the process with its descendants on Windows (taskkill /T); injected in tests. */
  killTree?: (pid: number) => Promise<boolean>;
}

export type StopOutcome = 'terminated' | 'killed' | 'alreadyExited' | 'unresponsive';

const KEEP_STDERR_LINES = 40;

/** Splits a byte stream into lines; the last partial line is flushed on end. */
function lineReader(onLine: (line: string) => void): { push(chunk: Buffer): void; end(): void } {
  let pending = '';
  return {
    push(chunk) {
      pending += chunk.toString('utf8');
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        onLine(pending.slice(0, newline).replace(/\r$/, ''));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    },
    end() {
      if (pending) onLine(pending);
      pending = '';
    },
  };
}

export class DaemonChild {
  readonly binary: string;
  readonly startedAt: number;
  /** Resolves once when the process has exited (or could not be started at all). */
  readonly exited: Promise<ExitInfo>;
  /** Set when spawning itself failed (ENOENT, EACCES…). */
  spawnError: NodeJS.ErrnoException | undefined;
  private exitInfo: ExitInfo | undefined;
  private readonly stderrTail: string[] = [];
  private readonly clock: Clock;
  private readonly platform: NodeJS.Platform;
  private stopping: Promise<StopOutcome> | undefined;
  private readonly process: ChildProcess;
  /** Signals go to the whole group (the daemon and its model runners) when it has one of its own. */
  private readonly ownGroup: boolean;
  private readonly tail: { stop(): void } | undefined;
  private readonly killTree: (pid: number) => Promise<boolean>;

  constructor(options: SpawnOptions) {
    this.binary = options.binary;
    this.clock = options.clock ?? systemClock;
    this.platform = options.platform ?? process.platform;
    this.startedAt = this.clock.now();
    this.killTree = options.killTree ?? ((pid) => killWindowsTree(pid));
    const output = options.output ?? { kind: 'pipe' };
    this.ownGroup = output.kind === 'file' && this.platform !== 'win32';
    const emit = (stream: OutputStream) => (line: string) => {
      if (stream === 'stderr') {
        this.stderrTail.push(line);
        if (this.stderrTail.length > KEEP_STDERR_LINES) this.stderrTail.shift();
      }
      options.onLine?.(line, stream);
    };
    const out = lineReader(emit('stdout'));
    const err = lineReader(emit('stderr'));
    let fd: number | undefined;
    if (output.kind === 'file') fd = fs.openSync(output.path, 'w');
    try {
      this.process = spawn(options.binary, options.args ?? ['serve'], {
        env: options.env,
        stdio: fd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd],
        windowsHide: true,
        detached: output.kind === 'file',
      });
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
    this.process.stdout?.on('data', (c: Buffer) => out.push(c));
    this.process.stderr?.on('data', (c: Buffer) => err.push(c));
    // Ollama writes its log to stderr, so a followed log file counts as stderr.
    const tail = output.kind === 'file' ? followFile(output.path, this.clock, (c) => err.push(c)) : undefined;
    this.tail = tail;
    this.exited = new Promise<ExitInfo>((resolve) => {
      const finish = (info: ExitInfo): void => {
        if (this.exitInfo) return;
        this.exitInfo = info;
        resolve(info);
      };
      this.process.once('error', (error: NodeJS.ErrnoException) => {
        // 'error' without a pid means the spawn failed; with a pid it is a failed kill, not an exit.
        if (this.process.pid === undefined) {
          this.spawnError = error;
          tail?.stop();
          finish({ code: null, signal: null });
        }
      });
      // 'close' comes after the output streams ended, so the last stderr lines are in.
      this.process.once('close', (code, signal) => {
        void (tail ? tail.drain() : Promise.resolve()).then(() => {
          out.end();
          err.end();
          finish({ code, signal });
        });
      });
    });
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** undefined while running. */
  get exit(): ExitInfo | undefined {
    return this.exitInfo;
  }

  get isRunning(): boolean {
    return this.exitInfo === undefined && this.process.pid !== undefined;
  }

  /** Whether the daemon can outlive this window (it writes to a file, in a process group of its own). */
  get canOutliveWindow(): boolean {
    return this.tail !== undefined;
  }

  /** Stops following the output and leaves the process running (the window closes, the daemon stays). */
  release(): void {
    this.tail?.stop();
    this.process.unref();
  }

  private signal(signal: NodeJS.Signals): void {
    try {
      if (this.ownGroup && this.process.pid !== undefined) process.kill(-this.process.pid, signal);
      else this.process.kill(signal);
    } catch {
      // Already gone.
    }
  }

  /** The last lines the process wrote to stderr (Ollama logs there), oldest first. */
  lastStderr(count = 8): string[] {
    return this.stderrTail.filter((l) => l.trim()).slice(-count);
  }

  /**
   * SIGTERM, then SIGKILL after `graceMs`, then gives up after `killWaitMs` more (a process in
   * uninterruptible sleep cannot be waited for; VS Code's shutdown must not hang on it).
   * On Windows there is no graceful signal: the process tree is ended with taskkill (the model runners
   * with it), falling back to `kill()` for the daemon alone when taskkill fails.
   */
  stop(graceMs: number, killWaitMs = 1_000): Promise<StopOutcome> {
    this.stopping ??= this.runStop(graceMs, killWaitMs);
    return this.stopping;
  }

  private async runStop(graceMs: number, killWaitMs: number): Promise<StopOutcome> {
    if (!this.isRunning) return 'alreadyExited';
    const exited = this.exited.then(() => true);
    const within = (ms: number): Promise<boolean> => Promise.race([exited, sleep(this.clock, ms).then(() => false)]);
    if (this.platform === 'win32') {
      const pid = this.process.pid;
      const treeEnded = pid !== undefined && (await this.killTree(pid));
      if (!treeEnded) this.signal('SIGTERM');
      return (await within(graceMs + killWaitMs)) ? 'killed' : 'unresponsive';
    }
    this.signal('SIGTERM');
    if (await within(graceMs)) return 'terminated';
    this.signal('SIGKILL');
    return (await within(killWaitMs)) ? 'killed' : 'unresponsive';
  }
}

/** Follows a file that another process appends to, from its current end (polling: works on every OS). */
function followFile(file: string, clock: Clock, onChunk: (chunk: Buffer) => void): { drain(): Promise<void>; stop(): void } {
  let offset = 0;
  let stopped = false;
  let reading: Promise<void> = Promise.resolve();
  const readMore = async (): Promise<void> => {
    let handle: fs.promises.FileHandle | undefined;
    try {
      handle = await fs.promises.open(file, 'r');
      for (;;) {
        const buffer = Buffer.alloc(64 * 1024);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
        onChunk(buffer.subarray(0, bytesRead));
      }
    } catch {
      // The file can vanish (cleaned up by the user); nothing more to follow.
    } finally {
      await handle?.close();
    }
  };
  const tick = (): void => {
    if (stopped) return;
    reading = reading.then(readMore);
    void reading.then(() => clock.schedule(tick, 250));
  };
  tick();
  return {
    drain: async () => {
      stopped = true;
      reading = reading.then(readMore);
      await reading;
    },
    stop: () => {
      stopped = true;
    },
  };
}
