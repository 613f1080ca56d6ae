/**
 * Messages between frameConverter.ts and its worker.
 */

/**
 * Convert this frame (transferred; the worker closes it) into a bitmap no smaller than `maxWidth`×`maxHeight` px (the
 * canvas it will be drawn into; 0 × 0 for the full picture). The worker shrinks the picture by an integer factor when
 * it can (see shared/playback/planeDownscale.ts).
 */
export interface ConvertRequest {
  id: number;
  frame: VideoFrame;
  maxWidth: number;
  maxHeight: number;
}

/** The frame as a bitmap (transferred), or why it could not be converted. */
export type ConvertReply = { id: number; bitmap: ImageBitmap } | { id: number; error: string };
