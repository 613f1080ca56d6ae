import type { McapTypes } from "@mcap/core";
import { protobufFromBinaryDescriptor } from "@mcap/support";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { summarizeEpisodeFile } from "../../episode/episodeMainService.ts";
import { readMcapForTests } from "../readMcapForTests.ts";
import { importRlds } from "./importRlds.ts";
import { maskedCrc32c } from "./tfRecord.ts";

const BRIDGE = `${process.env.EPISCOPE_SHARED_DATA}/rlds/bridge_debug/1.0.0`;
const SHARD = "bridge_dataset-train.tfrecord-00000-of-00001";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-rlds-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const decoder = new TextDecoder();
const json = (m: McapTypes.Message) => JSON.parse(decoder.decode(m.data)) as Record<string, number>;

/** Record offsets of a TFRecord file, walked independently of the importer. */
function recordOffsets(bytes: Buffer): number[] {
  const offsets: number[] = [];
  for (let o = 0; o < bytes.length; o += 16 + Number(bytes.readBigUInt64LE(o))) offsets.push(o);
  return offsets;
}

describe("TFRecord framing", () => {
  it("masks CRC32C as TensorFlow does (CRC32C check value of '123456789' is 0xe3069283)", () => {
    const crc = 0xe3069283;
    const masked = ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
    expect(maskedCrc32c(new TextEncoder().encode("123456789"))).toBe(masked);
  });
});

describe("importRlds on BridgeData (bridge_debug)", () => {
  const out = path.join(tmp, "train");
  const shard = fs.readFileSync(path.join(BRIDGE, SHARD));

  it("imports 25 episodes with three real cameras, 7-D state and action, and the language instruction", async () => {
    const report = await importRlds(BRIDGE, { outDir: out, rateHz: null, splits: ["train"] });
    expect(report.problems).toEqual([]);
    expect(report.episodes).toHaveLength(25);
    expect(report.episodes.every((e) => e.status === "ok" && e.steps === 10)).toBe(true);

    for (const [i, e] of report.episodes.entries()) {
      const { byTopic, schemaOf, schemaDataOf, metadata } = await readMcapForTests(e.output!);
      const cameras = [...schemaOf].filter(([, schema]) => schema === "foxglove.CompressedImage").map(([topic]) => topic);
      expect(cameras.sort()).toEqual(["/observation/image_0", "/observation/image_1", "/observation/image_2"]);
      for (const camera of cameras) {
        const frames = byTopic.get(camera)!;
        expect(frames).toHaveLength(10);
        // Each JPEG is stored as-is: the whole file occurs verbatim in the source shard.
        const type = protobufFromBinaryDescriptor(schemaDataOf.get(camera)!).lookupType("foxglove.CompressedImage");
        const image = type.toObject(type.decode(frames[3]!.data)) as { data: Uint8Array; format: string };
        expect(image.format).toBe("jpeg");
        expect(Array.from(image.data.subarray(0, 3))).toEqual([0xff, 0xd8, 0xff]);
        expect(shard.indexOf(Buffer.from(image.data))).toBeGreaterThan(0);
      }
      const state = byTopic.get("/observation/state")!;
      expect(state).toHaveLength(10);
      expect(Object.keys(json(state[0]!))).toEqual(["x", "y", "z", "roll", "pitch", "yaw", "gripper"]);
      expect(Object.keys(json(byTopic.get("/action")![0]!))).toHaveLength(7);
      // 5 Hz invented clock: 200 ms apart, starting at 0.
      expect(state.map((m) => m.logTime)).toEqual(Array.from({ length: 10 }, (_, k) => BigInt(k) * 200_000_000n));
      const task = metadata.get("episode")!.get("task")!;
      expect(task.length).toBeGreaterThan(5);
      expect(shard.indexOf(Buffer.from(task))).toBeGreaterThan(0);
      expect(metadata.get("episcope.labels")!.get("instruction")).toBe(task);
      expect(metadata.get("episcope.import")!.get("timestamps")).toBe("invented");
      expect(metadata.get("episcope.labels")!.get("step_label_topics")).toBe("/step");
      expect(Object.keys(json(byTopic.get("/step")![0]!)).sort()).toEqual(["discount", "is_first", "is_last", "is_terminal", "reward"]);
      expect(byTopic.get("/step")!.map((m) => json(m).is_first)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
      if (i === 0) {
        expect(task).toBe("put cup from counter or drying rack into sink");
        expect(json(state[0]!).x).toBe(Math.fround(0.2338147908449173));
      }
    }
  });

  it("the engine sees the imported episode as three cameras plus plottable state and action", async () => {
    const summary = await summarizeEpisodeFile(path.join(out, "train_episode_000000.mcap"));
    const kinds = Object.fromEntries(summary.channels.map((c) => [c.topic, c.kind]));
    expect(kinds).toMatchObject({ "/observation/image_0": "camera", "/observation/image_1": "camera", "/observation/image_2": "camera", "/observation/state": "joints", "/action": "joints" });
    expect(summary.channels.find((c) => c.topic === "/observation/image_0")?.rateHz).toBeCloseTo(5, 6);
  });

  it("reports a record with a bad CRC and imports the rest", async () => {
    const dir = path.join(tmp, "badcrc");
    fs.mkdirSync(dir);
    for (const f of ["dataset_info.json", "features.json"]) fs.copyFileSync(path.join(BRIDGE, f), path.join(dir, f));
    const corrupt = Buffer.from(shard);
    const offsets = recordOffsets(corrupt);
    corrupt[offsets[3]! + 12 + 1000]! ^= 0xff;
    fs.writeFileSync(path.join(dir, SHARD), corrupt);
    const report = await importRlds(dir, { outDir: path.join(dir, "out"), rateHz: 10, splits: ["train"] });
    expect(report.episodes.map((e) => e.status)).toEqual(Array.from({ length: 25 }, (_, i) => (i === 3 ? "failed" : "ok")));
    expect(report.episodes[3]!.problems[0]).toMatchObject({ code: "bad-crc" });
    expect(report.episodes[3]!.problems[0]!.message).toContain(`${SHARD} @ ${offsets[3]}: data CRC mismatch`);
  }, 120_000);

  it("reports a truncated shard at the record where it ends and imports the records before it", async () => {
    const dir = path.join(tmp, "truncated");
    fs.mkdirSync(dir);
    for (const f of ["dataset_info.json", "features.json"]) fs.copyFileSync(path.join(BRIDGE, f), path.join(dir, f));
    const offsets = recordOffsets(shard);
    fs.writeFileSync(path.join(dir, SHARD), shard.subarray(0, offsets[24]! + 5000));
    const report = await importRlds(dir, { outDir: path.join(dir, "out"), rateHz: null, splits: ["train"] });
    expect(report.episodes).toHaveLength(25);
    expect(report.episodes.slice(0, 24).every((e) => e.status === "ok")).toBe(true);
    expect(report.episodes[24]).toMatchObject({ status: "failed", output: null });
    expect(report.episodes[24]!.problems[0]!.message).toMatch(new RegExp(`${SHARD} @ ${offsets[24]}: record of \\d+ bytes runs past the end of the file`));
    expect(fs.readdirSync(path.join(dir, "out")).filter((f) => f.endsWith(".mcap"))).toHaveLength(24);
  }, 120_000);
});
