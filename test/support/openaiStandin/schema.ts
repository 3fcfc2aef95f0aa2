// The smallest JSON value that fits a JSON schema, for replies to `response_format: json_schema` when no reply
// was scripted: a stand-in has to answer with valid JSON of the asked shape, not with any particular content.

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function exampleOf(schema: unknown, depth = 0): unknown {
  const s = obj(schema);
  if (!s || depth > 8) return null;
  if (Array.isArray(s['enum']) && s['enum'].length > 0) return s['enum'][0];
  if ('const' in s) return s['const'];
  const type = Array.isArray(s['type']) ? s['type'][0] : s['type'];
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = obj(s['properties']) ?? {};
      for (const [key, sub] of Object.entries(props)) out[key] = exampleOf(sub, depth + 1);
      return out;
    }
    case 'array': {
      const min = typeof s['minItems'] === 'number' ? s['minItems'] : 0;
      return Array.from({ length: min }, () => exampleOf(s['items'], depth + 1));
    }
    case 'string':
      return 'text';
    case 'integer':
    case 'number':
      return typeof s['minimum'] === 'number' ? s['minimum'] : 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}
