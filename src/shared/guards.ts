// Small type guards for data that crosses a trust boundary (messages from the webview, files on disk).
// Plain TypeScript with no DOM and no Node imports, so both bundles and core/ can use them.

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string no longer than `max` characters. */
export function isString(value: unknown, max = Number.POSITIVE_INFINITY): value is string {
  return typeof value === 'string' && value.length <= max;
}

export function isOptionalString(value: unknown, max = Number.POSITIVE_INFINITY): value is string | undefined {
  return value === undefined || isString(value, max);
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function isOptionalNumber(value: unknown): value is number | undefined {
  return value === undefined || isFiniteNumber(value);
}

export function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

/** An array whose every element passes `item`, with at most `max` elements. */
export function isArrayOf<T>(value: unknown, item: (v: unknown) => v is T, max = Number.POSITIVE_INFINITY): value is T[] {
  return Array.isArray(value) && value.length <= max && value.every((v) => item(v));
}

/** Ids Hearth makes: letters, digits, '-' and '_', 1–64 characters (safe in file names too). */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value);
}
