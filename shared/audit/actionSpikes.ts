/**
 * Action spikes (DESIGN §8, after the DROID audit, droid#82): steps where the commanded action jumps. With
 * |Δaₜ| = ‖aₜ − aₜ₋₁‖∞ (largest change of any action dimension between consecutive messages, units of the action),
 * a spike is |Δaₜ| > median(|Δa|) + k · σ̂, σ̂ = max(1.4826 · MAD(|Δa|), 0.01 · max|Δa|) — the floor keeps an action
 * that is mostly constant (MAD 0) from calling every small move a spike. Default k = 10.
 */
import { MAD_TO_SIGMA, mad, median } from "./robustStats.ts";

/** Default k of the spike threshold. */
export const DEFAULT_SPIKE_K = 10;

/** Spikes found: the sample indices (of the second message of each jump) and the threshold used. */
export interface SpikeResult {
  indices: number[];
  threshold: number;
}

/**
 * Spikes of an action given as columns `cols[d][i]` (one per dimension, all finite, same length ≥ 3).
 * @returns null when there are fewer than 3 messages (no distribution of |Δa| to compare against)
 */
export function actionSpikes(cols: readonly Float64Array[], k = DEFAULT_SPIKE_K): SpikeResult | null {
  const n = cols[0]?.length ?? 0;
  if (n < 3 || cols.length === 0) return null;
  const deltas = new Float64Array(n - 1);
  let maxDelta = 0;
  for (let i = 1; i < n; i++) {
    let m = 0;
    for (const c of cols) m = Math.max(m, Math.abs(c[i]! - c[i - 1]!));
    deltas[i - 1] = m;
    if (m > maxDelta) maxDelta = m;
  }
  const sigma = Math.max(MAD_TO_SIGMA * mad(deltas), 0.01 * maxDelta);
  const threshold = median(deltas) + k * sigma;
  const indices: number[] = [];
  if (maxDelta > 0) for (let i = 0; i < deltas.length; i++) if (deltas[i]! > threshold) indices.push(i + 1);
  return { indices, threshold };
}
