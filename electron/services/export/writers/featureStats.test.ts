/**
 * meta/stats.json's pooling (featureStats.ts): episode stats combined by Chan et al.'s formula equal the stats of all
 * rows at once (to rounding), including episodes whose means are far apart and far from 0, where the old Σx² − n·mean²
 * form loses every digit of the variance.
 */
import { describe, expect, it } from "vitest";
import { combineStats, featureStats, statsJson } from "./featureStats.ts";

describe("featureStats + combineStats (Chan et al. 1979)", () => {
  it("pooling episodes of 2-wide rows equals the stats of every row at once", () => {
    const episodes = [
      Float64Array.from([1, 10, 2, 20, 3, 30]),
      Float64Array.from([100, -1]),
      Float64Array.from([5, 5, 6, 6, 7, 7, 8, 8]),
    ];
    const all = Float64Array.from(episodes.flatMap((e) => [...e]));
    const pooled = statsJson(episodes.map((e) => featureStats(e, 2)).reduce<ReturnType<typeof featureStats> | null>((a, b) => combineStats(a, b), null)!);
    const whole = statsJson(featureStats(all, 2));
    expect(pooled.count).toEqual([8]);
    expect(pooled.min).toEqual([1, -1]);
    expect(pooled.max).toEqual([100, 30]);
    pooled.mean.forEach((m, f) => expect(m).toBeCloseTo(whole.mean[f]!, 12));
    pooled.std.forEach((s, f) => expect(s).toBeCloseTo(whole.std[f]!, 12));
    // numpy: np.std([1, 2, 3, 100, 5, 6, 7, 8]) (population std)
    expect(pooled.std[0]).toBeCloseTo(31.6425, 4);
  });

  it("keeps the variance of values around 1e9 (where Σx² − n·mean² cancels)", () => {
    const a = featureStats(Float64Array.from([1e9 + 1, 1e9 + 2]), 1);
    const b = featureStats(Float64Array.from([1e9 + 3, 1e9 + 4]), 1);
    expect(statsJson(combineStats(a, b)).std[0]).toBeCloseTo(Math.sqrt(1.25), 9);
  });

  it("an empty episode changes nothing", () => {
    const a = featureStats(Float64Array.from([1, 2, 3]), 1);
    expect(combineStats(a, featureStats(new Float64Array(0), 1))).toEqual(a);
    expect(combineStats(null, a)).toEqual(a);
  });
});
