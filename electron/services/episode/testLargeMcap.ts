/**
 * Test helper: a valid multi-GB 3-camera episode written in seconds. @mcap/core's McapWriter writes the messages
 * (three `sensor_msgs/msg/CompressedImage` cameras at 30 Hz and `/joint_states` at 200 Hz, CDR, chunked with message
 * indexes, chunk indexes and statistics, optionally zstd chunks); between chunks, Attachment records
 * (https://mcap.dev/spec#attachment-op0x09) whose data is left as a hole in a sparse file push the later chunks past
 * the 4 GiB mark without writing gigabytes. The padding attachments are valid records but not in the summary's
 * attachment index (so every reader lists the same attachments); the Data End record's CRC is 0 ("not computed").
 *
 * A frame's JPEG bytes are a function of (camera, sequence): `expectedFrame` gives them back for checks.
 */
import { MessageWriter } from "@foxglove/rosmsg2-serialization";
import { parse as parseRosMsg } from "@foxglove/rosmsg";
import * as zstdNs from "@foxglove/wasm-zstd";
import { McapWriter, type IWritable } from "@mcap/core";
import { unwrapDefaultExport } from "@mcap/support";
import fs from "node:fs";
import { COMPRESSED_IMAGE_DEFINITION, JOINT_STATE_DEFINITION } from "../../../shared/mcap/ros2Definitions.ts";

/** Camera topics of the large episode. */
export const LARGE_CAMERAS = ["/cam_high", "/cam_left_wrist", "/cam_right_wrist"] as const;
/** Joint topic of the large episode. */
export const LARGE_JOINTS = "/joint_states";
/** First log time (ns). */
export const LARGE_T0 = 1_757_502_000_000_000_000n;
const CAMERA_PERIOD_NS = 33_333_333n;
const JOINT_PERIOD_NS = 5_000_000n;

/** What to write. */
export interface LargeMcapSpec {
  /** Target file size in bytes (reached with padding; the real bytes are ~frames × frameBytes). */
  sizeBytes: number;
  /** Recorded seconds (default 20). */
  seconds?: number;
  /** Frame payload bytes (default 24,000). */
  frameBytes?: number;
  /** Padding attachments spread through the data section (default 4). */
  paddings?: number;
  compression?: "zstd";
}

/** The JPEG bytes of frame `sequence` of camera `camera` (0..2): SOI, camera, sequence, then a pattern. */
export function expectedFrame(camera: number, sequence: number, frameBytes = 24_000): Uint8Array {
  const out = new Uint8Array(frameBytes);
  for (let i = 0; i < out.length; i++) out[i] = (i * 31 + sequence * 7 + camera * 101) & 0xff;
  out[0] = 0xff;
  out[1] = 0xd8;
  new DataView(out.buffer).setUint32(2, camera, true);
  new DataView(out.buffer).setUint32(6, sequence, true);
  return out;
}

