/**
 * Encode synthetic camera streams with ffmpeg's lavfi test sources.
 * H.264: one access unit per returned element, Annex B, SPS+PPS in front of every IDR, no B-frames.
 * JPEG: one baseline JPEG per returned element.
 */
import { splitAccessUnits, isDecodableKeyframe } from "./annexb.ts";
import { runFfmpeg } from "./ffmpeg.ts";
import { splitJpegStream } from "./jpeg.ts";

/** A synthetic camera stream: an ffmpeg lavfi source graph and how many frames to take from it. */
export interface SyntheticSource {
  /** lavfi filter graph producing frames at the wanted size and rate, e.g. `testsrc=size=320x240:rate=30`. */
  lavfi: string;
  /** Exact number of frames to encode. */
  frames: number;
}

/** Keyframe interval in frames used for every H.264 stream of the sample (1 s at 30 fps). */
export const H264_GOP = 30;

/**
 * Encode `source` as H.264 (libx264, constrained baseline, yuv420p, GOP {@link H264_GOP}, no B-frames,
 * one thread so the bitstream is reproducible) and split it into access units.
 * @returns `source.frames` Annex B access units, each starting with an AUD; every H264_GOP-th is an IDR with SPS/PPS.
 */
export async function encodeH264(source: SyntheticSource, crf = 28): Promise<Uint8Array[]> {
  const stream = await runFfmpeg([
    "-f", "lavfi", "-i", source.lavfi,
    "-frames:v", String(source.frames),
    "-c:v", "libx264", "-preset", "medium", "-profile:v", "baseline", "-crf", String(crf),
    "-pix_fmt", "yuv420p", "-bf", "0", "-g", String(H264_GOP), "-keyint_min", String(H264_GOP), "-sc_threshold", "0",
    "-threads", "1",
    "-x264-params", "repeat-headers=1:aud=1:open-gop=0",
    "-f", "h264", "pipe:1",
  ]);
  const units = splitAccessUnits(stream);
  if (units.length !== source.frames) {
    throw new Error(`expected ${source.frames} H.264 access units from "${source.lavfi}", got ${units.length}`);
  }
  units.forEach((au, i) => {
    if (i % H264_GOP === 0 && !isDecodableKeyframe(au)) throw new Error(`frame ${i} of "${source.lavfi}" is not an IDR with SPS/PPS`);
  });
  return units;
}

/**
 * Encode `source` as baseline JPEGs (ffmpeg mjpeg, full-range yuvj420p).
 * @param quality ffmpeg `-q:v` (2 = best … 31 = smallest).
 * @returns `source.frames` JPEG files, each starting FF D8 and ending FF D9.
 */
export async function encodeJpegs(source: SyntheticSource, quality = 8): Promise<Uint8Array[]> {
  const stream = await runFfmpeg([
    "-f", "lavfi", "-i", source.lavfi,
    "-frames:v", String(source.frames),
    "-c:v", "mjpeg", "-q:v", String(quality), "-pix_fmt", "yuvj420p", "-threads", "1",
    "-f", "image2pipe", "pipe:1",
  ]);
  const images = splitJpegStream(stream);
  if (images.length !== source.frames) {
    throw new Error(`expected ${source.frames} JPEGs from "${source.lavfi}", got ${images.length}`);
  }
  return images;
}
