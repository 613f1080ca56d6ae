/**
 * Text of a camera tile's overlay.
 */
import { frameGaps } from "../../../shared/playback/ticks.ts";

/** Format an offset in ms with a sign, e.g. `+0 ms`, `−8 ms`. */
export function formatOffsetMs(offsetNs: bigint): string {
  const ms = Number(offsetNs) / 1e6;
  const rounded = Math.round(ms);
  if (rounded === 0) return "+0 ms";
  return `${rounded > 0 ? "+" : "−"}${Math.abs(rounded)} ms`;
}

/**
 * The warning badge of a camera: how many gaps (intervals longer than 2.5× the median frame interval, i.e. dropped
 * frames or a stalled stream) its frame times have, or null when none.
 */
export function gapWarning(logTimesNs: BigInt64Array): string | null {
  const gaps = frameGaps(logTimesNs);
  if (gaps.length === 0) return null;
  return gaps.length === 1 ? "1 gap (dropped frames)" : `${gaps.length} gaps (dropped frames)`;
}
