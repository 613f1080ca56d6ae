/**
 * Activity of an episode from its joint speed ‖q̇‖ (rad/s; Euclidean norm over the arm joints of the low-passed,
 * uniformly resampled positions): which samples are idle, the idle fraction, and hesitations (DESIGN §8).
 * - idle: ‖q̇‖ < threshold, threshold = `idleRatio` (default 5 %) × the episode's 95th-percentile speed.
 * - idle fraction = idle samples / all samples (share of the episode's time).
 * - hesitation: a maximal idle run of ≥ `minPauseS` (default 0.3 s) with motion before and after it — a pause between
 *   two motions, not the rest at the start or the end (LeRobot #3760 "stillness"; teleoperation-quality practice).
 * - idle stretches: the leading and trailing idle runs of ≥ `minIdleS` (default 1 s), suggested as `idle` segments.
 */
import { quantile } from "./robustStats.ts";

/** Below this p95 speed (rad/s) the joints never move (what remains is rounding in the filter). */
export const NEVER_MOVES_RAD_PER_S = 1e-9;

/** A time range within the episode in seconds from the signal's first sample. */
export interface RangeS {
  startS: number;
  endS: number;
}

/** Tuning of `activity`. */
export interface ActivityOptions {
  /** Idle threshold as a fraction of the p95 speed. Default 0.05. */
  idleRatio?: number;
  /** Shortest pause counted as a hesitation (s). Default 0.3. */
  minPauseS?: number;
  /** Shortest leading/trailing idle run suggested as an idle segment (s). Default 1. */
  minIdleS?: number;
}

/** What `activity` finds. */
export interface Activity {
  /** Idle threshold (rad/s). */
  thresholdRadPerS: number;
  idleFraction: number;
  /** Time in motion (s) = (1 − idleFraction) × duration. */
  activeS: number;
  hesitations: RangeS[];
  /** Leading/trailing idle stretches. */
  idleStretches: RangeS[];
}

/**
 * Idle fraction, hesitations and idle stretches of a speed profile sampled at `rateHz`.
 * @returns null when the episode never moves (p95 speed ≤ NEVER_MOVES_RAD_PER_S): idle fraction and hesitations are then undefined
 */
export function activity(speed: Float64Array, rateHz: number, options: ActivityOptions = {}): Activity | null {
  const n = speed.length;
  const p95 = quantile(speed, 0.95);
  if (!(p95 > NEVER_MOVES_RAD_PER_S)) return null;
  const threshold = (options.idleRatio ?? 0.05) * p95;
  const minPause = options.minPauseS ?? 0.3;
  const minIdle = options.minIdleS ?? 1;
  let idle = 0;
  const runs: Array<{ from: number; to: number }> = []; // idle runs, [from, to) in samples
  let runStart = -1;
  for (let k = 0; k <= n; k++) {
    const isIdle = k < n && speed[k]! < threshold;
    if (isIdle) {
      idle++;
      if (runStart < 0) runStart = k;
    } else if (runStart >= 0) {
      runs.push({ from: runStart, to: k });
      runStart = -1;
    }
  }
  const toRange = (r: { from: number; to: number }): RangeS => ({ startS: r.from / rateHz, endS: r.to / rateHz });
  const hesitations: RangeS[] = [];
  const idleStretches: RangeS[] = [];
  for (const r of runs) {
    const lengthS = (r.to - r.from) / rateHz;
    const inside = r.from > 0 && r.to < n;
    if (inside && lengthS >= minPause) hesitations.push(toRange(r));
    else if (!inside && lengthS >= minIdle) idleStretches.push(toRange(r));
  }
  const durationS = (n - 1) / rateHz;
  const idleFraction = idle / n;
  return { thresholdRadPerS: threshold, idleFraction, activeS: (1 - idleFraction) * durationS, hesitations, idleStretches };
}
