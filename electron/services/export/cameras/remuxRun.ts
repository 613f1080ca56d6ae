/**
 * Which frames of an H.264 camera can be remuxed into a LeRobot video without re-encoding: a run of frames that line
 * up one to one with the export steps under the playback rule (latest frame ≤ step time).
 */
import { latestAtSteps } from "../../../../shared/export/resampleLatest.ts";
import type { StepCamera } from "../episodeStepTable.ts";

/** Timestamp jitter (ns) tolerated when matching frames to steps: LeRobot's default `tolerance_s` (1e-4 s). */
export const FRAME_TOLERANCE_NS = 100_000n;

/**
 * The first frame of a camera's run of frames that line up with the steps: step k shows frame first + k under the
 * sync rule "latest frame ≤ step time" (with FRAME_TOLERANCE_NS for timestamp jitter, e.g. float seconds turned into
 * ns by an importer), so every step has its own frame and no frame is skipped; the first must be a keyframe.
 * Otherwise the reason why not.
 */
export function videoFramesForSteps(camera: StepCamera, stepTimesNs: readonly bigint[]): { first: number } | { mismatch: string } {
  const { frameIndex } = camera;
  if (frameIndex.payload !== "video" || frameIndex.format !== "h264") return { mismatch: `${camera.topic} is ${frameIndex.format} ${frameIndex.payload}, not H.264 video` };
  const { indices } = latestAtSteps(frameIndex.logTimesNs, stepTimesNs.map((t) => t + FRAME_TOLERANCE_NS));
  const first = indices[0] ?? -1;
  if (first < 0) return { mismatch: `${camera.topic} has no frame at or before the first step` };
  if (!frameIndex.keyframes[first]) return { mismatch: `${camera.topic}: the frame at the first step is not a keyframe` };
  for (let k = 1; k < indices.length; k++) {
    if (indices[k] !== first + k) {
      return { mismatch: `${camera.topic}: frames do not line up with the steps (step ${k} shows frame ${indices[k]}, not ${first + k})` };
    }
  }
  return { first };
}

