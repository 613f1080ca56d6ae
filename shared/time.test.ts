import { describe, expect, it } from "vitest";
import { clampNs, formatClock, formatSeconds, latestAtOrBefore, nsToSeconds, secondsToNs } from "./time.ts";

describe("time", () => {
  it("converts ns ↔ s without losing nanoseconds at 2025 epochs offsets", () => {
    expect(nsToSeconds(12_345_678_901n)).toBeCloseTo(12.345678901, 9);
    expect(secondsToNs(12.345678901)).toBe(12_345_678_901n);
    expect(secondsToNs(-1.5)).toBe(-1_500_000_000n);
    expect(() => secondsToNs(Number.NaN)).toThrow(/finite/);
  });

  it("formats mm:ss.mmm, hours and negatives, truncating ms", () => {
    expect(formatClock(0n)).toBe("00:00.000");
    expect(formatClock(61_999_999_999n)).toBe("01:01.999");
    expect(formatClock(3_723_004_000_000n)).toBe("1:02:03.004");
    expect(formatClock(-1_500_000_000n)).toBe("-00:01.500");
    expect(formatSeconds(12_345_999_999n)).toBe("12.345");
    expect(formatSeconds(5_000_000n)).toBe("0.005");
  });

  it("finds the latest time ≤ t (the sync rule)", () => {
    const times = new BigInt64Array([10n, 20n, 20n, 30n]);
    expect(latestAtOrBefore(times, 5n)).toBe(-1);
    expect(latestAtOrBefore(times, 10n)).toBe(0);
    expect(latestAtOrBefore(times, 19n)).toBe(0);
    expect(latestAtOrBefore(times, 20n)).toBe(2);
    expect(latestAtOrBefore(times, 99n)).toBe(3);
    expect(latestAtOrBefore([], 99n)).toBe(-1);
  });

  it("clamps", () => {
    expect(clampNs(5n, 10n, 20n)).toBe(10n);
    expect(clampNs(25n, 10n, 20n)).toBe(20n);
    expect(clampNs(15n, 10n, 20n)).toBe(15n);
  });
});
