/**
 * Which video frames to fetch and decode to show frame `target` (DESIGN §3: a seek decodes from the previous keyframe).
 */

/** What the video decoder must do to show a frame. */
export type DecodePlan =
  /** The target is the last frame fed to the decoder: nothing to decode. */
  | { kind: "current" }
  /** No keyframe at or before the target: it cannot be decoded. */
  | { kind: "no-keyframe" }
  /** Fetch and decode frames `from..to` (inclusive) in order; reset and configure the decoder first when `reset`. */
  | { kind: "decode"; reset: boolean; from: number; to: number };

/** Index of the last keyframe at or before `i`, or -1. */
export function keyframeAtOrBefore(keyframes: Uint8Array, i: number): number {
  for (let k = Math.min(i, keyframes.length - 1); k >= 0; k--) if (keyframes[k]) return k;
  return -1;
}

/** True when a keyframe lies in the index range (after, upTo]. */
export function hasKeyframeIn(keyframes: Uint8Array, after: number, upTo: number): boolean {
  for (let k = after + 1; k <= upTo && k < keyframes.length; k++) if (keyframes[k]) return true;
  return false;
}

/**
 * Plan the decode of frame `target` given `lastFed`, the last frame fed to the decoder since its last reset
 * (-1 when the decoder holds nothing usable).
 *
 * - `lastFed === target`: current.
 * - `lastFed < target` and no keyframe in (lastFed, target]: continue with lastFed+1..target, no reset.
 * - otherwise: reset, and decode from the keyframe ≤ target up to target.
 */
export function planDecode(target: number, lastFed: number, keyframes: Uint8Array): DecodePlan {
  if (target < 0 || target >= keyframes.length) return { kind: "no-keyframe" };
  if (lastFed === target) return { kind: "current" };
  if (lastFed >= 0 && lastFed < target && !hasKeyframeIn(keyframes, lastFed, target)) {
    return { kind: "decode", reset: false, from: lastFed + 1, to: target };
  }
  const k = keyframeAtOrBefore(keyframes, target);
  if (k < 0) return { kind: "no-keyframe" };
  return { kind: "decode", reset: true, from: k, to: target };
}

/** Split the inclusive range from..to into consecutive inclusive chunks of at most `size` frames. */
export function chunkRange(from: number, to: number, size: number): Array<[number, number]> {
  if (size < 1) throw new RangeError(`chunk size must be ≥ 1, got ${size}`);
  const chunks: Array<[number, number]> = [];
  for (let a = from; a <= to; a += size) chunks.push([a, Math.min(to, a + size - 1)]);
  return chunks;
}
