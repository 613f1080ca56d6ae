import { describe, expect, it } from "vitest";
import { colormapTable, defaultColormap } from "./colormap.ts";
import { isSupportedRawEncoding, rawToRgba } from "./rawImage.ts";

const px = (out: Uint8ClampedArray, i: number) => Array.from(out.subarray(i * 4, i * 4 + 4));

describe("rawToRgba", () => {
  it("converts rgb8 and bgr8, respecting a padded step", () => {
    // 2×2, step 8 (6 bytes of pixels + 2 padding per row).
    const data = new Uint8Array([1, 2, 3, 4, 5, 6, 99, 99, 7, 8, 9, 10, 11, 12, 99, 99]);
    const rgb = rawToRgba({ data, width: 2, height: 2, step: 8, encoding: "rgb8" });
    expect([0, 1, 2, 3].map((i) => px(rgb, i))).toEqual([
      [1, 2, 3, 255],
      [4, 5, 6, 255],
      [7, 8, 9, 255],
      [10, 11, 12, 255],
    ]);
    const bgr = rawToRgba({ data, width: 2, height: 2, step: 8, encoding: "bgr8" });
    expect(px(bgr, 0)).toEqual([3, 2, 1, 255]);
    expect(px(bgr, 3)).toEqual([12, 11, 10, 255]);
  });
  it("converts rgba8, bgra8 and mono8", () => {
    const four = new Uint8Array([10, 20, 30, 40]);
    expect(px(rawToRgba({ data: four, width: 1, height: 1, step: 4, encoding: "rgba8" }), 0)).toEqual([10, 20, 30, 40]);
    expect(px(rawToRgba({ data: four, width: 1, height: 1, step: 4, encoding: "bgra8" }), 0)).toEqual([30, 20, 10, 40]);
    const mono = rawToRgba({ data: new Uint8Array([0, 128]), width: 2, height: 1, step: 2, encoding: "mono8" });
    expect(px(mono, 1)).toEqual([128, 128, 128, 255]);
  });
  it("normalizes 16-bit gray over the image range, little- and big-endian", () => {
    // Values 1000, 2000, 3000 (little-endian).
    const le = new Uint8Array([0xe8, 0x03, 0xd0, 0x07, 0xb8, 0x0b]);
    const out = rawToRgba({ data: le, width: 3, height: 1, step: 6, encoding: "16UC1" });
    expect([0, 1, 2].map((i) => px(out, i)[0])).toEqual([0, 128, 255]);
    const be = new Uint8Array([0x03, 0xe8, 0x0b, 0xb8]);
    const outBe = rawToRgba({ data: be, width: 2, height: 1, step: 4, encoding: "mono16", bigEndian: true });
    expect([0, 1].map((i) => px(outBe, i)[0])).toEqual([0, 255]);
  });
  it("uses width × bpp when step is 0", () => {
    const out = rawToRgba({ data: new Uint8Array([5, 6]), width: 2, height: 1, step: 0, encoding: "mono8" });
    expect(px(out, 1)).toEqual([6, 6, 6, 255]);
  });
  it("rejects unknown encodings and short data with messages", () => {
    expect(isSupportedRawEncoding("yuv422")).toBe(false);
    expect(() => rawToRgba({ data: new Uint8Array(4), width: 1, height: 1, step: 4, encoding: "yuv422" })).toThrow(/yuv422/);
    expect(() => rawToRgba({ data: new Uint8Array(5), width: 2, height: 1, step: 6, encoding: "rgb8" })).toThrow(/needs 6/);
  });
  it("shows depth through a colormap: no-return pixels black, range over the valid ones (16UC1 mm, 32FC1 m)", () => {
    const turbo = colormapTable("turbo");
    const rgb = (k: number) => [turbo[k * 3], turbo[k * 3 + 1], turbo[k * 3 + 2], 255];
    // 0 (no return), 500 mm, 1000 mm, 1500 mm.
    const mm = new Uint8Array(new Uint16Array([0, 500, 1000, 1500]).buffer);
    const out = rawToRgba({ data: mm, width: 4, height: 1, step: 8, encoding: "16UC1" }, { colormap: "turbo" });
    expect([0, 1, 2, 3].map((i) => px(out, i))).toEqual([[0, 0, 0, 255], rgb(0), rgb(128), rgb(255)]);
    const m = new Uint8Array(new Float32Array([NaN, 0.25, 0.75, Infinity]).buffer);
    const outF = rawToRgba({ data: m, width: 4, height: 1, step: 16, encoding: "32FC1" }, { colormap: "turbo" });
    expect([0, 1, 2, 3].map((i) => px(outF, i))).toEqual([[0, 0, 0, 255], rgb(0), rgb(255), [0, 0, 0, 255]]);
    // Gray depth: no return black, the nearest valid pixel black too, the farthest white; mono16 counts 0 as a value.
    const gray = rawToRgba({ data: mm, width: 4, height: 1, step: 8, encoding: "16UC1" });
    expect([0, 1, 2, 3].map((i) => px(gray, i)[0])).toEqual([0, 0, 128, 255]);
    const mono = rawToRgba({ data: mm, width: 4, height: 1, step: 8, encoding: "mono16" });
    expect([0, 1, 3].map((i) => px(mono, i)[0])).toEqual([0, 85, 255]);
  });
  it("has Turbo's ends (dark blue-black → dark red) and picks turbo for depth encodings", () => {
    const turbo = colormapTable("turbo");
    expect(Array.from(turbo.subarray(0, 3))).toEqual([35, 23, 27]);
    expect(Array.from(turbo.subarray(255 * 3))).toEqual([144, 12, 0]);
    expect(defaultColormap("16UC1")).toBe("turbo");
    expect(defaultColormap("32FC1")).toBe("turbo");
    expect(defaultColormap("mono16")).toBe("gray");
  });
});
