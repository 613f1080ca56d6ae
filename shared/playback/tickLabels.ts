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

/** A 1, 2 or 5 × 10^k step at least `raw`. */
function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw * (1 - 1e-9)) return m * p;
  return 10 * p;
}

/**
 * A y range and its ticks for data in [min, max]: the range is widened to whole multiples of a 1/2/5 step, so the axis
 * always has at least `minTicks` labelled ticks (Heckbert's "nice numbers", Graphics Gems 1990). A flat or empty range
 * is padded (±1 around 0, else ±10 % of the value).
 */
export function niceAxis(min: number, max: number, minTicks = 3): { min: number; max: number; ticks: number[] } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return niceAxis(-1, 1, minTicks);
  if (max < min) [min, max] = [max, min];
  if (max - min < 1e-12) {
    const pad = Math.abs(min) > 1e-12 ? Math.abs(min) * 0.1 : 1;
    min -= pad;
    max += pad;
  }
  let step = niceStep((max - min) / Math.max(1, minTicks - 1));
  let lo = Math.floor(min / step + 1e-9) * step;
  let hi = Math.ceil(max / step - 1e-9) * step;
  // Too many ticks with this step (> 2 × wanted): take the next step up while it keeps enough.
  while (Math.round((hi - lo) / step) + 1 > 2 * minTicks) {
    const next = niceStep(step * 1.5);
    const nlo = Math.floor(min / next + 1e-9) * next;
    const nhi = Math.ceil(max / next - 1e-9) * next;
    if (Math.round((nhi - nlo) / next) + 1 < minTicks) break;
    [step, lo, hi] = [next, nlo, nhi];
  }
  const n = Math.round((hi - lo) / step);
  const ticks = Array.from({ length: n + 1 }, (_, i) => Number((lo + i * step).toPrecision(12)));
  return { min: ticks[0]!, max: ticks[n]!, ticks };
}
