/**
 * Per-step training labels from one annotation document (DESIGN §5): reward r_t and return G_t, done / success /
 * terminal flags, and the task (instruction text) of each step. Used by every exporter, so LeRobot `next.reward`,
 * robomimic `rewards`/`dones` and RLDS `reward`/`is_terminal` all agree.
 */
import type { AnnotationDocument, Chunk, Instruction, Segment } from "../annotation.ts";
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
  /** Per segment kind (every kind asked, plus any other kind the document has): 1 on the steps inside a segment of that kind. */
  segments: Map<string, Uint8Array>;
  /** Per step: index of the action chunk (finest level, in time order) holding the step, or -1. */
  chunkIndex: Int32Array;
  /** Per step: that chunk's primitive, or "" outside every chunk. */
  primitive: string[];
}

/**
 * Segment masks: for each kind, 1 on the steps t with startNs ≤ t < endNs of a segment of that kind (half-open, as
 * action chunks).
 * @param kinds the kinds to write a mask for even when no segment has them (the dataset's kinds), in order
 */
export function segmentMasks(segments: readonly Segment[], stepTimesNs: readonly bigint[], kinds: readonly string[]): Map<string, Uint8Array> {
  const masks = new Map<string, Uint8Array>(kinds.map((k) => [k, new Uint8Array(stepTimesNs.length)]));
  for (const segment of segments) {
    if (!masks.has(segment.kind)) masks.set(segment.kind, new Uint8Array(stepTimesNs.length));
    const mask = masks.get(segment.kind)!;
    stepTimesNs.forEach((t, i) => {
      if (segment.startNs <= t && t < segment.endNs) mask[i] = 1;
    });
  }
  return masks;
}

/**
 * The finest action chunks (those no other chunk names as parent) in time order, and per step the index of the one
 * holding it ([startNs, endNs)) or -1, with its primitive ("" outside every chunk).
 */
export function chunkOfSteps(chunks: readonly Chunk[], stepTimesNs: readonly bigint[]): { chunkIndex: Int32Array; primitive: string[] } {
  const parents = new Set(chunks.map((c) => c.parentId).filter((p) => p !== null));
  const leaves = chunks.filter((c) => !parents.has(c.id)).sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
  const chunkIndex = new Int32Array(stepTimesNs.length).fill(-1);
  const primitive = stepTimesNs.map(() => "");
  stepTimesNs.forEach((t, i) => {
    const k = leaves.findIndex((c) => c.startNs <= t && t < c.endNs);
    if (k >= 0) {
      chunkIndex[i] = k;
      primitive[i] = leaves[k]!.primitive;
    }
  });
  return { chunkIndex, primitive };
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
 * @param segmentKinds the segment kinds that get a mask even when the document has none of them (the dataset's kinds)
 * @throws RangeError when the document's reward step clock is a topic the episode does not have ("rewards with no
 *   step clock"), naming the topic.
 */
export function stepLabels(
  doc: AnnotationDocument | null,
  stepTimesNs: readonly bigint[],
  episodeStartNs: bigint,
  episodeEndNs: bigint,
  topicTimesNs: (topic: string) => ArrayLike<bigint> | undefined,
  segmentKinds: readonly string[] = [],
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
  const { chunkIndex, primitive } = chunkOfSteps(doc?.chunks ?? [], stepTimesNs);
  const segments = segmentMasks(doc?.segments ?? [], stepTimesNs, segmentKinds);
  return { rewards, returns: discountedReturns(rewards, gamma), done, success, terminal, tasks, rewardSource, segments, chunkIndex, primitive };
}
