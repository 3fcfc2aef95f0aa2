// Where the daemon lives. The parsing follows Ollama's own OLLAMA_HOST rules (envconfig.Host) so that
// a value works the same in Hearth as in the `ollama` CLI: `[scheme://]host[:port][/path]`, no scheme
// means http on 11434, an explicit http:// without a port means 80, https:// means 443, and the
// "listen everywhere" addresses 0.0.0.0 / :: are reached through loopback.
//
// The privacy guard depends on this module: "is it loopback?" is decided on the URL the requests will
// really use, i.e. after the WHATWG URL parser (the one fetch and the `ollama` client use) has read the
// value, never on the raw text. Text the parser would read differently from a person (a `#`, `?`, `\`,
// userinfo, whitespace or control characters) is refused outright, so that what the user sees in the
// setting is where requests go.

export const DEFAULT_HOST = 'http://127.0.0.1:11434';

export type HostSource = 'setting' | 'environment' | 'default';

export interface ResolvedHost {
  /** Normalised base URL without a trailing slash, e.g. http://127.0.0.1:11434; exactly what requests use. */
  url: string;
  /** The host name as the URL parser read it, lower case, IPv6 without brackets (e.g. 127.0.0.1, ::1). */
  hostname: string;
  port: number;
  source: HostSource;
  isLoopback: boolean;
}

/** Why a host value was refused. */
export type HostProblem =
  | 'empty'
  /** `user@host`: the part before `@` is not the host, whatever it looks like. */
  | 'userinfo'
  /** `#…`: everything after it is dropped by the URL parser. */
  | 'fragment'
  /** `?…`: a query is not part of a host. */
  | 'query'
  /** `\`: the URL parser reads it as `/`, so the host would end there. */
  | 'backslash'
  | 'whitespace'
  | 'control'
  /** `localhost.`: a name with a trailing dot is looked up in DNS as an absolute name. */
  | 'trailingDot'
  /** Only http and https. */
  | 'scheme'
  | 'port'
  /** Anything else the URL parser does not accept. */
  | 'invalid';

export type HostCheck = { ok: true; url: string; hostname: string; port: number } | { ok: false; problem: HostProblem };

// C0 and C1 controls, DEL, and the invisible format characters a value may smuggle in.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/;

/** Checks an OLLAMA_HOST-style value and returns the URL requests will use, or why it is refused. */
export function checkHost(value: string): HostCheck {
  const fail = (problem: HostProblem): HostCheck => ({ ok: false, problem });
  // Surrounding spaces are a copy-paste accident; everything inside must be plain.
  let rest = value.trim();
  if (!rest) return fail('empty');
  if (CONTROL.test(rest)) return fail('control');
  if (/\s/.test(rest)) return fail('whitespace');
  if (rest.includes('\\')) return fail('backslash');
  if (rest.includes('#')) return fail('fragment');
  if (rest.includes('?')) return fail('query');
  if (rest.includes('@')) return fail('userinfo');

  let scheme = 'http';
  let defaultPort = 11434;
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (schemeMatch) {
    scheme = schemeMatch[1].toLowerCase();
    rest = rest.slice(schemeMatch[0].length);
    if (scheme === 'http') defaultPort = 80;
    else if (scheme === 'https') defaultPort = 443;
    else return fail('scheme');
  } else if (/^[a-z][a-z0-9+.-]*:\//i.test(rest)) {
    return fail('scheme'); // `http:/host`: a scheme written wrong, not a host named "http"
  }
  // With `#`, `?`, `\` and `@` gone, the URL parser's authority also ends at the first `/`.
  const slash = rest.indexOf('/');
  const hostPort = slash >= 0 ? rest.slice(0, slash) : rest;
  const path = slash >= 0 ? rest.slice(slash) : '';
  let hostname: string;
  let portText = '';
  const bracketed = /^\[([^\]]*)\](?::(\d*))?$/.exec(hostPort);
  if (bracketed) {
    hostname = `[${bracketed[1]}]`;
    portText = bracketed[2] ?? '';
  } else if (hostPort.startsWith('[')) {
    return fail('invalid');
  } else if (/^[^:]*:[^:]*$/.test(hostPort)) {
    const colon = hostPort.indexOf(':');
    hostname = hostPort.slice(0, colon) || '127.0.0.1';
    portText = hostPort.slice(colon + 1);
    if (!/^\d*$/.test(portText)) return fail('port');
  } else if (hostPort.includes(':')) {
    hostname = `[${hostPort}]`; // a bare IPv6 address, as OLLAMA_HOST allows
  } else {
    hostname = hostPort || '127.0.0.1';
  }
  const port = portText ? Number(portText) : defaultPort;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return fail('port');

  let parsed: URL;
  try {
    parsed = new URL(`${scheme}://${hostname}:${port}${path}`);
  } catch {
    return fail('invalid');
  }
  // From here on only what the parser read counts.
  let host = parsed.hostname.toLowerCase();
  if (!host) return fail('invalid');
  if (host.endsWith('.')) return fail('trailingDot');
  // Listening on every interface means the client reaches it on loopback.
  if (host === '0.0.0.0') host = '127.0.0.1';
  if (host === '[::]') host = '[::1]';
  const finalPort = parsed.port ? Number(parsed.port) : scheme === 'https' ? 443 : 80;
  const pathname = parsed.pathname.replace(/\/+$/, '');
  const url = `${scheme}://${host}:${finalPort}${pathname}`;
  // The URL must read back as itself: the `ollama` client and fetch parse it again.
  let again: URL;
  try {
    again = new URL(url);
  } catch {
    return fail('invalid');
  }
  if (again.hostname !== host || (again.port ? Number(again.port) : finalPort) !== finalPort || again.pathname.replace(/\/+$/, '') !== pathname || again.username || again.password || again.search || again.hash) {
    return fail('invalid');
  }
  return { ok: true, url, hostname: host.replace(/^\[|\]$/g, ''), port: finalPort };
}