/** Writes to a file descriptor at a tracked position; `pad` leaves holes. */
class SparseWritable implements IWritable {
  #position = 0;
  writes = 0;
  constructor(private readonly fd: number) {}
  async write(buffer: Uint8Array): Promise<void> {
    let bytes = buffer;
    // Data End (op 0x0F, 13 bytes): CRC 0 = not computed (the padding is not in McapWriter's running CRC).
    if (bytes.length >= 13 && bytes[0] === 0x0f && bytes[1] === 4 && bytes[2] === 0) {
      bytes = bytes.slice();
      bytes.fill(0, 9, 13);
    }
    fs.writeSync(this.fd, bytes, 0, bytes.length, this.#position);
    this.#position += bytes.length;
    this.writes++;
  }
  position(): bigint {
    return BigInt(this.#position);
  }
  /** An Attachment record of `dataBytes` zero bytes (a hole), named `name`. */
  pad(name: string, dataBytes: number, logTime: bigint): void {
    const enc = new TextEncoder();
    const nameBytes = enc.encode(name);
    const media = enc.encode("application/octet-stream");
    const headLength = 8 + 8 + 4 + nameBytes.length + 4 + media.length + 8;
    const head = new Uint8Array(9 + headLength);
    const dv = new DataView(head.buffer);
    head[0] = 0x09;
    dv.setBigUint64(1, BigInt(headLength + dataBytes + 4), true);
    let at = 9;
    dv.setBigUint64(at, logTime, true);
    dv.setBigUint64(at + 8, logTime, true);
    at += 16;
    dv.setUint32(at, nameBytes.length, true);
    head.set(nameBytes, at + 4);
    at += 4 + nameBytes.length;
    dv.setUint32(at, media.length, true);
    head.set(media, at + 4);
    at += 4 + media.length;
    dv.setBigUint64(at, BigInt(dataBytes), true);
    fs.writeSync(this.fd, head, 0, head.length, this.#position);
    this.#position += head.length + dataBytes;
    fs.writeSync(this.fd, new Uint8Array(4), 0, 4, this.#position); // crc 0: not computed
    this.#position += 4;
  }
}

/** Counts of what was written. */
export interface LargeMcapWritten {
  frames: number[];
  joints: number;
  /** Byte offset of the first chunk written after the last padding (past 4 GiB for sizes well above it). */
  lastPaddingEnd: number;
}

/** Write the large episode to `file` (sparse: a few tens of MB on disk). */
export async function writeLargeMcap(file: string, spec: LargeMcapSpec): Promise<LargeMcapWritten> {
  const seconds = spec.seconds ?? 20;
  const frameBytes = spec.frameBytes ?? 24_000;
  const paddings = spec.paddings ?? 4;
  let compressChunk: ((chunk: Uint8Array) => { compression: string; compressedData: Uint8Array }) | undefined;
  if (spec.compression === "zstd") {
    const zstd = unwrapDefaultExport<typeof zstdNs>(zstdNs);
    await zstd.isLoaded;
    compressChunk = (chunk) => ({ compression: "zstd", compressedData: new Uint8Array(zstd.compress(chunk, 1)) });
  }
  const fd = fs.openSync(file, "w");
  try {
    const writable = new SparseWritable(fd);
    const writer = new McapWriter({ writable, chunkSize: 2 * 1024 * 1024, compressChunk });
    await writer.start({ profile: "ros2", library: "episcope large-file tests" });
    const enc = new TextEncoder();
    const jointSchema = await writer.registerSchema({ name: "sensor_msgs/msg/JointState", encoding: "ros2msg", data: enc.encode(JOINT_STATE_DEFINITION) });
    const imageSchema = await writer.registerSchema({ name: "sensor_msgs/msg/CompressedImage", encoding: "ros2msg", data: enc.encode(COMPRESSED_IMAGE_DEFINITION) });
    const joints = await writer.registerChannel({ topic: LARGE_JOINTS, schemaId: jointSchema, messageEncoding: "cdr", metadata: new Map() });
    const cams: number[] = [];
    for (const topic of LARGE_CAMERAS) cams.push(await writer.registerChannel({ topic, schemaId: imageSchema, messageEncoding: "cdr", metadata: new Map() }));
    const jointWriter = new MessageWriter(parseRosMsg(JOINT_STATE_DEFINITION, { ros2: true }));
    const imageWriter = new MessageWriter(parseRosMsg(COMPRESSED_IMAGE_DEFINITION, { ros2: true }));
    const names = Array.from({ length: 14 }, (_, j) => `joint_${j}`);
    const stamp = (t: bigint) => ({ sec: Number(t / 1_000_000_000n), nanosec: Number(t % 1_000_000_000n) });

    const endNs = LARGE_T0 + BigInt(seconds) * 1_000_000_000n;
    const realBytes = Math.ceil((seconds * 30 * 3 * (frameBytes + 80) + seconds * 200 * 400) * 1.01);
    const padBytes = Math.max(0, Math.floor((spec.sizeBytes - realBytes) / paddings));
    const padEvery = (endNs - LARGE_T0) / BigInt(paddings + 1);
    let nextPad = LARGE_T0 + padEvery;
    let padded = 0;
    let lastPaddingEnd = 0;
    let nextJoint = LARGE_T0;
    const nextCam = LARGE_CAMERAS.map((_, c) => LARGE_T0 + BigInt(c) * 1_000_000n);
    const frames = [0, 0, 0];
    let jointCount = 0;
    for (;;) {
      let which = -1;
      let t = nextJoint;
      for (let c = 0; c < nextCam.length; c++) if (nextCam[c]! < t) [which, t] = [c, nextCam[c]!];
      if (t >= endNs) break;
      const before = writable.writes;
      if (which < 0) {
        const phase = Number(t - LARGE_T0) / 1e9;
        const data = jointWriter.writeMessage({
          header: { stamp: stamp(t), frame_id: "" },
          name: names,
          position: names.map((_, j) => Math.sin(phase * (0.3 + j * 0.05))),
          velocity: names.map(() => 0),
          effort: names.map(() => 0),
        });
        await writer.addMessage({ channelId: joints, sequence: jointCount, logTime: t, publishTime: t, data });
        jointCount++;
        nextJoint += JOINT_PERIOD_NS;
      } else {
        const payload = expectedFrame(which, frames[which]!, frameBytes);
        const data = imageWriter.writeMessage({ header: { stamp: stamp(t), frame_id: LARGE_CAMERAS[which]!.slice(1) }, format: "jpeg", data: payload });
        await writer.addMessage({ channelId: cams[which]!, sequence: frames[which]!, logTime: t, publishTime: t, data });
        frames[which]!++;
        nextCam[which] = nextCam[which]! + CAMERA_PERIOD_NS;
      }
      // A chunk was just written (the chunk builder is empty): a padding attachment may go here.
      if (writable.writes !== before && t >= nextPad && padded < paddings) {
        writable.pad(`padding-${padded}.bin`, padBytes, t);
        lastPaddingEnd = Number(writable.position());
        padded++;
        nextPad += padEvery;
      }
    }
    await writer.end();
    return { frames, joints: jointCount, lastPaddingEnd };
  } finally {
    fs.closeSync(fd);
  }
}
