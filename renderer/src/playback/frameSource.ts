/**
 * What a camera tile draws from: a source that gets frames ready ahead of time (decoded, waiting to be drawn).
 */
import type { DecodedImage } from "./imageDraw.ts";

/** A frame ready to draw: a decoded video frame, a decoded image, or why frame i cannot be shown. */
export type ReadyFrame = { kind: "video"; frame: VideoFrame } | DecodedImage | { kind: "error"; message: string };

/** Close what a ready frame holds. */
export function closeReady(f: ReadyFrame): void {
  if (f.kind === "video") f.frame.close();
  else if (f.kind === "bitmap") f.bitmap.close();
}

/** A camera's frames, decoded ahead of the clock. */
export interface FrameSource {
  /** Set when the whole camera cannot be shown (unsupported codec, decoder failure): every frame counts as ready. */
  readonly fatal: string | null;
  /** Frame i is decoded and waiting. */
  has(i: number): boolean;
  /** Get frames from..to ready (latest wins); frames outside the range, except `keep`, are closed. */
  want(from: number, to: number, keep: number): void;
  /**
   * How far getting frame i ready has come, for sources that must decode other frames first (video from its
   * keyframe): frames decoded so far and frames to decode in all. Null when nothing is known or nothing is pending.
   */
  progress?(i: number): { done: number; total: number } | null;
  /** Hand over frame i (the caller closes it); undefined when it is not ready. */
  take(i: number): ReadyFrame | undefined;
  /** Close everything. */
  dispose(): void;
}
