/**
 * The benchmark episode: 3 cameras (`/cam_high`, `/cam_left_wrist`, `/cam_right_wrist`, sensor_msgs/msg/CompressedImage,
 * CDR, 30 Hz, ~720p-JPEG-sized payloads of pseudo-random bytes: nothing decodes them) and `/joint_states`
 * (sensor_msgs/msg/JointState, CDR, 200 Hz, 14 joints), interleaved by log time, written with @mcap/core's
 * McapWriter: 4 MiB chunks (uncompressed or zstd level 1 via @foxglove/wasm-zstd), message indexes, chunk indexes,
 * statistics, summary offsets. Written once to `<dir>/engine-<compression>-<seconds>s.mcap` (temp file + rename), and
 * reused while it exists.
 */
import { MessageWriter } from "@foxglove/rosmsg2-serialization";
import { parse as parseRosMsg } from "@foxglove/rosmsg";
import * as zstdNs from "@foxglove/wasm-zstd";
import { McapWriter } from "@mcap/core";
import { FileHandleWritable } from "@mcap/nodejs";
import { unwrapDefaultExport } from "@mcap/support";
import fs from "node:fs";
import { open, rename } from "node:fs/promises";
import path from "node:path";
import { COMPRESSED_IMAGE_DEFINITION, JOINT_STATE_DEFINITION } from "../../../shared/mcap/ros2Definitions.ts";

/** Camera topics of the benchmark episode. */
export const BENCH_CAMERAS = ["/cam_high", "/cam_left_wrist", "/cam_right_wrist"] as const;
/** Joint topic of the benchmark episode. */
export const BENCH_JOINTS = "/joint_states";
/** Joint names (an ALOHA-style bimanual arm: 2 × (6 joints + gripper)). */
export const BENCH_JOINT_NAMES = ["left_waist", "left_shoulder", "left_elbow", "left_forearm_roll", "left_wrist_angle", "left_wrist_rotate", "left_gripper", "right_waist", "right_shoulder", "right_elbow", "right_forearm_roll", "right_wrist_angle", "right_wrist_rotate", "right_gripper"];
/** Mean payload bytes per camera frame (a 1280×720 JPEG at quality ~85 is 60–120 kB). */
export const FRAME_BYTES = 76_000;
const CAMERA_HZ = 30;
const JOINT_HZ = 200;
const CHUNK_SIZE = 4 * 1024 * 1024;
/** 2025-09-10T11:00:00Z (ns). */
export const BENCH_T0 = 1_757_502_000_000_000_000n;

const JOINT_STATE_DEF = JOINT_STATE_DEFINITION;
const COMPRESSED_IMAGE_DEF = COMPRESSED_IMAGE_DEFINITION;


