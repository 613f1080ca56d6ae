/**
 * Robot events that chunk boundaries snap to (DESIGN §1: "segment boundaries snap to what the robot did"), found in a
 * channel's NumericSeries:
 * - gripper opening / closing: a field whose label or path contains "gripper" crossing the midpoint of its range,
 *   with hysteresis (the value must go `hysteresis` × range past the midpoint, so sensor noise makes no events); the
 *   event is at the first crossing of the midpoint, linearly interpolated between samples. Higher = more open
 *   (ALOHA/ViperX gripper angle, finger width); set `openIsHigh: false` for grippers that report closure.
 * - gripper turns: where a gripper field changes direction by more than the same hysteresis (start of closing/opening).
 * - joint-velocity zero crossings: each `velocity[...]` field, or — for a JointState series without velocities — the
 *   central finite difference of each non-gripper `position[...]` field, smoothed by a centred moving average
 *   (`smoothingNs`); a crossing is a sign change between samples beyond a dead band (`velocityDeadband` × the
 *   field's largest |v|), at the interpolated zero.
 */
import type { NumericSeries } from "../episode.ts";

/** Kinds of robot event. */
export type RobotEventKind = "gripper-open" | "gripper-close" | "gripper-turn" | "velocity-zero";

/** One event: what happened, when (log time ns), on which field. */
export interface RobotEvent {
  tNs: bigint;
  kind: RobotEventKind;
  /** Flattened field path, e.g. `position[6]`. */
  field: string;
  /** The field's label, e.g. `left_gripper`. */
  label: string;
}

/** Tuning of `detectRobotEvents`. */
export interface RobotEventOptions {
  /** Fields whose label or path matches are grippers. Default /gripper/i. */
  gripperPattern?: RegExp;
  /** True when a larger gripper value means more open. Default true. */
  openIsHigh?: boolean;
  /** Hysteresis of gripper crossings and turns, as a fraction of the field's range. Default 0.1. */
  hysteresis?: number;
  /** Dead band of velocity zero crossings, as a fraction of the field's largest |velocity|. Default 0.05. */
  velocityDeadband?: number;
  /** Gripper fields whose range is below this are ignored (a gripper that never moved). Default 1e-6. */
  minRange?: number;
  /** Velocities are smoothed with a centred moving average this wide (ns) before zero crossings are sought, so
   * sensor noise does not make crossings. Default 100 ms; 0 turns smoothing off. */
  smoothingNs?: bigint;
}

/** Every event in the series, in time order (ties by field order). */
export function detectRobotEvents(series: NumericSeries, options: RobotEventOptions = {}): RobotEvent[] {
  const pattern = options.gripperPattern ?? /gripper/i;
  const events: RobotEvent[] = [];
  const times = series.logTimesNs;
  const isGripper = (f: number) => pattern.test(series.fields[f]!.label) || pattern.test(series.fields[f]!.path);
  const hasVelocity = series.fields.some((f) => f.path.startsWith("velocity["));
  series.fields.forEach((field, f) => {
    const values = series.values[f]!;
    if (isGripper(f)) {
      if (!field.path.startsWith("velocity[") && !field.path.startsWith("effort[")) {
        events.push(...gripperEvents(times, values, field, options));
      }
      return;
    }
    const smoothing = options.smoothingNs ?? 100_000_000n;
    const deadband = options.velocityDeadband ?? 0.05;
    if (field.path.startsWith("velocity[")) events.push(...zeroCrossings(times, movingAverage(times, values, smoothing), field, deadband));
    else if (!hasVelocity && field.path.startsWith("position[")) {
      events.push(...zeroCrossings(times, movingAverage(times, centralDifference(times, values), smoothing), field, deadband));
    }
  });
  return events.sort((a, b) => (a.tNs < b.tNs ? -1 : a.tNs > b.tNs ? 1 : 0));
}

/** Time where a line through (t0, v0), (t1, v1) reaches `level` (v0 ≠ v1), rounded to the ns. */
function crossingTime(t0: bigint, v0: number, t1: bigint, v1: number, level: number): bigint {
  const fraction = Math.min(1, Math.max(0, (level - v0) / (v1 - v0)));
  return t0 + BigInt(Math.round(Number(t1 - t0) * fraction));
}

