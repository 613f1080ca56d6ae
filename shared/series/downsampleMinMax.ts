import type { DownsampledSeries, NumericSeries } from "../episode.ts";
import { latestAtOrBefore } from "../time.ts";

/**
 * Time buckets of a whole-episode series overview (what the page draws a joint plot from before the full series is
 * in): each bucket keeps its minimum and maximum sample, so up to 2 × 2048 points — a point per pixel column of a plot
 * up to 2048 px wide (the min/max member of M4, Jugel et al., VLDB 2014).
 */
export const SERIES_OVERVIEW_BUCKETS = 2048;

/**
 * Min/max downsampling of a numeric series to a pixel budget (after M4, Jugel et al., "M4: A Visualization-Oriented
 * Time Series Data Aggregation", VLDB 2014): the range [startNs, endNs] is cut into `buckets` equal buckets; each
 * non-empty bucket yields two x values (its first message time and the time halfway to its last) and, for every
 * field, the bucket's minimum and maximum in the order they occurred. Extremes are exact at every zoom; NaN values are
 * skipped (a bucket with only NaN gives NaN).
 * When the range holds ≤ 2 × buckets messages, those messages are returned unchanged (`downsampled: false`).
 * @param fields flattened field paths to keep (all when undefined); unknown paths are ignored.
 * @throws RangeError when buckets < 1 or endNs < startNs.
 */
export function downsampleMinMax(
  series: NumericSeries,
  startNs: bigint,
  endNs: bigint,
  buckets: number,
  fields?: readonly string[],
): DownsampledSeries {
  if (!(buckets >= 1)) throw new RangeError(`buckets must be ≥ 1, got ${buckets}`);
  if (endNs < startNs) throw new RangeError(`endNs ${endNs} is before startNs ${startNs}`);
  const keep = series.fields
    .map((field, i) => ({ field, column: series.values[i]! }))
    .filter(({ field }) => !fields || fields.includes(field.path));
  const times = series.logTimesNs;
  const first = latestAtOrBefore(times, startNs - 1n) + 1; // first index with time ≥ startNs
  const last = latestAtOrBefore(times, endNs); // last index with time ≤ endNs
  const count = Math.max(0, last - first + 1);
  const base = { topic: series.topic, fields: keep.map((k) => k.field), sourceCount: count };

  if (count <= 2 * buckets) {
    return {
      ...base,
      downsampled: false,
      logTimesNs: times.slice(first, first + count),
      values: keep.map((k) => k.column.slice(first, first + count)),
    };
  }

  const span = endNs - startNs + 1n;
  const outTimes: bigint[] = [];
  const outValues: number[][] = keep.map(() => []);
  let i = first;
  for (let b = 0; b < buckets && i <= last; b++) {
    const bucketEnd = startNs + (span * BigInt(b + 1)) / BigInt(buckets); // exclusive
    if (times[i]! >= bucketEnd) continue;
    const from = i;
    while (i <= last && times[i]! < bucketEnd) i++;
    const to = i - 1;
    outTimes.push(times[from]!, times[from]! + (times[to]! - times[from]!) / 2n);
    keep.forEach(({ column }, f) => {
      let min = Number.NaN;
      let max = Number.NaN;
      let minAt = -1;
      let maxAt = -1;
      for (let j = from; j <= to; j++) {
        const v = column[j]!;
        if (Number.isNaN(v)) continue;
        if (minAt < 0 || v < min) {
          min = v;
          minAt = j;
        }
        if (maxAt < 0 || v > max) {
          max = v;
          maxAt = j;
        }
      }
      if (minAt <= maxAt) outValues[f]!.push(min, max);
      else outValues[f]!.push(max, min);
    });
  }
  return {
    ...base,
    downsampled: true,
    logTimesNs: BigInt64Array.from(outTimes),
    values: outValues.map((v) => Float64Array.from(v)),
  };
}