/** The path of the benchmark episode for `compression` and `seconds`, generating it first when missing. */
export async function benchEpisode(dir: string, compression: "none" | "zstd", seconds: number, log: (line: string) => void): Promise<string> {
  const file = path.join(dir, `engine-${compression}-${seconds}s.mcap`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const started = performance.now();
  let compressChunk: ((chunk: Uint8Array) => { compression: string; compressedData: Uint8Array }) | undefined;
  if (compression === "zstd") {
    const zstd = unwrapDefaultExport<typeof zstdNs>(zstdNs);
    await zstd.isLoaded;
    compressChunk = (chunk) => ({ compression: "zstd", compressedData: new Uint8Array(zstd.compress(chunk, 1)) });
  }
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await open(tmp, "w");
  try {
    const writer = new McapWriter({ writable: new FileHandleWritable(handle), chunkSize: CHUNK_SIZE, compressChunk });
    await writer.start({ profile: "ros2", library: "episcope engine bench" });
    const enc = new TextEncoder();
    const jointSchema = await writer.registerSchema({ name: "sensor_msgs/msg/JointState", encoding: "ros2msg", data: enc.encode(JOINT_STATE_DEF) });
    const imageSchema = await writer.registerSchema({ name: "sensor_msgs/msg/CompressedImage", encoding: "ros2msg", data: enc.encode(COMPRESSED_IMAGE_DEF) });
    const joints = await writer.registerChannel({ topic: BENCH_JOINTS, schemaId: jointSchema, messageEncoding: "cdr", metadata: new Map() });
    const cams: number[] = [];
    for (const topic of BENCH_CAMERAS) {
      cams.push(await writer.registerChannel({ topic, schemaId: imageSchema, messageEncoding: "cdr", metadata: new Map() }));
    }
    const jointWriter = new MessageWriter(parseRosMsg(JOINT_STATE_DEF, { ros2: true }));
    const imageWriter = new MessageWriter(parseRosMsg(COMPRESSED_IMAGE_DEF, { ros2: true }));

    // Pseudo-random pool; each frame is a slice at a moving offset with a JPEG SOI/EOI marker pair.
    let seed = 12345;
    const pool = new Uint8Array(16 * 1024 * 1024);
    for (let i = 0; i < pool.length; i += 4) {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      pool[i] = seed & 0xff;
      pool[i + 1] = (seed >>> 8) & 0xff;
      pool[i + 2] = (seed >>> 16) & 0xff;
      pool[i + 3] = seed >>> 24;
    }
    const stamp = (t: bigint) => ({ sec: Number(t / 1_000_000_000n), nanosec: Number(t % 1_000_000_000n) });

    const jointPeriod = 1_000_000_000n / BigInt(JOINT_HZ);
    const camPeriod = 1_000_000_000n / BigInt(CAMERA_HZ);
    const endNs = BENCH_T0 + BigInt(seconds) * 1_000_000_000n;
    let nextJoint = BENCH_T0;
    const nextCam = BENCH_CAMERAS.map((_, c) => BENCH_T0 + BigInt(c) * 1_000_000n); // cameras 1 ms apart
    let jointSeq = 0;
    const camSeq = [0, 0, 0];
    let written = 0n;
    let lastLog = performance.now();
    for (;;) {
      let which = -1; // -1 joints, else camera
      let t = nextJoint;
      for (let c = 0; c < nextCam.length; c++) if (nextCam[c]! < t) [which, t] = [c, nextCam[c]!];
      if (t >= endNs) break;
      if (which < 0) {
        const k = jointSeq;
        const phase = Number(t - BENCH_T0) / 1e9;
        const data = jointWriter.writeMessage({
          header: { stamp: stamp(t), frame_id: "" },
          name: BENCH_JOINT_NAMES,
          position: BENCH_JOINT_NAMES.map((_, j) => Math.sin(phase * (0.3 + j * 0.05)) * (1 + j / 10)),
          velocity: BENCH_JOINT_NAMES.map((_, j) => Math.cos(phase * (0.3 + j * 0.05))),
          effort: BENCH_JOINT_NAMES.map(() => 0),
        });
        await writer.addMessage({ channelId: joints, sequence: k, logTime: t, publishTime: t, data });
        jointSeq++;
        nextJoint += jointPeriod;
        written += BigInt(data.byteLength);
      } else {
        const n = FRAME_BYTES - 4000 + ((camSeq[which]! * 7919) % 8000);
        const at = (camSeq[which]! * 104_729 + which * 3_333_333) % (pool.length - n);
        const payload = pool.subarray(at, at + n);
        payload[0] = 0xff;
        payload[1] = 0xd8;
        const data = imageWriter.writeMessage({ header: { stamp: stamp(t), frame_id: BENCH_CAMERAS[which]!.slice(1) }, format: "jpeg", data: payload });
        await writer.addMessage({ channelId: cams[which]!, sequence: camSeq[which]!, logTime: t, publishTime: t, data });
        camSeq[which]!++;
        nextCam[which] = nextCam[which]! + camPeriod;
        written += BigInt(data.byteLength);
      }
      if (performance.now() - lastLog > 5000) {
        lastLog = performance.now();
        log(`  generating ${path.basename(file)}: ${(Number(written) / 2 ** 30).toFixed(2)} GiB of messages, ${(Number(t - BENCH_T0) / 1e9).toFixed(0)}/${seconds} s`);
      }
    }
    await writer.end();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  log(`  generated ${file}: ${(fs.statSync(file).size / 2 ** 30).toFixed(2)} GiB in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}
