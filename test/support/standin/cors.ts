// The two guards in front of every route: gin-contrib/cors with Ollama's default origins (403, empty body,
// for an Origin not on the list) and the DNS-rebinding Host check of a loopback listener.

import { hostname } from 'node:os';

const DEFAULT_ORIGINS = [
  'http://localhost', 'https://localhost', 'http://localhost:*', 'https://localhost:*',
  'http://127.0.0.1', 'https://127.0.0.1', 'http://127.0.0.1:*', 'https://127.0.0.1:*',
  'http://0.0.0.0', 'https://0.0.0.0', 'http://0.0.0.0:*', 'https://0.0.0.0:*',
  'app://*', 'file://*', 'tauri://*', 'vscode-webview://*', 'vscode-file://*',
];

const BROWSER_EXTENSIONS = ['chrome-extension://', 'safari-extension://', 'moz-extension://', 'ms-browser-extension://'];

function wildcardMatch(pattern: string, origin: string): boolean {
  if (pattern === '*') return true;
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === origin;
  return origin.startsWith(pattern.slice(0, star)) && origin.endsWith(pattern.slice(star + 1)) && origin.length >= pattern.length - 1;
}

export function originAllowed(origin: string, extra: readonly string[]): boolean {
  if (BROWSER_EXTENSIONS.some((p) => origin.startsWith(p))) return true;
  return [...DEFAULT_ORIGINS, ...extra].some((p) => wildcardMatch(p, origin));
}

function isPrivateOrLoopbackIp(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === '::1' || h === '::' || h.startsWith('fc') || h.startsWith('fd') || h.startsWith('fe80')) return h.includes(':');
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
}

/** allowedHostsMiddleware for a loopback listener. */
export function hostAllowed(hostHeader: string | undefined): boolean {
  if (!hostHeader) return true;
  const host = (hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0] ?? '').toLowerCase();
  if (host === '' || host === 'localhost' || host === hostname().toLowerCase() || isPrivateOrLoopbackIp(host)) return true;
  return ['.localhost', '.local', '.internal'].some((tld) => host.endsWith(tld));
}
