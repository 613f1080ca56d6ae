/**
 * The issue-19 "1.5 GB three-camera episode" for the open bench, generated into a cache folder (never committed):
 * three `foxglove.CompressedVideo` H.264 cameras at 1280×720, 30 Hz (cameras 3 ms apart), ~13 Mbit/s each (noisy test
 * pattern, CBR), keyframe every 30 frames; `/joint_states` (sensor_msgs/msg/JointState, CDR, 14 joints) at 200 Hz and
 * `/action` (the same type, the commanded positions) at 50 Hz. Chunks of 1 MiB, uncompressed (rosbag2's default).
 *
 * ffmpeg encodes one 60 s loop (lavfi testsrc2 + temporal noise, libx264, GOP 30, no B-frames, SPS/PPS before every
 * IDR, AUDs); each camera plays that loop from its own GOP offset for as long as the file needs to reach its size.
 * Messages are streamed into @mcap/core's McapWriter in log-time order (nothing holds the whole file in memory).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { McapWriter } from "@mcap/core";
import { FileHandleWritable } from "@mcap/nodejs";
import { isDecodableKeyframe, splitAccessUnits } from "../sample/annexb.ts";
import { assertFfmpegAvailable, runFfmpeg } from "../sample/ffmpeg.ts";
import { foxgloveCameraSchema } from "../sample/foxgloveProto.ts";
import { encodeJointState, JOINT_STATE_DEFINITION, JOINT_STATE_SCHEMA_NAME } from "../sample/jointState.ts";
import { FIXTURE_START_NS } from "../sync-fixture/syncFixture.ts";

/** What to generate. */
export interface BigEpisodeSpec {
  /** File size to reach (bytes; the episode is made as long as that takes, in whole seconds). */
  targetBytes: number;
  /** Video bit rate per camera (bit/s). */
  bitRate: number;
}

/** The episode: 1.5 GB, three 720p30 cameras at 13 Mbit/s, uncompressed chunks. */
export const BIG_EPISODE: BigEpisodeSpec = { targetBytes: 1.5e9, bitRate: 13e6 };

/** The generated file and what it holds. */
export interface BigEpisode {
  path: string;
  sizeBytes: number;
  seconds: number;
  cameras: string[];
  framesPerCamera: number;
}

const CAMERAS = ["/cam_high", "/cam_left_wrist", "/cam_right_wrist"];
const RATE = 30;
const GOP = 30;
const LOOP_SECONDS = 60;
const JOINTS = Array.from({ length: 14 }, (_, k) => `${k < 7 ? "left" : "right"}_joint${(k % 7) + 1}`);
const CHUNK_SIZE = 1024 * 1024;

/** One 60 s loop of 1280×720 H.264 access units (one per frame). @throws Error when ffmpeg fails. */
async function encodeLoop(bitRate: number): Promise<Uint8Array[]> {
  const kbit = Math.round(bitRate / 1000);
  const stream = await runFfmpeg([
    "-f", "lavfi", "-i", `testsrc2=size=1280x720:rate=${RATE}:duration=${LOOP_SECONDS},noise=alls=14:allf=t+u`,
    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-b:v", `${kbit}k`, "-maxrate", `${kbit}k`,
    "-bufsize", `${kbit}k`, "-bf", "0", "-g", String(GOP), "-keyint_min", String(GOP), "-sc_threshold", "0",
    "-x264-params", "repeat-headers=1:aud=1:open-gop=0:nal-hrd=cbr", "-f", "h264", "pipe:1",
  ]);
  const units = splitAccessUnits(stream);
  if (units.length !== RATE * LOOP_SECONDS) throw new Error(`expected ${RATE * LOOP_SECONDS} access units, got ${units.length}`);
  if (!isDecodableKeyframe(units[0]!)) throw new Error("the loop does not start with an IDR carrying SPS/PPS");
  return units;
}

/**
 * Write the episode to `dir/<name>.mcap` unless it is there already (a manifest beside it records the spec).
 * @throws Error when ffmpeg is missing or fails
 */
