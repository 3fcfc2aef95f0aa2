// What SecretStorage keeps for one endpoint: a bearer token and/or custom headers (Open WebUI's key, a proxy's
// `X-Api-Key`, Cloudflare Access's client id and secret). Stored as one JSON value per endpoint under a key
// derived from its name; parsed defensively, since SecretStorage is shared with nothing but could hold an
// older shape. Header names may be logged; values never are.

export interface EndpointCredentials {
  readonly token?: string;
  /** Header name → value, names as the user wrote them. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The SecretStorage key of an endpoint's credentials. Names compare case-insensitively, so the key does too. */
export function secretKey(endpointName: string): string {
  return `hearth.endpoint.credentials/${endpointName.toLowerCase()}`;
}

/** RFC 9110 token characters: what a header name may be. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Headers Hearth sets itself or that would change where and how the request goes. */
const FORBIDDEN_HEADERS = new Set(['host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'accept', 'accept-encoding', 'te', 'upgrade', 'cookie2', 'keep-alive', 'proxy-connection', 'expect']);

export type HeaderNameProblem = 'empty' | 'invalid' | 'reserved';

export function checkHeaderName(name: string): HeaderNameProblem | undefined {
  const n = name.trim();
  if (!n) return 'empty';
  if (!HEADER_NAME.test(n)) return 'invalid';
  if (FORBIDDEN_HEADERS.has(n.toLowerCase())) return 'reserved';
  return undefined;
}

/** A value must be one line of visible text: CR/LF would split the header, other controls fetch refuses. */
export function checkSecretValue(value: string): 'empty' | 'control' | undefined {
  if (!value.trim()) return 'empty';
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value.trim())) return 'control';
  return undefined;
}

export function parseCredentials(text: string | undefined): EndpointCredentials {
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null) return {};
  const record = value as Record<string, unknown>;
  const token = typeof record['token'] === 'string' && !checkSecretValue(record['token']) ? record['token'].trim() : undefined;
  const headers: Record<string, string> = {};
  const rawHeaders = record['headers'];
  if (typeof rawHeaders === 'object' && rawHeaders !== null && !Array.isArray(rawHeaders)) {
    for (const [name, v] of Object.entries(rawHeaders as Record<string, unknown>)) {
      if (typeof v === 'string' && !checkHeaderName(name) && !checkSecretValue(v)) headers[name.trim()] = v.trim();
    }
  }
  return { ...(token ? { token } : {}), ...(Object.keys(headers).length ? { headers } : {}) };
}

export function serializeCredentials(credentials: EndpointCredentials): string | undefined {
  const empty = !credentials.token && !Object.keys(credentials.headers ?? {}).length;
  return empty ? undefined : JSON.stringify(credentials);
}

/** The headers a request to this endpoint carries. `Authorization` from custom headers wins over the token. */
export function credentialHeaders(credentials: EndpointCredentials): Record<string, string> {
  const out: Record<string, string> = {};
  if (credentials.token) out['Authorization'] = `Bearer ${credentials.token}`;
  for (const [name, value] of Object.entries(credentials.headers ?? {})) {
    for (const existing of Object.keys(out)) if (existing.toLowerCase() === name.toLowerCase()) delete out[existing];
    out[name] = value;
  }
  return out;
}

/** The secret values, for blotting out: the token, its `Bearer …` form, and each header value. */
export function secretValues(credentials: EndpointCredentials): string[] {
  const values = [credentials.token, ...Object.values(credentials.headers ?? {})].filter((v): v is string => !!v);
  return [...new Set(values)];
}

/** A description for the log: which headers are set, never their values. */
export function describeCredentials(credentials: EndpointCredentials): string {
  const names = Object.keys(credentialHeaders(credentials));
  return names.length ? names.join(', ') : 'none';
}

/**
 * Blots the secret values out of a text (a log line, an error a proxy echoed). Short values (under 4
 * characters) are left: blotting out "ab" everywhere would garble the log and protect nothing.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length < 4) continue;
    out = out.split(secret).join('[secret]');
  }
  return out;
}
