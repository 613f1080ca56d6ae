/**
 * Messages between frameConverter.ts and its worker.
 */

/** Convert this frame (transferred; the worker closes it). */
export interface ConvertRequest {
  id: number;
  frame: VideoFrame;
}

/** The frame as a bitmap (transferred), or why it could not be converted. */
export type ConvertReply = { id: number; bitmap: ImageBitmap } | { id: number; error: string };
