// Model names as the user types them, checked before anything is sent: a bad name gets a reason the
// user can act on (a space, a stray slash, an empty tag…) instead of the server's bare "invalid model
// name". The rules are Ollama's (types/model/name.go), the same as core/ollama/names.ts applies.
import { normalizeModelName, parseModelName, sameModel } from '../ollama/names';

export type NameProblem =
  /** Nothing typed. */
  | 'empty'
  /** Spaces or tabs inside the name. */
  | 'whitespace'
  /** More than host/namespace/model. */
  | 'tooManyParts'
  /** A `@sha256:…` digest: Hearth pulls by name and tag. */
  | 'digest'
  /** The model part: letters, digits, `.`, `_`, `-`, starting with a letter or digit, at most 80. */
  | 'badModel'
  /** The tag after `:` (empty, or other characters). */
  | 'badTag'
  /** The namespace before the model (`user/model`). */
  | 'badNamespace'
  /** The registry host. */
  | 'badHost';

export type NameCheck = { ok: true; name: string } | { ok: false; problem: NameProblem };

const PART = /^[a-z0-9][a-z0-9._-]{0,79}$/i;
const TAG = /^[a-z0-9_][a-z0-9._-]{0,79}$/i;
const HOST = /^[a-z0-9][a-z0-9._:-]{0,349}$/i;

/** Checks a typed name; on success returns it trimmed (not normalised: `llama3.2` stays as typed). */
export function checkModelName(input: string): NameCheck {
  const name = input.trim();
  if (!name) return { ok: false, problem: 'empty' };
  if (/\s/.test(name)) return { ok: false, problem: 'whitespace' };
  if (name.includes('@')) return { ok: false, problem: 'digest' };
  if (parseModelName(name)) return { ok: true, name };
  // Work out which part is wrong, in the order the parser splits the name.
  const lastSlash = name.lastIndexOf('/');
  const lastColon = name.lastIndexOf(':');
  const base = lastColon > lastSlash ? name.slice(0, lastColon) : name;
  const tag = lastColon > lastSlash ? name.slice(lastColon + 1) : 'latest';
  const parts = base.split('/');
  if (parts.length > 3) return { ok: false, problem: 'tooManyParts' };
  if (!PART.test(parts[parts.length - 1] ?? '')) return { ok: false, problem: 'badModel' };
  if (!TAG.test(tag)) return { ok: false, problem: 'badTag' };
  if (parts.length >= 2 && !PART.test(parts[parts.length - 2] ?? '')) return { ok: false, problem: 'badNamespace' };
  if (parts.length === 3 && !HOST.test(parts[0] ?? '')) return { ok: false, problem: 'badHost' };
  return { ok: false, problem: 'badModel' };
}

/** A name for a copy that is not taken yet: `x:7b` → `x:7b-copy`, then `x:7b-copy2`… */
export function suggestCopyName(source: string, taken: readonly string[]): string {
  const full = normalizeModelName(source);
  const colon = full.lastIndexOf(':');
  const base = full.slice(0, colon);
  const tag = full.slice(colon + 1);
  for (let i = 1; i < 1000; i++) {
    const candidate = `${base}:${tag}-copy${i === 1 ? '' : i}`;
    if (!taken.some((t) => sameModel(t, candidate))) return candidate;
  }
  return `${base}:${tag}-copy`;
}

/** Whether `name` is among the installed names (ignoring case and an implied `:latest`). */
export function isInstalled(name: string, installed: readonly { name: string }[]): boolean {
  return installed.some((m) => sameModel(m.name, name));
}
