import { describe, expect, it } from "vitest";
import { fractionOfTime, nsOfPixels, percentOfTime, timeOfClientX, timeOfFraction } from "./timeAxis.ts";

const START = 1_750_000_000_000_000_000n;
const END = START + 12_000_000_000n; // a 12 s episode

describe("timeline time axis", () => {
  it("maps log times to fractions and percentages of the track width", () => {
    expect(fractionOfTime(START, START, END)).toBe(0);
    expect(fractionOfTime(END, START, END)).toBe(1);
    expect(fractionOfTime(START + 3_000_000_000n, START, END)).toBe(0.25);
    expect(percentOfTime(START + 3_000_000_000n, START, END)).toBe("25.0000%");
    expect(fractionOfTime(START - 1_200_000_000n, START, END)).toBeCloseTo(-0.1, 12);
    expect(fractionOfTime(START, START, START)).toBe(0);
  });

  it("maps fractions and pointer positions back to ns, clamped to the episode", () => {
    expect(timeOfFraction(0.5, START, END)).toBe(START + 6_000_000_000n);
    expect(timeOfFraction(-1, START, END)).toBe(START);
    expect(timeOfFraction(2, START, END)).toBe(END);
    expect(timeOfFraction(Number.NaN, START, END)).toBe(START);
    // A 600 px track starting at x = 150: x = 300 is a quarter in.
    expect(timeOfClientX(300, { left: 150, width: 600 }, START, END)).toBe(START + 3_000_000_000n);
    expect(timeOfClientX(300, { left: 150, width: 0 }, START, END)).toBe(START);
  });

  it("round-trips a time through its fraction to within a nanosecond", () => {
    for (const t of [START + 1n, START + 4_321_987_654n, END - 1n]) {
      const back = timeOfFraction(fractionOfTime(t, START, END), START, END);
      expect(back - t <= 1n && t - back <= 1n).toBe(true);
    }
  });

  it("converts pixel distances to ns", () => {
    expect(nsOfPixels(60, 600, START, END)).toBe(1_200_000_000n);
    expect(nsOfPixels(-30, 600, START, END)).toBe(-600_000_000n);
    expect(nsOfPixels(10, 0, START, END)).toBe(0n);
  });
});
