/**
 * Time helpers. Log time is an integer count of nanoseconds (bigint); the screen shows time relative to the episode
 * start as mm:ss.mmm or seconds.
 */

export const NS_PER_SECOND = 1_000_000_000n;

/** Nanoseconds (bigint) → seconds (float). Exact to well under 1 ns for spans below ~100 days. */
export function nsToSeconds(ns: bigint): number {
  const whole = ns / NS_PER_SECOND;
  const frac = ns % NS_PER_SECOND;
  return Number(whole) + Number(frac) / 1e9;
}

/** Seconds (float) → nanoseconds (bigint), rounded to the nearest ns. */
export function secondsToNs(seconds: number): bigint {
  if (!Number.isFinite(seconds)) throw new RangeError(`seconds must be finite, got ${seconds}`);
  const whole = Math.trunc(seconds);
  return BigInt(whole) * NS_PER_SECOND + BigInt(Math.round((seconds - whole) * 1e9));
}

/**
 * Format a duration in ns as `mm:ss.mmm` (or `h:mm:ss.mmm` from one hour). Negative values get a leading `-`.
 * Milliseconds are truncated toward zero so a frame at 1.9999 s never shows as 2.000.
 */
export function formatClock(ns: bigint): string {
  const negative = ns < 0n;
  const abs = negative ? -ns : ns;
  const totalMs = abs / 1_000_000n;
  const ms = Number(totalMs % 1000n);
  const totalS = Number(totalMs / 1000n);
  const s = totalS % 60;
  const m = Math.floor(totalS / 60) % 60;
  const h = Math.floor(totalS / 3600);
  const mmss = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}.${String(ms).padStart(3, "0")}`;
  return (negative ? "-" : "") + (h > 0 ? `${h}:${mmss}` : mmss);
}

/** Format a duration in ns as seconds with millisecond precision, e.g. `12.345` (truncated, like formatClock). */
export function formatSeconds(ns: bigint): string {
  const negative = ns < 0n;
  const abs = negative ? -ns : ns;
  const totalMs = abs / 1_000_000n;
  return `${negative ? "-" : ""}${totalMs / 1000n}.${String(totalMs % 1000n).padStart(3, "0")}`;
}

/**
 * The sync rule: index of the latest entry with time ≤ t in an ascending array, or -1 when t is before the first.
 * Binary search, O(log n). Among equal times the last one wins.
 */
export function latestAtOrBefore(times: BigInt64Array | readonly bigint[], t: bigint): number {
  let lo = 0;
  let hi = times.length; // first index with time > t lies in [lo, hi]
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Clamp a bigint into [min, max]. */
export function clampNs(t: bigint, min: bigint, max: bigint): bigint {
  return t < min ? min : t > max ? max : t;
}
