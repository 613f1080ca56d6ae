/**
 * Encode one picture per step into an MP4 with the system ffmpeg, with LeRobot's own video defaults
 * (lerobot/datasets/video_utils.py `encode_video_frames`: vcodec libsvtav1, pix_fmt yuv420p, g 2, crf 30; h264 is
 * selectable with the same keyframe interval and quality; pictures under 64 px a side go to libaom-av1, see
 * SVT_AV1_MIN_SIDE). One MP4 frame per step at `fps`, frame k at k / fps s.
 */
import fs from "node:fs";
import { requireFfmpeg, spawnFfmpeg, writeInput } from "./ffmpegProcess.ts";
import type { RgbFrame } from "./stepFrames.ts";

/** Video codecs the export writes. */
export const VIDEO_CODECS = ["av1", "h264"] as const;
export type VideoCodec = (typeof VIDEO_CODECS)[number];

/** ffmpeg encoder of each codec. */
export const VIDEO_ENCODERS: Record<VideoCodec, string> = { av1: "libsvtav1", h264: "libx264" };

/**
 * SVT-AV1 refuses pictures narrower or lower than 64 px ("Forced Max Height must be at least 64"); such cameras (wrist
 * thumbnails, tactile images) are encoded with libaom-av1 instead — the same AV1 stream format, same size, slower.
 */
export const SVT_AV1_MIN_SIDE = 64;

/** The ffmpeg encoder and its rate options for `codec` at `width`×`height` (even sizes) with LeRobot's settings. */
function encoderArgs(codec: VideoCodec, width: number, height: number): { encoder: string; args: string[] } {
  const quality = ["-pix_fmt", LEROBOT_VIDEO.pixFmt, "-g", String(LEROBOT_VIDEO.g), "-crf", String(LEROBOT_VIDEO.crf)];
  if (codec === "h264") return { encoder: "libx264", args: ["-c:v", "libx264", ...quality, "-bf", "0"] };
  if (width >= SVT_AV1_MIN_SIDE && height >= SVT_AV1_MIN_SIDE) return { encoder: "libsvtav1", args: ["-c:v", "libsvtav1", ...quality] };
  // libaom's constant-quality mode needs a zero target bit rate (https://trac.ffmpeg.org/wiki/Encode/AV1).
  return { encoder: "libaom-av1", args: ["-c:v", "libaom-av1", ...quality, "-b:v", "0", "-cpu-used", "8", "-row-mt", "1"] };
}

/** LeRobot's defaults: keyframe every 2 frames, constant rate factor 30, 4:2:0. */
export const LEROBOT_VIDEO = { g: 2, crf: 30, pixFmt: "yuv420p" } as const;

/** What was written. */
export interface EncodedVideo {
  width: number;
  height: number;
  frames: number;
  bytes: number;
}

/**
 * Encode `pictures` (all one size) to `file` at `fps` with `codec`. Odd sizes are padded by one black row/column
 * (4:2:0 needs even sizes); the returned size is the video's.
 * @throws Error when ffmpeg or its encoder is missing (naming how to install it), when ffmpeg fails (quoting it), or
 *   when there is no picture. The file is removed on failure.
 */
export async function encodeStepVideo(pictures: AsyncIterable<RgbFrame>, file: string, fps: number, codec: VideoCodec, what: string): Promise<EncodedVideo> {
  requireFfmpeg(`re-encoding ${what}`, VIDEO_ENCODERS[codec]);
  let run: ReturnType<typeof spawnFfmpeg> | null = null;
  let size: { width: number; height: number } | null = null;
  let frames = 0;
  try {
    for await (const p of pictures) {
      if (!run) {
        size = { width: p.width + (p.width % 2), height: p.height + (p.height % 2) };
        const pad = size.width !== p.width || size.height !== p.height ? ["-vf", `pad=${size.width}:${size.height}`] : [];
        const { encoder, args } = encoderArgs(codec, size.width, size.height);
        run = spawnFfmpeg(
          requireFfmpeg(`re-encoding ${what}`, encoder),
          ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", `${p.width}x${p.height}`, "-framerate", String(fps), "-i", "pipe:0", ...pad,
            ...args, "-r", String(fps), "-fps_mode", "passthrough", "-movflags", "+faststart", "-y", file],
          `re-encoding ${what}`,
        );
      }
      if (!(await writeInput(run, p.rgb))) break;
      frames++;
    }
    if (!run) throw new Error(`${what}: no picture to encode`);
    run.child.stdin.end();
    await run.exited;
    return { ...size!, frames, bytes: fs.statSync(file).size };
  } catch (error) {
    if (run && run.child.exitCode === null) run.child.kill("SIGKILL");
    await run?.exited.catch(() => undefined);
    fs.rmSync(file, { force: true });
    throw error;
  }
}
