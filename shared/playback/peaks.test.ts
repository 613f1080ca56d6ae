import { describe, expect, it } from "vitest";
import type { NumericSeries } from "../episode.ts";
import { speedPeaks } from "./peaks.ts";

const s = (times: number[], columns: number[][]): NumericSeries => ({
  topic: "/joints",
  fields: columns.map((_, i) => ({ path: `position[${i}]`, label: `j${i}` })),
  logTimesNs: BigInt64Array.from(times.map((t) => BigInt(t))),
  values: columns.map((c) => Float64Array.from(c)),
});

describe("speedPeaks", () => {
  it("is flat without joints or without a time span", () => {
    expect(Array.from(speedPeaks([], 0n, 10n, 4))).toEqual([0, 0, 0, 0]);
    expect(Array.from(speedPeaks([s([0, 1], [[0, 1]])], 5n, 5n, 3))).toEqual([0, 0, 0]);
    expect(speedPeaks([], 0n, 10n, 0).length).toBe(0);
  });
  it("puts the norm of the joint velocity in the bucket of each sample, normalized", () => {
    // 4 samples 1 s apart over [0, 4 s]; two joints; motion only between t=1 and t=2 (speed 5 = 3-4-5).
    const sec = 1_000_000_000;
    const peaks = speedPeaks([s([0, sec, 2 * sec, 3 * sec], [[0, 0, 3, 3], [0, 0, 4, 4]])], 0n, 4n * BigInt(sec), 4);
    expect(Array.from(peaks)).toEqual([0, 0, 1, 0]);
  });
  it("skips NaN fields and repeated timestamps", () => {
    const peaks = speedPeaks([s([0, 10, 10, 20], [[0, 1, 99, 2], [NaN, NaN, 0, 0]])], 0n, 20n, 2);
    // Samples end at t=10 (bucket 1, the 10 → 10 pair is skipped) and t=20 (bucket 1); NaN never leaks through.
    expect(Array.from(peaks)).toEqual([0, 1]);
  });
});
