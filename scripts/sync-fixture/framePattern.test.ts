import { describe, expect, it } from "vitest";
import { drawPatternFrame, patternBits, readPattern } from "./framePattern.ts";

function toRgba(rgb: Uint8Array): Uint8Array {
  const out = new Uint8Array((rgb.length / 3) * 4);
  for (let i = 0, o = 0; i < rgb.length; i += 3, o += 4) {
    out[o] = rgb[i]!;
    out[o + 1] = rgb[i + 1]!;
    out[o + 2] = rgb[i + 2]!;
    out[o + 3] = 255;
  }
  return out;
}

describe("frame pattern", () => {
  it("round-trips every frame number through drawn pixels", () => {
    for (const i of [0, 1, 2, 29, 30, 255, 1000, 4095]) expect(readPattern(toRgba(drawPatternFrame(i, 160, 90, i % 3)), 160, 90)).toBe(i);
  });
  it("rejects a flat image and out-of-range numbers", () => {
    expect(readPattern(new Uint8Array(160 * 90 * 4).fill(255), 160, 90)).toBe(-1);
    expect(() => patternBits(4096)).toThrow(RangeError);
  });
  it("reads a pattern with noise on it", () => {
    const rgba = toRgba(drawPatternFrame(1234, 320, 240, 1));
    for (let k = 0; k < rgba.length; k++) if (k % 4 !== 3) rgba[k] = Math.max(0, Math.min(255, rgba[k]! + ((k * 37) % 61) - 30));
    expect(readPattern(rgba, 320, 240)).toBe(1234);
  });
});
