/**
 * Per-step camera images for the formats that store pictures, not videos (each picture by the playback rule, see
 * stepFrames.ts):
 * - robomimic: uint8 (N, H, W, 3) arrays, resized with sharp (libvips) to the asked size, each side capped at the
 *   source's (robomimic's image datasets use 84×84); the picture is stretched to fill (no crop, whole field of view);
 * - RLDS: one JPEG per step — the source JPEG bytes when the camera is JPEG, else encoded with sharp (quality 95).
 */
import sharp from "sharp";
import type { LoadedEpisode } from "../../episode/loadedEpisode.ts";
import type { StepCamera } from "../episodeStepTable.ts";
import type { CameraExport } from "./cameraExport.ts";
import { pictureProblem, stepPictures, type DecodeCount, type RgbFrame } from "./stepFrames.ts";

/** JPEG quality of pictures encoded for RLDS. */
export const RLDS_JPEG_QUALITY = 95;

/** The output size for a source of `width`×`height`: `asked`, each side capped at the source's. */
export function cappedSize(width: number, height: number, asked: { width: number; height: number }): { width: number; height: number } {
  return { width: Math.min(width, asked.width), height: Math.min(height, asked.height) };
}

async function resize(p: RgbFrame, size: { width: number; height: number }): Promise<Uint8Array> {
  if (p.width === size.width && p.height === size.height) return p.rgb;
  const out = await sharp(p.rgb, { raw: { width: p.width, height: p.height, channels: 3 } }).resize(size.width, size.height, { fit: "fill" }).raw().toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * The camera's picture at every step, resized: row-major (N, H, W, 3) uint8.
 * @throws Error naming the camera and frame (see stepPictures)
 */
export async function resizedStepImages(episode: LoadedEpisode, camera: StepCamera, asked: { width: number; height: number }, key: string): Promise<{ data: Uint8Array; report: CameraExport }> {
  const t0 = performance.now();
  const n = camera.frameOfStep.length;
  const count: DecodeCount = { decoded: 0 };
  let size: { width: number; height: number } | null = null;
  let source: { width: number; height: number } | null = null;
  let data = new Uint8Array(0);
  let last = null as { source: Uint8Array; resized: Uint8Array } | null;
  let s = 0;
  for await (const p of stepPictures(episode, camera, count)) {
    if (!size) {
      source = { width: p.width, height: p.height };
      size = cappedSize(p.width, p.height, asked);
      data = new Uint8Array(n * size.width * size.height * 3);
    }
    // a picture repeated over several steps is resized once
    if (last?.source !== p.rgb) last = { source: p.rgb, resized: await resize(p, size) };
    data.set(last.resized, s * size.width * size.height * 3);
    s++;
  }
  if (!size) throw new Error(`${camera.topic}: no step to take a picture at`);
  const resized = size.width !== source!.width || size.height !== source!.height;
  return {
    data,
    report: { topic: camera.topic, key, action: resized ? "resized" : "decoded", codec: "uint8", source: camera.frameIndex.format, steps: n, decoded: count.decoded, width: size.width, height: size.height, ms: performance.now() - t0, bytes: data.length },
  };
}

/**
 * The camera's picture at every step as JPEG bytes (one Uint8Array per step; a picture shown at several steps is the
 * same array).
 * @throws Error naming the camera and frame (see stepPictures)
 */
export async function jpegStepImages(episode: LoadedEpisode, camera: StepCamera, key: string): Promise<{ jpegs: Uint8Array[]; width: number; height: number; report: CameraExport }> {
  const t0 = performance.now();
  const { frameIndex, frameOfStep, topic } = camera;
  const n = frameOfStep.length;
  const jpegs: Uint8Array[] = [];
  let size: { width: number; height: number } | null = null;
  if (frameIndex.payload === "image" && frameIndex.format === "jpeg") {
    if (n > 0 && frameOfStep[0]! < 0) throw new Error(`${topic}: no frame at or before the first step`);
    let index = -1;
    let bytes: Uint8Array = new Uint8Array(0);
    for (let s = 0; s < n; s++) {
      if (frameOfStep[s] !== index) {
        index = frameOfStep[s]!;
        bytes = episode.frames(topic, index, index)[0]!.data;
        if (!size) {
          const meta = await sharp(bytes).metadata().catch((e: Error) => {
            throw new Error(`${topic}: frame ${index} is not a readable JPEG (${e.message})`);
          });
          size = { width: meta.width ?? 0, height: meta.height ?? 0 };
        }
      }
      jpegs.push(bytes);
    }
    if (!size) throw new Error(`${topic}: no step to take a picture at`);
    return { jpegs, ...size, report: { topic, key, action: "copied", codec: "jpeg", source: "jpeg", steps: n, decoded: 0, ...size, ms: performance.now() - t0, bytes: jpegs.reduce((a, j) => a + j.length, 0) } };
  }
  const problem = pictureProblem(camera);
  if (problem) throw new Error(problem);
  const count: DecodeCount = { decoded: 0 };
  let last = null as { source: Uint8Array; jpeg: Uint8Array } | null;
  for await (const p of stepPictures(episode, camera, count)) {
    size ??= { width: p.width, height: p.height };
    if (last?.source !== p.rgb) {
      const jpeg: Buffer = await sharp(p.rgb, { raw: { width: p.width, height: p.height, channels: 3 } }).jpeg({ quality: RLDS_JPEG_QUALITY }).toBuffer();
      last = { source: p.rgb, jpeg: new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength) };
    }
    jpegs.push(last.jpeg);
  }
  if (!size) throw new Error(`${topic}: no step to take a picture at`);
  return { jpegs, ...size, report: { topic, key, action: "jpeg-encoded", codec: "jpeg", source: frameIndex.format, steps: n, decoded: count.decoded, ...size, ms: performance.now() - t0, bytes: jpegs.reduce((a, j) => a + j.length, 0) } };
}
