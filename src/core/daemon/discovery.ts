// Finding the `ollama` executable: the setting `hearth.ollama.path`, else PATH, else the places the
// official installers put it. The file system and the platform are injected so that the order can be
// tested for every OS on any OS.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';

export type BinarySource = 'setting' | 'path' | 'standard';

export type SettingProblem = 'missing' | 'notExecutable' | 'notAbsolute';

export type Discovery =
  | { kind: 'found'; path: string; source: BinarySource }
  /** Nothing found; `searched` lists the directories of PATH and the standard files that were tried. */
  | { kind: 'notFound'; searched: string[] }
  /** The user named an executable that cannot be used. Hearth does not fall back: it says so. */
  | { kind: 'settingInvalid'; path: string; problem: SettingProblem };

export type FileKind = 'executable' | 'file' | 'directory' | 'missing';

export interface DiscoveryHost {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  homedir: string;
  /** What is at `file`; `executable` needs the execute permission (any existing file on Windows). */
  stat(file: string): Promise<FileKind>;
}

function pathApi(platform: NodeJS.Platform): typeof nodePath.posix {
  return platform === 'win32' ? nodePath.win32 : nodePath.posix;
}

/** Environment lookup that ignores case on Windows (`Path`, `LocalAppData`). */
function envValue(host: DiscoveryHost, name: string): string | undefined {
  if (host.platform !== 'win32') return host.env[name];
  const key = Object.keys(host.env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : host.env[key];
}

/** The file names `ollama` can have: `ollama`, or on Windows `ollama.exe` (and the other PATHEXT forms). */
function executableNames(host: DiscoveryHost, base = 'ollama'): string[] {
  if (host.platform !== 'win32') return [base];
  if (/\.[a-z0-9]+$/i.test(base)) return [base];
  const exts = (envValue(host, 'PATHEXT') ?? '.EXE;.CMD;.BAT;.COM')
    .split(';')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e.startsWith('.'));
  return [...new Set(['.exe', ...exts])].map((ext) => base + ext);
}

/** Where the official installers put the binary, in the order Hearth tries them. */
export function standardLocations(host: DiscoveryHost): string[] {
  const p = pathApi(host.platform);
  switch (host.platform) {
    case 'win32': {
      const local = envValue(host, 'LOCALAPPDATA') ?? p.join(host.homedir, 'AppData', 'Local');
      const programFiles = envValue(host, 'ProgramFiles');
      return [p.join(local, 'Programs', 'Ollama', 'ollama.exe'), ...(programFiles ? [p.join(programFiles, 'Ollama', 'ollama.exe')] : [])];
    }
    case 'darwin':
      return [
        '/Applications/Ollama.app/Contents/Resources/ollama',
        p.join(host.homedir, 'Applications', 'Ollama.app', 'Contents', 'Resources', 'ollama'),
        '/opt/homebrew/bin/ollama',
        '/usr/local/bin/ollama',
      ];
    default:
      // install.sh picks the first of /usr/local/bin, /usr/bin, /bin; the manual tarball goes to /usr; snap to /snap/bin.
      return ['/usr/local/bin/ollama', '/usr/bin/ollama', '/bin/ollama', '/snap/bin/ollama'];
  }
}

function pathDirectories(host: DiscoveryHost): string[] {
  const raw = envValue(host, 'PATH') ?? '';
  const sep = host.platform === 'win32' ? ';' : ':';
  return [...new Set(raw.split(sep).map((d) => d.trim().replace(/^"(.*)"$/, '$1')).filter(Boolean))];
}

/** The first executable named `base` (with Windows' extensions) in PATH's absolute directories. */
export async function findOnPath(host: DiscoveryHost, base: string): Promise<string | undefined> {
  return (await searchPath(host, base)).found;
}

async function searchPath(host: DiscoveryHost, base: string): Promise<{ found?: string; searched: string[] }> {
  const p = pathApi(host.platform);
  const dirs = pathDirectories(host);
  for (const dir of dirs) {
    if (!p.isAbsolute(dir)) continue; // a relative PATH entry would depend on VS Code's working directory
    for (const name of executableNames(host, base)) {
      const candidate = p.join(dir, name);
      if ((await host.stat(candidate)) === 'executable') return { found: candidate, searched: dirs };
    }
  }
  return { searched: dirs };
}

