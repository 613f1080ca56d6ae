/**
 * Join the numeric series of consecutive message ranges of one channel (read in parallel by several workers) into
 * the series a single pass would have produced: rows in order, fields in order of first appearance, NaN where a part
 * lacks a field. Fields are matched by label (the series builders key their columns by label: the joint name, or the
 * flattened path when there is none).
 */
import type { NumericSeries, SeriesField } from "../episode.ts";

/**
 * @param parts series of consecutive row ranges of the same topic, in row order (at least one)
 * @returns one series with every row of every part
 * @throws Error when `parts` is empty or the parts are of different topics
 */
export function mergeSeriesParts(parts: readonly NumericSeries[]): NumericSeries {
  if (parts.length === 0) throw new Error("mergeSeriesParts: no parts");
  if (parts.length === 1) return parts[0]!;
  const topic = parts[0]!.topic;
  const fields: SeriesField[] = [];
  const columnOf = new Map<string, number>();
  let rows = 0;
  for (const part of parts) {
    if (part.topic !== topic) throw new Error(`mergeSeriesParts: part of ${part.topic} among parts of ${topic}`);
    rows += part.logTimesNs.length;
    for (const field of part.fields) {
      if (!columnOf.has(field.label)) {
        columnOf.set(field.label, fields.length);
        fields.push(field);
      }
    }
  }
  const logTimesNs = new BigInt64Array(rows);
  const values = fields.map(() => new Float64Array(rows).fill(NaN));
  let at = 0;
  for (const part of parts) {
    logTimesNs.set(part.logTimesNs, at);
    part.fields.forEach((field, f) => values[columnOf.get(field.label)!]!.set(part.values[f]!, at));
    at += part.logTimesNs.length;
  }
  return { topic, fields, logTimesNs, values };
}
