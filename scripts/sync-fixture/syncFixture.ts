/**
 * The sync fixture: one MCAP episode whose cameras run at different rates, one with a constant offset, one with dropped
 * frames, H.264 (`foxglove.CompressedVideo`) and JPEG (`foxglove.CompressedImage`), every frame showing its own
 * position in its topic as a block pattern (framePattern.ts). Tests read the pattern back from the tiles' pixels and
 * compare it with the frame the sync rule (latest frame with log time ≤ t) demands.
 *
 * Written to a cache folder (default `$TMPDIR/episcope-sync-fixture-v1/`), reused when present.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertFfmpegAvailable } from "../sample/ffmpeg.ts";
import { foxgloveCameraSchema, type FoxgloveCameraType } from "../sample/foxgloveProto.ts";
import { writeMcapFile } from "../sample/mcapFile.ts";
import type { TopicStream } from "../sample/types.ts";
import { encodeRawH264, encodeRawJpeg } from "./encodeRaw.ts";
import { drawPatternFrame } from "./framePattern.ts";

/** One camera of the fixture. */
export interface SyncCameraSpec {
  topic: string;
  type: FoxgloveCameraType;
  /** Frame rate (Hz). */
  rate: number;
  /** Constant offset of every timestamp from the rate grid (ns). */
  offsetNs: bigint;
  /** Grid slots (frame numbers at `rate`) that carry no message: dropped frames. */
  dropped: readonly number[];
  width: number;
  height: number;
  /** H.264 keyframe interval (frames; FIXTURE_GOP when absent). */
  gop?: number;
}

/** What the fixture holds, for tests: the file and every camera's message log times (ns) in order. */
export interface SyncFixture {
  path: string;
  startNs: bigint;
  cameras: Array<{ topic: string; type: FoxgloveCameraType; logTimesNs: bigint[] }>;
}

/** Log time of the episode start (2025-01-01T00:00:00Z). */
export const FIXTURE_START_NS = 1_735_689_600_000_000_000n;
/** Length of the default fixture (s). */
export const FIXTURE_SECONDS = 10;
/** H.264 keyframe interval (frames) unless a camera sets its own. */
export const FIXTURE_GOP = 30;

/** The default cameras: 30 fps H.264, 15 fps JPEG offset by +13 ms, 25 fps H.264 with two runs of dropped frames. */
export const DEFAULT_SYNC_CAMERAS: readonly SyncCameraSpec[] = [
  { topic: "/cam_scene", type: "CompressedVideo", rate: 30, offsetNs: 0n, dropped: [], width: 320, height: 240 },
  { topic: "/cam_wrist", type: "CompressedImage", rate: 15, offsetNs: 13_000_000n, dropped: [], width: 320, height: 240 },
  { topic: "/cam_side", type: "CompressedVideo", rate: 25, offsetNs: 4_000_000n, dropped: [40, 41, 42, 43, 44, 130, 131, 200], width: 320, height: 240 },
];

/** The benches' three-camera episode: H.264 1280×720 at 30 Hz, cameras 3 ms apart (the peer harness's "three-720p30"). */
export const THREE_CAMERAS_720P: readonly SyncCameraSpec[] = ["/cam_high", "/cam_left_wrist", "/cam_right_wrist"].map((topic, k) => ({
  topic,
  type: "CompressedVideo",
  rate: 30,
  offsetNs: BigInt(k) * 3_000_000n,
  dropped: [],
  width: 1280,
  height: 720,
}));

/** Log times of a camera's messages: slot k at start + offset + k/rate, dropped slots left out. */
export function cameraLogTimes(spec: SyncCameraSpec, startNs: bigint, seconds: number): bigint[] {
  const slots = Math.floor(seconds * spec.rate);
  const dropped = new Set(spec.dropped);
  const times: bigint[] = [];
  for (let k = 0; k < slots; k++) {
    if (dropped.has(k)) continue;
    times.push(startNs + spec.offsetNs + (BigInt(k) * 1_000_000_000n) / BigInt(spec.rate));
  }
  return times;
}

async function cameraStream(spec: SyncCameraSpec, times: bigint[], hue: number): Promise<TopicStream> {
  const source = { width: spec.width, height: spec.height, count: times.length, rate: spec.rate, frame: (i: number) => drawPatternFrame(i, spec.width, spec.height, hue) };
  const payloads = spec.type === "CompressedVideo" ? await encodeRawH264(source, spec.gop ?? FIXTURE_GOP) : await encodeRawJpeg(source);
  const schema = foxgloveCameraSchema(spec.type);
  const format = spec.type === "CompressedVideo" ? "h264" : "jpeg";
  return {
    channel: { topic: spec.topic, messageEncoding: "protobuf", schema: { name: schema.name, encoding: schema.encoding, data: schema.data } },
    messages: times.map((t, i) => ({ topic: spec.topic, logTimeNs: t, data: schema.encode({ timestampNs: t, frameId: spec.topic.slice(1), data: payloads[i]!, format }) })),
  };
}

/**
 * Write the fixture to `dir/<name>.mcap` unless it is there already (a manifest beside it records what it holds).
 * @throws Error when ffmpeg is missing or an encode fails
 */
export async function ensureSyncFixture(
  dir = join(tmpdir(), "episcope-sync-fixture-v1"),
  cameras: readonly SyncCameraSpec[] = DEFAULT_SYNC_CAMERAS,
  seconds = FIXTURE_SECONDS,
  name = "sync",
  /** More streams written beside the cameras (e.g. /joint_states for the export tests). */
  extraStreams: readonly TopicStream[] = [],
): Promise<SyncFixture> {
  const path = join(dir, `${name}.mcap`);
  const manifestPath = join(dir, `${name}.manifest.json`);
  const fixture: SyncFixture = {
    path,
    startNs: FIXTURE_START_NS,
    cameras: cameras.map((c) => ({ topic: c.topic, type: c.type, logTimesNs: cameraLogTimes(c, FIXTURE_START_NS, seconds) })),
  };
  const manifest = JSON.stringify({ cameras, seconds, extra: extraStreams.map((x) => [x.channel.topic, x.messages.length]) }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  if (existsSync(path) && existsSync(manifestPath) && readFileSync(manifestPath, "utf8") === manifest) return fixture;
  assertFfmpegAvailable();
  mkdirSync(dir, { recursive: true });
  const streams: TopicStream[] = [];
  for (const [k, c] of cameras.entries()) streams.push(await cameraStream(c, fixture.cameras[k]!.logTimesNs, k % 3));
  streams.push(...extraStreams);
  await writeMcapFile(path, { library: "episcope sync-fixture", streams, metadata: [] });
  writeFileSync(manifestPath, manifest);
  return fixture;
}
