// The environment `ollama serve` is started with: VS Code's own environment, the user's
// `hearth.ollama.env` on top, and OLLAMA_HOST derived from hearth.host so the daemon listens exactly
// where Hearth will look for it.

/** The variables the settings UI documents; any other valid name is passed through too. */
export const DOCUMENTED_ENV_KEYS = [
  'OLLAMA_MODELS',
  'OLLAMA_KEEP_ALIVE',
  'OLLAMA_CONTEXT_LENGTH',
  'OLLAMA_NUM_PARALLEL',
  'OLLAMA_MAX_LOADED_MODELS',
  'OLLAMA_FLASH_ATTENTION',
  'OLLAMA_KV_CACHE_TYPE',
] as const;

export type EnvProblem =
  /** Not a valid variable name (letters, digits and `_`, not starting with a digit). */
  | { key: string; reason: 'invalidName' }
  /** A value that is not a string, number, boolean or null. */
  | { key: string; reason: 'invalidValue' }
  /** OLLAMA_HOST comes from hearth.host; a second value would make the daemon listen elsewhere. */
  | { key: string; reason: 'hostIgnored' }
  /** `hearth.ollama.env` itself is not an object. */
  | { key: ''; reason: 'notAnObject' };

export interface DaemonEnv {
  /** The complete environment for the child process. */
  env: Record<string, string>;
  /** What Hearth set on purpose: OLLAMA_HOST and the user's entries (for the report and the log). */
  passed: Record<string, string>;
  /** Variables removed from the inherited environment (a `null` value in the setting). */
  removed: string[];
  /** OLLAMA_* variables inherited from VS Code's environment and left as they were. */
  inherited: Record<string, string>;
  problems: EnvProblem[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `127.0.0.1:11434`, `[::1]:11500`: the form `ollama serve` reads from OLLAMA_HOST. */
export function listenAddress(hostname: string, port: number): string {
  return `${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`;
}

/** Sets `key` replacing any spelling of it (Windows variable names ignore case). */
function assign(env: Record<string, string | undefined>, key: string, value: string | undefined, ignoreCase: boolean): void {
  if (ignoreCase) {
    for (const existing of Object.keys(env)) if (existing.toUpperCase() === key.toUpperCase()) delete env[existing];
  }
  if (value === undefined) delete env[key];
  else env[key] = value;
}

export function buildDaemonEnv(options: {
  base: Readonly<Record<string, string | undefined>>;
  host: { hostname: string; port: number };
  /**
   * OLLAMA_HOST exactly as given, when Hearth's host itself came from the inherited OLLAMA_HOST (no
   * hearth.host set): `0.0.0.0:11434` must stay "listen everywhere", not become 127.0.0.1.
   */
  listen?: string;
  user: unknown;
  platform?: NodeJS.Platform;
}): DaemonEnv {
  const ignoreCase = (options.platform ?? process.platform) === 'win32';
  const env: Record<string, string | undefined> = { ...options.base };
  const passed: Record<string, string> = {};
  const removed: string[] = [];
  const problems: EnvProblem[] = [];
  const user = options.user;
  const isObject = typeof user === 'object' && user !== null && !Array.isArray(user);
  if (!isObject && user !== undefined && user !== null) problems.push({ key: '', reason: 'notAnObject' });
  const entries = isObject ? Object.entries(user as Record<string, unknown>) : [];
  for (const [key, value] of entries) {
    if (!NAME.test(key)) {
      problems.push({ key, reason: 'invalidName' });
    } else if (key.toUpperCase() === 'OLLAMA_HOST') {
      problems.push({ key, reason: 'hostIgnored' });
    } else if (value === null) {
      assign(env, key, undefined, ignoreCase);
      removed.push(key);
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      const text = String(value);
      assign(env, key, text, ignoreCase);
      passed[key] = text;
    } else {
      problems.push({ key, reason: 'invalidValue' });
    }
  }
  const host = options.listen?.trim() || listenAddress(options.host.hostname, options.host.port);
  assign(env, 'OLLAMA_HOST', host, ignoreCase);
  const inherited: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.base)) {
    if (value !== undefined && /^OLLAMA_/i.test(key) && key.toUpperCase() !== 'OLLAMA_HOST' && !(key in passed) && !removed.includes(key)) {
      inherited[key] = value;
    }
  }
  const complete: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) complete[key] = value;
  return { env: complete, passed: { OLLAMA_HOST: host, ...passed }, removed, inherited, problems };
}
