// Ollama in a container (Docker or Podman): the arguments Hearth gives the CLI, and the reading of what
// the CLI prints back (its container list, pull progress, Ollama's GPU lines in the container's log).
// Plain functions: the runner (containerRunner.ts) calls the CLI, the feature layer spawns it.

export type ContainerEngine = 'docker' | 'podman';
/** The GPU passed into the container. `none`: Ollama runs on the CPU. */
export type GpuVendor = 'nvidia' | 'amd' | 'none';
export type GpuSetting = 'auto' | GpuVendor;

/** The one container Hearth creates, and the label it (and only it) carries. */
export const CONTAINER_NAME = 'hearth-ollama';
export const CONTAINER_LABEL = 'dev.hearth.ollama';
/** A second label with a digest of the run arguments: a stopped container made with others is recreated. */
export const CONFIG_LABEL = 'dev.hearth.ollama.config';
/** Models live in a named volume, so recreating the container keeps them. */
export const CONTAINER_VOLUME = 'hearth-ollama';
/** Where Ollama listens inside the image (its OLLAMA_HOST is 0.0.0.0:11434). */
export const CONTAINER_PORT = 11434;

/** The CLI's kind from its file name (`/usr/bin/podman`, `podman.exe`, `docker`). */
export function engineOf(cli: string): ContainerEngine {
  const base = cli.split(/[\\/]/).pop() ?? cli;
  return /podman/i.test(base) ? 'podman' : 'docker';
}

/**
 * The image: the user's setting, else `ollama/ollama` (`:rocm` for AMD). Podman gets the fully qualified
 * name: with short-name mode "enforcing" and no TTY it refuses `ollama/ollama`.
 */
export function imageFor(setting: string, vendor: GpuVendor, engine: ContainerEngine): string {
  if (setting.trim()) return setting.trim();
  const base = engine === 'podman' ? 'docker.io/ollama/ollama' : 'ollama/ollama';
  return vendor === 'amd' ? `${base}:rocm` : base;
}

/** `ollama/ollama` → `ollama/ollama:latest` (the name `image inspect` and the pull status use). */
export function withTag(image: string): string {
  const lastPart = image.split('/').pop() ?? image;
  return lastPart.includes(':') || lastPart.includes('@') ? image : `${image}:latest`;
}

/**
 * The download size to announce before a pull, in bytes, as a rough figure: the CUDA image is about
 * 1.5–2 GB compressed, the ROCm one 4 GB and more. Neither registry nor CLI says before the pull.
 */
export function approxDownloadBytes(image: string): number {
  return /rocm/i.test(image) ? 4e9 : 2e9;
}

/** The flags that pass the GPU in. NVIDIA: `--gpus=all` on Docker, CDI on Podman; AMD: the ROCm devices. */
export function gpuFlags(vendor: GpuVendor, engine: ContainerEngine): string[] {
  switch (vendor) {
    case 'nvidia':
      return engine === 'podman' ? ['--device', 'nvidia.com/gpu=all', '--security-opt=label=disable'] : ['--gpus=all'];
    case 'amd':
      return ['--device', '/dev/kfd', '--device', '/dev/dri'];
    case 'none':
      return [];
  }
}

/** `host:port:11434` for `-p`, IPv6 in brackets. Only loopback hosts ever reach here. */
export function publishArg(hostname: string, port: number): string {
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  return `${host}:${port}:${CONTAINER_PORT}`;
}

export interface RunSpec {
  engine: ContainerEngine;
  image: string;
  vendor: GpuVendor;
  hostname: string;
  port: number;
  /** The user's hearth.ollama.env, already validated (OLLAMA_HOST never among them). */
  env: Record<string, string>;
}

