/**
 * A video camera's frame index reads each frame's first bytes only (the protobuf fields up to `data`, the codec
 * headers up to the first slice) instead of decoding every frame. The flags must still be exactly the frames that
 * start a decode: checked against real x264 output with an irregular keyframe pattern, in uncompressed chunks (the
 * batched prefix reads) and zstd chunks (whole chunks), with frames whose headers do not fit the prefix (a large SEI
 * before the slice: the whole message is read), and against an independent NAL walk of the frames as written. The
 * index is first served with the first frames' flags only (the first picture does not wait for the pass); the rest
 * come from `keyframes`, through the real worker pool.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEAD_FRAMES_MAX } from "../../../shared/episode.ts";
import { foxgloveCameraSchema } from "../../../shared/mcap/foxgloveCameraSchemas.ts";
import { isDecodableKeyframe, nalTypes } from "../../../scripts/sample/annexb.ts";
import { encodeRawH264 } from "../../../scripts/sync-fixture/encodeRaw.ts";
import { drawPatternFrame } from "../../../scripts/sync-fixture/framePattern.ts";
import { EpisodeMainService } from "./episodeMainService.ts";
import { LoadedEpisode } from "./loadedEpisode.ts";
import { evenTimes, writeTestMcap } from "./testMcapWriter.ts";
import { protobufBytesField } from "./videoDataLocator.ts";

// These tests read the keyframe flags from the frames themselves, every time: no episode cache (episodeCache.test.ts
// tests flags kept there). Set before any worker starts (workers copy the environment).
process.env.EPISCOPE_EPISODE_CACHE = "off";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-frame-index-keyframes-"));
const FRAMES = 96;
/** Keyframes forced at irregular places (x264 with keyint 1000 and these forced IDRs). */
const FORCED = [0, 5, 6, 31, 32, 33, 70, 95];
const SEI_AT = [7, 33, 50]; // a P-frame, an IDR, a P-frame get a 5 KB SEI in front of their slice

let units: Uint8Array[] = [];

/** An SEI NAL (type 6, user_data_unregistered) of `size` payload bytes that cannot form a start code (all 0x55). */
function bigSei(size: number): Uint8Array {
  const sei = new Uint8Array(4 + 3 + size + 1);
  sei.set([0, 0, 0, 1, 0x06, 0x05, 0xff], 0);
  sei.fill(0x55, 7, 7 + size);
  sei[sei.length - 1] = 0x80; // rbsp trailing bits
  return sei;
}

/** Insert `extra` after the access unit delimiter (the first NAL unit) of `unit`. */
function afterAud(unit: Uint8Array, extra: Uint8Array): Uint8Array {
  const second = unit.findIndex((_, i) => i > 2 && unit[i] === 0 && unit[i + 1] === 0 && (unit[i + 2] === 1 || (unit[i + 2] === 0 && unit[i + 3] === 1)));
  const out = new Uint8Array(unit.length + extra.length);
  out.set(unit.subarray(0, second), 0);
  out.set(extra, second);
  out.set(unit.subarray(second), second + extra.length);
  return out;
}

async function writeEpisode(file: string, compression?: "zstd"): Promise<void> {
  const schema = foxgloveCameraSchema("CompressedVideo");
  const times = evenTimes(1_000_000_000n, 33_333_333n, FRAMES);
  await writeTestMcap(file, {
    channels: [{ topic: "/cam", schemaName: schema.name, encoding: { message: "protobuf", schema: schema.encoding, schemaData: schema.data } }],
    messages: times.map((t, i) => ({ topic: "/cam", logTimeNs: t, data: schema.encode({ timestampNs: t, frameId: "cam", data: units[i]!, format: "h264" }) })),
    chunkSize: 64 * 1024, // several MCAP chunks
    ...(compression ? { compression } : {}),
  });
}

