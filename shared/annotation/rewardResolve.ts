/**
 * Dense reward resolution: the step clock of an episode and the reward curve's value at every step
 * (DESIGN §4: "resolved per step on export").
 */
import type { RewardKeyframe, Rewards, StepClock } from "../annotation.ts";

/**
 * Log times (ns) of the steps of a clock over [startNs, endNs].
 * - `rate`: t_k = startNs + round(k · 1e9 / hz) for every k with t_k ≤ endNs.
 * - `topic`: the message log times of that topic inside [startNs, endNs], which the caller passes as `topicTimesNs`.
 * @throws RangeError when a topic clock is given no `topicTimesNs`, or endNs < startNs.
 */
export function stepTimes(clock: StepClock, startNs: bigint, endNs: bigint, topicTimesNs?: ArrayLike<bigint>): bigint[] {
  if (endNs < startNs) throw new RangeError(`endNs ${endNs} is before startNs ${startNs}`);
  if (clock.kind === "topic") {
    if (!topicTimesNs) throw new RangeError(`the step clock is topic ${clock.topic}: pass its message times`);
    return Array.from(topicTimesNs).filter((t) => t >= startNs && t <= endNs);
  }
  const out: bigint[] = [];
  for (let k = 0; ; k++) {
    const t = startNs + BigInt(Math.round((k * 1e9) / clock.hz));
    if (t > endNs) break;
    out.push(t);
  }
  return out;
}

/**
 * The curve's value at `tNs`. Keyframes must be in ascending time order (validate.ts checks). Before the first
 * keyframe the first value holds, after the last the last value holds; no keyframes give 0.
 * - `linear`: v_i + (v_{i+1} − v_i) · (t − t_i) / (t_{i+1} − t_i) between keyframes i and i+1.
 * - `step`: the value of the latest keyframe with t_i ≤ t.
 */
export function rewardAt(keyframes: readonly RewardKeyframe[], interpolation: Rewards["interpolation"], tNs: bigint): number {
  const n = keyframes.length;
  if (n === 0) return 0;
  if (tNs <= keyframes[0]!.tNs) return keyframes[0]!.value;
  if (tNs >= keyframes[n - 1]!.tNs) return keyframes[n - 1]!.value;
  // Binary search: the last keyframe with t_i ≤ t.
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (keyframes[mid]!.tNs <= tNs) lo = mid;
    else hi = mid;
  }
  const a = keyframes[lo]!;
  const b = keyframes[hi]!;
  if (interpolation === "step") return a.value;
  const fraction = Number(tNs - a.tNs) / Number(b.tNs - a.tNs);
  return a.value + (b.value - a.value) * fraction;
}

/** The reward r_t of every step: `rewardAt` at each step time. */
export function resolveRewards(rewards: Pick<Rewards, "keyframes" | "interpolation">, stepTimesNs: readonly bigint[]): Float64Array {
  return Float64Array.from(stepTimesNs, (t) => rewardAt(rewards.keyframes, rewards.interpolation, t));
}
