/**
 * Geometry of the reward tier: the SVG path of a keyframed curve over the episode (the first value holds before the
 * first keyframe, the last after the last one, as in rewardResolve.ts), and the pixel ↔ (time, value) mapping.
 */
import type { RewardKeyframe, Rewards } from "../../../../../shared/annotation.ts";

/** Pixel frame of the tier: episode [startNs, endNs] across `width`, values [lo, hi] bottom to top with `pad` px. */
export interface TierFrame {
  startNs: bigint;
  endNs: bigint;
  width: number;
  height: number;
  lo: number;
  hi: number;
  pad: number;
}

/** x (px) of a log time. */
export function xOf(f: TierFrame, tNs: bigint): number {
  const span = Number(f.endNs - f.startNs);
  return span > 0 ? (Number(tNs - f.startNs) / span) * f.width : 0;
}

/** y (px) of a value. */
export function yOf(f: TierFrame, value: number): number {
  const h = Math.max(1, f.height - 2 * f.pad);
  return f.pad + (1 - (value - f.lo) / (f.hi - f.lo || 1)) * h;
}

/** Log time (ns, clamped to the episode) at x (px). */
export function tAt(f: TierFrame, x: number): bigint {
  const span = Number(f.endNs - f.startNs);
  const frac = Math.min(1, Math.max(0, f.width > 0 ? x / f.width : 0));
  return f.startNs + BigInt(Math.round(frac * span));
}

/** Value at y (px), clamped to [lo, hi]. */
export function valueAt(f: TierFrame, y: number): number {
  const h = Math.max(1, f.height - 2 * f.pad);
  const v = f.hi - ((y - f.pad) / h) * (f.hi - f.lo);
  return Math.min(f.hi, Math.max(f.lo, v));
}

/** SVG path data of the curve across the whole tier; empty without keyframes. */
export function curvePath(f: TierFrame, keyframes: readonly RewardKeyframe[], interpolation: Rewards["interpolation"]): string {
  if (keyframes.length === 0) return "";
  const r = (n: number) => n.toFixed(1);
  const parts = [`M0,${r(yOf(f, keyframes[0]!.value))}`];
  keyframes.forEach((k, i) => {
    const x = xOf(f, k.tNs);
    if (interpolation === "step" && i > 0) parts.push(`L${r(x)},${r(yOf(f, keyframes[i - 1]!.value))}`);
    parts.push(`L${r(x)},${r(yOf(f, k.value))}`);
  });
  parts.push(`L${r(f.width)},${r(yOf(f, keyframes[keyframes.length - 1]!.value))}`);
  return parts.join(" ");
}
