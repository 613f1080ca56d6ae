/**
 * Who learns that a video camera's frame index got its full keyframe flags. A frame index may come with only the
 * flags of its first frames (FrameIndex.keyframesKnown); the camera's VideoSource asks for the rest and writes them
 * into the index's own `keyframes` array in place (every reader of the index sees them), then says so here, so that
 * views drawn from the flags (the timeline's camera ticks row) draw again.
 */
import type { FrameIndex } from "../../../shared/episode.ts";

const listeners = new WeakMap<FrameIndex, Set<() => void>>();

/**
 * Call `listener` once `index`'s keyframe flags are complete (not at all when they already are: check
 * `index.keyframesKnown === undefined` first). Returns the unsubscribe.
 */
export function onKeyframesComplete(index: FrameIndex, listener: () => void): () => void {
  let set = listeners.get(index);
  if (!set) listeners.set(index, (set = new Set()));
  set.add(listener);
  return () => void set.delete(listener);
}

/** `index.keyframes` now holds every frame's flag: tell its listeners (each once). */
export function keyframesCompleted(index: FrameIndex): void {
  const set = listeners.get(index);
  listeners.delete(index);
  for (const listener of set ?? []) listener();
}
