// Who started the daemon, and the one rule about stopping it: Hearth stops only a process it spawned
// itself in this window and still holds. Any other daemon (a system service, the desktop app, another
// window, a terminal) is never touched; Hearth explains how it was probably started instead.
import * as nodePath from 'node:path';

/** A note other windows can read: "Hearth in process <pid> started a daemon for <host>". */
export interface SpawnRecord {
  daemonPid: number;
  /** The extension host that spawned it. */
  ownerPid: number;
  host: string;
  binary: string;
  startedAt: number;
}

export type ExternalOrigin =
  /** A systemd unit installed by install.sh (Linux). */
  | 'systemService'
  /** The Ollama menu-bar app (macOS). */
  | 'macApp'
  /** The Ollama tray app (Windows). */
  | 'windowsApp'
  /** Hearth in another VS Code window. */
  | 'otherWindow'
  /** A terminal, Docker, another tool: Hearth cannot tell. */
  | 'unknown';

export type Owner =
  | { kind: 'thisWindow'; pid: number; binary: string; startedAt: number }
  | { kind: 'external'; origin: ExternalOrigin }
  /** Hearth's labelled container answers; `startedHere`: this window created or started it. */
  | { kind: 'container'; id: string; name: string; cli: string; startedHere: boolean }
  | { kind: 'none' };

export type StopDecision = { kind: 'stop' } | { kind: 'notOwned'; owner: Owner } | { kind: 'notRunning' };

/** The stop rule. `spawnedAlive`: Hearth holds a child process of its own that has not exited. */
export function decideStop(spawnedAlive: boolean, daemonAnswers: boolean, owner: Owner): StopDecision {
  if (spawnedAlive) return { kind: 'stop' };
  if (daemonAnswers) return { kind: 'notOwned', owner };
  return { kind: 'notRunning' };
}

export interface OriginHost {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  homedir: string;
  exists(file: string): Promise<boolean>;
  /** Whether a process with this id is alive (signal 0). */
  isAlive(pid: number): boolean;
  /** This extension host's pid. */
  selfPid: number;
}

/** Files whose presence tells how Ollama is usually started on this machine. */
export function originMarkers(host: Pick<OriginHost, 'platform' | 'env' | 'homedir'>): { origin: ExternalOrigin; file: string }[] {
  switch (host.platform) {
    case 'linux':
      return ['/etc/systemd/system/ollama.service', '/usr/lib/systemd/system/ollama.service', '/lib/systemd/system/ollama.service'].map((file) => ({
        origin: 'systemService' as const,
        file,
      }));
    case 'darwin':
      return [
        { origin: 'macApp', file: '/Applications/Ollama.app' },
        { origin: 'macApp', file: nodePath.posix.join(host.homedir, 'Applications', 'Ollama.app') },
      ];
    case 'win32': {
      const local = host.env.LOCALAPPDATA ?? nodePath.win32.join(host.homedir, 'AppData', 'Local');
      return [{ origin: 'windowsApp', file: nodePath.win32.join(local, 'Programs', 'Ollama', 'ollama app.exe') }];
    }
    default:
      return [];
  }
}

/** A best guess at who runs a daemon Hearth did not start here. */
export async function guessExternalOrigin(host: OriginHost, record: SpawnRecord | undefined, url: string): Promise<ExternalOrigin> {
  if (record && record.host === url && record.ownerPid !== host.selfPid && host.isAlive(record.ownerPid) && host.isAlive(record.daemonPid)) {
    return 'otherWindow';
  }
  for (const marker of originMarkers(host)) {
    if (await host.exists(marker.file)) return marker.origin;
  }
  return 'unknown';
}

/** `process.kill(pid, 0)`: true when the process exists (EPERM means it exists but is not ours). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
