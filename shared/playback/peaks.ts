/**
 * The timeline overview's "waveform": how fast the robot moves over the episode, from its joint positions.
 */
import type { NumericSeries } from "../episode.ts";

/**
 * Joint speed per time bucket, normalized to [0, 1].
 *
 * For every pair of consecutive samples of every series, the speed is the Euclidean norm of the position change
 * divided by the time step (fields that are NaN in either sample are skipped); each bucket holds the highest speed
 * of the samples that end in it. Values are divided by the 99th percentile of non-zero buckets (clipped to 1) so one
 * glitch does not flatten the rest. All zeros when there is no joint data or no motion.
 */
export function speedPeaks(series: readonly NumericSeries[], startNs: bigint, endNs: bigint, buckets: number): Float32Array {
  const out = new Float32Array(Math.max(0, Math.floor(buckets)));
  const span = endNs - startNs;
  if (out.length === 0 || span <= 0n) return out;
  const spanNum = Number(span);
  for (const s of series) {
    const times = s.logTimesNs;
    for (let i = 1; i < times.length; i++) {
      const dtNs = Number(times[i]! - times[i - 1]!);
      if (dtNs <= 0) continue;
      let sum = 0;
      for (const column of s.values) {
        const d = column[i]! - column[i - 1]!;
        if (Number.isFinite(d)) sum += d * d;
      }
      const speed = Math.sqrt(sum) / (dtNs / 1e9);
      const rel = Number(times[i]! - startNs) / spanNum;
      if (rel < 0 || rel > 1) continue;
      const b = Math.min(out.length - 1, Math.floor(rel * out.length));
      if (speed > out[b]!) out[b] = speed;
    }
  }
  const nonZero = Array.from(out).filter((v) => v > 0).sort((a, b) => a - b);
  if (nonZero.length === 0) return out;
  const scale = nonZero[Math.min(nonZero.length - 1, Math.floor(nonZero.length * 0.99))]!;
  for (let b = 0; b < out.length; b++) out[b] = Math.min(1, out[b]! / scale);
  return out;
}
