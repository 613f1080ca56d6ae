/**
 * Checks the COMMITTED sample episodes in assets/sample/ (not a fresh generation): real file reads through
 * @mcap/core's McapIndexedReader, decoding with the schemas stored in each file.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@foxglove/rosmsg";
import { MessageReader } from "@foxglove/rosmsg2-serialization";
import type { McapIndexedReader } from "@mcap/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NAL, nalTypes } from "./sample/annexb.ts";
import { readCameraFrames, type DecodedFrame } from "./sample/extract.ts";
import { probeH264Topic } from "./sample/probeH264.ts";
import { openIndexedMcap, type OpenedMcap } from "./sample/readMcap.ts";

const SAMPLE_DIR = fileURLToPath(new URL("../assets/sample/", import.meta.url));
const FILES = readdirSync(SAMPLE_DIR)
  .filter((f) => f.endsWith(".mcap"))
  .sort();

const JOINT_NAMES = ["left", "right"].flatMap((side) =>
  ["waist", "shoulder", "elbow", "forearm_roll", "wrist_angle", "wrist_rotate", "gripper"].map((j) => `${side}_${j}`),
);


interface JointStateMsg {
  header: { stamp: { sec: number; nanosec: number }; frame_id: string };
  name: string[];
  position: ArrayLike<number>;
  velocity: ArrayLike<number>;
  effort: ArrayLike<number>;
}

function channel(reader: McapIndexedReader, topic: string) {
  const ch = [...reader.channelsById.values()].find((c) => c.topic === topic);
  if (!ch) throw new Error(`missing channel ${topic}`);
  return { channel: ch, schema: reader.schemasById.get(ch.schemaId)! };
}

async function collect(reader: McapIndexedReader, topic: string) {
  const out = [];
  for await (const m of reader.readMessages({ topics: [topic] })) out.push(m);
  return out;
}

it("bundles at least two sample episodes", () => {
  expect(FILES.length).toBeGreaterThanOrEqual(2);
});

describe.each(FILES)("assets/sample/%s", (file) => {
  const path = join(SAMPLE_DIR, file);
  let opened: OpenedMcap;
  let reader: McapIndexedReader;
  let durationSec: number;
  let camHigh: DecodedFrame[];

  beforeAll(async () => {
    opened = await openIndexedMcap(path);
    reader = opened.reader;
    const stats = reader.statistics!;
    durationSec = Number(stats.messageEndTime - stats.messageStartTime) / 1e9;
    camHigh = await readCameraFrames(reader, "/cam_high");
  });
  afterAll(() => opened?.close());

  it("is indexed, with statistics, and lasts 10–20 s from a 2025 start time", () => {
    expect(reader.statistics).toBeDefined();
    expect(reader.chunkIndexes.length).toBeGreaterThan(1);
    expect(reader.chunkIndexes.every((c) => c.messageIndexOffsets.size > 0)).toBe(true);
    expect(durationSec).toBeGreaterThanOrEqual(10);
    expect(durationSec).toBeLessThanOrEqual(20);
    const startSec = Number(reader.statistics!.messageStartTime / 1_000_000_000n);
    expect(new Date(startSec * 1000).getUTCFullYear()).toBe(2025);
  });

  it("has the three cameras with Foxglove protobuf schemas", () => {
    const expected: Record<string, string> = {
      "/cam_high": "foxglove.CompressedVideo",
      "/cam_left_wrist": "foxglove.CompressedImage",
      "/cam_right_wrist": "foxglove.CompressedVideo",
    };
    for (const [topic, schemaName] of Object.entries(expected)) {
      const { channel: ch, schema } = channel(reader, topic);
      expect(schema.name).toBe(schemaName);
      expect(schema.encoding).toBe("protobuf");
      expect(ch.messageEncoding).toBe("protobuf");
    }
  });

  it("/cam_high is 30 fps H.264 with an IDR + SPS every 30th frame, starting at the first", () => {
    expect(camHigh.length).toBeGreaterThan(0);
    expect(Math.abs(camHigh.length - durationSec * 30)).toBeLessThanOrEqual(2);
    const start = camHigh[0]!.logTimeNs;
    camHigh.forEach((frame, i) => {
      expect(frame.format).toBe("h264");
      expect(frame.timestampNs).toBe(frame.logTimeNs);
      expect(frame.logTimeNs - start).toBe((BigInt(i) * 1_000_000_000n) / 30n);
      const types = nalTypes(frame.data);
      if (i % 30 === 0) {
        expect(types, `frame ${i}`).toContain(NAL.IDR);
        expect(types, `frame ${i}`).toContain(NAL.SPS);
        expect(types.indexOf(NAL.SPS)).toBeLessThan(types.indexOf(NAL.IDR));
      } else {
        expect(types, `frame ${i}`).not.toContain(NAL.IDR);
      }
    });
  });

  it("/cam_right_wrist is H.264 on a clock 3 ms after /cam_high", async () => {
    const right = await readCameraFrames(reader, "/cam_right_wrist");
    expect(right.length).toBe(camHigh.length);
    expect(right[0]!.logTimeNs - camHigh[0]!.logTimeNs).toBe(3_000_000n);
    expect(nalTypes(right[0]!.data)).toEqual(expect.arrayContaining([NAL.SPS, NAL.PPS, NAL.IDR]));
  });

  it("/cam_left_wrist is 15 fps JPEG", async () => {
    const left = await readCameraFrames(reader, "/cam_left_wrist");
    expect(Math.abs(left.length - durationSec * 15)).toBeLessThanOrEqual(2);
    for (const frame of left) {
      expect(frame.format).toBe("jpeg");
      expect([frame.data[0], frame.data[1]]).toEqual([0xff, 0xd8]);
      expect([frame.data.at(-2), frame.data.at(-1)]).toEqual([0xff, 0xd9]);
    }
  });

  it("/joint_states is ROS 2 JointState at 100 Hz with 14 ALOHA joints", async () => {
    const { channel: ch, schema } = channel(reader, "/joint_states");
    expect(schema.name).toBe("sensor_msgs/msg/JointState");
    expect(schema.encoding).toBe("ros2msg");
    expect(ch.messageEncoding).toBe("cdr");
    const messages = await collect(reader, "/joint_states");
    expect(Math.abs(messages.length - durationSec * 100)).toBeLessThanOrEqual(2);
    const spanSec = Number(messages.at(-1)!.logTime - messages[0]!.logTime) / 1e9;
    expect((messages.length - 1) / spanSec).toBeGreaterThanOrEqual(99.9);

    const jsReader = new MessageReader<JointStateMsg>(parse(new TextDecoder().decode(schema.data), { ros2: true }));
    for (const m of [messages[0]!, messages[Math.floor(messages.length / 2)]!]) {
      const js = jsReader.readMessage(m.data);
      expect(js.name).toEqual(JOINT_NAMES);
      expect(js.position).toHaveLength(14);
      expect(js.velocity).toHaveLength(14);
      expect(js.effort).toHaveLength(14);
      expect(BigInt(js.header.stamp.sec) * 1_000_000_000n + BigInt(js.header.stamp.nanosec)).toBe(m.logTime);
      for (const q of Array.from(js.position)) expect(Math.abs(q)).toBeLessThan(Math.PI);
    }
  });

  it("/action is 14-D JSON at 50 Hz", async () => {
    const { channel: ch, schema } = channel(reader, "/action");
    expect(schema.encoding).toBe("jsonschema");
    expect(ch.messageEncoding).toBe("json");
    const messages = await collect(reader, "/action");
    expect(Math.abs(messages.length - durationSec * 50)).toBeLessThanOrEqual(2);
    const first = JSON.parse(new TextDecoder().decode(messages[0]!.data)) as { positions: number[] };
    expect(first.positions).toHaveLength(14);
  });

  it("has an `episode` metadata record", async () => {
    const records = [];
    for await (const r of reader.readMetadata({ name: "episode" })) records.push(r);
    expect(records).toHaveLength(1);
    for (const key of ["operator", "task", "robot", "session"]) expect(records[0]!.metadata.get(key)).toBeTruthy();
  });

  it("ffprobe (Debian ffmpeg, installed by .ci/run) decodes every /cam_high frame", async () => {
    const result = await probeH264Topic(path, "/cam_high");
    expect(result.decodedFrames).toBe(camHigh.length);
    expect([result.width, result.height]).toEqual([320, 240]);
  });
});

it("exercises both uncompressed and compressed chunks across the sample", async () => {
  const compressions = new Set<string>();
  for (const file of FILES) {
    const { reader, close } = await openIndexedMcap(join(SAMPLE_DIR, file));
    for (const c of reader.chunkIndexes) compressions.add(c.compression);
    await close();
  }
  expect(compressions.has("")).toBe(true);
  expect([...compressions].some((c) => c === "zstd" || c === "lz4")).toBe(true);
});