function gripperEvents(times: BigInt64Array, values: Float64Array, field: { path: string; label: string }, options: RobotEventOptions): RobotEvent[] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  if (!(range > (options.minRange ?? 1e-6))) return [];
  const band = range * (options.hysteresis ?? 0.1);
  const mid = (min + max) / 2;
  const openIsHigh = options.openIsHigh ?? true;
  const out: RobotEvent[] = [];
  let state: "high" | "low" | null = null;
  let crossing: bigint | null = null; // first midpoint crossing since the state was last confirmed
  let prev = -1;
  // Turn detection (zigzag): the running extreme since the last turn and the direction we are going.
  let direction: 1 | -1 | 0 = 0;
  let extremeIndex = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (prev >= 0) {
      const p = values[prev]!;
      if ((p - mid) * (v - mid) < 0 || (p !== mid && v === mid)) crossing ??= crossingTime(times[prev]!, p, times[i]!, v, mid);
    }
    if (state === null) state = v >= mid ? "high" : "low";
    else if (state === "high" && v < mid - band) {
      out.push({ tNs: crossing ?? times[i]!, kind: openIsHigh ? "gripper-close" : "gripper-open", field: field.path, label: field.label });
      state = "low";
      crossing = null;
    } else if (state === "low" && v > mid + band) {
      out.push({ tNs: crossing ?? times[i]!, kind: openIsHigh ? "gripper-open" : "gripper-close", field: field.path, label: field.label });
      state = "high";
      crossing = null;
    } else if ((state === "high" && v >= mid + band) || (state === "low" && v <= mid - band)) crossing = null;
    if (extremeIndex < 0) extremeIndex = i;
    else {
      const e = values[extremeIndex]!;
      if (direction >= 0 && v > e) extremeIndex = i;
      else if (direction <= 0 && v < e) extremeIndex = i;
      if (direction >= 0 && e - v > band) {
        if (direction === 1) out.push({ tNs: times[extremeIndex]!, kind: "gripper-turn", field: field.path, label: field.label });
        direction = -1;
        extremeIndex = i;
      } else if (direction <= 0 && v - e > band) {
        if (direction === -1) out.push({ tNs: times[extremeIndex]!, kind: "gripper-turn", field: field.path, label: field.label });
        direction = 1;
        extremeIndex = i;
      }
    }
    prev = i;
  }
  return out;
}

/** Central finite difference dv/dt (per second) at each sample; one-sided at the ends; NaN where undefined. */
export function centralDifference(times: BigInt64Array, values: Float64Array): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - 1);
    const b = Math.min(n - 1, i + 1);
    const dt = Number(times[b]! - times[a]!) / 1e9;
    if (b > a && dt > 0) out[i] = (values[b]! - values[a]!) / dt;
  }
  return out;
}

/** Centred moving average over a window of `widthNs` (NaN samples skipped); the input itself when widthNs ≤ 0. */
export function movingAverage(times: BigInt64Array, values: Float64Array, widthNs: bigint): Float64Array {
  if (widthNs <= 0n) return values;
  const half = widthNs / 2n;
  const out = new Float64Array(values.length).fill(Number.NaN);
  let lo = 0;
  let hi = 0; // window is [lo, hi)
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    while (hi < values.length && times[hi]! <= times[i]! + half) {
      if (Number.isFinite(values[hi]!)) {
        sum += values[hi]!;
        count++;
      }
      hi++;
    }
    while (times[lo]! < times[i]! - half) {
      if (Number.isFinite(values[lo]!)) {
        sum -= values[lo]!;
        count--;
      }
      lo++;
    }
    if (count > 0) out[i] = sum / count;
  }
  return out;
}

function zeroCrossings(times: BigInt64Array, velocity: Float64Array, field: { path: string; label: string }, deadband: number): RobotEvent[] {
  let peak = 0;
  for (const v of velocity) if (Number.isFinite(v)) peak = Math.max(peak, Math.abs(v));
  if (peak === 0) return [];
  const band = peak * deadband;
  const out: RobotEvent[] = [];
  let lastIndex = -1; // last sample outside the dead band
  for (let i = 0; i < velocity.length; i++) {
    const v = velocity[i]!;
    if (!Number.isFinite(v) || Math.abs(v) <= band) continue;
    if (lastIndex >= 0 && Math.sign(v) !== Math.sign(velocity[lastIndex]!)) {
      // The zero lies between lastIndex and i: take the first sign change (or zero) of v in that stretch.
      let a = lastIndex;
      for (let j = lastIndex + 1; j <= i; j++) {
        const w = velocity[j]!;
        if (!Number.isFinite(w)) continue;
        if (Math.sign(w) !== Math.sign(velocity[a]!)) {
          const t = velocity[a]! === w ? times[j]! : crossingTime(times[a]!, velocity[a]!, times[j]!, w, 0);
          out.push({ tNs: t, kind: "velocity-zero", field: field.path, label: field.label });
          break;
        }
        a = j;
      }
    }
    lastIndex = i;
  }
  return out;
}
