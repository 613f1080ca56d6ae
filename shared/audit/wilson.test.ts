import { describe, expect, it } from "vitest";
import { wilsonInterval } from "./wilson.ts";

describe("wilsonInterval", () => {
  it("matches a hand-computed reference (8 of 10)", () => {
    // p̂ = 0.8, z² = 3.8415: centre = (0.8 + 0.19207)/1.38415 = 0.716738; half = 1.95996/1.38415 · √(0.016 + 0.0096037) = 0.226646
    const [lo, hi] = wilsonInterval(8, 10)!;
    expect(lo).toBeCloseTo(0.490162, 5);
    expect(hi).toBeCloseTo(0.943317, 5);
  });
  it("stays inside [0, 1] at 0 and n successes", () => {
    expect(wilsonInterval(0, 5)![0]).toBe(0);
    expect(wilsonInterval(0, 5)![1]).toBeCloseTo(0.434482, 5);
    expect(wilsonInterval(5, 5)![1]).toBe(1);
  });
  it("is undefined (null), not 0 %, without decided trials, and refuses impossible counts", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
  });
});
