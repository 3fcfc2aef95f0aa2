// Request bodies decoded the way gin's ShouldBindJSON (a json.Decoder) does, with Go's error texts:
// empty body → io.EOF ("missing request body"), syntax errors → `invalid character 'x' …`, a cut-off body →
// `unexpected EOF`, type mismatches → `json: cannot unmarshal string into Go struct field X.y of type bool`.
// Field names match case-insensitively and unknown fields are ignored, as in encoding/json.

import { DurationError, keepAliveMs } from './duration';

export class DecodeError extends Error {}

/** The body was empty: the handlers answer `missing request body`. */
export class EmptyBodyError extends DecodeError {
  constructor() {
    super('missing request body');
  }
}

function quoteChar(ch: string): string {
  if (ch === "'") return "'\\''";
  if (ch === '"') return "'\"'";
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 0x80) return `'\\x${(Buffer.from(ch, 'utf8')[0] ?? 0).toString(16)}'`;
  const q = JSON.stringify(ch).slice(1, -1);
  if (q.startsWith('\\u00')) return `'\\x${q.slice(4).toLowerCase()}'`;
  return `'${q}'`;
}

/** Go's scanner, reduced to what is needed to report the first error and find the end of the first value. */
class Scanner {
  i = 0;
  constructor(private readonly s: string) {}

  private eof(): never {
    throw new DecodeError('unexpected EOF');
  }

  private bad(context: string): never {
    throw new DecodeError(`invalid character ${quoteChar(this.s[this.i] ?? '')} ${context}`);
  }

  ws(): void {
    while (this.i < this.s.length && ' \t\r\n'.includes(this.s[this.i] ?? '')) this.i++;
  }

  value(): void {
    this.ws();
    if (this.i >= this.s.length) this.eof();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    if (c === 't') return this.literal('true');
    if (c === 'f') return this.literal('false');
    if (c === 'n') return this.literal('null');
    this.bad('looking for beginning of value');
  }

  private object(): void {
    this.i++;
    this.ws();
    if (this.i >= this.s.length) this.eof();
    if (this.s[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      if (this.i >= this.s.length) this.eof();
      if (this.s[this.i] !== '"') this.bad('looking for beginning of object key string');
      this.string();
      this.ws();
      if (this.i >= this.s.length) this.eof();
      if (this.s[this.i] !== ':') this.bad('after object key');
      this.i++;
      this.value();
      this.ws();
      if (this.i >= this.s.length) this.eof();
      const c = this.s[this.i];
      if (c === '}') {
        this.i++;
        return;
      }
      if (c !== ',') this.bad('after object key:value pair');
      this.i++;
      this.ws();
    }
  }

  private array(): void {
    this.i++;
    this.ws();
    if (this.i >= this.s.length) this.eof();
    if (this.s[this.i] === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.value();
      this.ws();
      if (this.i >= this.s.length) this.eof();
      const c = this.s[this.i];
      if (c === ']') {
        this.i++;
        return;
      }
      if (c !== ',') this.bad('after array element');
      this.i++;
    }
  }

  private string(): void {
    this.i++;
    for (;;) {
      if (this.i >= this.s.length) this.eof();
      const c = this.s[this.i] ?? '';
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\\') {
        this.i++;
        if (this.i >= this.s.length) this.eof();
        const e = this.s[this.i] ?? '';
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            this.i++;
            if (this.i >= this.s.length) this.eof();
            if (!/[0-9a-fA-F]/.test(this.s[this.i] ?? '')) this.bad('in \\u hexadecimal character escape');
          }
        } else if (!'"\\/bfnrt'.includes(e)) this.bad('in string escape code');
        this.i++;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) this.bad('in string literal');
      this.i++;
    }
  }

  private digits(): number {
    const start = this.i;
    while (this.i < this.s.length && /[0-9]/.test(this.s[this.i] ?? '')) this.i++;
    return this.i - start;
  }

  private number(): void {
    if (this.s[this.i] === '-') {
      this.i++;
      if (this.i >= this.s.length) this.eof();
      if (!/[0-9]/.test(this.s[this.i] ?? '')) this.bad('in numeric literal');
    }
    if (this.s[this.i] === '0') this.i++;
    else this.digits();
    if (this.s[this.i] === '.') {
      this.i++;
      if (this.i >= this.s.length) this.eof();
      if (this.digits() === 0) this.bad('after decimal point in numeric literal');
    }
    if (this.s[this.i] === 'e' || this.s[this.i] === 'E') {
      this.i++;
      if (this.s[this.i] === '+' || this.s[this.i] === '-') this.i++;
      if (this.i >= this.s.length) this.eof();
      if (this.digits() === 0) this.bad('in exponent of numeric literal');
    }
  }

  private literal(word: string): void {
    for (let k = 0; k < word.length; k++) {
      if (this.i >= this.s.length) this.eof();
      if (this.s[this.i] !== word[k]) this.bad(`in literal ${word} (expecting ${quoteChar(word[k] ?? '')})`);
      this.i++;
    }
  }
}

