// Where the daemon lives. The parsing follows Ollama's own OLLAMA_HOST rules (envconfig.Host) so that
// a value works the same in Hearth as in the `ollama` CLI: `[scheme://]host[:port][/path]`, no scheme
// means http on 11434, an explicit http:// without a port means 80, https:// means 443, and the
// "listen everywhere" addresses 0.0.0.0 / :: are reached through loopback.

export const DEFAULT_HOST = 'http://127.0.0.1:11434';

export type HostSource = 'setting' | 'environment' | 'default';

export interface ResolvedHost {
  /** Normalised base URL without a trailing slash, e.g. http://127.0.0.1:11434 */
  url: string;
  hostname: string;
  port: number;
  source: HostSource;
  isLoopback: boolean;
}

/** Parses an OLLAMA_HOST-style value; returns undefined when it cannot be understood. */
export function parseHost(value: string): { url: string; hostname: string; port: number } | undefined {
  let rest = value.trim();
  if (!rest) return undefined;
  let scheme = 'http';
  let defaultPort = 11434;
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (schemeMatch) {
    scheme = schemeMatch[1].toLowerCase();
    rest = rest.slice(schemeMatch[0].length);
    if (scheme === 'http') defaultPort = 80;
    else if (scheme === 'https') defaultPort = 443;
    else return undefined;
  }
  const slash = rest.indexOf('/');
  const hostPort = slash >= 0 ? rest.slice(0, slash) : rest;
  const path = slash >= 0 ? rest.slice(slash).replace(/\/+$/, '') : '';
  let hostname: string;
  let port = defaultPort;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPort);
  if (bracketed) {
    hostname = bracketed[1];
    if (bracketed[2]) port = Number(bracketed[2]);
  } else if (/^[^:]*:\d*$/.test(hostPort)) {
    const [h, p] = hostPort.split(':');
    hostname = h || '127.0.0.1';
    if (p) port = Number(p);
  } else if (hostPort.includes(':')) {
    hostname = hostPort; // a bare IPv6 address
  } else {
    hostname = hostPort || '127.0.0.1';
  }
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  // Listening on every interface means the client reaches it on loopback.
  if (hostname === '0.0.0.0') hostname = '127.0.0.1';
  if (hostname === '::') hostname = '::1';
  const hostForUrl = hostname.includes(':') ? `[${hostname}]` : hostname;
  try {
    const url = new URL(`${scheme}://${hostForUrl}:${port}${path}`);
    return { url: `${scheme}://${hostForUrl}:${port}${url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '')}`, hostname: hostname.toLowerCase(), port };
  } catch {
    return undefined;
  }
}

export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:127\.\d+\.\d+\.\d+$/.test(h)) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * The host to talk to: the setting when the user set one, else OLLAMA_HOST (as the CLI would),
 * else the default. An unparseable setting is reported by returning undefined so the caller can
 * say so instead of silently talking to another host.
 */
export function resolveHost(setting: string, env: string | undefined): ResolvedHost | undefined {
  const pick: [string, HostSource] = setting ? [setting, 'setting'] : env?.trim() ? [env, 'environment'] : [DEFAULT_HOST, 'default'];
  const parsed = parseHost(pick[0]);
  if (!parsed) return undefined;
  return { ...parsed, source: pick[1], isLoopback: isLoopbackHostname(parsed.hostname) };
}
