/**
 * Plot columns thinned to what a plot `buckets` px wide can show, without changing a pixel of it: the x window is cut
 * into one bucket per pixel column and each series keeps its smallest and largest sample of each bucket, in the order
 * they occur (so the line still runs through both extremes, like the original). This is the min/max member of the M4
 * family of visualization-oriented aggregations (Jugel et al., "M4: A Visualization-Oriented Time Series Data
 * Aggregation", VLDB 2014, https://www.vldb.org/pvldb/vol7/p797-jugel.pdf). With aligned columns every series shares
 * the bucket's two x values: the bucket's first and last sample times.
 */
import type { PlotColumns } from "./plotData.ts";

/** First index with x[i] >= v (`above`: x[i] > v), x ascending; x.length when none. */
function lowerBound(x: Float64Array, v: number, above = false): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x[mid]! < v || (above && x[mid]! === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `columns` ([x, y0, y1, …], x ascending seconds) over the window [x0, x1] for a plot `buckets` px wide: unchanged
 * (views, no copy) when the window holds at most 4 × `buckets` samples, else two samples per bucket and series (min
 * and max, NaN skipped; a bucket of NaN stays NaN, a gap). The samples just outside the window are kept so the lines
 * reach its edges.
 * @param buckets plot width in device pixels (≥ 1)
 */
export function decimateColumns(columns: PlotColumns, x0: number, x1: number, buckets: number): PlotColumns {
  const x = columns[0];
  const ys = columns.slice(1) as Float64Array[];
  const n = x.length;
  const from = Math.max(0, lowerBound(x, x0) - 1);
  const to = Math.min(n, lowerBound(x, x1, true) + 1); // exclusive
  const width = Math.max(1, Math.floor(buckets));
  if (to - from <= 4 * width || !(x1 > x0)) return columns.map((c) => c.subarray(from, to)) as PlotColumns;
  const capacity = 2 * width + 4;
  const outX = new Float64Array(capacity);
  const outY = ys.map(() => new Float64Array(capacity));
  let k = 0;
  const copy = (i: number) => {
    outX[k] = x[i]!;
    for (let s = 0; s < ys.length; s++) outY[s]![k] = ys[s]![i] ?? NaN;
    k++;
  };
  let i = from;
  if (x[i]! < x0) copy(i++); // the sample before the window
  const scale = width / (x1 - x0);
  while (i < to && x[i]! <= x1) {
    const bucket = Math.min(width - 1, Math.floor((x[i]! - x0) * scale));
    let end = i + 1;
    while (end < to && x[end]! <= x1 && Math.min(width - 1, Math.floor((x[end]! - x0) * scale)) === bucket) end++;
    if (end - i <= 2) {
      for (let j = i; j < end; j++) copy(j);
    } else {
      outX[k] = x[i]!;
      outX[k + 1] = x[end - 1]!;
      for (let s = 0; s < ys.length; s++) {
        const y = ys[s]!;
        let lo = -1;
        let hi = -1;
        for (let j = i; j < end; j++) {
          const v = y[j]!;
          if (Number.isNaN(v)) continue;
          if (lo < 0 || v < y[lo]!) lo = j;
          if (hi < 0 || v > y[hi]!) hi = j;
        }
        const first = lo < 0 ? NaN : y[Math.min(lo, hi)]!;
        const second = lo < 0 ? NaN : y[Math.max(lo, hi)]!;
        outY[s]![k] = first;
        outY[s]![k + 1] = second;
      }
      k += 2;
    }
    i = end;
  }
  if (i < to) copy(i); // the sample after the window
  return [outX.subarray(0, k), ...outY.map((y) => y.subarray(0, k))] as PlotColumns;
}

/** Index of the sample of `x` (ascending) nearest to `v`, or -1 when `x` is empty. */
export function nearestSample(x: Float64Array, v: number): number {
  if (x.length === 0 || Number.isNaN(v)) return -1;
  const i = lowerBound(x, v);
  if (i === 0) return 0;
  if (i >= x.length) return x.length - 1;
  return v - x[i - 1]! <= x[i]! - v ? i - 1 : i;
}
