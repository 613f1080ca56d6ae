/**
 * Per-feature statistics of a LeRobot export (meta/stats.json: min, max, mean, std, count per numeric feature),
 * computed per episode and combined episode by episode with the parallel-variance formula of Chan, Golub & LeVeque
 * ("Updating formulae and a pairwise algorithm for computing sample variances", 1979): for parts a and b with counts
 * nₐ, n_b, means mₐ, m_b and sums of squared deviations M₂ₐ, M₂_b, δ = m_b − mₐ, n = nₐ + n_b,
 *   m = mₐ + δ·n_b/n,  M₂ = M₂ₐ + M₂_b + δ²·nₐ·n_b/n,  std = √(M₂/n) (population std, as LeRobot's np.std).
 * LeRobot's own `aggregate_stats` pools episode stats the same way. One process and a merge of shards combine the
 * same episode stats in the same order, so their stats.json are byte-equal.
 */

/** Statistics of one feature of `width` values per row, over `count` rows. */
export interface FeatureStats {
  min: number[];
  max: number[];
  mean: number[];
  /** Σ (x − mean)² per value. */
  m2: number[];
  count: number;
}

/**
 * The stats of row-major `values` (`width` values per row), two-pass (mean, then squared deviations).
 * @throws RangeError when `values` is not a whole number of rows
 */
export function featureStats(values: ArrayLike<number>, width: number): FeatureStats {
  const rows = values.length / width;
  if (!Number.isInteger(rows)) throw new RangeError(`${values.length} values are not rows of ${width}`);
  const s: FeatureStats = { min: Array(width).fill(Infinity), max: Array(width).fill(-Infinity), mean: Array(width).fill(0), m2: Array(width).fill(0), count: rows };
  for (let f = 0; f < width; f++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const v = values[r * width + f]!;
      if (v < s.min[f]!) s.min[f] = v;
      if (v > s.max[f]!) s.max[f] = v;
      sum += v;
    }
    const mean = rows > 0 ? sum / rows : 0;
    let m2 = 0;
    for (let r = 0; r < rows; r++) m2 += (values[r * width + f]! - mean) ** 2;
    s.mean[f] = mean;
    s.m2[f] = m2;
  }
  return s;
}

/** Combine `a` (the episodes so far, or null) with `b` (the next episode's) by Chan et al.'s formula (module doc). */
export function combineStats(a: FeatureStats | null, b: FeatureStats): FeatureStats {
  if (!a || a.count === 0) return b;
  if (b.count === 0) return a;
  const n = a.count + b.count;
  return {
    min: a.min.map((x, f) => Math.min(x, b.min[f]!)),
    max: a.max.map((x, f) => Math.max(x, b.max[f]!)),
    mean: a.mean.map((m, f) => m + ((b.mean[f]! - m) * b.count) / n),
    m2: a.m2.map((m2, f) => m2 + b.m2[f]! + ((b.mean[f]! - a.mean[f]!) ** 2 * a.count * b.count) / n),
    count: n,
  };
}

/** The stats.json entry: `{ min, max, mean, std, count: [n] }`. */
export function statsJson(s: FeatureStats): { min: number[]; max: number[]; mean: number[]; std: number[]; count: number[] } {
  return { min: s.min, max: s.max, mean: s.mean, std: s.m2.map((m2) => Math.sqrt(m2 / s.count)), count: [s.count] };
}
