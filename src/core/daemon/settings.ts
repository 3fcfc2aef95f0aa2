// The daemon's settings, typed and validated. Read through a raw reader (the platform passes
// ConfigService.get) so that this module stays free of `vscode` and unit-testable.
import { SETTING_DEFAULTS } from '../settings';
import type { GpuSetting } from './container';

export type AutoStart = 'ask' | 'always' | 'never';
const AUTO_START: readonly AutoStart[] = ['ask', 'always', 'never'];
/** How Hearth runs Ollama: the `ollama` binary, a container, or not at all (it only connects). */
export type RunMode = 'binary' | 'container' | 'none';
const RUN_MODES: readonly RunMode[] = ['binary', 'container', 'none'];
const GPU_SETTINGS: readonly GpuSetting[] = ['auto', 'nvidia', 'amd', 'none'];

export const DAEMON_SETTINGS = {
  path: 'hearth.ollama.path',
  autoStart: 'hearth.ollama.autoStart',
  env: 'hearth.ollama.env',
  stopOnExit: 'hearth.ollama.stopOnExit',
  startTimeoutSeconds: 'hearth.ollama.startTimeoutSeconds',
  runMode: 'hearth.ollama.runMode',
  containerCli: 'hearth.ollama.containerCli',
  containerImage: 'hearth.ollama.containerImage',
  containerGpu: 'hearth.ollama.containerGpu',
} as const;

export interface DaemonSettings {
  /** The `ollama` executable the user chose; '' = search PATH and the standard locations. */
  path: string;
  autoStart: AutoStart;
  /** Raw `hearth.ollama.env`; buildDaemonEnv validates each entry and reports what it skipped. */
  env: unknown;
  stopOnExit: boolean;
  startTimeoutMs: number;
  runMode: RunMode;
  /** The docker/podman executable; '' = `docker`, then `podman`, on PATH. */
  containerCli: string;
  /** The image; '' = `ollama/ollama` (`:rocm` for AMD). */
  containerImage: string;
  containerGpu: GpuSetting;
}

/** Bounds of the start timeout, in seconds (package.json declares the same). */
export const START_TIMEOUT_BOUNDS = { min: 5, max: 600 } as const;

export function parseDaemonSettings(read: (key: string) => unknown): DaemonSettings {
  const path = read(DAEMON_SETTINGS.path);
  const autoStart = read(DAEMON_SETTINGS.autoStart);
  const stopOnExit = read(DAEMON_SETTINGS.stopOnExit);
  const timeout = read(DAEMON_SETTINGS.startTimeoutSeconds);
  const runMode = read(DAEMON_SETTINGS.runMode);
  const cli = read(DAEMON_SETTINGS.containerCli);
  const image = read(DAEMON_SETTINGS.containerImage);
  const gpu = read(DAEMON_SETTINGS.containerGpu);
  const seconds =
    typeof timeout === 'number' && Number.isFinite(timeout)
      ? Math.min(START_TIMEOUT_BOUNDS.max, Math.max(START_TIMEOUT_BOUNDS.min, timeout))
      : SETTING_DEFAULTS[DAEMON_SETTINGS.startTimeoutSeconds];
  return {
    path: typeof path === 'string' ? path.trim() : '',
    autoStart: AUTO_START.includes(autoStart as AutoStart) ? (autoStart as AutoStart) : SETTING_DEFAULTS[DAEMON_SETTINGS.autoStart],
    env: read(DAEMON_SETTINGS.env) ?? {},
    stopOnExit: typeof stopOnExit === 'boolean' ? stopOnExit : SETTING_DEFAULTS[DAEMON_SETTINGS.stopOnExit],
    startTimeoutMs: seconds * 1000,
    runMode: RUN_MODES.includes(runMode as RunMode) ? (runMode as RunMode) : SETTING_DEFAULTS[DAEMON_SETTINGS.runMode],
    containerCli: typeof cli === 'string' ? cli.trim() : '',
    containerImage: typeof image === 'string' ? image.trim() : '',
    containerGpu: GPU_SETTINGS.includes(gpu as GpuSetting) ? (gpu as GpuSetting) : SETTING_DEFAULTS[DAEMON_SETTINGS.containerGpu],
  };
}
