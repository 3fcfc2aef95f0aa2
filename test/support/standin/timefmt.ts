// Go's time.Time JSON form is RFC3339 with up to nine fraction digits, trailing zeros trimmed. Clients that
// parse these strings (or compare them as text) should see the same shapes as from the real server.

/** Nine fraction digits: milliseconds from the Date, the rest from the high-resolution clock. */
function fraction(date: Date): string {
  const ms = String(date.getUTCMilliseconds()).padStart(3, '0');
  const sub = String(process.hrtime.bigint() % 1_000_000n).padStart(6, '0');
  const digits = (ms + sub).replace(/0+$/, '');
  return digits ? `.${digits}` : '';
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** created_at: UTC, e.g. `2026-08-21T10:15:02.123456789Z`. */
export function utcTimestamp(date: Date = new Date()): string {
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}${fraction(date)}Z`
  );
}

/** modified_at / expires_at: the server's local zone with its offset, `Z` when the offset is zero. */
export function localTimestamp(date: Date = new Date()): string {
  const offsetMin = -date.getTimezoneOffset();
  const zone =
    offsetMin === 0
      ? 'Z'
      : `${offsetMin > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${fraction(date)}${zone}`
  );
}

/** Durations in the API are integer nanoseconds. */
export function msToNs(ms: number): number {
  return Math.max(1, Math.round(ms * 1e6));
}
