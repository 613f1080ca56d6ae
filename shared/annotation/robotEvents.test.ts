import { describe, expect, it } from "vitest";
import type { NumericSeries } from "../episode.ts";
import { centralDifference, detectRobotEvents } from "./robotEvents.ts";

/** Samples every 100 ms starting at t = 0. */
function series(fields: { path: string; label: string; values: number[] }[]): NumericSeries {
  const n = fields[0]!.values.length;
  return {
    topic: "/joint_states",
    fields: fields.map(({ path, label }) => ({ path, label })),
    logTimesNs: BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 100_000_000n),
    values: fields.map((f) => Float64Array.from(f.values)),
  };
}

describe("robot events", () => {
  it("finds the gripper closing and opening where it crosses the middle of its range", () => {
    // Range 0.2..1.2, middle 0.7. Closes between samples 2 (1.2) and 3 (0.2): crossing at 2.5 → 250 ms.
    // Opens between 6 (0.2) and 7 (1.0): crossing at 6 + 0.5/0.8 = 6.625 → 662.5 ms → 662500000 ns.
    const s = series([{ path: "position[6]", label: "left_gripper", values: [1.2, 1.2, 1.2, 0.2, 0.2, 0.2, 0.2, 1.0, 1.2, 1.2] }]);
    const events = detectRobotEvents(s).filter((e) => e.kind !== "gripper-turn");
    expect(events).toEqual([
      { tNs: 250_000_000n, kind: "gripper-close", field: "position[6]", label: "left_gripper" },
      { tNs: 662_500_000n, kind: "gripper-open", field: "position[6]", label: "left_gripper" },
    ]);
    // Reversed convention: a value that grows as the gripper closes.
    expect(detectRobotEvents(s, { openIsHigh: false }).filter((e) => e.kind !== "gripper-turn").map((e) => e.kind)).toEqual(["gripper-open", "gripper-close"]);
  });

  it("ignores noise inside the hysteresis band and a gripper that never moves", () => {
    const noisy = series([{ path: "position[0]", label: "gripper", values: [1, 0.72, 0.68, 0.71, 0.69, 1, 0, 0, 0, 0] }]);
    // Range 0..1, middle 0.5, band 0.1: 0.68–0.72 never crosses; the one close is between samples 5 (1) and 6 (0) at 550 ms.
    expect(detectRobotEvents(noisy).filter((e) => e.kind === "gripper-close" || e.kind === "gripper-open")).toEqual([
      { tNs: 550_000_000n, kind: "gripper-close", field: "position[0]", label: "gripper" },
    ]);
    expect(detectRobotEvents(series([{ path: "position[0]", label: "gripper", values: [0.5, 0.5, 0.5] }]))).toEqual([]);
  });

  it("marks where the gripper changes direction", () => {
    // Rises to a peak at sample 3, falls to a trough at sample 6, rises again: turns at 300 ms and 600 ms.
    const s = series([{ path: "g", label: "gripper_width", values: [0, 0.4, 0.8, 1, 0.6, 0.2, 0, 0.5, 1, 1] }]);
    expect(detectRobotEvents(s).filter((e) => e.kind === "gripper-turn").map((e) => e.tNs)).toEqual([300_000_000n, 600_000_000n]);
  });

  it("finds joint-velocity zero crossings from velocity fields, interpolated", () => {
    // v: 2, 1, −1, −2, −1, 0.5, 1 → zeros at 1.5 (150 ms) and 4 + 1/1.5 = 4.667 (466.67 ms → 466666667 ns).
    const s = series([
      { path: "position[0]", label: "waist", values: [0, 0, 0, 0, 0, 0, 0] },
      { path: "velocity[0]", label: "waist", values: [2, 1, -1, -2, -1, 0.5, 1] },
    ]);
    expect(detectRobotEvents(s)).toEqual([
      { tNs: 150_000_000n, kind: "velocity-zero", field: "velocity[0]", label: "waist" },
      { tNs: 466_666_667n, kind: "velocity-zero", field: "velocity[0]", label: "waist" },
    ]);
  });

  it("differentiates joint positions when the series has no velocities (a turning point is a zero crossing)", () => {
    // Position 0, 1, 2, 3, 2, 1, 0: central differences 10, 10, 10, 0, −10, −10, −10 (per s) → zero at sample 3 (300 ms).
    const s = series([{ path: "position[1]", label: "shoulder", values: [0, 1, 2, 3, 2, 1, 0] }]);
    expect(Array.from(centralDifference(s.logTimesNs, s.values[0]!))).toEqual([10, 10, 10, 0, -10, -10, -10]);
    expect(detectRobotEvents(s)).toEqual([{ tNs: 300_000_000n, kind: "velocity-zero", field: "position[1]", label: "shoulder" }]);
    // A dead band keeps jitter around zero from making events.
    const jitter = series([{ path: "velocity[0]", label: "j", values: [5, 0.01, -0.01, 0.02, -0.02, 5] }]);
    expect(detectRobotEvents(jitter)).toEqual([]);
  });
});
