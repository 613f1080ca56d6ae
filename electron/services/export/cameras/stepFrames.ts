/**
 * The decoded picture of one camera at every export step, by the playback rule (the camera's latest frame with log
 * time ≤ the step time, DESIGN §3 — the step table's `frameOfStep`), as RGB24 (width × height × 3 bytes, rows top to
 * bottom). Each distinct source frame is decoded once and repeated for the steps that show it:
 * - video (H.264, H.265, AV1 access units): piped through the system ffmpeg from the keyframe at or before the first
 *   frame shown, output as PPM pictures (netpbm P6: a header with the size, then RGB rows);
 * - JPEG / PNG / WebP images: decoded with sharp (libvips);
 * - raw images (rgb8, bgr8, rgba8, bgra8, mono8, 8UC1, 8UC3): converted with shared/playback/rawImage.ts.
 * Depth and 16-bit raw images are not pictures a policy's image encoder expects: they are refused with the reason.
 */
import sharp from "sharp";
import { rawToRgba } from "../../../../shared/playback/rawImage.ts";
import type { CameraFrame } from "../../../../shared/episode.ts";
import type { LoadedEpisode } from "../../episode/loadedEpisode.ts";
import type { StepCamera } from "../episodeStepTable.ts";
import { requireFfmpeg, spawnFfmpeg, writeInput } from "./ffmpegProcess.ts";

/** One decoded picture. */
export interface RgbFrame {
  width: number;
  height: number;
  /** RGB24, width × height × 3 bytes. */
  rgb: Uint8Array;
}

/** ffmpeg's raw-stream demuxer per video codec (foxglove.CompressedVideo formats). */
const VIDEO_DEMUXERS: Record<string, string> = { h264: "h264", h265: "hevc", av1: "obu" };
/** Raw encodings exported as pictures. */
const PICTURE_RAW = new Set(["rgb8", "bgr8", "rgba8", "bgra8", "mono8", "8UC1", "8UC3"]);

/**
 * Why a camera cannot be exported as pictures, or null when it can (decided from its FrameIndex, before decoding).
 * ffmpeg's presence is checked separately, when a video is decoded.
 */
export function pictureProblem(camera: StepCamera): string | null {
  const { payload, format } = camera.frameIndex;
  if (payload === "video" && !(format in VIDEO_DEMUXERS)) return `${camera.topic}: ${format || "unknown"} video cannot be decoded for export (H.264, H.265 and AV1 can)`;
  if (payload === "raw" && !PICTURE_RAW.has(format)) return `${camera.topic}: ${format} raw images (depth or 16-bit) are not exported as pictures`;
  return null;
}

/**
 * Frames `from..to` of `topic`, read one by one: the engine's multi-frame read of a zstd-compressed episode returned
 * wrong bytes past the first chunk (assets/sample/pick_cube_002.mcap, /cam_high frames 61+ of a 0..479 read), while
 * single-frame reads are exact and as fast.
 */
export function* framesOneByOne(episode: LoadedEpisode, topic: string, from: number, to: number): Generator<CameraFrame> {
  for (let i = from; i <= to; i++) yield episode.frames(topic, i, i)[0]!;
}

/** Parse netpbm P6 pictures from a byte stream. */
async function* ppmPictures(chunks: AsyncIterable<Buffer>): AsyncGenerator<RgbFrame> {
  let buf: Buffer = Buffer.alloc(0);
  let header: { width: number; height: number; offset: number } | null = null;
  for await (const chunk of chunks) {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    for (;;) {
      if (!header) {
        // "P6" ws width ws height ws maxval single-ws
        const m = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString("latin1"));
        if (!m) {
          if (buf.length >= 64 || (buf.length >= 2 && buf.subarray(0, 2).toString("latin1") !== "P6")) throw new Error("ffmpeg wrote something other than a PPM picture");
          break;
        }
        if (m[3] !== "255") throw new Error(`ffmpeg wrote a ${m[3]}-level PPM picture, not 8-bit`);
        header = { width: Number(m[1]), height: Number(m[2]), offset: m[0].length };
      }
      const size = header.width * header.height * 3;
      if (buf.length < header.offset + size) break;
      yield { width: header.width, height: header.height, rgb: Uint8Array.prototype.slice.call(buf, header.offset, header.offset + size) };
      buf = buf.subarray(header.offset + size);
      header = null;
    }
  }
  if (buf.length > 0) throw new Error(`ffmpeg's output ends inside a picture (${buf.length} bytes left)`);
}

