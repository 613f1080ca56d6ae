/**
 * Path length and smoothness of joint-space motion, on low-passed uniformly sampled positions q(t) (rad):
 * - path length L = ∫‖q̇‖ dt (rad), the trapezoid sum of the speed.
 * - RMS jerk = √(1/T ∫‖d³q/dt³‖² dt) (rad/s³).
 * - LDLJ, the log dimensionless jerk (Hogan & Sternad 2009, "Sensitivity of smoothness measures to movement duration,
 *   amplitude, and arrests", J. Motor Behavior 41(6):529–534; velocity form as in Balasubramanian et al. 2015, "On the
 *   analysis of movement smoothness", J. NeuroEng. Rehab. 12:112):  LDLJ = −ln( T³ / v_peak² · ∫‖d³q/dt³‖² dt ),
 *   T the duration (s), v_peak the peak speed (rad/s). Dimensionless; higher (closer to 0) is smoother. (DESIGN §8
 *   writes T⁵, which is the amplitude-normalized form T⁵/A²; with v_peak² the exponent that cancels the units is 3.)
 */
import { derivative, normAcross } from "./derivatives.ts";

/** Path length (rad) of a speed profile (rad/s) at `rateHz`: trapezoid rule. */
export function pathLength(speed: Float64Array, rateHz: number): number {
  let sum = 0;
  for (let k = 1; k < speed.length; k++) sum += (speed[k]! + speed[k - 1]!) / 2;
  return sum / rateHz;
}

/** Jerk magnitude ‖d³q/dt³‖ (rad/s³) per sample of positions `q` (one column per joint) at `rateHz`. */
export function jerkMagnitude(q: readonly Float64Array[], rateHz: number): Float64Array {
  return normAcross(q.map((c) => derivative(derivative(derivative(c, rateHz), rateHz), rateHz)));
}

/**
 * RMS jerk and LDLJ of positions `q` (rad, one column per joint) at `rateHz`. The first and last 3 samples are left
 * out (one-sided differences there are not jerk).
 * @returns ldlj null when the motion has no peak speed (never moves) or no jerk at all (the log is then +∞)
 */
export function smoothness(q: readonly Float64Array[], speed: Float64Array, rateHz: number): { rmsJerk: number; ldlj: number | null } {
  const j = jerkMagnitude(q, rateHz);
  const n = j.length;
  let sumSq = 0;
  let count = 0;
  for (let k = 3; k < n - 3; k++) {
    sumSq += j[k]! * j[k]!;
    count++;
  }
  if (count === 0) return { rmsJerk: Number.NaN, ldlj: null };
  const rmsJerk = Math.sqrt(sumSq / count);
  let vPeak = 0;
  for (const v of speed) if (v > vPeak) vPeak = v;
  const T = (n - 1) / rateHz;
  const integral = sumSq / rateHz;
  const ldlj = vPeak > 1e-9 && integral > 0 ? -Math.log((T ** 3 / (vPeak * vPeak)) * integral) : null;
  return { rmsJerk, ldlj };
}
