import { describe, expect, it } from "vitest";
import { fiveNumbers, mad, median, quantile } from "./robustStats.ts";

describe("robust statistics", () => {
  it("median and MAD by hand", () => {
    // sorted 1 1 2 2 4 6 9: median 2; |x−2| = 1 1 0 0 2 4 7 → sorted 0 0 1 1 2 4 7 → MAD 1
    expect(median([1, 1, 2, 2, 4, 6, 9])).toBe(2);
    expect(mad([1, 1, 2, 2, 4, 6, 9])).toBe(1);
  });
  it("type-7 quantiles and ignores non-finite values", () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75);
    expect(median([3, Number.NaN, 1, Number.POSITIVE_INFINITY, 2])).toBe(2);
    expect(Number.isNaN(median([]))).toBe(true);
    expect(fiveNumbers([5, 1, 3])).toEqual({ min: 1, q1: 2, median: 3, q3: 4, max: 5, n: 3 });
  });
});
