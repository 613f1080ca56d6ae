import { describe, expect, it } from "vitest";
import { latestAtSteps, stepTimesAtRate } from "./resampleLatest.ts";

describe("latestAtSteps", () => {
  it("takes the latest message at or before each step and reports the largest staleness", () => {
    // messages at 0, 30, 70 ns; steps at 0, 25, 50, 75, 100 ns
    const r = latestAtSteps([0n, 30n, 70n], [0n, 25n, 50n, 75n, 100n]);
    expect(Array.from(r.indices)).toEqual([0, 0, 1, 2, 2]);
    // staleness per step: 0, 25, 20, 5, 30 → max 30
    expect(r.maxStalenessNs).toBe(30n);
    expect(r.missingSteps).toBe(0);
  });
  it("marks steps before the first message with -1", () => {
    const r = latestAtSteps([10n, 20n], [0n, 5n, 10n, 15n]);
    expect(Array.from(r.indices)).toEqual([-1, -1, 0, 0]);
    expect(r.missingSteps).toBe(2);
    expect(r.maxStalenessNs).toBe(5n);
  });
  it("a message exactly at the step time is used (≤, not <)", () => {
    expect(Array.from(latestAtSteps([0n, 10n], [10n]).indices)).toEqual([1]);
  });
  it("rejects unsorted input naming the position", () => {
    expect(() => latestAtSteps([0n, 10n], [5n, 1n])).toThrow(/step 1/);
    expect(() => latestAtSteps([0n, 10n, 5n], [20n])).toThrow(/message 2/);
  });
});

describe("stepTimesAtRate", () => {
  it("steps every 1/fps s from start through end inclusive", () => {
    expect(stepTimesAtRate(100n, 100n + 1_000_000_000n, 4)).toEqual([100n, 250_000_100n, 500_000_100n, 750_000_100n, 1_000_000_100n]);
  });
  it("rounds non-integer periods to the nearest ns", () => {
    expect(stepTimesAtRate(0n, 100_000_000n, 30)).toEqual([0n, 33_333_333n, 66_666_667n, 100_000_000n]);
  });
  it("rejects a bad fps", () => {
    expect(() => stepTimesAtRate(0n, 1n, 0)).toThrow(/fps/);
  });
});
