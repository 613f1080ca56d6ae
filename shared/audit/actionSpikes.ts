/**
 * Action spikes (DESIGN §8, after the DROID audit, droid#82): steps where the commanded action jumps. Per action
 * dimension d, |Δa_d,t| = |a_d,t − a_d,t−1| (units of the action) is compared with that dimension's own changes: a
 * spike is |Δa_d,t| > median + k · 1.4826 · MAD of the dimension's non-zero changes (default k = 10). Taking the
 * statistics per dimension and over the steps where it moves keeps a gripper that snaps open/closed, or an arm that
 * rests half of the time, from calling its ordinary moves spikes. A dimension with fewer than 3 changes has no spikes.
 */
import { MAD_TO_SIGMA, mad, median } from "./robustStats.ts";

/** Default k of the spike threshold. */
export const DEFAULT_SPIKE_K = 10;

/** Spikes found: the sample indices (of the second message of each jump), ascending. */
export interface SpikeResult {
  indices: number[];
}

/**
 * Spikes of an action given as columns `cols[d][i]` (one per dimension, all finite, same length).
 * @returns null when there are fewer than 3 messages (no distribution of |Δa| to compare against)
 */
export function actionSpikes(cols: readonly Float64Array[], k = DEFAULT_SPIKE_K): SpikeResult | null {
  const n = cols[0]?.length ?? 0;
  if (n < 3 || cols.length === 0) return null;
  const spikes = new Set<number>();
  for (const c of cols) {
    const moves: number[] = [];
    for (let i = 1; i < n; i++) {
      const d = Math.abs(c[i]! - c[i - 1]!);
      if (d > 0) moves.push(d);
    }
    if (moves.length < 3) continue;
    const threshold = median(moves) + k * MAD_TO_SIGMA * mad(moves);
    for (let i = 1; i < n; i++) if (Math.abs(c[i]! - c[i - 1]!) > threshold) spikes.add(i);
  }
  return { indices: [...spikes].sort((a, b) => a - b) };
}
