import { describe, expect, it } from "vitest";
import { curvePath, tAt, valueAt, xOf, yOf, type TierFrame } from "./rewardCurvePath.ts";

// 100 px wide, 50 px high with 5 px padding: values 0..1 map to y 45..5.
const f: TierFrame = { startNs: 1000n, endNs: 2000n, width: 100, height: 50, lo: 0, hi: 1, pad: 5 };

describe("reward tier geometry", () => {
  it("maps time and value to pixels and back", () => {
    expect(xOf(f, 1500n)).toBe(50);
    expect(yOf(f, 0)).toBe(45);
    expect(yOf(f, 1)).toBe(5);
    expect(yOf(f, 0.5)).toBe(25);
    expect(tAt(f, 25)).toBe(1250n);
    expect(tAt(f, -10)).toBe(1000n);
    expect(tAt(f, 500)).toBe(2000n);
    expect(valueAt(f, 25)).toBe(0.5);
    expect(valueAt(f, 0)).toBe(1);
  });

  it("draws linear and step curves across the whole episode", () => {
    const ks = [
      { tNs: 1200n, value: 0 },
      { tNs: 1700n, value: 1 },
    ];
    expect(curvePath(f, ks, "linear")).toBe("M0,45.0 L20.0,45.0 L70.0,5.0 L100.0,5.0");
    expect(curvePath(f, ks, "step")).toBe("M0,45.0 L20.0,45.0 L70.0,45.0 L70.0,5.0 L100.0,5.0");
    expect(curvePath(f, [], "linear")).toBe("");
  });
});