export async function ensureBigEpisode(dir: string, spec: BigEpisodeSpec = BIG_EPISODE, name = "big-3cam"): Promise<BigEpisode> {
  const path = join(dir, `${name}.mcap`);
  const manifestPath = join(dir, `${name}.manifest.json`);
  const key = JSON.stringify(spec);
  if (existsSync(path) && existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { key: string; episode: BigEpisode };
    if (manifest.key === key) return manifest.episode;
  }
  assertFfmpegAvailable();
  mkdirSync(dir, { recursive: true });
  const loop = await encodeLoop(spec.bitRate);
  const loopBytes = loop.reduce((s, u) => s + u.byteLength, 0);
  const seconds = Math.ceil(spec.targetBytes / ((CAMERAS.length * loopBytes) / LOOP_SECONDS));
  const framesPerCamera = seconds * RATE;

  const tmp = `${path}.tmp`;
  const handle = await open(tmp, "w");
  try {
    const writer = new McapWriter({ writable: new FileHandleWritable(handle), chunkSize: CHUNK_SIZE });
    await writer.start({ profile: "", library: "episcope bench big-episode" });
    const video = foxgloveCameraSchema("CompressedVideo");
    const videoSchema = await writer.registerSchema({ name: video.name, encoding: video.encoding, data: video.data });
    const jointSchema = await writer.registerSchema({ name: JOINT_STATE_SCHEMA_NAME, encoding: "ros2msg", data: new TextEncoder().encode(JOINT_STATE_DEFINITION) });
    const cameraIds: number[] = [];
    for (const topic of CAMERAS) cameraIds.push(await writer.registerChannel({ topic, messageEncoding: "protobuf", schemaId: videoSchema, metadata: new Map() }));
    const jointsId = await writer.registerChannel({ topic: "/joint_states", messageEncoding: "cdr", schemaId: jointSchema, metadata: new Map() });
    const actionId = await writer.registerChannel({ topic: "/action", messageEncoding: "cdr", schemaId: jointSchema, metadata: new Map() });

    // Streams as (next log time, write it): the earliest goes next.
    type Stream = { next: bigint; count: number; step: bigint; total: number; write: (i: number, t: bigint) => Promise<void> };
    const joints = (channelId: number, phase: number) => async (i: number, t: bigint) => {
      const s = Number(t - FIXTURE_START_NS) / 1e9;
      const position = JOINTS.map((_, k) => 0.6 * Math.sin(0.4 * s + k + phase) + 0.1 * Math.sin(3 * s + k));
      const data = encodeJointState({ stampNs: t, frameId: "", name: JOINTS, position, velocity: position.map(() => 0), effort: position.map(() => 0) });
      await writer.addMessage({ channelId, sequence: i, logTime: t, publishTime: t, data });
    };
    const streams: Stream[] = [
      ...cameraIds.map((channelId, k): Stream => ({
        next: FIXTURE_START_NS + BigInt(k) * 3_000_000n,
        count: 0,
        step: 1_000_000_000n / BigInt(RATE),
        total: framesPerCamera,
        write: async (i, t) => {
          const unit = loop[(i + k * 10 * GOP) % loop.length]!;
          await writer.addMessage({ channelId, sequence: i, logTime: t, publishTime: t, data: video.encode({ timestampNs: t, frameId: CAMERAS[k]!.slice(1), data: unit, format: "h264" }) });
        },
      })),
      { next: FIXTURE_START_NS, count: 0, step: 5_000_000n, total: seconds * 200, write: joints(jointsId, 0) },
      { next: FIXTURE_START_NS + 1_000_000n, count: 0, step: 20_000_000n, total: seconds * 50, write: joints(actionId, 0.2) },
    ];
    for (;;) {
      let best: Stream | null = null;
      for (const s of streams) if (s.count < s.total && (!best || s.next < best.next)) best = s;
      if (!best) break;
      await best.write(best.count, best.next);
      best.count++;
      best.next += best.step;
    }
    await writer.end();
    await handle.close();
    await rename(tmp, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw error;
  }
  const { size } = statSync(path);
  const episode: BigEpisode = { path, sizeBytes: size, seconds, cameras: CAMERAS, framesPerCamera };
  writeFileSync(manifestPath, JSON.stringify({ key, episode }));
  return episode;
}
