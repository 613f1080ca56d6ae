import { describe, expect, it } from "vitest";
import { decimateColumns, nearestSample } from "./decimateColumns.ts";
import type { PlotColumns } from "./plotData.ts";

/** n samples at 1 kHz: a sine and a ramp with a spike and a NaN gap. */
function columns(n: number): PlotColumns {
  const x = Float64Array.from({ length: n }, (_, i) => i / 1000);
  const a = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 50));
  const b = Float64Array.from({ length: n }, (_, i) => (i === 5_003 ? 100 : i >= 7_000 && i < 7_100 ? NaN : i / n));
  return [x, a, b];
}

/** Smallest and largest finite value of `y` over samples whose x lies in [lo, hi). */
function extent(x: Float64Array, y: Float64Array, lo: number, hi: number): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i]! < lo || x[i]! >= hi || Number.isNaN(y[i]!)) continue;
    min = Math.min(min, y[i]!);
    max = Math.max(max, y[i]!);
  }
  return [min, max];
}

describe("decimateColumns", () => {
  it("keeps every pixel column's extremes of every series, at most two samples per column", () => {
    const full = columns(20_000);
    const width = 400;
    const out = decimateColumns(full, 0, 19.999, width);
    expect(out[0].length).toBeLessThanOrEqual(2 * width + 2);
    expect(out.length).toBe(3);
    // Per pixel column: the full data's min and max are drawn there (a sample on a column's edge may land in the
    // column beside it), and nothing beyond them (the spike at 5.003 s survives).
    const px = 19.999 / width;
    for (let c = 1; c < width - 1; c += 7) {
      const [lo, hi] = [c * px, (c + 1) * px];
      for (const s of [1, 2]) {
        const [fullMin, fullMax] = extent(full[0], full[s]!, lo, hi);
        const [nearMin, nearMax] = extent(out[0], out[s]!, lo - px, hi + px);
        expect(nearMin).toBeLessThanOrEqual(fullMin);
        expect(nearMax).toBeGreaterThanOrEqual(fullMax);
        const [outMin, outMax] = extent(out[0], out[s]!, lo, hi);
        const [wideMin, wideMax] = extent(full[0], full[s]!, lo - px, hi + px);
        if (Number.isFinite(outMin)) expect(outMin).toBeGreaterThanOrEqual(wideMin);
        if (Number.isFinite(outMax)) expect(outMax).toBeLessThanOrEqual(wideMax);
      }
    }
    expect(Math.max(...out[2]!.filter((v) => !Number.isNaN(v)))).toBe(100);
    // The NaN gap stays a gap: the columns wholly inside it are NaN.
    const inGap = Array.from(out[0]).map((t, k) => [t, out[2]![k]!]).filter(([t]) => t! > 7.005 && t! < 7.095);
    expect(inGap.length).toBeGreaterThan(0);
    expect(inGap.every(([, v]) => Number.isNaN(v))).toBe(true);
    // x ascending.
    for (let k = 1; k < out[0].length; k++) expect(out[0][k]!).toBeGreaterThanOrEqual(out[0][k - 1]!);
  });

  it("returns views of the window unchanged when it holds few samples, with one sample beyond each edge", () => {
    const full = columns(20_000);
    const out = decimateColumns(full, 2, 2.5, 400);
    expect(out[0][0]).toBeCloseTo(1.999);
    expect(out[0][out[0].length - 1]).toBeCloseTo(2.501);
    expect(out[0].length).toBe(503);
    expect(out[1]!.buffer).toBe(full[1]!.buffer); // no copy
  });

  it("thins a zoomed window by its own width, keeping the samples just outside it", () => {
    const full = columns(20_000);
    const out = decimateColumns(full, 5, 10, 100);
    expect(out[0][0]).toBeCloseTo(4.999);
    expect(out[0][out[0].length - 1]).toBeCloseTo(10.001);
    expect(out[0].length).toBeLessThanOrEqual(2 * 100 + 2);
  });
});

describe("nearestSample", () => {
  it("finds the sample nearest a time, clamped to the ends", () => {
    const x = Float64Array.from([0, 1, 2, 4]);
    expect(nearestSample(x, 2.9)).toBe(2);
    expect(nearestSample(x, 3.1)).toBe(3);
    expect(nearestSample(x, -5)).toBe(0);
    expect(nearestSample(x, 9)).toBe(3);
    expect(nearestSample(new Float64Array(0), 1)).toBe(-1);
  });
});
