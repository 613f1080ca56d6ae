/**
 * encodeStepVideo with the system ffmpeg, read back with ffprobe: the default AV1 also for cameras under 64 px a side
 * (SVT-AV1 refuses them; libaom-av1 encodes them at their own size), and an odd size padded to even.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeStepVideo } from "./encodeVideo.ts";
import type { RgbFrame } from "./stepFrames.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-encode-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** `count` pictures of `width`×`height`, each a different grey level. */
async function* pictures(width: number, height: number, count: number): AsyncIterable<RgbFrame> {
  for (let k = 0; k < count; k++) yield { width, height, rgb: new Uint8Array(width * height * 3).fill(20 + k * 10) };
}

/** Codec, size and frame count of the first video stream of `file`, by ffprobe. */
function probe(file: string): { codec: string; width: number; height: number; frames: number } {
  const out = execFileSync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "json", file], { encoding: "utf8" });
  const s = (JSON.parse(out) as { streams: Array<{ codec_name: string; width: number; height: number; nb_read_frames: string }> }).streams[0]!;
  return { codec: s.codec_name, width: s.width, height: s.height, frames: Number(s.nb_read_frames) };
}

describe("encodeStepVideo", () => {
  it("encodes a 48×32 camera (under SVT-AV1's 64 px minimum) to AV1 at its own size", async () => {
    const file = path.join(tmp, "small.mp4");
    const written = await encodeStepVideo(pictures(48, 32, 8), file, 10, "av1", "/cam_wrist");
    expect(written).toMatchObject({ width: 48, height: 32, frames: 8 });
    expect(probe(file)).toEqual({ codec: "av1", width: 48, height: 32, frames: 8 });
  });

  it("encodes a 96×65 camera with SVT-AV1, padded to 96×66", async () => {
    const file = path.join(tmp, "odd.mp4");
    const written = await encodeStepVideo(pictures(96, 65, 4), file, 10, "av1", "/cam_high");
    expect(written).toMatchObject({ width: 96, height: 66, frames: 4 });
    expect(probe(file)).toEqual({ codec: "av1", width: 96, height: 66, frames: 4 });
  });
});
