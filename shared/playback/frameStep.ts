/**
 * Global frame stepping and playback-clock arithmetic (one clock drives every camera, DESIGN §3).
 */
import { latestAtOrBefore } from "../time.ts";

/** The earliest frame time strictly after `t` over all cameras, or null when no camera has a later frame. */
export function nextFrameTime(cameras: readonly BigInt64Array[], t: bigint): bigint | null {
  let best: bigint | null = null;
  for (const times of cameras) {
    const i = latestAtOrBefore(times, t) + 1;
    if (i < times.length) {
      const ti = times[i]!;
      if (best === null || ti < best) best = ti;
    }
  }
  return best;
}

/** The latest frame time strictly before `t` over all cameras, or null when no camera has an earlier frame. */
export function prevFrameTime(cameras: readonly BigInt64Array[], t: bigint): bigint | null {
  let best: bigint | null = null;
  for (const times of cameras) {
    const i = latestAtOrBefore(times, t - 1n);
    if (i >= 0) {
      const ti = times[i]!;
      if (best === null || ti > best) best = ti;
    }
  }
  return best;
}

/**
 * Advance the playhead by `elapsedMs` of wall time at `speed`, clamped to `endNs`.
 * Returns the new time and whether the end was reached.
 */
export function advanceClock(tNs: bigint, elapsedMs: number, speed: number, endNs: bigint): { tNs: bigint; ended: boolean } {
  const step = BigInt(Math.max(0, Math.round(elapsedMs * speed * 1e6)));
  const next = tNs + step;
  return next >= endNs ? { tNs: endNs, ended: true } : { tNs: next, ended: false };
}

/** Playback speeds offered by the transport bar. */
export const PLAYBACK_SPEEDS = [0.1, 0.25, 0.5, 1, 2, 4] as const;
/** Slowest and fastest playback speed. */
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 4;

/** Clamp a requested speed into the offered 0.1×–4× range (1 for NaN/±∞). */
export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return 1;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

/** The next offered speed above (+1) or below (−1) `speed`, staying at the ends (J/L keys). */
export function stepSpeed(speed: number, direction: 1 | -1): number {
  const list: readonly number[] = PLAYBACK_SPEEDS;
  if (direction > 0) return list.find((s) => s > speed + 1e-9) ?? MAX_SPEED;
  return [...list].reverse().find((s) => s < speed - 1e-9) ?? MIN_SPEED;
}

/**
 * The frame time of one camera next to `t`: its first frame after t (+1), or its last frame before the frame shown
 * at t (−1). Null when there is none.
 */
export function cameraStepTime(times: BigInt64Array, t: bigint, direction: 1 | -1): bigint | null {
  const i = latestAtOrBefore(times, t);
  const j = direction > 0 ? i + 1 : Math.max(-1, i - 1);
  return j >= 0 && j < times.length ? times[j]! : null;
}
