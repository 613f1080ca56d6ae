/**
 * Plot helpers: the field picker's search and the derivative (velocity) of a sampled series.
 */
import type { SeriesField } from "../episode.ts";

/** One channel's numeric fields, as the field picker lists them. */
export interface FieldGroup {
  topic: string;
  fields: readonly SeriesField[];
}

/**
 * Keep the fields whose `topic path label` contains every whitespace-separated word of `query` (case-insensitive);
 * groups left without fields are dropped. An empty query keeps everything.
 */
export function filterFields(groups: readonly FieldGroup[], query: string): FieldGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return groups.map((g) => ({ topic: g.topic, fields: [...g.fields] }));
  const out: FieldGroup[] = [];
  for (const g of groups) {
    const fields = g.fields.filter((f) => {
      const hay = `${g.topic} ${f.path} ${f.label}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
    if (fields.length > 0) out.push({ topic: g.topic, fields });
  }
  return out;
}

/**
 * Derivative of `values` over time `xs` (seconds): central differences inside, one-sided at the ends, NaN where a
 * neighbour is NaN or the time step is 0. Units: value units per second.
 */
export function derivative(xs: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
  const n = Math.min(xs.length, values.length);
  const out = new Float64Array(n).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    const a = i > 0 ? i - 1 : i;
    const b = i < n - 1 ? i + 1 : i;
    const dt = xs[b]! - xs[a]!;
    if (dt > 0) out[i] = (values[b]! - values[a]!) / dt;
  }
  return out;
}
