/**
 * The Wilson score interval of a binomial proportion (E. B. Wilson 1927, "Probable inference, the law of succession,
 * and statistical inference", JASA 22:209–212): for s successes in n trials, p̂ = s/n and z the normal quantile,
 *   centre = (p̂ + z²/2n) / (1 + z²/n),  half-width = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²).
 * Unlike the Wald interval it stays inside [0, 1] and is sensible at p̂ = 0 or 1 and small n.
 */

/** z of a two-sided 95 % interval, Φ⁻¹(0.975). */
export const Z95 = 1.959963984540054;

/**
 * Wilson interval `[low, high]` for `successes` of `n`, at normal quantile `z` (default 95 %).
 * @returns null when n = 0 (no decided trials: the rate is undefined, not 0)
 * @throws RangeError when successes is not an integer in 0..n
 */
export function wilsonInterval(successes: number, n: number, z = Z95): [number, number] | null {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`wilsonInterval: need integers 0 ≤ successes ≤ n, got ${successes} of ${n}`);
  }
  if (n === 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
