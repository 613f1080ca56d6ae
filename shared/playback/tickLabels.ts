/**
 * Axis tick labels with as many decimals as the tick step needs, so neighbouring ticks never read the same
 * ("0.1 s, 0.1 s" at a 0.05 s step becomes "0.10 s, 0.15 s").
 */

/** Decimals needed to tell apart ticks `step` apart (0 for steps ≥ 1; capped at 6). */
export function stepDecimals(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  // Smallest d with step × 10^d (nearly) whole.
  for (let d = 0; d <= 6; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return d;
  }
  return 6;
}

/** Labels of ascending tick values `splits`, each followed by ` unit` when a unit is given. */
export function tickLabels(splits: readonly number[], unit = ""): string[] {
  const step = splits.length > 1 ? Math.min(...splits.slice(1).map((v, i) => Math.abs(v - splits[i]!)).filter((d) => d > 0)) : 1;
  const d = stepDecimals(step);
  const suffix = unit ? ` ${unit}` : "";
  return splits.map((v) => `${(Object.is(v, -0) ? 0 : v).toFixed(d).replace(/^-(0(\.0+)?)$/, "$1")}${suffix}`);
}