/** Decode video frames `frames` (consecutive, the first a keyframe) with ffmpeg, in order. */
async function* decodeVideo(topic: string, format: string, frames: Iterable<CameraFrame>, from: number, to: number): AsyncGenerator<RgbFrame> {
  const bin = requireFfmpeg(`decoding ${topic} (${format})`);
  const run = spawnFfmpeg(bin, ["-xerror", "-f", VIDEO_DEMUXERS[format]!, "-i", "pipe:0", "-fps_mode", "passthrough", "-f", "image2pipe", "-c:v", "ppm", "pipe:1"], `decoding ${topic}`);
  const feeding = (async () => {
    for (const f of frames) if (!(await writeInput(run, f.data))) return;
    run.child.stdin.end();
  })();
  let count = 0;
  try {
    for await (const picture of ppmPictures(run.child.stdout)) {
      count++;
      yield picture;
    }
  } finally {
    if (run.child.exitCode === null) run.child.kill("SIGKILL");
  }
  await feeding;
  await run.exited;
  if (count !== to - from + 1) throw new Error(`${topic}: ffmpeg decoded ${count} of frames ${from}..${to}: a damaged frame near frame ${from + count}`);
}

/** Decode one image frame (JPEG/PNG/WebP with sharp, raw with rawToRgba). */
async function decodeImage(topic: string, frame: CameraFrame): Promise<RgbFrame> {
  if (frame.payload === "raw") {
    const rgba = rawToRgba({ data: frame.data, width: frame.width ?? 0, height: frame.height ?? 0, step: frame.step ?? 0, encoding: frame.format, bigEndian: frame.bigEndian ?? false });
    const n = rgba.length / 4;
    const rgb = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) {
      rgb[i * 3] = rgba[i * 4]!;
      rgb[i * 3 + 1] = rgba[i * 4 + 1]!;
      rgb[i * 3 + 2] = rgba[i * 4 + 2]!;
    }
    return { width: frame.width!, height: frame.height!, rgb };
  }
  try {
    const { data, info } = await sharp(frame.data).removeAlpha().toColourspace("srgb").raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`${info.channels} channels after conversion to RGB`);
    return { width: info.width, height: info.height, rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (error) {
    throw new Error(`${topic}: frame ${frame.index} is not a readable ${frame.format} image (${(error as Error).message})`);
  }
}

/** What decoding cost, filled while the pictures are read. */
export interface DecodeCount {
  /** Source frames decoded (a video decodes from the keyframe before the first frame shown). */
  decoded: number;
}

/**
 * The picture at each step of `camera` (exactly `frameOfStep.length` pictures, in step order). Every picture of one
 * camera has the same size.
 * @throws Error naming the topic and frame: a frame before the first step (no frame yet), an undecodable or damaged
 *   frame, a size change, ffmpeg missing (with how to install it), an unsupported format (pictureProblem).
 */
export async function* stepPictures(episode: LoadedEpisode, camera: StepCamera, count: DecodeCount = { decoded: 0 }): AsyncGenerator<RgbFrame> {
  const problem = pictureProblem(camera);
  if (problem) throw new Error(problem);
  const { frameOfStep, frameIndex, topic } = camera;
  const n = frameOfStep.length;
  if (n === 0) return;
  const first = frameOfStep[0]!;
  if (first < 0) throw new Error(`${topic}: no frame at or before the first step`);
  const last = frameOfStep[n - 1]!;
  let size: { width: number; height: number } | null = null;
  const checkSize = (p: RgbFrame, index: number) => {
    size ??= { width: p.width, height: p.height };
    if (p.width !== size.width || p.height !== size.height) throw new Error(`${topic}: frame ${index} is ${p.width}×${p.height}, earlier frames ${size.width}×${size.height}`);
  };
  if (frameIndex.payload === "video") {
    let from = first;
    while (from > 0 && !frameIndex.keyframes[from]) from--;
    if (!frameIndex.keyframes[from]) throw new Error(`${topic}: no keyframe at or before frame ${first}, the frame of the first step`);
    let index = from - 1;
    let picture: RgbFrame | null = null;
    const decoded = decodeVideo(topic, frameIndex.format, framesOneByOne(episode, topic, from, last), from, last);
    for (let s = 0; s < n; s++) {
      while (index < frameOfStep[s]!) {
        const r = await decoded.next();
        if (r.done) throw new Error(`${topic}: the decoder ended before frame ${frameOfStep[s]}`);
        index++;
        count.decoded++;
        picture = r.value;
        checkSize(picture, index);
      }
      yield picture!;
    }
    await decoded.return(undefined);
    return;
  }
  let index = -1;
  let picture: RgbFrame | null = null;
  for (let s = 0; s < n; s++) {
    const want = frameOfStep[s]!;
    if (want !== index) {
      picture = await decodeImage(topic, episode.frames(topic, want, want)[0]!);
      count.decoded++;
      checkSize(picture, want);
      index = want;
    }
    yield picture!;
  }
}