/** Parses an OLLAMA_HOST-style value; returns undefined when it is refused (see checkHost for why). */
export function parseHost(value: string): { url: string; hostname: string; port: number } | undefined {
  const checked = checkHost(value);
  return checked.ok ? { url: checked.url, hostname: checked.hostname, port: checked.port } : undefined;
}

/** The eight 16-bit groups of an IPv6 address as the URL parser prints it (compressed, hex, no IPv4 tail). */
function ipv6Groups(address: string): number[] | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (!part) return [];
    const groups = part.split(':');
    if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
    return groups.map((g) => parseInt(g, 16));
  };
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/**
 * Whether a host name, as the URL parser normalised it, is this machine: `localhost`, 127.0.0.0/8, ::1 and
 * ::ffff:127.x.x.x. Names under `.localhost` are not: Node resolves them through the system resolver,
 * which may ask a DNS server (RFC 6761 lets resolvers answer anything), so they are treated as remote.
 * Numeric spellings (127.1, 0x7f000001, 2130706433, [0:0:0:0:0:0:0:1]) are recognised because
 * checkHost hands over the parser's dotted-quad or compressed form.
 */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (v4) return v4.slice(1).every((n) => Number(n) <= 255) && v4[1] === '127';
  if (!h.includes(':')) return false;
  const mapped = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  const groups = mapped
    ? ipv6Groups(`${mapped[1]}${((Number(mapped[2]) << 8) | Number(mapped[3])).toString(16)}:${((Number(mapped[4]) << 8) | Number(mapped[5])).toString(16)}`)
    : ipv6Groups(h);
  if (!groups) return false;
  const zeros = (n: number): boolean => groups.slice(0, n).every((g) => g === 0);
  if (zeros(7) && groups[7] === 1) return true; // ::1
  return zeros(5) && groups[5] === 0xffff && groups[6] >> 8 === 0x7f; // ::ffff:127.x.x.x
}

export type HostResolution = { ok: true; host: ResolvedHost } | { ok: false; problem: HostProblem; value: string; source: HostSource };

/**
 * The host to talk to: the setting when the user set one, else OLLAMA_HOST (as the CLI would),
 * else the default; or why the chosen value is refused (never a silent fall-back to another host).
 */
export function resolveHostChecked(setting: string, env: string | undefined): HostResolution {
  const pick: [string, HostSource] = setting ? [setting, 'setting'] : env?.trim() ? [env, 'environment'] : [DEFAULT_HOST, 'default'];
  const checked = checkHost(pick[0]);
  if (!checked.ok) return { ok: false, problem: checked.problem, value: pick[0], source: pick[1] };
  const { url, hostname, port } = checked;
  return { ok: true, host: { url, hostname, port, source: pick[1], isLoopback: isLoopbackHostname(hostname) } };
}

/** resolveHostChecked without the reason: undefined when the value is refused. */
export function resolveHost(setting: string, env: string | undefined): ResolvedHost | undefined {
  const resolved = resolveHostChecked(setting, env);
  return resolved.ok ? resolved.host : undefined;
}
