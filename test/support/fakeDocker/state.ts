// The fake container engine's state: one JSON file in the fake's directory, changed under a lock (two CLI
// calls can run at once, as with the real engine), and a JSON-lines record of every call. TEST TOOL ONLY.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FakeContainer {
  /** 64 hex digits; the CLI prints the first 12. */
  id: string;
  name: string;
  image: string;
  labels: Record<string, string>;
  /** `-p host:hostPort:containerPort` */
  ports: { host: string; hostPort: number; containerPort: number }[];
  env: Record<string, string>;
  /** GPU flags it was run with (`--gpus=all`, `--device …`). */
  gpu: string[];
  volumes: string[];
  state: 'created' | 'running' | 'exited';
  /** The stand-in process that plays the container; none for a foreign container (it only exists in the list). */
  pid?: number;
  /** False for containers the test put there to check that Hearth never touches them. */
  runnable: boolean;
  exitCode?: number;
  createdAt: number;
}

export interface FakeState {
  /** The engine does not answer (Docker daemon stopped): every command that needs it fails. */
  daemonDown: boolean;
  /** Images present, normalised (`ollama/ollama:latest`). */
  images: string[];
  containers: FakeContainer[];
  /** Pause between pull progress lines. */
  pullDelayMs: number;
  /** The "container" logs that it found no GPU even when one was passed in. */
  noGpuInside: boolean;
}

export interface RecordedCall {
  args: string[];
  at: number;
  /** docker or podman: the name the fake was called by. */
  cli: string;
}

export function initialState(): FakeState {
  return { daemonDown: false, images: [], containers: [], pullDelayMs: 20, noGpuInside: false };
}

export const stateFile = (dir: string): string => path.join(dir, 'state.json');
export const callsFile = (dir: string): string => path.join(dir, 'calls.jsonl');
export const logFile = (dir: string, id: string): string => path.join(dir, `container-${id.slice(0, 12)}.log`);

export function readState(dir: string): FakeState {
  try {
    return { ...initialState(), ...(JSON.parse(fs.readFileSync(stateFile(dir), 'utf8')) as Partial<FakeState>) };
  } catch {
    return initialState();
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `change` on the state under a lock directory (mkdir is atomic), then writes it back. */
export function withState<T>(dir: string, change: (state: FakeState) => T): T {
  const lock = path.join(dir, 'state.lock');
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) fs.rmSync(lock, { recursive: true, force: true });
      else sleepSync(5);
    }
  }
  try {
    const state = readState(dir);
    const result = change(state);
    const tmp = `${stateFile(dir)}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(state, null, 2));
    fs.renameSync(tmp, stateFile(dir));
    return result;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export function readCalls(dir: string): RecordedCall[] {
  let text = '';
  try {
    text = fs.readFileSync(callsFile(dir), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RecordedCall);
}

/** `ollama/ollama` → `ollama/ollama:latest`; `docker.io/ollama/ollama` and `docker.io/library/x` as Docker reads them. */
export function normaliseImage(image: string): string {
  let name = image.replace(/^docker\.io\//, '').replace(/^library\//, '');
  const last = name.split('/').pop() ?? name;
  if (!last.includes(':') && !last.includes('@')) name += ':latest';
  return name;
}

export function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // An exited "container" whose new parent does not reap it (PID 1 in some sandboxes) stays a zombie,
  // which signal 0 still finds: on Linux, read its state.
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}
