import { describe, expect, it } from "vitest";
import type { NumericSeries } from "../episode.ts";
import { downsampleMinMax } from "./downsampleMinMax.ts";

function series(n: number, f: (i: number) => number, g: (i: number) => number = () => 0): NumericSeries {
  return {
    topic: "/joint_states",
    fields: [
      { path: "position[0]", label: "waist" },
      { path: "position[1]", label: "elbow" },
    ],
    logTimesNs: BigInt64Array.from({ length: n }, (_, i) => 1000n + BigInt(i) * 10n),
    values: [Float64Array.from({ length: n }, (_, i) => f(i)), Float64Array.from({ length: n }, (_, i) => g(i))],
  };
}

describe("downsampleMinMax", () => {
  it("returns the raw messages in range when they fit the budget", () => {
    const s = series(10, (i) => i);
    const out = downsampleMinMax(s, 1020n, 1050n, 100);
    expect(out.downsampled).toBe(false);
    expect(out.sourceCount).toBe(4);
    expect(Array.from(out.logTimesNs)).toEqual([1020n, 1030n, 1040n, 1050n]);
    expect(Array.from(out.values[0]!)).toEqual([2, 3, 4, 5]);
  });

  it("keeps the exact extremes of every bucket, in time order, and restricts fields", () => {
    // A spike of +100 at i=503 and a dip of -50 at i=10 inside a gentle ramp.
    const s = series(1000, (i) => (i === 503 ? 100 : i === 10 ? -50 : i / 1000), (i) => -i);
    const out = downsampleMinMax(s, 1000n, 1000n + 9990n, 10, ["position[0]"]);
    expect(out.downsampled).toBe(true);
    expect(out.fields.map((f) => f.label)).toEqual(["waist"]);
    expect(out.logTimesNs.length).toBe(20);
    const v = Array.from(out.values[0]!);
    expect(Math.max(...v)).toBe(100);
    expect(Math.min(...v)).toBe(-50);
    // bucket 0 holds the dip (at i=10) before its max (i=99): min first.
    expect(v.slice(0, 2)).toEqual([-50, 0.099]);
    // bucket 5 holds the spike (i=503) before its min (i=500 comes before…): min at 500, then max at 503.
    expect(v.slice(10, 12)).toEqual([0.5, 100]);
    // x values ascend.
    for (let i = 1; i < out.logTimesNs.length; i++) expect(out.logTimesNs[i]! >= out.logTimesNs[i - 1]!).toBe(true);
  });

  it("puts the max first when it happened first", () => {
    const s = series(100, (i) => 100 - i);
    const out = downsampleMinMax(s, 1000n, 1990n, 1);
    expect(Array.from(out.values[0]!)).toEqual([100, 1]);
    expect(Array.from(out.logTimesNs)).toEqual([1000n, 1495n]);
  });

  it("skips NaN and rejects bad arguments", () => {
    const s = series(100, (i) => (i % 2 ? Number.NaN : i));
    const out = downsampleMinMax(s, 1000n, 1990n, 2);
    expect(Array.from(out.values[0]!)).toEqual([0, 48, 50, 98]);
    expect(() => downsampleMinMax(s, 10n, 5n, 2)).toThrow(RangeError);
    expect(() => downsampleMinMax(s, 10n, 50n, 0)).toThrow(RangeError);
  });
});
