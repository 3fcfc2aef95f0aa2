// The checked fallback for structured output: when a server cannot constrain the reply to a JSON schema
// (llama.cpp builds without json_schema, some proxies), the adapter asks in words and checks the text itself.
// The subset of JSON Schema Hearth's own schemas use: type, properties, required, additionalProperties,
// items, enum, const. Anything else is not checked (the server would not have checked it either).

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The JSON value in a reply, tolerating a code fence or words around it (small models add both). */
export function extractJson(reply: string): { ok: true; value: unknown; text: string } | { ok: false } {
  const text = reply.trim().replace(/^```(?:json)?\s*\n?/i, '').replace(/\n?```\s*$/, '').trim();
  const attempt = (candidate: string): { ok: true; value: unknown; text: string } | undefined => {
    try {
      return { ok: true, value: JSON.parse(candidate) as unknown, text: candidate };
    } catch {
      return undefined;
    }
  };
  const whole = attempt(text);
  if (whole) return whole;
  for (const [open, close] of [['{', '}'], ['[', ']']] as const) {
    const first = text.indexOf(open);
    const last = text.lastIndexOf(close);
    if (first >= 0 && last > first) {
      const inner = attempt(text.slice(first, last + 1));
      if (inner) return inner;
    }
  }
  return { ok: false };
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === 'number' && actual === 'integer');
}

/** The first place `value` breaks `schema`, as a short path and reason; undefined when it fits. */
export function schemaProblem(value: unknown, schema: unknown, path = '$', depth = 0): string | undefined {
  const s = obj(schema);
  if (!s || depth > 32) return undefined;
  if (Array.isArray(s['enum']) && !s['enum'].some((v) => JSON.stringify(v) === JSON.stringify(value))) return `${path}: not one of the allowed values`;
  if ('const' in s && JSON.stringify(s['const']) !== JSON.stringify(value)) return `${path}: not the required value`;
  const types = Array.isArray(s['type']) ? (s['type'] as unknown[]) : s['type'] !== undefined ? [s['type']] : [];
  const actual = typeOf(value);
  if (types.length > 0 && !types.some((t) => typeof t === 'string' && typeMatches(t, actual))) return `${path}: expected ${types.join(' or ')}, got ${actual}`;
  const o = obj(value);
  if (o) {
    const props = obj(s['properties']) ?? {};
    for (const key of Array.isArray(s['required']) ? (s['required'] as unknown[]) : []) {
      if (typeof key === 'string' && !(key in o)) return `${path}: "${key}" is missing`;
    }
    for (const [key, v] of Object.entries(o)) {
      if (key in props) {
        const problem = schemaProblem(v, props[key], `${path}.${key}`, depth + 1);
        if (problem) return problem;
      } else if (s['additionalProperties'] === false) {
        return `${path}: "${key}" is not allowed`;
      } else if (obj(s['additionalProperties'])) {
        const problem = schemaProblem(v, s['additionalProperties'], `${path}.${key}`, depth + 1);
        if (problem) return problem;
      }
    }
  }
  if (Array.isArray(value) && s['items'] !== undefined) {
    for (const [i, item] of value.entries()) {
      const problem = schemaProblem(item, s['items'], `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** The instruction that replaces `response_format` when the server refused it. */
export function schemaInstruction(format: 'json' | Record<string, unknown>): string {
  if (format === 'json') return 'Answer with one JSON value only, no other text.';
  return `Answer with one JSON value only, no other text, matching this JSON schema:\n${JSON.stringify(format)}`;
}
