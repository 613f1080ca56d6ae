/**
 * Encode frames generated in Node (raw RGB24) with Debian's ffmpeg: `-f rawvideo` on stdin → libx264 (Annex B access
 * units, no B-frames, fixed GOP) or mjpeg (one JPEG per frame).
 */
import { spawn } from "node:child_process";
import { isDecodableKeyframe, splitAccessUnits } from "../sample/annexb.ts";
import { FFMPEG } from "../sample/ffmpeg.ts";
import { splitJpegStream } from "../sample/jpeg.ts";

/** Frames to encode: `count` frames of `width`×`height`, frame i produced by `frame(i)` as RGB24. */
export interface RawSource {
  width: number;
  height: number;
  count: number;
  /** Nominal rate (Hz), given to the encoder for rate control only. */
  rate: number;
  frame(i: number): Uint8Array;
}

/** Run ffmpeg reading raw RGB24 frames from stdin, return its stdout. Rejects with ffmpeg's stderr on failure. */
function pipeRaw(source: RawSource, outputArgs: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const args = ["-hide_banner", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", `${source.width}x${source.height}`,
      "-r", String(source.rate), "-i", "pipe:0", ...outputArgs, "pipe:1"];
    const child = spawn(FFMPEG, args, { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`ffmpeg exited with ${code}: ${Buffer.concat(err).toString("utf8").trim()}`));
    });
    child.stdin.on("error", () => undefined); // reported through "close"
    let i = 0;
    const write = () => {
      while (i < source.count) {
        const ok = child.stdin.write(source.frame(i++));
        if (!ok) {
          child.stdin.once("drain", write);
          return;
        }
      }
      child.stdin.end();
    };
    write();
  });
}

/**
 * H.264 (libx264, yuv420p, no B-frames, keyframe every `gop` frames, SPS/PPS before every IDR, AUDs).
 * @returns one Annex B access unit per frame
 * @throws Error when ffmpeg fails or the unit count/keyframes are not as asked
 */
export async function encodeRawH264(source: RawSource, gop: number, preset = "veryfast", crf = 23): Promise<Uint8Array[]> {
  const stream = await pipeRaw(source, [
    "-c:v", "libx264", "-preset", preset, "-profile:v", "high", "-crf", String(crf), "-pix_fmt", "yuv420p",
    "-bf", "0", "-g", String(gop), "-keyint_min", String(gop), "-sc_threshold", "0",
    "-x264-params", "repeat-headers=1:aud=1:open-gop=0", "-f", "h264",
  ]);
  const units = splitAccessUnits(stream);
  if (units.length !== source.count) throw new Error(`expected ${source.count} H.264 access units, got ${units.length}`);
  units.forEach((au, i) => {
    if (i % gop === 0 && !isDecodableKeyframe(au)) throw new Error(`H.264 frame ${i} is not an IDR with SPS/PPS`);
  });
  return units;
}

/** Baseline JPEGs (mjpeg, `-q:v quality`). @returns one JPEG file per frame */
export async function encodeRawJpeg(source: RawSource, quality = 5): Promise<Uint8Array[]> {
  const stream = await pipeRaw(source, ["-c:v", "mjpeg", "-q:v", String(quality), "-pix_fmt", "yuvj420p", "-f", "image2pipe"]);
  const images = splitJpegStream(stream);
  if (images.length !== source.count) throw new Error(`expected ${source.count} JPEGs, got ${images.length}`);
  return images;
}
