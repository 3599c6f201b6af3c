/** Reads NAB timestamps ("2014-04-10 07:15:00[.000000]", naive, taken as UTC) as epoch milliseconds. */

/** Returns epoch ms, or NaN when the text is not a timestamp. */
export function parseNabTimestamp(text: string): number {
  const trimmed = text.trim();
  // NAB writes naive local-free times with a space; microseconds beyond ms are dropped.
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z)?$/.exec(trimmed);
  if (!m) return Date.parse(trimmed);
  const [, y, mo, d, h, mi, s, frac] = m;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), ms);
}