function expandHome(value: string, host: DiscoveryHost): string {
  if (value === '~') return host.homedir;
  if (value.startsWith('~/') || value.startsWith('~\\')) return pathApi(host.platform).join(host.homedir, value.slice(2));
  return value;
}

/** A setting naming an executable: a bare name is looked up on PATH, a path must be absolute and executable. */
export async function resolveExecutableSetting(setting: string, host: DiscoveryHost): Promise<string | undefined> {
  const value = expandHome(setting.trim(), host);
  const hasSeparator = value.includes('/') || (host.platform === 'win32' && value.includes('\\'));
  if (!hasSeparator) return findOnPath(host, value);
  if (!pathApi(host.platform).isAbsolute(value)) return undefined;
  return (await host.stat(value)) === 'executable' ? value : undefined;
}

/** The container CLI: the setting's (a name on PATH or an absolute path), else `docker`, then `podman`, on PATH. */
export async function findContainerCli(setting: string, host: DiscoveryHost): Promise<string | undefined> {
  if (setting.trim()) return resolveExecutableSetting(setting, host);
  return (await findOnPath(host, 'docker')) ?? (await findOnPath(host, 'podman'));
}

async function checkSetting(setting: string, host: DiscoveryHost): Promise<Discovery> {
  const p = pathApi(host.platform);
  const value = expandHome(setting, host);
  const hasSeparator = value.includes('/') || (host.platform === 'win32' && value.includes('\\'));
  if (!hasSeparator) {
    // A bare command name ("ollama-rocm"): look it up on PATH like a shell would.
    const { found } = await searchPath(host, value);
    return found ? { kind: 'found', path: found, source: 'setting' } : { kind: 'settingInvalid', path: setting, problem: 'missing' };
  }
  if (!p.isAbsolute(value)) return { kind: 'settingInvalid', path: setting, problem: 'notAbsolute' };
  const kind = await host.stat(value);
  if (kind === 'executable') return { kind: 'found', path: value, source: 'setting' };
  if (kind === 'directory') {
    // A folder that contains the binary is accepted: people often paste the install folder.
    for (const name of executableNames(host)) {
      const inside = p.join(value, name);
      if ((await host.stat(inside)) === 'executable') return { kind: 'found', path: inside, source: 'setting' };
    }
    return { kind: 'settingInvalid', path: value, problem: 'missing' };
  }
  return { kind: 'settingInvalid', path: value, problem: kind === 'file' ? 'notExecutable' : 'missing' };
}

/** Finds the binary: the setting when set (never silently replaced), else PATH, else the standard locations. */
export async function findOllama(setting: string, host: DiscoveryHost): Promise<Discovery> {
  if (setting.trim()) return checkSetting(setting.trim(), host);
  const onPath = await searchPath(host, 'ollama');
  if (onPath.found) return { kind: 'found', path: onPath.found, source: 'path' };
  const standard = standardLocations(host);
  for (const file of standard) {
    if ((await host.stat(file)) === 'executable') return { kind: 'found', path: file, source: 'standard' };
  }
  return { kind: 'notFound', searched: [...onPath.searched, ...standard] };
}

async function statFile(file: string, platform: NodeJS.Platform): Promise<FileKind> {
  let info: fs.Stats;
  try {
    info = await fs.promises.stat(file);
  } catch {
    return 'missing';
  }
  if (info.isDirectory()) return 'directory';
  if (!info.isFile()) return 'missing';
  if (platform === 'win32') return 'executable';
  try {
    await fs.promises.access(file, fs.constants.X_OK);
    return 'executable';
  } catch {
    return 'file';
  }
}

/** The real machine. */
export function nodeDiscoveryHost(env: NodeJS.ProcessEnv = process.env): DiscoveryHost {
  return { platform: process.platform, env, homedir: os.homedir(), stat: (file) => statFile(file, process.platform) };
}
