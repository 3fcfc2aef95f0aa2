// The daemon's settings, typed and validated. Read through a raw reader (the platform passes
// ConfigService.get) so that this module stays free of `vscode` and unit-testable.
import { SETTING_DEFAULTS } from '../settings';

export type AutoStart = 'ask' | 'always' | 'never';
const AUTO_START: readonly AutoStart[] = ['ask', 'always', 'never'];

export const DAEMON_SETTINGS = {
  path: 'hearth.ollama.path',
  autoStart: 'hearth.ollama.autoStart',
  env: 'hearth.ollama.env',
  stopOnExit: 'hearth.ollama.stopOnExit',
  startTimeoutSeconds: 'hearth.ollama.startTimeoutSeconds',
} as const;

export interface DaemonSettings {
  /** The `ollama` executable the user chose; '' = search PATH and the standard locations. */
  path: string;
  autoStart: AutoStart;
  /** Raw `hearth.ollama.env`; buildDaemonEnv validates each entry and reports what it skipped. */
  env: unknown;
  stopOnExit: boolean;
  startTimeoutMs: number;
}

/** Bounds of the start timeout, in seconds (package.json declares the same). */
export const START_TIMEOUT_BOUNDS = { min: 5, max: 600 } as const;

export function parseDaemonSettings(read: (key: string) => unknown): DaemonSettings {
  const path = read(DAEMON_SETTINGS.path);
  const autoStart = read(DAEMON_SETTINGS.autoStart);
  const stopOnExit = read(DAEMON_SETTINGS.stopOnExit);
  const timeout = read(DAEMON_SETTINGS.startTimeoutSeconds);
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
  };
}
