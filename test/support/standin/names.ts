// Model names the way Ollama's types/model.Name treats them: `[host/][namespace/]model[:tag]`, with
// registry.ollama.ai / library / latest filled in, and matched without regard to case.

export interface ModelName {
  host: string;
  namespace: string;
  model: string;
  tag: string;
}

const DEFAULT_HOST = 'registry.ollama.ai';
const DEFAULT_NAMESPACE = 'library';
const DEFAULT_TAG = 'latest';

const HOST_PART = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,349}$/;
const NAMESPACE_PART = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/;
const MODEL_PART = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/;
const TAG_PART = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}$/;

/** Undefined when the name would not pass the server's IsValid (which also rejects ''). */
export function parseName(input: string): ModelName | undefined {
  let rest = input;
  const at = rest.indexOf('@');
  if (at >= 0) rest = rest.slice(0, at);
  let tag = DEFAULT_TAG;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  if (parts.length > 3) return undefined;
  const model = parts[parts.length - 1] ?? '';
  const namespace = parts.length >= 2 ? (parts[parts.length - 2] ?? '') : DEFAULT_NAMESPACE;
  const host = parts.length === 3 ? (parts[0] ?? '') : DEFAULT_HOST;
  if (!MODEL_PART.test(model) || !TAG_PART.test(tag) || !NAMESPACE_PART.test(namespace) || !HOST_PART.test(host)) {
    return undefined;
  }
  return { host, namespace, model, tag };
}

/** `registry.ollama.ai/library/qwen2.5-coder:1.5b`: the form some error messages use. */
export function canonicalName(n: ModelName): string {
  return `${n.host}/${n.namespace}/${n.model}:${n.tag}`;
}

/** `qwen2.5-coder:1.5b`: what /api/tags shows (the tag is never dropped). */
export function displayName(n: ModelName): string {
  if (n.host.toLowerCase() !== DEFAULT_HOST) return canonicalName(n);
  if (n.namespace.toLowerCase() !== DEFAULT_NAMESPACE) return `${n.namespace}/${n.model}:${n.tag}`;
  return `${n.model}:${n.tag}`;
}

/** Lookup key: lookups ignore case, as getExistingName does with EqualFold. */
export function nameKey(n: ModelName): string {
  return canonicalName(n).toLowerCase();
}

/** Display form of any spelling; unparseable input is returned unchanged. */
export function normalizeName(input: string): string {
  const n = parseName(input);
  return n ? displayName(n) : input;
}

/** Canonical form of any spelling; unparseable input is returned unchanged. */
export function canonicalOf(input: string): string {
  const n = parseName(input);
  return n ? canonicalName(n) : input;
}

export function keyOf(input: string): string | undefined {
  const n = parseName(input);
  return n ? nameKey(n) : undefined;
}
