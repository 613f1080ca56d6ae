import { describe, expect, it } from "vitest";
import type { NumericSeries } from "../episode.ts";
import { activity } from "./activity.ts";
import { actionSpikes } from "./actionSpikes.ts";
import { episodeAudit } from "./episodeMetrics.ts";
import { lowpassZeroPhase } from "./lowpass.ts";
import { isPresent } from "./metricValue.ts";
import { pathLength, smoothness } from "./smoothness.ts";

const RATE = 100;
const S = 1_000_000_000n;

/** A JointState-like series: position[j] columns sampled at `rate` Hz from t = 0. */
function series(columns: number[][], rate = RATE, labels?: string[]): NumericSeries {
  const n = columns[0]!.length;
  return {
    topic: "/joint_states",
    fields: columns.map((_, j) => ({ path: `position[${j}]`, label: labels?.[j] ?? `j${j}` })),
    logTimesNs: BigInt64Array.from({ length: n }, (_, i) => (BigInt(i) * S) / BigInt(rate)),
    values: columns.map((c) => Float64Array.from(c)),
  };
}

const audit = (joints: NumericSeries, action: NumericSeries | { absent: string } = { absent: "no action topic" }) =>
  episodeAudit({ startNs: joints.logTimesNs[0]!, endNs: joints.logTimesNs[joints.logTimesNs.length - 1]!, joints, action });

describe("smoothness", () => {
  it("a constant-speed ramp has zero jerk, its path length is speed × time, and the filter leaves it unchanged", () => {
    const ramp = Array.from({ length: 1001 }, (_, i) => 0.5 * (i / RATE)); // 0.5 rad/s for 10 s
    const filtered = lowpassZeroPhase(Float64Array.from(ramp), RATE);
    for (let i = 0; i < ramp.length; i++) expect(filtered[i]).toBeCloseTo(ramp[i]!, 7);
    const a = audit(series([ramp]));
    expect(a.metrics.rmsJerkRadPerS3).toBeLessThan(1e-6);
    expect(a.metrics.pathLengthRad).toBeCloseTo(5, 6);
    expect(a.metrics.idleFraction).toBe(0);
    expect(a.metrics.hesitationCount).toBe(0);
  });
  it("RMS jerk of a sinusoid is A·ω³/√2, and LDLJ ranks a smooth reach above a tremulous one", () => {
    const w = 2 * Math.PI * 0.5;
    const q = Float64Array.from({ length: 2001 }, (_, i) => 0.3 * Math.sin(w * (i / RATE)));
    const speed = Float64Array.from(q, (_, i) => Math.abs(0.3 * w * Math.cos(w * (i / RATE))));
    const { rmsJerk } = smoothness([q], speed, RATE);
    // Central differences shrink each derivative by sin(ωh)/(ωh): within 0.5 % at 100 Hz.
    expect(rmsJerk / ((0.3 * w ** 3) / Math.SQRT2)).toBeCloseTo(1, 2);
    // Minimum-jerk reach of 1 rad in 2 s (Flash & Hogan 1985) with and without a 4 Hz tremor.
    const reach = (tremor: number) =>
      Array.from({ length: 201 }, (_, i) => {
        const t = i / RATE / 2;
        return 10 * t ** 3 - 15 * t ** 4 + 6 * t ** 5 + tremor * Math.sin(2 * Math.PI * 4 * (i / RATE));
      });
    const smooth = audit(series([reach(0)])).metrics.ldlj as number;
    const shaky = audit(series([reach(0.01)])).metrics.ldlj as number;
    expect(smooth).toBeGreaterThan(shaky);
    // The minimum-jerk profile's dimensionless jerk T³/v_peak² ∫ j² dt is 720·(8/15)²... ≈ 360·(1.875)⁻²·(T-normalized): finite and small.
    expect(smooth).toBeGreaterThan(-8);
    expect(smooth).toBeLessThan(-3);
  });
  it("SPARC of the filtered joint speed: a minimum-jerk reach ≈ −1.41, a reach in two sub-movements more negative", () => {
    // 1 rad in 1.5 s (Flash & Hogan 1985), sampled at 100 Hz, on two joints; then the same with a 0.5 rad correction
    // reach starting 1.2 s in.
    const mj = (t: number) => (t <= 0 ? 0 : t >= 1 ? 1 : 10 * t ** 3 - 15 * t ** 4 + 6 * t ** 5);
    const one = Array.from({ length: 151 }, (_, i) => mj(i / RATE / 1.5));
    const two = Array.from({ length: 271 }, (_, i) => mj(i / RATE / 1.5) + 0.5 * mj((i / RATE - 1.2) / 1.5));
    const smooth = audit(series([one, one.map((x) => -0.5 * x)])).metrics.sparc as number;
    const corrected = audit(series([two, two.map((x) => -0.5 * x)])).metrics.sparc as number;
    expect(smooth).toBeCloseTo(-1.41, 1);
    expect(corrected).toBeLessThan(smooth - 0.2);
  });
  it("path length integrates the speed (trapezoid)", () => {
    expect(pathLength(Float64Array.from([0, 1, 1, 0]), 1)).toBe(2);
  });
});

