/**
 * The timeline's one time axis: the episode [startNs, endNs] (log time, ns) spans the width of every track (the
 * overview, the camera tick rows and the annotation tiers), so a time maps to the same fraction of the width in each.
 * Pure functions; positions in the DOM are percentages of the track width.
 */

/** Fraction of the axis (0 at startNs, 1 at endNs; outside [0, 1] for times outside the episode; 0 when empty). */
export function fractionOfTime(tNs: bigint, startNs: bigint, endNs: bigint): number {
  const span = endNs - startNs;
  return span > 0n ? Number(tNs - startNs) / Number(span) : 0;
}

/** CSS percentage of a time on the axis, e.g. `"25.0000%"`. */
export function percentOfTime(tNs: bigint, startNs: bigint, endNs: bigint): string {
  return `${(fractionOfTime(tNs, startNs, endNs) * 100).toFixed(4)}%`;
}

/** Time (ns, rounded) at a fraction of the axis, clamped to [startNs, endNs]. */
export function timeOfFraction(fraction: number, startNs: bigint, endNs: bigint): bigint {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  return startNs + BigInt(Math.round(f * Number(endNs - startNs)));
}

/** Time (ns) under a pointer at `clientX` over a track whose box starts at `left` and is `width` px wide. */
export function timeOfClientX(clientX: number, box: { left: number; width: number }, startNs: bigint, endNs: bigint): bigint {
  return timeOfFraction(box.width > 0 ? (clientX - box.left) / box.width : 0, startNs, endNs);
}

/** Nanoseconds covered by `px` pixels of a track `width` px wide (signed, rounded). */
export function nsOfPixels(px: number, width: number, startNs: bigint, endNs: bigint): bigint {
  return width > 0 ? BigInt(Math.round((px / width) * Number(endNs - startNs))) : 0n;
}