/** A short, stable digest of what the container is made with (FNV-1a, hex): no crypto needed. */
export function configDigest(spec: RunSpec): string {
  const text = JSON.stringify([spec.image, spec.vendor, spec.hostname, spec.port, Object.entries(spec.env).sort(([a], [b]) => a.localeCompare(b))]);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** `run -d --name hearth-ollama --label … -p 127.0.0.1:<port>:11434 -v hearth-ollama:/root/.ollama -e K=V… <gpu> <image>`. */
export function runArgs(spec: RunSpec): string[] {
  const env = Object.entries(spec.env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
  return [
    'run',
    '-d',
    '--name',
    CONTAINER_NAME,
    '--label',
    `${CONTAINER_LABEL}=1`,
    '--label',
    `${CONFIG_LABEL}=${configDigest(spec)}`,
    '-p',
    publishArg(spec.hostname, spec.port),
    '-v',
    `${CONTAINER_VOLUME}:/root/.ollama`,
    ...env,
    ...gpuFlags(spec.vendor, spec.engine),
    spec.image,
  ];
}

/**
 * Tab-separated, one container a line; fields Docker and Podman both know. `.Labels` reads
 * `a=1,b=2` on Docker and `map[a:1 b:2]` on Podman: configOf() reads either.
 */
export const PS_FORMAT = '{{.ID}}\t{{.Names}}\t{{.State}}\t{{.Labels}}\t{{.Ports}}';

/** Hearth's containers only: the label filter is what keeps every other container out of reach. */
export function psArgs(): string[] {
  return ['ps', '-a', '--filter', `label=${CONTAINER_LABEL}`, '--format', PS_FORMAT];
}

export interface ContainerInfo {
  id: string;
  name: string;
  running: boolean;
  /** The config digest it was made with ('' when unknown). */
  config: string;
  ports: string;
}

/** Parses `ps --format PS_FORMAT` output. Podman says `running`, Docker `running` (older: `Up 3 minutes` in Status). */
export function parsePs(stdout: string): ContainerInfo[] {
  const out: ContainerInfo[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const [id = '', name = '', state = '', labels = '', ports = ''] = line.split('\t');
    if (!id.trim()) continue;
    out.push({ id: id.trim(), name: name.trim(), running: /^(running|up\b)/i.test(state.trim()), config: configOf(labels), ports: ports.trim() });
  }
  return out;
}

function configOf(labels: string): string {
  const escaped = CONFIG_LABEL.replace(/\./g, '\\.');
  return new RegExp(`(?:^|[ ,\\[])${escaped}[=:]([0-9a-f]+)`).exec(labels)?.[1] ?? '';
}

/** Whether `ports` (ps output) publishes `hostname:port` to Ollama's port, e.g. `127.0.0.1:11434->11434/tcp`. */
export function publishes(ports: string, hostname: string, port: number): boolean {
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  return ports.split(/,\s*/).some((p) => p.trim().startsWith(`${host}:${port}->${CONTAINER_PORT}`));
}

// ---- pull progress ------------------------------------------------------------------------------

export interface PullProgress {
  /** Layers (Docker) or blobs (Podman) seen so far. */
  layers: number;
  done: number;
  /** The last line worth showing, shortened. */
  message: string;
}

/**
 * Folds one line of `pull` output into the progress. Without a TTY, Docker prints a line per layer per
 * state (`<id>: Pulling fs layer`, `<id>: Download complete`, `<id>: Pull complete`); Podman prints
 * `Copying blob sha256:… done` (and `Copying blob sha256:…` before it when it starts one).
 */
export function foldPullLine(progress: PullProgress, line: string, seen: Set<string>): PullProgress {
  const text = line.trim();
  if (!text) return progress;
  const docker = /^([0-9a-f]{6,64}): (.+)$/i.exec(text);
  if (docker) {
    const [, id = '', state = ''] = docker;
    if (/already exists|pull complete/i.test(state)) {
      if (!seen.has(id)) seen.add(id);
      const key = `done:${id}`;
      const done = seen.has(key) ? progress.done : progress.done + 1;
      seen.add(key);
      return { layers: countLayers(seen), done, message: text };
    }
    seen.add(id);
    return { ...progress, layers: countLayers(seen), message: text };
  }
  const podman = /^Copying blob (?:sha256:)?([0-9a-f]{6,64})(.*)$/i.exec(text);
  if (podman) {
    const [, id = '', rest = ''] = podman;
    seen.add(id);
    const finished = /\bdone\b|skipped|already exists/i.test(rest);
    const key = `done:${id}`;
    const done = finished && !seen.has(key) ? progress.done + 1 : progress.done;
    if (finished) seen.add(key);
    return { layers: countLayers(seen), done, message: text.slice(0, 80) };
  }
  return { ...progress, message: text.slice(0, 80) };
}

function countLayers(seen: Set<string>): number {
  let n = 0;
  for (const key of seen) if (!key.startsWith('done:')) n++;
  return n;
}

// ---- GPU inside the container -------------------------------------------------------------------

export type ContainerGpuFinding = 'gpu' | 'cpuOnly' | 'unknown';

/**
 * What Ollama's start-up log says about the GPU: `no compatible GPUs were discovered`, or `inference
 * compute` lines naming `library=cpu` only, mean it runs on the CPU; an `inference compute` line with a
 * GPU library (cuda, rocm, vulkan, metal) means it found one.
 */
export function containerGpuFinding(lines: readonly string[]): ContainerGpuFinding {
  let finding: ContainerGpuFinding = 'unknown';
  // `logs` holds every start of the container: only the last one counts (it begins with "server config").
  const lastStart = Math.max(lastIndex(lines, /msg="?server config/), 0);
  for (const line of lines.slice(lastStart)) {
    if (/no compatible GPUs were discovered/i.test(line)) finding = 'cpuOnly';
    else if (/inference compute/i.test(line)) {
      const library = /library=("?)([A-Za-z0-9_]+)\1/.exec(line)?.[2]?.toLowerCase();
      if (library && library !== 'cpu') return 'gpu';
      if (library === 'cpu') finding = 'cpuOnly';
    }
  }
  return finding;
}

function lastIndex(lines: readonly string[], pattern: RegExp): number {
  for (let i = lines.length - 1; i >= 0; i--) if (pattern.test(lines[i] ?? '')) return i;
  return -1;
}

// ---- the host's GPU -----------------------------------------------------------------------------

export interface GpuHost {
  platform: NodeJS.Platform;
  exists(file: string): Promise<boolean>;
}

/**
 * The GPU to pass in when the setting says `auto`: NVIDIA when its device nodes exist, AMD when the ROCm
 * compute node does. Containers get a GPU on Linux hosts only (Docker Desktop on macOS has none; on
 * Windows, WSL 2 exposes NVIDIA through `/dev/dxg`, not handled here).
 */
export async function detectGpu(setting: GpuSetting, host: GpuHost): Promise<GpuVendor> {
  if (setting !== 'auto') return setting;
  if (host.platform !== 'linux') return 'none';
  if ((await host.exists('/dev/nvidiactl')) || (await host.exists('/dev/nvidia0'))) return 'nvidia';
  if (await host.exists('/dev/kfd')) return 'amd';
  return 'none';
}

// ---- the CLI's errors ---------------------------------------------------------------------------

export type CliProblem = 'engineDown' | 'noGpuRuntime' | 'portInUse' | 'other';

/** What a failed CLI call's stderr says, in the words Hearth has a message for. */
export function cliProblem(stderr: string): CliProblem {
  if (/cannot connect to the docker daemon|is the docker daemon running|unable to connect to podman|connect: no such file or directory.*podman|error during connect/i.test(stderr)) return 'engineDown';
  if (/could not select device driver .*gpu|nvidia-container-cli|unresolvable CDI devices|nvidia\.com\/gpu/i.test(stderr)) return 'noGpuRuntime';
  if (/address already in use|port is already allocated/i.test(stderr)) return 'portInUse';
  return 'other';
}

/** The last non-empty lines of a CLI's stderr, for a message (never a whole page). */
export function stderrTail(stderr: string, count = 2): string {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const text = lines.slice(-count).join(' ');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
