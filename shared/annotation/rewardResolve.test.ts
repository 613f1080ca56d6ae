import { describe, expect, it } from "vitest";
import { discountedReturns } from "./discountedReturn.ts";
import { resolveRewards, rewardAt, stepTimes } from "./rewardResolve.ts";
import { rewardSeries } from "./rewardSeries.ts";

const kf = (pairs: [number, number][]) => pairs.map(([t, value]) => ({ tNs: BigInt(t), value }));

describe("step clock", () => {
  it("a rate clock steps every 1/hz from the start through the end", () => {
    expect(stepTimes({ kind: "rate", hz: 4 }, 1_000_000_000n, 2_000_000_000n)).toEqual([
      1_000_000_000n, 1_250_000_000n, 1_500_000_000n, 1_750_000_000n, 2_000_000_000n,
    ]);
    // 3 Hz: 0, 333333333, 666666667 (rounded), 1000000000.
    expect(stepTimes({ kind: "rate", hz: 3 }, 0n, 1_100_000_000n)).toEqual([0n, 333_333_333n, 666_666_667n, 1_000_000_000n]);
  });

  it("a topic clock uses the topic's message times inside the episode", () => {
    expect(stepTimes({ kind: "topic", topic: "/action" }, 10n, 30n, [5n, 10n, 20n, 30n, 31n])).toEqual([10n, 20n, 30n]);
    expect(() => stepTimes({ kind: "topic", topic: "/action" }, 0n, 1n)).toThrow(/pass its message times/);
  });
});

describe("reward resolution per step", () => {
  const keyframes = kf([
    [10, 0],
    [20, 1],
    [40, 0.5],
  ]);

  it("linear: interpolates between keyframes and holds the ends", () => {
    // t=15: 0 + (1-0)·5/10 = 0.5; t=25: 1 + (0.5-1)·5/20 = 0.875; t=35: 1 − 0.5·15/20 = 0.625.
    const steps = [0n, 10n, 15n, 20n, 25n, 35n, 40n, 50n];
    expect(Array.from(resolveRewards({ keyframes, interpolation: "linear" }, steps))).toEqual([0, 0, 0.5, 1, 0.875, 0.625, 0.5, 0.5]);
  });

  it("step: the latest keyframe at or before the step", () => {
    const steps = [0n, 10n, 19n, 20n, 39n, 40n, 99n];
    expect(Array.from(resolveRewards({ keyframes, interpolation: "step" }, steps))).toEqual([0, 0, 0, 1, 1, 0.5, 0.5]);
  });

  it("no keyframes resolve to 0; one keyframe holds everywhere", () => {
    expect(rewardAt([], "linear", 5n)).toBe(0);
    expect(rewardAt(kf([[7, 2]]), "linear", 0n)).toBe(2);
    expect(rewardAt(kf([[7, 2]]), "step", 100n)).toBe(2);
  });
});

describe("discounted return", () => {
  it("G_t = r_t + γ G_{t+1}, hand-computed", () => {
    // r = [0, 0, 1], γ = 0.9: G_2 = 1, G_1 = 0.9, G_0 = 0.81.
    const g = discountedReturns([0, 0, 1], 0.9);
    expect(g[2]).toBe(1);
    expect(g[1]).toBeCloseTo(0.9, 12);
    expect(g[0]).toBeCloseTo(0.81, 12);
    // r = [1, 2, 3], γ = 0.5: G_2 = 3, G_1 = 2 + 1.5 = 3.5, G_0 = 1 + 1.75 = 2.75.
    expect(Array.from(discountedReturns([1, 2, 3], 0.5))).toEqual([2.75, 3.5, 3]);
    // γ = 1 is the plain suffix sum; γ = 0 is r itself.
    expect(Array.from(discountedReturns([1, 2, 3], 1))).toEqual([6, 5, 3]);
    expect(Array.from(discountedReturns([1, 2, 3], 0))).toEqual([1, 2, 3]);
    expect(discountedReturns([], 0.9).length).toBe(0);
    expect(() => discountedReturns([1], 1.1)).toThrow(/gamma/);
  });

  it("resolves a step curve on a rate clock and discounts it end to end", () => {
    // 2 Hz over 0..2 s: steps 0, 0.5, 1, 1.5, 2 s. Step curve 0 until 2 s, then 1 (sparse success).
    const steps = stepTimes({ kind: "rate", hz: 2 }, 0n, 2_000_000_000n);
    const r = resolveRewards({ keyframes: kf([[0, 0], [2_000_000_000, 1]]), interpolation: "step" }, steps);
    expect(Array.from(r)).toEqual([0, 0, 0, 0, 1]);
    const g = discountedReturns(r, 0.5);
    expect(Array.from(g)).toEqual([0.0625, 0.125, 0.25, 0.5, 1]);
  });
});

describe("rewardSeries", () => {
  it("resolves a document's curve on its clock with the return, hand-computed", () => {
    // 1 Hz over 10..13 s: steps 10, 11, 12, 13 s. Linear 0 → 1 from 10 s to 12 s: r = 0, 0.5, 1, 1.
    // γ = 0.5: G_3 = 1, G_2 = 1 + 0.5 = 1.5, G_1 = 0.5 + 0.75 = 1.25, G_0 = 0 + 0.625 = 0.625.
    const s = 1_000_000_000n;
    const series = rewardSeries(
      { clock: { kind: "rate", hz: 1 }, keyframes: kf([[10e9, 0], [12e9, 1]]), interpolation: "linear", generator: { kind: "custom" }, gamma: 0.5 },
      10n * s,
      13n * s,
    );
    expect(series.stepTimesNs).toEqual([10n * s, 11n * s, 12n * s, 13n * s]);
    expect(Array.from(series.rewards)).toEqual([0, 0.5, 1, 1]);
    expect(Array.from(series.returns)).toEqual([0.625, 1.25, 1.5, 1]);
  });
});
