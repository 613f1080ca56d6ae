/**
 * Finite-difference derivatives of a uniformly sampled signal (step dt = 1/rateHz s): central differences inside,
 * one-sided at the ends. Exact for polynomials up to the difference order: a ramp has constant velocity and zero
 * acceleration and jerk.
 */

/** d/dt of `x` (units of x per second): (x[i+1] − x[i−1]) / 2dt inside, forward/backward difference at the ends. */
export function derivative(x: Float64Array, rateHz: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  if (n < 2) return out;
  out[0] = (x[1]! - x[0]!) * rateHz;
  out[n - 1] = (x[n - 1]! - x[n - 2]!) * rateHz;
  for (let i = 1; i < n - 1; i++) out[i] = ((x[i + 1]! - x[i - 1]!) * rateHz) / 2;
  return out;
}

/** Euclidean norm across dimensions at each sample: out[k] = √Σ_d cols[d][k]². */
export function normAcross(cols: readonly Float64Array[]): Float64Array {
  const n = cols[0]?.length ?? 0;
  const out = new Float64Array(n);
  for (const c of cols) for (let k = 0; k < n; k++) out[k]! += c[k]! * c[k]!;
  for (let k = 0; k < n; k++) out[k] = Math.sqrt(out[k]!);
  return out;
}
