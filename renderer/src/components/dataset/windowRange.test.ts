import { describe, expect, it } from "vitest";
import { scrollToShow, windowRange } from "./windowRange.ts";

describe("windowRange", () => {
  it("draws only the rows in view plus the overscan, at any scroll position of 10,000 rows", () => {
    expect(windowRange(0, 440, 44, 10_000, 8)).toEqual({ first: 0, last: 18 });
    expect(windowRange(44 * 5000 + 20, 440, 44, 10_000, 8)).toEqual({ first: 4992, last: 5019 });
    expect(windowRange(44 * 9990, 440, 44, 10_000, 8)).toEqual({ first: 9982, last: 10_000 });
    expect(windowRange(0, 440, 44, 0, 8)).toEqual({ first: 0, last: 0 });
  });
  it("scrolls the least to show a row", () => {
    expect(scrollToShow(3, 44, 0, 440)).toBe(0);
    expect(scrollToShow(20, 44, 0, 440)).toBe(21 * 44 - 440);
    expect(scrollToShow(2, 44, 400, 440)).toBe(88);
  });
});
