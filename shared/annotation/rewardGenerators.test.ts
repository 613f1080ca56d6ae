import { describe, expect, it } from "vitest";
import type { Chunk } from "../annotation.ts";
import { discountedReturns } from "./discountedReturn.ts";
import { resolveRewards } from "./rewardResolve.ts";
import { potentialFromSignalCurve, progressFromChunksCurve, sparseSuccessCurve } from "./rewardGenerators.ts";

const chunk = (id: string, startNs: bigint, endNs: bigint, parentId: string | null = null, primitive = "reach"): Chunk => ({ id, primitive, startNs, endNs, parentId, note: "" });

describe("reward generators", () => {
  it("sparse success: 0 on every step, the success value on the last", () => {
    const steps = [0n, 10n, 20n, 30n];
    const curve = sparseSuccessCurve(steps, 5);
    expect(Array.from(resolveRewards(curve, steps))).toEqual([0, 0, 0, 5]);
    expect(sparseSuccessCurve([7n]).keyframes).toEqual([{ tNs: 7n, value: 1 }]);
    expect(sparseSuccessCurve([]).keyframes).toEqual([]);
  });

  it("progress from chunks: 0 → 1 across the chunk sequence, an equal share per chunk", () => {
    // Four top-level chunks over 0..100 with uneven lengths; children are ignored at level 0.
    const chunks = [
      chunk("c", 40n, 100n),
      chunk("a", 0n, 10n),
      chunk("b", 10n, 40n),
      chunk("a1", 0n, 5n, "a"),
      chunk("a2", 5n, 10n, "a"),
    ];
    const curve = progressFromChunksCurve(chunks, 0);
    expect(curve.interpolation).toBe("linear");
    expect(curve.keyframes).toEqual([
      { tNs: 0n, value: 0 },
      { tNs: 10n, value: 1 / 3 },
      { tNs: 40n, value: 2 / 3 },
      { tNs: 100n, value: 1 },
    ]);
    // Halfway through b (t = 25): 1/3 + (1/3)·(15/30) = 0.5. Halfway through c (t = 70): 2/3 + (1/3)/2 = 5/6.
    const r = resolveRewards(curve, [0n, 5n, 25n, 70n, 100n]);
    expect(r[0]).toBe(0);
    expect(r[1]).toBeCloseTo(1 / 6, 12);
    expect(r[2]).toBeCloseTo(0.5, 12);
    expect(r[3]).toBeCloseTo(5 / 6, 12);
    expect(r[4]).toBe(1);
    // Level 1: the two children of a.
    expect(progressFromChunksCurve(chunks, 1).keyframes).toEqual([
      { tNs: 0n, value: 0 },
      { tNs: 5n, value: 0.5 },
      { tNs: 10n, value: 1 },
    ]);
    expect(progressFromChunksCurve([], 0).keyframes).toEqual([]);
  });

  it("potential from a signal: r_t = γΦ_{t+1} − Φ_t with Φ normalized to [0, 1] and Φ_T = 0", () => {
    // Signal 2, 4, 6 at steps 0, 10, 20 → Φ = 0, 0.5, 1. γ = 0.5:
    // r_0 = 0.5·0.5 − 0 = 0.25, r_1 = 0.5·1 − 0.5 = 0, r_2 = 0.5·0 − 1 = −1.
    const steps = [0n, 10n, 20n];
    const signal = { timesNs: BigInt64Array.from([0n, 10n, 20n]), values: Float64Array.from([2, 4, 6]) };
    const curve = potentialFromSignalCurve(steps, signal, 0.5);
    expect(curve.keyframes.map((k) => k.value)).toEqual([0.25, 0, -1]);
    // Inverted (e.g. a distance to the goal): Φ = 1, 0.5, 0 → r = 0.25 − 1, 0 − 0.5, 0 − 0 = −0.75, −0.5, 0.
    expect(potentialFromSignalCurve(steps, signal, 0.5, true).keyframes.map((k) => k.value)).toEqual([-0.75, -0.5, 0]);
    // Policy invariance: the discounted return from step 0 telescopes to −Φ_0 for any signal.
    const wiggly = { timesNs: BigInt64Array.from([0n, 3n, 7n, 12n, 15n]), values: Float64Array.from([5, 1, 9, 3, 7]) };
    const many = [0n, 3n, 7n, 12n, 15n];
    const g = discountedReturns(resolveRewards(potentialFromSignalCurve(many, wiggly, 0.9), many), 0.9);
    expect(g[0]).toBeCloseTo(-0.5, 12); // Φ_0 = (5 − 1)/(9 − 1)
  });

  it("potential samples the signal by the sync rule and skips missing samples", () => {
    // Samples at 0 (value 0) and 10 (NaN) and 20 (value 10); steps at 5, 15, 25 see 0, 0, 10.
    const signal = { timesNs: BigInt64Array.from([0n, 10n, 20n]), values: Float64Array.from([0, Number.NaN, 10]) };
    const curve = potentialFromSignalCurve([5n, 15n, 25n], signal, 1);
    expect(curve.keyframes.map((k) => k.value)).toEqual([0, 1, -1]);
    expect(potentialFromSignalCurve([1n, 2n], { timesNs: [0n], values: [3] }, 1).keyframes.map((k) => k.value)).toEqual([0, 0]);
  });
});
