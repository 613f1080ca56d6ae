/**
 * Joint series → plot columns: x in seconds relative to the episode start, one y column per field.
 */
import type { NumericSeries } from "../episode.ts";

/** uPlot-style aligned columns: `[x, y0, y1, …]`, x ascending seconds since `startNs`. */
export type PlotColumns = [Float64Array, ...Float64Array[]];

/**
 * Build plot columns from a series. Samples are kept as they are (uPlot draws hundreds of thousands of points);
 * x is relative seconds so the axis reads like the transport clock.
 */
export function seriesToColumns(series: NumericSeries, startNs: bigint): PlotColumns {
  const n = series.logTimesNs.length;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = Number(series.logTimesNs[i]! - startNs) / 1e9;
  return [x, ...series.values.map((v) => (v.length === n ? v : Float64Array.from({ length: n }, (_, i) => v[i] ?? NaN)))];
}