/** Go-side types a field can have; `go` is the type name used in error messages. */
export type FieldSpec =
  | { kind: 'string' | 'bool' | 'int' | 'float' | 'any' | 'duration' | 'think' | 'images' | 'stringOrStrings'; go: string }
  | { kind: 'array' | 'object'; go: string; items?: Schema; itemsGo?: string };

export interface Schema {
  /** Go struct name for messages, e.g. 'GenerateRequest'. */
  struct: string;
  /** Package-qualified name for top-level mismatches, e.g. 'api.GenerateRequest'. */
  qualified: string;
  fields: Record<string, FieldSpec>;
}

function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Go's UnmarshalTypeError text; the number itself is only shown when it is a number that does not fit. */
function typeError(v: unknown, path: string, go: string, showNumber = false): DecodeError {
  const shown = showNumber ? `number ${String(v)}` : jsonKind(v);
  return new DecodeError(`json: cannot unmarshal ${shown} into Go struct field ${path} of type ${go}`);
}

function checkField(spec: FieldSpec, v: unknown, path: string): unknown {
  if (v === null) return undefined;
  switch (spec.kind) {
    case 'any':
      return v;
    case 'string':
      if (typeof v !== 'string') throw typeError(v, path, spec.go);
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw typeError(v, path, spec.go);
      return v;
    case 'int':
      if (typeof v !== 'number') throw typeError(v, path, spec.go);
      if (!Number.isInteger(v)) throw typeError(v, path, spec.go, true);
      return v;
    case 'float':
      if (typeof v !== 'number') throw typeError(v, path, spec.go);
      return v;
    case 'duration':
      try {
        keepAliveMs(v);
      } catch (e) {
        throw new DecodeError(e instanceof DurationError ? e.message : String(e));
      }
      return v;
    case 'think':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string') {
        if (!['high', 'medium', 'low', 'max'].includes(v)) {
          throw new DecodeError(`invalid think value: ${JSON.stringify(v)} (must be "high", "medium", "low", "max", true, or false)`);
        }
        return v;
      }
      throw new DecodeError('think must be a boolean or string ("high", "medium", "low", "max", true, or false)');
    case 'images': {
      if (!Array.isArray(v)) throw typeError(v, path, spec.go);
      for (const item of v) {
        if (item === null) continue;
        if (typeof item !== 'string') throw typeError(item, path, 'api.ImageData');
        const bad = BASE64.test(item) && item.length % 4 === 0 ? -1 : firstBadBase64(item);
        if (bad >= 0) throw new DecodeError(`illegal base64 data at input byte ${bad}`);
      }
      return v;
    }
    case 'stringOrStrings':
      if (typeof v === 'string') return v;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
      throw new DecodeError(`json: cannot unmarshal ${jsonKind(v)} into Go struct field ${path} of type ${spec.go}`);
    case 'array': {
      if (!Array.isArray(v)) throw typeError(v, path, spec.go);
      if (!spec.items) return v;
      const items = spec.items;
      return v.map((item) => {
        if (item === null) return {};
        if (typeof item !== 'object' || Array.isArray(item)) throw typeError(item, path, spec.itemsGo ?? spec.go);
        return decodeFields(items, item as Record<string, unknown>, path);
      });
    }
    case 'object':
      if (typeof v !== 'object' || Array.isArray(v)) throw typeError(v, path, spec.go);
      return spec.items ? decodeFields(spec.items, v as Record<string, unknown>, path) : v;
  }
}

function firstBadBase64(s: string): number {
  for (let i = 0; i < s.length; i++) {
    if (!/[A-Za-z0-9+/=]/.test(s[i] ?? '')) return i;
  }
  return s.length - (s.length % 4);
}

function decodeFields(schema: Schema, raw: Record<string, unknown>, parentPath?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const names = Object.keys(schema.fields);
  for (const [key, value] of Object.entries(raw)) {
    // encoding/json prefers an exact match, then falls back to a case-insensitive one.
    const field = names.includes(key) ? key : names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (field === undefined) continue;
    const spec = schema.fields[field];
    if (!spec) continue;
    const path = `${parentPath ?? schema.struct}.${field}`;
    const decoded = checkField(spec, value, path);
    if (decoded !== undefined) out[field] = decoded;
  }
  return out;
}

/**
 * Decodes the first JSON value of the body against the schema. Throws EmptyBodyError or DecodeError with
 * the text the server would put in its 400 reply.
 */
export function decodeBody(body: string, schema: Schema): Record<string, unknown> {
  const scanner = new Scanner(body);
  scanner.ws();
  if (scanner.i >= body.length) throw new EmptyBodyError();
  const start = scanner.i;
  scanner.value();
  const value: unknown = JSON.parse(body.slice(start, scanner.i));
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new DecodeError(`json: cannot unmarshal ${jsonKind(value)} into Go value of type ${schema.qualified}`);
  }
  return decodeFields(schema, value as Record<string, unknown>);
}

/** The body as JSON for the request record: anything JSON.parse accepts, else undefined. */
export function parseLoosely(body: string): unknown {
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
