// The JSON schema sent as `format` for a batch of comments, and the check of a reply against it. A reply is
// usable only when it is one JSON object with exactly the ids asked for, each a non-empty string.

export function translationSchema(ids: readonly string[]): Record<string, unknown> {
  return {
    type: 'object',
    properties: Object.fromEntries(ids.map((id) => [id, { type: 'string' }])),
    required: [...ids],
    additionalProperties: false,
  };
}

export type ReplyProblem = 'notJson' | 'notObject' | 'missing' | 'extra' | 'notString' | 'empty';

export type ReplyCheck =
  | { ok: true; translations: Map<string, string> }
  | { ok: false; problem: ReplyProblem; detail: string };

/** The JSON object in a reply, tolerating a code fence or words around it. */
function extractJson(reply: string): unknown {
  const text = reply.trim().replace(/^```(?:json)?\s*\n?/i, '').replace(/\n?```\s*$/, '');
  try {
    return JSON.parse(text);
  } catch {
    const first = text.indexOf('{');
    const last = text.lastIndexOf('}');
    if (first < 0 || last <= first) throw new Error('no JSON object');
    return JSON.parse(text.slice(first, last + 1));
  }
}

function list(ids: readonly string[]): string {
  return ids.length > 6 ? `${ids.slice(0, 6).join(', ')} and ${ids.length - 6} more` : ids.join(', ');
}

export function checkReply(reply: string, items: ReadonlyArray<{ id: string; text: string }>): ReplyCheck {
  let value: unknown;
  try {
    value = extractJson(reply);
  } catch (err) {
    return { ok: false, problem: 'notJson', detail: `not valid JSON: ${(err as Error).message}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, problem: 'notObject', detail: 'not a JSON object' };
  const record = value as Record<string, unknown>;
  const expected = new Set(items.map((i) => i.id));
  const missing = items.map((i) => i.id).filter((id) => !(id in record));
  if (missing.length > 0) return { ok: false, problem: 'missing', detail: `ids missing: ${list(missing)}` };
  const extra = Object.keys(record).filter((k) => !expected.has(k));
  if (extra.length > 0) return { ok: false, problem: 'extra', detail: `ids not asked for: ${list(extra)}` };
  const translations = new Map<string, string>();
  for (const item of items) {
    const v = record[item.id];
    if (typeof v !== 'string') return { ok: false, problem: 'notString', detail: `${item.id} is not a string` };
    if (v.trim() === '' && item.text.trim() !== '') return { ok: false, problem: 'empty', detail: `${item.id} is empty` };
    translations.set(item.id, v);
  }
  return { ok: true, translations };
}
