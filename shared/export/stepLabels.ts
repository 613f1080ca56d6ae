/**
 * Per-step training labels from one annotation document (DESIGN §5): reward r_t and return G_t, done / success /
 * terminal flags, and the task (instruction text) of each step. Used by every exporter, so LeRobot `next.reward`,
 * robomimic `rewards`/`dones` and RLDS `reward`/`is_terminal` all agree.
 */
import type { AnnotationDocument, Instruction } from "../annotation.ts";
import { discountedReturns } from "../annotation/discountedReturn.ts";
import { resolveRewards } from "../annotation/rewardResolve.ts";
import { rewardSeries } from "../annotation/rewardSeries.ts";

/** Where the rewards came from. */
export type RewardSource =
  /** The document's `rewards` curve, sampled at each export step. */
  | "document"
  /** No `rewards` section: sparse reward from the review outcome (1 on the last step of a success, else 0). */
  | "outcome"
  /** No document or no outcome: 0 on every step. */
  | "none";

/** Labels of every step of one exported episode. */
export interface StepLabels {
  /** r_t per step. */
  rewards: Float64Array;
  /** G_t = r_t + γ G_{t+1} per step (γ from the document, 1 without a rewards section). */
  returns: Float64Array;
  /** 1 on the last step. */
  done: Uint8Array;
  /** 1 on the last step when the outcome is `success`. */
  success: Uint8Array;
  /** 1 on the last step when the episode ended in a real terminal state (outcome success or failure); partial and
   * unusable episodes were truncated, not terminated. */
  terminal: Uint8Array;
  /** Task text of each step: the instruction whose time range holds the step, else the episode-scope one; "" when none. */
  tasks: string[];
  rewardSource: RewardSource;
}

/**
 * The instruction in force at `tNs`: a range-scoped instruction whose [startNs, endNs] holds t (the first one in
 * document order) wins over an episode-scope one. Negative instructions (not achievable in the episode) are skipped.
 */
export function instructionAt(instructions: readonly Instruction[], tNs: bigint): Instruction | null {
  let episodeScope: Instruction | null = null;
  for (const instruction of instructions) {
    if (instruction.flags.negative) continue;
    if (instruction.scope === "episode") episodeScope ??= instruction;
    else if (instruction.scope.startNs <= tNs && tNs <= instruction.scope.endNs) return instruction;
  }
  return episodeScope;
}

/**
 * Labels for the steps `stepTimesNs` (ns, ascending) of an episode spanning [episodeStartNs, episodeEndNs].
 * @param doc the annotator's document, or null when the episode has none
 * @param topicTimesNs message log times of a topic, or undefined when the episode has no such topic (for a reward
 *   step clock that is a topic)
 * @throws RangeError when the document's reward step clock is a topic the episode does not have ("rewards with no
 *   step clock"), naming the topic.
 */
export function stepLabels(
  doc: AnnotationDocument | null,
  stepTimesNs: readonly bigint[],
  episodeStartNs: bigint,
  episodeEndNs: bigint,
  topicTimesNs: (topic: string) => ArrayLike<bigint> | undefined,
): StepLabels {
  const n = stepTimesNs.length;
  const outcome = doc?.review.outcome ?? null;
  let rewards: Float64Array = new Float64Array(n);
  let gamma = 1;
  let rewardSource: RewardSource = "none";
  if (doc?.rewards) {
    const clock = doc.rewards.clock;
    const times = clock.kind === "topic" ? topicTimesNs(clock.topic) : undefined;
    if (clock.kind === "topic" && (!times || times.length === 0)) {
      throw new RangeError(`rewards: the step clock is topic ${clock.topic}, which this episode does not have (no step clock)`);
    }
    // Resolving on the document's own clock checks it; the export samples the same curve at its own steps.
    rewardSeries(doc.rewards, episodeStartNs, episodeEndNs, times);
    rewards = resolveRewards(doc.rewards, stepTimesNs);
    gamma = doc.rewards.gamma;
    rewardSource = "document";
  } else if (outcome !== null) {
    if (outcome === "success" && n > 0) rewards[n - 1] = 1;
    rewardSource = "outcome";
  }
  const done = new Uint8Array(n);
  const success = new Uint8Array(n);
  const terminal = new Uint8Array(n);
  if (n > 0) {
    done[n - 1] = 1;
    success[n - 1] = outcome === "success" ? 1 : 0;
    terminal[n - 1] = outcome === "success" || outcome === "failure" ? 1 : 0;
  }
  const instructions = doc?.instructions ?? [];
  const tasks = stepTimesNs.map((t) => instructionAt(instructions, t)?.text ?? "");
  return { rewards, returns: discountedReturns(rewards, gamma), done, success, terminal, tasks, rewardSource };
}
