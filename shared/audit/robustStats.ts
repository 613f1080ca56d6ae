/**
 * Robust statistics the audit is built on: median, quantiles, median absolute deviation and the modified z-score
 * (Iglewicz & Hoaglin 1993, "How to Detect and Handle Outliers": Mᵢ = 0.6745 (xᵢ − x̃) / MAD, outliers |Mᵢ| > 3.5).
 * Non-finite inputs are ignored; an empty input gives NaN (callers report it as absent).
 */

/** Finite values of `xs`, sorted ascending. */
export function sortedFinite(xs: Iterable<number>): number[] {
  const out: number[] = [];
  for (const x of xs) if (Number.isFinite(x)) out.push(x);
  return out.sort((a, b) => a - b);
}

/**
 * Quantile `q` ∈ [0, 1] of the finite values, linear interpolation between order statistics (Hyndman & Fan 1996
 * type 7, the default of R and NumPy). NaN when there are none.
 */
export function quantile(xs: Iterable<number>, q: number): number {
  return quantileSorted(sortedFinite(xs), q);
}

/** `quantile` of an already sorted finite array. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Median of the finite values; NaN when there are none. */
export function median(xs: Iterable<number>): number {
  return quantile(xs, 0.5);
}

/** Median absolute deviation from the median, MAD = median(|xᵢ − x̃|) (unscaled); NaN when there are no values. */
export function mad(xs: Iterable<number>): number {
  const sorted = sortedFinite(xs);
  const m = quantileSorted(sorted, 0.5);
  return median(sorted.map((x) => Math.abs(x - m)));
}

/** The constant making 1.4826·MAD estimate σ of a normal distribution (1 / Φ⁻¹(3/4)). */
export const MAD_TO_SIGMA = 1.4826;

/**
 * Modified z-score of `x` against a sample with median `med` and spread `sigma` (= 1.4826·MAD, floored by the
 * caller so a constant sample does not make every difference infinite): (x − med) / sigma. Equivalent to Iglewicz &
 * Hoaglin's 0.6745 (x − x̃)/MAD when sigma is not floored.
 */
export function robustZ(x: number, med: number, sigma: number): number {
  return (x - med) / sigma;
}

/** Five-number summary (min, quartiles, max) of the finite values, or null when there are none. */
export interface FiveNumbers {
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  n: number;
}

/** The five-number summary of the finite values (type-7 quartiles), null when there are none. */
export function fiveNumbers(xs: Iterable<number>): FiveNumbers | null {
  const s = sortedFinite(xs);
  if (s.length === 0) return null;
  return { min: s[0]!, q1: quantileSorted(s, 0.25), median: quantileSorted(s, 0.5), q3: quantileSorted(s, 0.75), max: s[s.length - 1]!, n: s.length };
}
