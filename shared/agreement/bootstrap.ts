/**
 * Percentile bootstrap confidence intervals over episodes (B. Efron & R. Tibshirani, "An Introduction to the
 * Bootstrap", 1993, ch. 13): resample the items with replacement `resamples` times with a seeded generator
 * (mulberry32, shared/random.ts), compute the statistic on each resample, and take the 2.5 % and 97.5 % quantiles
 * (linear interpolation between order statistics). Resamples on which the statistic is undefined are left out.
 */
import { mulberry32 } from "../random.ts";

/** Options of `bootstrapCi95`. */
export interface BootstrapOptions {
  /** Seed of the generator (same seed, same interval). Default 1. */
  seed?: number;
  /** Number of resamples. Default 1000. */
  resamples?: number;
}

/** The q-quantile (0..1) of sorted values, interpolating linearly between order statistics. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error("quantile of no values");
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/**
 * The 95 % percentile bootstrap interval of `statistic` over `items`, or null when there are fewer than 2 items or
 * the statistic is undefined (null) on every resample.
 * @param statistic the statistic of a resample (null when undefined on it)
 */
export function bootstrapCi95<T>(items: readonly T[], statistic: (sample: T[]) => number | null, options: BootstrapOptions = {}): [number, number] | null {
  if (items.length < 2) return null;
  const random = mulberry32(options.seed ?? 1);
  const resamples = options.resamples ?? 1000;
  const values: number[] = [];
  const sample: T[] = new Array<T>(items.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < items.length; i++) sample[i] = items[Math.floor(random() * items.length)]!;
    const v = statistic(sample);
    if (v !== null && Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return [quantile(values, 0.025), quantile(values, 0.975)];
}
