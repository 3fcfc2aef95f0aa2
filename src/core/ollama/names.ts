// Model names as Ollama understands them: `[host/][namespace/]model[:tag]`, tag `latest` by default,
// matched without regard to case.

export interface ParsedModelName {
  host?: string;
  namespace?: string;
  model: string;
  tag: string;
}

const HOST_PART = /^[a-z0-9][a-z0-9._:-]{0,349}$/i;
const NAME_PART = /^[a-z0-9][a-z0-9._-]{0,79}$/i;
const TAG_PART = /^[a-z0-9_][a-z0-9._-]{0,79}$/i;

/** Parses and validates a model name; undefined when Ollama would reject it as invalid. */
export function parseModelName(name: string): ParsedModelName | undefined {
  const trimmed = name.trim();
  if (!trimmed || /\s/.test(trimmed)) return undefined;
  const lastSlash = trimmed.lastIndexOf('/');
  const lastColon = trimmed.lastIndexOf(':');
  let base = trimmed;
  let tag = 'latest';
  if (lastColon > lastSlash) {
    tag = trimmed.slice(lastColon + 1);
    base = trimmed.slice(0, lastColon);
  }
  const parts = base.split('/');
  if (parts.length > 3) return undefined;
  const model = parts[parts.length - 1];
  const namespace = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  const host = parts.length === 3 ? parts[0] : undefined;
  if (!NAME_PART.test(model) || !TAG_PART.test(tag)) return undefined;
  if (namespace !== undefined && !NAME_PART.test(namespace)) return undefined;
  if (host !== undefined && !HOST_PART.test(host)) return undefined;
  return { host, namespace, model, tag };
}

export function isValidModelName(name: string): boolean {
  return parseModelName(name) !== undefined;
}

/** `llama3.2` → `llama3.2:latest`; used as the identity of a model everywhere in Hearth. */
export function normalizeModelName(name: string): string {
  const trimmed = name.trim();
  const lastSlash = trimmed.lastIndexOf('/');
  const lastColon = trimmed.lastIndexOf(':');
  return lastColon > lastSlash ? trimmed : `${trimmed}:latest`;
}

export function sameModel(a: string, b: string): boolean {
  return normalizeModelName(a).toLowerCase() === normalizeModelName(b).toLowerCase();
}

/** The short form users recognise: drops `:latest`. */
export function displayModelName(name: string): string {
  return name.endsWith(':latest') ? name.slice(0, -':latest'.length) : name;
}

/** Models that Ollama proxies to ollama.com are named `…:cloud` or `…-cloud`. */
export function isCloudModelName(name: string): boolean {
  const n = normalizeModelName(name).toLowerCase();
  const tag = n.slice(n.lastIndexOf(':') + 1);
  const base = n.slice(0, n.lastIndexOf(':'));
  return tag === 'cloud' || tag.endsWith('-cloud') || base.endsWith('-cloud');
}
