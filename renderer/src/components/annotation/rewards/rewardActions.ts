/**
 * Reward edits the keys and the panels share: generate a curve, add a keyframe at the playhead, and the keyboard
 * edits of the selected keyframe. Each is one undo step (a generated curve replaces the keyframes in one step).
 */
import type { AnnotationDocument, RewardGenerator, Rewards, StepClock } from "../../../../../shared/annotation.ts";
import * as reward from "../../../../../shared/annotation/rewardEdit.ts";
import { progressFromChunksCurve, type GeneratedCurve } from "../../../../../shared/annotation/rewardGenerators.ts";
import { rewardAt } from "../../../../../shared/annotation/rewardResolve.ts";
import { annotationStore } from "../../../stores/annotation.ts";
import { annotationUiStore } from "../../../stores/annotationUi.ts";

/** The new curve's clock and γ (see useRewardDefaults). */
export interface RewardDefaults {
  clock: StepClock;
  gamma: number;
}

/** Apply `fn` to the open document's curve (created with `defaults` when absent); `group` joins undo steps. */
export function editCurve(defaults: RewardDefaults, fn: (r: Rewards) => Rewards, group: string | null = null): void {
  annotationStore.getState().edit((d: AnnotationDocument) => reward.editRewards(d, defaults, fn), group);
}

/** Replace the keyframes with a generated curve (one undo step). */
export function applyCurve(defaults: RewardDefaults, curve: GeneratedCurve, generator: RewardGenerator): void {
  editCurve(defaults, (r) => reward.applyGeneratedCurve(r, curve, generator));
  annotationUiStore.getState().selectKeyframe(curve.keyframes.length > 0 ? 0 : null);
}

/**
 * Progress from the top-level action chunks (`g`). Returns null when applied, else why not (no chunks).
 */
export function generateProgress(defaults: RewardDefaults): string | null {
  const doc = annotationStore.getState().document;
  if (!doc) return "the annotation is not loaded yet";
  const curve = progressFromChunksCurve(doc.chunks, 0);
  if (curve.keyframes.length === 0) return "no action chunks to generate progress from: split the episode into chunks first";
  applyCurve(defaults, curve, { kind: "progress-from-chunks", level: 0 });
  return null;
}

/** Add a keyframe at `tNs` on the current curve value there (the curve keeps its shape) and select it. */
export function addKeyframeAt(defaults: RewardDefaults, tNs: bigint): void {
  const doc = annotationStore.getState().document;
  if (!doc) return;
  const current = doc.rewards;
  const value = current ? rewardAt(current.keyframes, current.interpolation, tNs) : 0;
  let index = 0;
  editCurve(defaults, (r) => {
    const out = reward.insertKeyframe(r, tNs, value);
    index = out.index;
    return out.rewards;
  });
  annotationUiStore.getState().selectKeyframe(index);
}
