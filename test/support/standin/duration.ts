// keep_alive decoding as api.Duration.UnmarshalJSON does it: a JSON number is seconds, a string goes through
// Go's time.ParseDuration (so "300" fails for want of a unit), and anything negative means "forever".

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  '\u00b5s': 1e-3,
  '\u03bcs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

export class DurationError extends Error {}

const quote = (s: string): string => JSON.stringify(s);

/** Go's time.ParseDuration, in milliseconds. Throws DurationError with Go's message. */
export function parseGoDuration(orig: string): number {
  let s = orig;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new DurationError(`time: invalid duration ${quote(orig)}`);
  let total = 0;
  while (s !== '') {
    const number = /^(\d*)(\.(\d*))?/.exec(s);
    const whole = number?.[1] ?? '';
    const frac = number?.[3] ?? '';
    const hasDot = number?.[2] !== undefined;
    if (whole === '' && (!hasDot || frac === '')) throw new DurationError(`time: invalid duration ${quote(orig)}`);
    s = s.slice(number?.[0].length ?? 0);
    const unitMatch = /^[^\d.]*/.exec(s);
    const unit = unitMatch?.[0] ?? '';
    if (unit === '') throw new DurationError(`time: missing unit in duration ${quote(orig)}`);
    const scale = UNIT_MS[unit];
    if (scale === undefined) throw new DurationError(`time: unknown unit ${quote(unit)} in duration ${quote(orig)}`);
    total += Number(`${whole || '0'}.${frac || '0'}`) * scale;
    s = s.slice(unit.length);
  }
  return negative ? -total : total;
}

/**
 * A keep_alive JSON value → milliseconds (Infinity = forever). Throws DurationError with the message the
 * server puts in its 400 reply.
 */
export function keepAliveMs(value: unknown): number {
  if (typeof value === 'number') return value < 0 ? Infinity : value * 1000;
  if (typeof value === 'string') {
    const ms = parseGoDuration(value);
    return ms < 0 ? Infinity : ms;
  }
  const goType = typeof value === 'boolean' ? 'bool' : Array.isArray(value) ? '[]interface {}' : 'map[string]interface {}';
  throw new DurationError(`unsupported duration type: '${goType}'`);
}
