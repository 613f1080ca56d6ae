/**
 * Reward curve generators: each turns what the episode and the annotation know into keyframes, which the annotator
 * then edits. A generated curve is an ordinary keyframe list, so resolution (rewardResolve.ts) treats all alike.
 */
import type { Chunk, RewardKeyframe, Rewards } from "../annotation.ts";
import { latestAtOrBefore } from "../time.ts";
import { chunksAtLevel } from "./chunks.ts";

/** Keyframes plus the interpolation they are meant for. */
export interface GeneratedCurve {
  keyframes: RewardKeyframe[];
  interpolation: Rewards["interpolation"];
}

/**
 * Sparse success: r = 0 on every step and `successValue` on the last one (step interpolation, keyframes at the first
 * and the last step). One step gives one keyframe of `successValue`; no steps give no keyframes.
 */
export function sparseSuccessCurve(stepTimesNs: readonly bigint[], successValue = 1): GeneratedCurve {
  const n = stepTimesNs.length;
  if (n === 0) return { keyframes: [], interpolation: "step" };
  if (n === 1) return { keyframes: [{ tNs: stepTimesNs[0]!, value: successValue }], interpolation: "step" };
  return {
    keyframes: [
      { tNs: stepTimesNs[0]!, value: 0 },
      { tNs: stepTimesNs[n - 1]!, value: successValue },
    ],
    interpolation: "step",
  };
}

/**
 * Progress from action chunks: with the n chunks of `level` in time order, the curve is 0 at the start of the first
 * chunk and (i + 1) / n at the end of chunk i, linear in between — so it climbs 0 → 1 across the chunk sequence,
 * each chunk contributing an equal share. No chunks at that level give no keyframes.
 */
export function progressFromChunksCurve(chunks: readonly Chunk[], level = 0): GeneratedCurve {
  const sequence = chunksAtLevel(chunks, level);
  const n = sequence.length;
  const keyframes: RewardKeyframe[] = [];
  if (n === 0) return { keyframes, interpolation: "linear" };
  keyframes.push({ tNs: sequence[0]!.startNs, value: 0 });
  sequence.forEach((c, i) => {
    const value = (i + 1) / n;
    const last = keyframes[keyframes.length - 1]!;
    if (c.endNs > last.tNs) keyframes.push({ tNs: c.endNs, value });
    else last.value = value;
  });
  return { keyframes, interpolation: "linear" };
}

/** A sampled scalar signal: values[i] at timesNs[i] (ascending). NaN marks a missing sample. */
export interface Signal {
  timesNs: BigInt64Array | readonly bigint[];
  values: ArrayLike<number>;
}

/**
 * Potential-based shaping reward from a signal (Ng, Harada & Russell, "Policy invariance under reward
 * transformations", ICML 1999): the potential Φ_t is the signal at step t (latest sample at or before the step, the
 * sync rule; NaN samples skipped) min–max normalized to [0, 1] over the episode (1 − that with `invert`), and
 * r_t = γ Φ_{t+1} − Φ_t with Φ_T = 0 after the last step, so Σ_t γ^t r_t = −Φ_0 whatever the path (the shaping
 * telescopes). One keyframe per step, step interpolation. A constant signal gives Φ = 0 everywhere.
 */
export function potentialFromSignalCurve(stepTimesNs: readonly bigint[], signal: Signal, gamma: number, invert = false): GeneratedCurve {
  const raw = stepTimesNs.map((t) => sampleAt(signal, t));
  const finite = raw.filter((v) => Number.isFinite(v));
  const min = finite.length ? Math.min(...finite) : 0;
  const max = finite.length ? Math.max(...finite) : 0;
  const span = max - min;
  const phi = raw.map((v) => {
    if (!Number.isFinite(v) || span === 0) return 0;
    const x = (v - min) / span;
    return invert ? 1 - x : x;
  });
  const keyframes = stepTimesNs.map((tNs, i) => ({ tNs, value: gamma * (phi[i + 1] ?? 0) - phi[i]! }));
  return { keyframes, interpolation: "step" };
}

/** The signal at t: the latest finite sample at or before t, else the first finite sample, else NaN. */
function sampleAt(signal: Signal, tNs: bigint): number {
  let i = latestAtOrBefore(signal.timesNs, tNs);
  for (; i >= 0; i--) if (Number.isFinite(signal.values[i]!)) return signal.values[i]!;
  for (let j = 0; j < signal.values.length; j++) if (Number.isFinite(signal.values[j]!)) return signal.values[j]!;
  return Number.NaN;
}
