import { describe, expect, it } from "vitest";
import { niceAxis, stepDecimals, tickLabels } from "./tickLabels.ts";

describe("tickLabels", () => {
  it("uses as many decimals as the step needs, so no two labels are the same", () => {
    expect(tickLabels([0, 1, 2], "s")).toEqual(["0 s", "1 s", "2 s"]);
    expect(tickLabels([0.1, 0.15, 0.2], "s")).toEqual(["0.10 s", "0.15 s", "0.20 s"]);
    expect(tickLabels([-1, -0.5, 0, 0.5, 1])).toEqual(["-1.0", "-0.5", "0.0", "0.5", "1.0"]);
    const zoomed = tickLabels([3.02, 3.04, 3.06, 3.08]);
    expect(new Set(zoomed).size).toBe(zoomed.length);
  });
  it("reads float noise in the step as the intended step", () => {
    expect(stepDecimals(0.1 + 0.2 - 0.2)).toBe(1);
    expect(stepDecimals(2)).toBe(0);
    expect(stepDecimals(0.025)).toBe(3);
  });
});

describe("niceAxis", () => {
  it("widens the range to whole steps with at least three ticks", () => {
    const a = niceAxis(-0.45, 0.42);
    expect(a.ticks.length).toBeGreaterThanOrEqual(3);
    expect(a.min).toBeLessThanOrEqual(-0.45);
    expect(a.max).toBeGreaterThanOrEqual(0.42);
    expect(a.ticks).toContain(0);
  });
  it("pads flat data and keeps at most six ticks", () => {
    expect(niceAxis(0, 0).ticks).toEqual([-1, 0, 1]);
    expect(niceAxis(2, 2).ticks.length).toBeGreaterThanOrEqual(3);
    expect(niceAxis(0, 97).ticks.length).toBeLessThanOrEqual(6);
    expect(niceAxis(NaN, NaN).ticks).toEqual([-1, 0, 1]);
  });
});
