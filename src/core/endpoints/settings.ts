// Reading `hearth.endpoints` and `hearth.endpoint.<feature>` into validated values. Zero configuration means
// one endpoint, `local` (hearth.host / OLLAMA_HOST, exactly as before endpoints existed), and every feature on
// it. A wrong entry never takes a feature somewhere the user did not ask for: the entry is left out and the
// feature falls back to `local` (this machine), with a problem the platform layer shows once.
import { checkHost, isLoopbackHostname } from '../ollama/host';
import { FEATURES, type Feature } from '../settings';
import { LOCAL_ENDPOINT_NAME, type EndpointKind, type EndpointSetting } from './types';

export const ENDPOINT_KINDS: readonly EndpointKind[] = ['ollama', 'openai-compatible'];

/** Names the user may give: what fits in a setting value, a SecretStorage key and a status bar item. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export type EndpointProblem =
  /** The list itself is not an array. */
  | { kind: 'notAList' }
  /** An entry that is not an object with string fields. */
  | { kind: 'notAnObject'; index: number }
  | { kind: 'badName'; index: number; name: string }
  /** `local` is the endpoint hearth.host defines. */
  | { kind: 'reservedName'; index: number; name: string }
  | { kind: 'duplicateName'; index: number; name: string }
  | { kind: 'badUrl'; index: number; name: string; url: string; reason: string }
  | { kind: 'badKind'; index: number; name: string; value: string }
  /** A feature chose an endpoint that is not in the list (or was left out above). */
  | { kind: 'unknownEndpoint'; feature: Feature; name: string };

/** A validated endpoint with the URL requests will use. */
export interface ParsedEndpoint extends EndpointSetting {
  /** Normalised base URL without a trailing slash (checkHost's reading). */
  readonly url: string;
  readonly isLoopback: boolean;
}

export interface EndpointSettings {
  /** The user's endpoints, valid ones only, in the order written (without `local`). */
  readonly endpoints: readonly ParsedEndpoint[];
  /** The endpoint name each feature uses, after fallback (always `local` or one of `endpoints`). */
  readonly choice: Readonly<Record<Feature, string>>;
  readonly problems: readonly EndpointProblem[];
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** What is wrong with `name` for a new endpoint beside the (lower-cased) names already `taken`; undefined when nothing. */
export function endpointNameProblem(name: string, taken: ReadonlySet<string>): 'reservedName' | 'badName' | 'duplicateName' | undefined {
  if (name.toLowerCase() === LOCAL_ENDPOINT_NAME) return 'reservedName';
  if (!NAME_PATTERN.test(name)) return 'badName';
  if (taken.has(name.toLowerCase())) return 'duplicateName';
  return undefined;
}

/**
 * Parses the endpoint list and the per-feature choices. `choices[feature]` is the raw `hearth.endpoint.<feature>`
 * value (undefined or '' = local). Names compare case-insensitively (a SecretStorage key must not tell
 * `Team` from `team` apart from what the user sees).
 */
export function parseEndpointSettings(list: unknown, choices: Partial<Record<Feature, unknown>>): EndpointSettings {
  const problems: EndpointProblem[] = [];
  const endpoints: ParsedEndpoint[] = [];
  const seen = new Set<string>([LOCAL_ENDPOINT_NAME]);
  const entries: unknown[] = list === undefined || list === null ? [] : Array.isArray(list) ? list : (problems.push({ kind: 'notAList' }), []);
  entries.forEach((entry, index) => {
    const record = asRecord(entry);
    if (!record || typeof record['name'] !== 'string' || typeof record['url'] !== 'string') {
      problems.push({ kind: 'notAnObject', index });
      return;
    }
    const name = record['name'].trim();
    const rawUrl = record['url'];
    const nameProblem = endpointNameProblem(name, seen);
    if (nameProblem) {
      problems.push({ kind: nameProblem, index, name });
      return;
    }
    const kindValue = record['kind'] === undefined ? 'ollama' : record['kind'];
    if (typeof kindValue !== 'string' || !ENDPOINT_KINDS.includes(kindValue as EndpointKind)) {
      problems.push({ kind: 'badKind', index, name, value: String(kindValue) });
      return;
    }
    const checked = checkHost(rawUrl);
    if (!checked.ok) {
      problems.push({ kind: 'badUrl', index, name, url: rawUrl, reason: checked.problem });
      return;
    }
    seen.add(name.toLowerCase());
    endpoints.push({ name, url: checked.url, kind: kindValue as EndpointKind, isLoopback: isLoopbackHostname(checked.hostname) });
  });
  const choice = {} as Record<Feature, string>;
  for (const feature of FEATURES) {
    const raw = choices[feature];
    const wanted = typeof raw === 'string' ? raw.trim() : '';
    if (!wanted || wanted.toLowerCase() === LOCAL_ENDPOINT_NAME) {
      choice[feature] = LOCAL_ENDPOINT_NAME;
      continue;
    }
    const found = endpoints.find((e) => e.name.toLowerCase() === wanted.toLowerCase());
    if (found) {
      choice[feature] = found.name;
    } else {
      problems.push({ kind: 'unknownEndpoint', feature, name: wanted });
      choice[feature] = LOCAL_ENDPOINT_NAME;
    }
  }
  return { endpoints, choice, problems };
}

/** A stable key for a problem, so that each one is shown once however often the settings are read. */
export function problemKey(problem: EndpointProblem): string {
  return JSON.stringify(problem);
}
