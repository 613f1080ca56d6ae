/**
 * Pure edits of the dense reward curve (DESIGN §4 `rewards`: step clock, keyframes [(tNs, value)], interpolation,
 * generator, γ). Keyframes stay in strictly ascending time order (validate.ts refuses anything else), so moves are
 * clamped between the neighbouring keyframes. Every function returns a new value, or the same object when nothing
 * changes (so the store records no undo step). Values are rounded to 1e-9 so repeated ±0.1 nudges stay exact
 * (0.5 + 0.1 is 0.6, not 0.6000000000000001).
 */
import type { AnnotationDocument, RewardGenerator, RewardKeyframe, Rewards, StepClock } from "../annotation.ts";
import type { GeneratedCurve } from "./rewardGenerators.ts";

/** Step clock of a new curve when the episode has no action topic: 10 Hz. */
export const DEFAULT_STEP_RATE_HZ = 10;

/** A reward value rounded to 1e-9. */
export function roundRewardValue(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/**
 * The step clock of a new curve: the first topic named `action` or ending in `/action` or `_action` (the policy's
 * steps, as in RLDS and LeRobot), else a rate of `DEFAULT_STEP_RATE_HZ`.
 */
export function defaultStepClock(topics: readonly string[]): StepClock {
  const action = topics.find((t) => /(^|[/_])actions?$/i.test(t));
  return action ? { kind: "topic", topic: action } : { kind: "rate", hz: DEFAULT_STEP_RATE_HZ };
}

/** An empty curve on `clock`: no keyframes, linear, custom generator, discount `gamma`. */
export function emptyRewards(clock: StepClock, gamma: number): Rewards {
  return { clock, keyframes: [], interpolation: "linear", generator: { kind: "custom" }, gamma };
}

/**
 * Apply `fn` to the document's curve (an empty one on `clock` with `gamma` when it has none) and store the result.
 * Same document when `fn` returns its input unchanged and the document already had a curve.
 */
export function editRewards(
  doc: AnnotationDocument,
  defaults: { clock: StepClock; gamma: number },
  fn: (rewards: Rewards) => Rewards,
): AnnotationDocument {
  const current = doc.rewards ?? emptyRewards(defaults.clock, defaults.gamma);
  const next = fn(current);
  if (next === doc.rewards) return doc;
  if (doc.rewards === null && next === current) return doc;
  return { ...doc, rewards: next };
}

function withKeyframes(rewards: Rewards, keyframes: RewardKeyframe[]): Rewards {
  return { ...rewards, keyframes };
}

/**
 * Add a keyframe at `tNs` (a keyframe already at that time gets the value instead).
 * @returns the new curve and the index of the keyframe.
 */
export function insertKeyframe(rewards: Rewards, tNs: bigint, value: number): { rewards: Rewards; index: number } {
  const v = roundRewardValue(value);
  const ks = rewards.keyframes;
  let index = ks.findIndex((k) => k.tNs >= tNs);
  if (index >= 0 && ks[index]!.tNs === tNs) {
    if (ks[index]!.value === v) return { rewards, index };
    const next = ks.slice();
    next[index] = { tNs, value: v };
    return { rewards: withKeyframes(rewards, next), index };
  }
  if (index < 0) index = ks.length;
  const next = ks.slice();
  next.splice(index, 0, { tNs, value: v });
  return { rewards: withKeyframes(rewards, next), index };
}

/** Set keyframe `index`'s value (rounded); same curve when unchanged or out of range. */
export function setKeyframeValue(rewards: Rewards, index: number, value: number): Rewards {
  const k = rewards.keyframes[index];
  const v = roundRewardValue(value);
  if (!k || k.value === v) return rewards;
  const next = rewards.keyframes.slice();
  next[index] = { tNs: k.tNs, value: v };
  return withKeyframes(rewards, next);
}

/** Add `delta` to keyframe `index`'s value (e.g. ±0.1 or ±0.01 from the keyboard). */
export function nudgeKeyframeValue(rewards: Rewards, index: number, delta: number): Rewards {
  const k = rewards.keyframes[index];
  return k ? setKeyframeValue(rewards, index, k.value + delta) : rewards;
}

/**
 * Move keyframe `index` to `tNs`, clamped to [minNs, maxNs] (the episode) and strictly between its neighbours
 * (1 ns after the previous keyframe, 1 ns before the next), so the order never changes.
 */
export function moveKeyframe(rewards: Rewards, index: number, tNs: bigint, minNs: bigint, maxNs: bigint): Rewards {
  const ks = rewards.keyframes;
  const k = ks[index];
  if (!k) return rewards;
  let lo = minNs;
  let hi = maxNs;
  const prev = ks[index - 1];
  const next = ks[index + 1];
  if (prev && prev.tNs + 1n > lo) lo = prev.tNs + 1n;
  if (next && next.tNs - 1n < hi) hi = next.tNs - 1n;
  if (lo > hi) return rewards;
  const t = tNs < lo ? lo : tNs > hi ? hi : tNs;
  if (t === k.tNs) return rewards;
  const out = ks.slice();
  out[index] = { tNs: t, value: k.value };
  return withKeyframes(rewards, out);
}

/** The first step time after `tNs` (direction 1) or the last before it (direction −1), or null. `steps` ascending. */
export function neighbourStep(steps: readonly bigint[], tNs: bigint, direction: 1 | -1): bigint | null {
  // Binary search for the first step > tNs (direction 1) or ≥ tNs (direction −1).
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = steps[mid]!;
    if (direction === 1 ? s <= tNs : s < tNs) lo = mid + 1;
    else hi = mid;
  }
  if (direction === 1) return lo < steps.length ? steps[lo]! : null;
  return lo > 0 ? steps[lo - 1]! : null;
}

/**
 * Move keyframe `index` to the neighbouring step of the step clock (`steps`, ascending) in `direction`. Same curve
 * when there is no such step or it is not strictly between the neighbouring keyframes.
 */
export function stepKeyframe(rewards: Rewards, index: number, steps: readonly bigint[], direction: 1 | -1): Rewards {
  const k = rewards.keyframes[index];
  if (!k) return rewards;
  const target = neighbourStep(steps, k.tNs, direction);
  if (target === null) return rewards;
  const prev = rewards.keyframes[index - 1];
  const next = rewards.keyframes[index + 1];
  if ((prev && target <= prev.tNs) || (next && target >= next.tNs)) return rewards;
  const out = rewards.keyframes.slice();
  out[index] = { tNs: target, value: k.value };
  return withKeyframes(rewards, out);
}

/** Remove keyframe `index`; same curve when out of range. */
export function removeKeyframe(rewards: Rewards, index: number): Rewards {
  if (index < 0 || index >= rewards.keyframes.length) return rewards;
  return withKeyframes(rewards, rewards.keyframes.filter((_, i) => i !== index));
}

/** Replace the keyframes and interpolation with a generated curve, recording its generator. */
export function applyGeneratedCurve(rewards: Rewards, curve: GeneratedCurve, generator: RewardGenerator): Rewards {
  return { ...rewards, keyframes: curve.keyframes, interpolation: curve.interpolation, generator };
}

/** The value axis of a plot of the curve: [min(0, values), max(1, values)]. */
export function rewardValueRange(keyframes: readonly RewardKeyframe[]): [number, number] {
  let lo = 0;
  let hi = 1;
  for (const k of keyframes) {
    if (k.value < lo) lo = k.value;
    if (k.value > hi) hi = k.value;
  }
  return [lo, hi];
}