describe("activity", () => {
  it("a pause of known length between two motions gives that hesitation time, at that place", () => {
    // 2 s at 1 rad/s, 1.5 s still, 2 s at 1 rad/s (speed profile directly).
    const speed = Float64Array.from({ length: 551 }, (_, i) => (i >= 200 && i < 350 ? 0 : 1));
    const a = activity(speed, RATE)!;
    expect(a.hesitations).toEqual([{ startS: 2, endS: 3.5 }]);
    expect(a.idleFraction).toBeCloseTo(150 / 551, 9);
    expect(a.idleStretches).toEqual([]);
  });
  it("rest at the start or end is idle, not a hesitation; a pause under 0.3 s is neither", () => {
    const speed = Float64Array.from({ length: 600 }, (_, i) => (i < 150 || (i >= 300 && i < 320) ? 0 : 1));
    const a = activity(speed, RATE)!;
    expect(a.hesitations).toEqual([]);
    expect(a.idleStretches).toEqual([{ startS: 0, endS: 1.5 }]);
  });
  it("a position signal with a planted pause: the suggested hesitation covers the pause", () => {
    // q moves at 1 rad/s, holds still from 3 s to 4.5 s, moves again; 9 s in all.
    const q = Array.from({ length: 901 }, (_, i) => {
      const t = i / RATE;
      return t < 3 ? t : t < 4.5 ? 3 : 3 + (t - 4.5);
    });
    const a = audit(series([q, q.map((x) => -x)]));
    expect(a.metrics.hesitationCount).toBe(1);
    const h = a.suggested.find((s) => s.kind === "hesitation")!;
    const start = Number(h.startNs) / 1e9;
    const end = Number(h.endNs) / 1e9;
    const iou = (Math.min(end, 4.5) - Math.max(start, 3)) / (Math.max(end, 4.5) - Math.min(start, 3));
    expect(iou).toBeGreaterThan(0.8);
    expect(a.metrics.hesitationS).toBeCloseTo(end - start, 9);
  });
});

describe("action spikes", () => {
  it("finds a planted jump and nothing in smooth motion", () => {
    const smooth = Float64Array.from({ length: 300 }, (_, i) => Math.sin(i / 30));
    expect(actionSpikes([smooth])!.indices).toEqual([]);
    const spiky = smooth.slice();
    spiky[150] = spiky[150]! + 1;
    expect(actionSpikes([spiky])!.indices).toEqual([150, 151]);
  });
});

describe("bad input: metrics are absent with a reason, never 0 or NaN", () => {
  const everyValue = (a: ReturnType<typeof audit>) => Object.values(a.metrics);
  it("no joint topic", () => {
    const a = episodeAudit({ startNs: 0n, endNs: S, joints: { absent: "no joint topic" }, action: { absent: "no action topic" } });
    expect(a.metrics.idleFraction).toEqual({ absent: "no joint topic" });
    expect(a.metrics.durationS).toBe(1);
  });
  it("one sample", () => {
    const a = audit(series([[0.1]]));
    expect(a.metrics.rmsJerkRadPerS3).toEqual({ absent: expect.stringContaining("1 sample") });
    expect(everyValue(a).every((v) => !isPresent(v) || Number.isFinite(v))).toBe(true);
  });
  it("NaN / Inf values name the field and sample", () => {
    const cols = [Array.from({ length: 50 }, (_, i) => i / 50)];
    cols[0]![7] = Number.NaN;
    expect(audit(series(cols)).metrics.pathLengthRad).toEqual({ absent: "/joint_states: position[0] (j0) is NaN at sample 7" });
    cols[0]![7] = Number.POSITIVE_INFINITY;
    expect(audit(series(cols)).metrics.ldlj).toEqual({ absent: expect.stringContaining("Infinity at sample 7") });
  });
  it("non-monotonic time", () => {
    const s = series([Array.from({ length: 50 }, (_, i) => i / 50)]);
    s.logTimesNs[10] = s.logTimesNs[3]!;
    expect(audit(s).metrics.idleFraction).toEqual({ absent: expect.stringContaining("log time not increasing at sample 10") });
  });
  it("a robot that never moves has no idle fraction or LDLJ (not 0)", () => {
    const a = audit(series([Array.from({ length: 100 }, () => 0.2)]));
    expect(isPresent(a.metrics.idleFraction)).toBe(false);
    expect(isPresent(a.metrics.ldlj)).toBe(false);
    expect(a.metrics.sparc).toEqual({ absent: expect.stringContaining("never move") });
    expect(a.metrics.pathLengthRad).toBeCloseTo(0, 9);
  });
});

describe("gripper cycles", () => {
  it("counts the closings of the gripper field", () => {
    const grip = Array.from({ length: 600 }, (_, i) => (Math.floor(i / 100) % 2 === 0 ? 1 : 0)); // closes 3 times
    const arm = Array.from({ length: 600 }, (_, i) => i / 100);
    expect(audit(series([arm, grip], RATE, ["waist", "gripper"])).metrics.gripperCycles).toBe(3);
    expect(audit(series([arm])).metrics.gripperCycles).toEqual({ absent: "/joint_states: no gripper field" });
  });
});
