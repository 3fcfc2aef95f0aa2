// Puts the fake docker/podman CLI (cli.ts) into a temporary directory for a test: an executable node
// script with a shebang, its state and its record of calls beside it. TEST TOOL ONLY.
//
//   const docker = FakeDocker.install();              // or FakeDocker.install({ name: 'podman' })
//   … point hearth.ollama.containerCli (or a runner) at docker.cli …
//   docker.calls()                                    // every call's arguments, in order
//   docker.addForeignContainer('someone-elses')      // must never be touched: any call naming it fails
//   await docker.cleanup();                           // stops every "container" and removes the directory
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { initialState, isAlive, readCalls, readState, stateFile, withState, type FakeContainer, type FakeState, type RecordedCall } from './state';

export type { FakeContainer, FakeState, RecordedCall } from './state';

export class FakeDocker {
  private constructor(
    /** The directory with the launcher, state.json, calls.jsonl and the containers' logs. */
    readonly dir: string,
    /** The executable to run (its name is `docker` or `podman`). */
    readonly cli: string,
  ) {}

  static install(options: { name?: 'docker' | 'podman'; images?: string[]; pullDelayMs?: number; node?: string } = {}): FakeDocker {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-fake-docker-'));
    const name = options.name ?? 'docker';
    const cli = path.join(dir, name);
    const node = options.node ?? process.execPath;
    const entry = path.join(__dirname, 'cli.js');
    fs.writeFileSync(cli, `#!${node}\n// Hearth's fake ${name} (a test tool): see test/support/fakeDocker/cli.ts\nrequire(${JSON.stringify(entry)}).runCli(__filename);\n`, { mode: 0o755 });
    const state: FakeState = { ...initialState(), images: (options.images ?? []).map((i) => i), pullDelayMs: options.pullDelayMs ?? 20 };
    fs.writeFileSync(stateFile(dir), JSON.stringify(state, null, 2));
    return new FakeDocker(dir, cli);
  }

  calls(): RecordedCall[] {
    return readCalls(this.dir);
  }

  /** The arguments of every call, e.g. `['ps', '-a', …]`. */
  argv(): string[][] {
    return this.calls().map((c) => c.args);
  }

  state(): FakeState {
    return readState(this.dir);
  }

  containers(): FakeContainer[] {
    return this.state().containers;
  }

  update(change: (state: FakeState) => void): void {
    withState(this.dir, change);
  }

  setDaemonDown(down: boolean): void {
    this.update((s) => {
      s.daemonDown = down;
    });
  }

  /** Someone else's container (another Ollama, say): listed by `ps -a`, never to be named by Hearth. */
  addForeignContainer(name: string, options: { running?: boolean; labels?: Record<string, string>; image?: string } = {}): FakeContainer {
    const container: FakeContainer = {
      id: randomBytes(32).toString('hex'),
      name,
      image: options.image ?? 'ollama/ollama:latest',
      labels: options.labels ?? {},
      ports: [{ host: '0.0.0.0', hostPort: 11434, containerPort: 11434 }],
      env: {},
      gpu: [],
      volumes: ['ollama:/root/.ollama'],
      state: options.running === false ? 'exited' : 'running',
      runnable: false,
      createdAt: Date.now(),
    };
    this.update((s) => {
      s.containers.push(container);
    });
    return container;
  }

  /** Calls that named this container (by name, full id or a prefix of 12). */
  callsNaming(container: FakeContainer): string[][] {
    const short = container.id.slice(0, 12);
    return this.argv().filter((args) => args.some((a) => a === container.name || a === container.id || a === short || a === `/${container.name}`));
  }

  /** Stops every container process and removes the directory. */
  async cleanup(): Promise<void> {
    const pids = this.containers().map((c) => c.pid).filter((p): p is number => p !== undefined);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // gone
      }
    }
    const deadline = Date.now() + 3_000;
    while (pids.some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    for (const pid of pids.filter(isAlive)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