beforeAll(async () => {
  // Real x264 frames, keyframe every 1000 frames (so only the first is one)…
  const source = { width: 160, height: 96, count: FRAMES, rate: 30, frame: (i: number) => drawPatternFrame(i, 160, 96, 0) };
  const gop = await encodeRawH264(source, 32);
  // …then an irregular pattern: a frame listed in FORCED takes an IDR of the encode, any other a P-frame.
  const idrs = gop.filter((u) => isDecodableKeyframe(u));
  const ps = gop.filter((u) => !isDecodableKeyframe(u));
  units = Array.from({ length: FRAMES }, (_, i) => (FORCED.includes(i) ? idrs[i % idrs.length]! : ps[i % ps.length]!));
  for (const i of SEI_AT) units[i] = afterAud(units[i]!, bigSei(5000));
  await writeEpisode(path.join(tmp, "plain.mcap"));
  await writeEpisode(path.join(tmp, "zstd.mcap"), "zstd");
}, 60_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The flags as an independent walk over every NAL unit of the frames as written sees them. */
function expectedFlags(): number[] {
  return units.map((u) => (nalTypes(u).includes(5) ? 1 : 0));
}

describe("video frame index from frame headers", () => {
  it("the fixture is what the test means: keyframes exactly at FORCED, large SEIs where said", () => {
    expect(expectedFlags().flatMap((k, i) => (k ? [i] : []))).toEqual(FORCED);
    for (const i of SEI_AT) expect(units[i]!.length).toBeGreaterThan(5000);
  });

  for (const name of ["plain.mcap", "zstd.mcap"]) {
    it(`${name}: keyframe flags match every frame's NAL units, and frames carry the same flags`, async () => {
      const episode = await LoadedEpisode.open({ episodeId: "t", absPath: path.join(tmp, name), relPath: name });
      try {
        const index = episode.frameIndex("/cam");
        expect(index.format).toBe("h264");
        expect(Array.from(index.keyframes)).toEqual(expectedFlags());
        const frames = episode.frames("/cam", 0, FRAMES - 1);
        expect(frames.map((f) => (f.keyframe ? 1 : 0))).toEqual(expectedFlags());
        expect(frames.every((f, i) => Buffer.from(f.data).equals(Buffer.from(units[i]!)))).toBe(true);
      } finally {
        episode.close();
      }
    });
  }

  it("the first index holds the first frames' flags only; frames carry exact flags anyway; the pass completes it", async () => {
    const episode = await LoadedEpisode.open({ episodeId: "t", absPath: path.join(tmp, "plain.mcap"), relPath: "plain.mcap" });
    try {
      const head = episode.frameIndexHead("/cam");
      const known = head.keyframesKnown!;
      expect(known).toBeGreaterThanOrEqual(64);
      expect(known).toBeLessThan(FRAMES);
      expect(Array.from(head.keyframes.subarray(0, known))).toEqual(expectedFlags().slice(0, known));
      expect(Array.from(head.keyframes.subarray(known)).every((k) => k === 0)).toBe(true);
      // Frames past the known flags say from their own bytes whether they start a decode.
      const late = episode.frames("/cam", known, FRAMES - 1);
      expect(late.map((f) => (f.keyframe ? 1 : 0))).toEqual(expectedFlags().slice(known));
      // The pass in steps, then the whole index.
      expect(episode.readKeyframes("/cam", 10)).toBe(false);
      while (!episode.readKeyframes("/cam", 10));
      const full = episode.frameIndex("/cam");
      expect(full.keyframesKnown).toBeUndefined();
      expect(Array.from(full.keyframes)).toEqual(expectedFlags());
      expect(episode.frameIndexHead("/cam")).toBe(full);
    } finally {
      episode.close();
    }
  });

  it("through the service and its workers: the first index, then episode.keyframes, then the complete index", async () => {
    const service = new EpisodeMainService(tmp, null);
    try {
      const summary = await service.open("plain.mcap");
      const head = await service.frameIndex(summary.episodeId, "/cam");
      expect(head.keyframesKnown).toBeLessThan(FRAMES);
      const all = await service.keyframes(summary.episodeId, "/cam");
      expect(Array.from(all)).toEqual(expectedFlags());
      const full = await service.frameIndex(summary.episodeId, "/cam");
      expect(full.keyframesKnown).toBeUndefined();
      expect(Array.from(full.keyframes)).toEqual(expectedFlags());
    } finally {
      service.close();
    }
  });

  it("with leadAtNs the index carries the frames that decode the frame shown then: its keyframe up to it, at most LEAD_FRAMES_MAX", async () => {
    const service = new EpisodeMainService(tmp, null);
    try {
      const { episodeId } = await service.open("plain.mcap");
      await service.keyframes(episodeId, "/cam"); // every flag known: the keyframes below are FORCED's
      const times = (await service.frameIndex(episodeId, "/cam")).logTimesNs;
      // Frame 3 is shown from its log time until frame 4's: keyframe 0 to frame 3.
      const at3 = await service.frameIndex(episodeId, "/cam", undefined, times[3]! + 1n);
      expect(at3.lead!.map((f) => f.index)).toEqual([0, 1, 2, 3]);
      expect(at3.lead!.map((f) => Buffer.from(f.data).toString("hex"))).toEqual(
        (await service.frames(episodeId, "/cam", 0, 3)).map((f) => Buffer.from(f.data).toString("hex")),
      );
      expect(at3.lead![0]!.keyframe).toBe(true);
      expect(Array.from(at3.logTimesNs)).toEqual(Array.from(times));
      // Frame 8: keyframe 6, two frames. Frame 20: keyframe 6 lies 15 frames back, more than LEAD_FRAMES_MAX.
      expect((await service.frameIndex(episodeId, "/cam", undefined, times[8]!)).lead!.map((f) => f.index)).toEqual([6, 7, 8]);
      expect(LEAD_FRAMES_MAX).toBeLessThan(15);
      expect((await service.frameIndex(episodeId, "/cam", undefined, times[20]!)).lead).toBeUndefined();
      // Before the first frame: nothing to show, no lead; without leadAtNs, none either (the kept index holds no frames).
      expect((await service.frameIndex(episodeId, "/cam", undefined, times[0]! - 1n)).lead).toBeUndefined();
      expect((await service.frameIndex(episodeId, "/cam")).lead).toBeUndefined();
    } finally {
      service.close();
    }
  });

  it("the protobuf walk finds `data` after the timestamp and frame id, and says when the prefix is too short", () => {
    const schema = foxgloveCameraSchema("CompressedVideo");
    const message = schema.encode({ timestampNs: 1_234_567_890_123n, frameId: "cam_left_wrist", data: units[1]!, format: "h264" });
    const found = protobufBytesField(message, 3)!; // foxglove.CompressedVideo: timestamp 1, frame_id 2, data 3, format 4
    expect(Buffer.from(message.subarray(found.start, found.start + found.length)).equals(Buffer.from(units[1]!))).toBe(true);
    expect(protobufBytesField(message.subarray(0, found.start - 1), 3)).toBeNull();
    expect(protobufBytesField(message, 9)).toBeNull();
  });
});
