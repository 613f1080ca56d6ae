/**
 * Per-camera frame ticks for the timeline rows: one cell per pixel column, so gaps and keyframes show.
 */

/** Cell value of `frameTickColumns`: no frame in the column. */
export const TICK_NONE = 0;
/** Cell value: at least one frame, no keyframe. */
export const TICK_FRAME = 1;
/** Cell value: a keyframe. */
export const TICK_KEYFRAME = 2;

/**
 * Map frames to `width` pixel columns over [startNs, endNs]: TICK_KEYFRAME where a keyframe falls in the column,
 * else TICK_FRAME where any frame falls, else TICK_NONE. Frames outside the range are ignored.
 */
export function frameTickColumns(
  logTimesNs: BigInt64Array,
  keyframes: Uint8Array | null,
  startNs: bigint,
  endNs: bigint,
  width: number,
): Uint8Array {
  const cols = new Uint8Array(Math.max(0, Math.floor(width)));
  const span = endNs - startNs;
  if (cols.length === 0) return cols;
  const spanNum = Number(span);
  for (let i = 0; i < logTimesNs.length; i++) {
    const t = logTimesNs[i]!;
    if (t < startNs || t > endNs) continue;
    const c = span > 0n ? Math.min(cols.length - 1, Math.floor((Number(t - startNs) / spanNum) * cols.length)) : 0;
    const v = keyframes && keyframes[i] ? TICK_KEYFRAME : TICK_FRAME;
    if (v > cols[c]!) cols[c] = v;
  }
  return cols;
}

/** Gaps between consecutive frames longer than `factor` × the median frame interval: [prevIndex, nextIndex] pairs. */
export function frameGaps(logTimesNs: BigInt64Array, factor = 2.5): Array<[number, number]> {
  if (logTimesNs.length < 3) return [];
  const dts: number[] = [];
  for (let i = 1; i < logTimesNs.length; i++) dts.push(Number(logTimesNs[i]! - logTimesNs[i - 1]!));
  const sorted = [...dts].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1]!;
  if (median <= 0) return [];
  const gaps: Array<[number, number]> = [];
  dts.forEach((dt, i) => {
    if (dt > median * factor) gaps.push([i, i + 1]);
  });
  return gaps;
}
