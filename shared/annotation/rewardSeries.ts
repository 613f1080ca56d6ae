/**
 * The per-step view of an episode's reward curve that plots and exporters need: step times (ns), r_t and the
 * discounted return G_t, from the document's `rewards` section (DESIGN §4: "resolved per step on export").
 */
import type { Rewards } from "../annotation.ts";
import { discountedReturns } from "./discountedReturn.ts";
import { resolveRewards, stepTimes } from "./rewardResolve.ts";

/** Rewards resolved on the step clock. */
export interface RewardSeries {
  /** Log time of each step (ns), ascending. */
  stepTimesNs: bigint[];
  /** r_t at each step. */
  rewards: Float64Array;
  /** G_t = r_t + γ G_{t+1} at each step (Sutton & Barto eq. 3.9; see discountedReturn.ts). */
  returns: Float64Array;
}

/**
 * Resolve `rewards` over the episode [startNs, endNs].
 * @param topicTimesNs message log times of the clock's topic, when the clock is a topic
 * @throws RangeError when a topic clock is given no topic times (see `stepTimes`).
 */
export function rewardSeries(rewards: Rewards, startNs: bigint, endNs: bigint, topicTimesNs?: ArrayLike<bigint>): RewardSeries {
  const steps = stepTimes(rewards.clock, startNs, endNs, topicTimesNs);
  const r = resolveRewards(rewards, steps);
  return { stepTimesNs: steps, rewards: r, returns: discountedReturns(r, rewards.gamma) };
}
