import { describe, expect, it } from "vitest";
import { downscaleFactor, downscalePlanes, downscaledSize } from "./planeDownscale.ts";

/** An I420 picture whose samples are f(plane, x, y), with padded strides like a decoder's. */
function i420(width: number, height: number, pad: number, f: (plane: number, x: number, y: number) => number) {
  const dims = [
    [width, height],
    [width / 2, height / 2],
    [width / 2, height / 2],
  ] as const;
  const layout: { offset: number; stride: number }[] = [];
  let offset = 0;
  for (const [w, h] of dims) {
    layout.push({ offset, stride: w + pad });
    offset += (w + pad) * h;
  }
  const data = new Uint8Array(offset);
  dims.forEach(([w, h], p) => {
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[layout[p]!.offset + y * layout[p]!.stride + x] = f(p, x, y);
  });
  return { data, layout };
}

describe("downscaleFactor / downscaledSize", () => {
  it("picks the largest factor that keeps the picture at least the canvas size", () => {
    expect(downscaleFactor(1280, 720, 640, 360)).toBe(2);
    expect(downscaleFactor(1280, 720, 302, 170)).toBe(4);
    expect(downscaleFactor(1280, 720, 641, 360)).toBe(1);
    expect(downscaleFactor(1280, 720, 0, 0)).toBe(1);
    expect(downscaledSize(1280, 720, 3)).toEqual({ width: 426, height: 240 });
    expect(downscaledSize(3, 3, 4)).toEqual({ width: 2, height: 2 });
  });
});

describe("downscalePlanes", () => {
  it("averages k×k blocks of every I420 plane, ignoring stride padding", () => {
    const src = i420(8, 4, 5, (p, x, y) => (p === 0 ? x * 10 + y : p === 1 ? 100 + x : 200 + y));
    const out = downscalePlanes("I420", src.data, src.layout, 8, 4, 2, { width: 4, height: 2 });
    expect(out.layout).toEqual([
      { offset: 0, stride: 4 },
      { offset: 8, stride: 2 },
      { offset: 10, stride: 2 },
    ]);
    // Y output (x, y) is the rounded mean of input (2x..2x+1, 2y..2y+1), e.g. (0, 0): (0 + 10 + 1 + 11) / 4 = 5.5 → 6.
    const y = (x: number, yy: number) => Math.round([0, 1].flatMap((dy) => [0, 1].map((dx) => (2 * x + dx) * 10 + 2 * yy + dy)).reduce((a, b) => a + b) / 4);
    expect(Array.from(out.data.subarray(0, 8))).toEqual([y(0, 0), y(1, 0), y(2, 0), y(3, 0), y(0, 1), y(1, 1), y(2, 1), y(3, 1)]);
    expect(Array.from(out.data.subarray(8, 10))).toEqual([100.5, 102.5].map(Math.round));
    expect(Array.from(out.data.subarray(10, 12))).toEqual([Math.round(200.5), Math.round(200.5)]);
  });

  it("keeps NV12's interleaved U and V apart and clips blocks at the edge", () => {
    // 6×2 luma, UV plane 3×1 pairs; k = 4 → out 2×2 (even) though 6/4 = 1.5: the second column's block is clipped.
    const data = new Uint8Array([
      ...[0, 4, 8, 12, 16, 20],
      ...[2, 6, 10, 14, 18, 22],
      ...[10, 50, 20, 60, 30, 70],
    ]);
    const out = downscalePlanes("NV12", data, [{ offset: 0, stride: 6 }, { offset: 12, stride: 6 }], 6, 2, 4, { width: 2, height: 2 });
    // Luma row 0: block x 0..3, y 0..1 → mean(0,4,8,12,2,6,10,14) = 7; block x 4..5 → mean(16,20,18,22) = 19. Row 1 starts past the input: 0.
    expect(Array.from(out.data.subarray(0, 4))).toEqual([7, 19, 0, 0]);
    // UV: one output pair from UV pairs 0..2 (clipped at 3): U mean(10,20,30) = 20, V mean(50,60,70) = 60.
    expect(Array.from(out.data.subarray(4, 6))).toEqual([20, 60]);
  });

  it("refuses formats it does not know", () => {
    expect(() => downscalePlanes("I420P10", new Uint8Array(8), [], 2, 2, 2, { width: 2, height: 2 })).toThrow(/I420P10: not an 8-bit planar format/);
    expect(() => downscalePlanes("I420", new Uint8Array(8), [{ offset: 0, stride: 2 }], 2, 2, 2, { width: 2, height: 2 })).toThrow(/1 planes, expected 3/);
  });
});

describe("downscalePlanes word paths", () => {
  /** Reference: the rounded mean of each k×k block, computed naively. */
  function naive(plane: Uint8Array, stride: number, w: number, h: number, k: number, outW: number, outH: number): number[] {
    const out: number[] = [];
    for (let y = 0; y < outH; y++)
      for (let x = 0; x < outW; x++) {
        let sum = 0;
        let n = 0;
        for (let sy = y * k; sy < Math.min(h, y * k + k); sy++)
          for (let sx = x * k; sx < Math.min(w, x * k + k); sx++) {
            sum += plane[sy * stride + sx]!;
            n++;
          }
        out.push(n ? Math.round(sum / n) : 0);
      }
    return out;
  }

  it.each([2, 3, 4])("equals the naive mean for k = %i on a random I420 picture with padded strides", (k) => {
    const width = 52;
    const height = 30;
    const pad = 12;
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    const src = i420(width, height, pad, () => rnd());
    const out = downscaledSize(width, height, k);
    const got = downscalePlanes("I420", src.data, src.layout, width, height, k, out);
    const luma = naive(src.data.subarray(src.layout[0]!.offset), width + pad, width, height, k, out.width, out.height);
    expect(Array.from(got.data.subarray(0, out.width * out.height))).toEqual(luma);
    const cw = out.width / 2;
    const ch = out.height / 2;
    const u = naive(src.data.subarray(src.layout[1]!.offset), width / 2 + pad, width / 2, height / 2, k, cw, ch);
    expect(Array.from(got.data.subarray(got.layout[1]!.offset, got.layout[1]!.offset + cw * ch))).toEqual(u);
  });
});
