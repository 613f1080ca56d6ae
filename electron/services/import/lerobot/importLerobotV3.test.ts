import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { tableFromIPC } from "apache-arrow";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, describe, expect, it } from "vitest";
import { annexBNalTypes } from "../../episode/videoKeyframes.ts";
import { readMcapForTests } from "../readMcapForTests.ts";
import { importLerobotV3 } from "./importLerobotV3.ts";

const SRC = `${process.env.EPISCOPE_SHARED_DATA}/lerobot/aloha_sim_transfer_cube_human_v1`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-lerobot3-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const VIDEO_KEY = "observation.images.top";
const listOf = (name: string, type: "FLOAT" | "BYTE_ARRAY") => [
  { name, repetition_type: "OPTIONAL" as const, num_children: 1, converted_type: "LIST" as const },
  { name: "list", repetition_type: "REPEATED" as const, num_children: 1 },
  { name: "element", type, repetition_type: "OPTIONAL" as const, ...(type === "BYTE_ARRAY" ? { converted_type: "UTF8" as const } : {}) },
];

/**
 * A LeRobot v3.0 dataset made from the real ALOHA v1 episode, split into two episodes of 200 frames that share one
 * data file and one video file (as v3.0 concatenates them). `dropAction` leaves out the declared `action` column.
 */
function makeV3(dir: string, dropAction: boolean): { state: number[][] } {
  const table = tableFromIPC(fs.readFileSync(path.join(SRC, "train", "data-00000-of-00001.arrow")));
  const n = table.numRows;
  const list = (key: string) => Array.from({ length: n }, (_, i) => Array.from(table.getChild(key)!.get(i)!.toArray() as Float32Array));
  const ts = Array.from({ length: n }, (_, i) => Number(table.getChild("timestamp")!.get(i)));
  const episodeOf = (i: number) => (i < 200 ? 0 : 1);
  const state = list("observation.state");
  const columnData = [
    { name: "observation.state", data: state },
    ...(dropAction ? [] : [{ name: "action", data: list("action") }]),
    { name: "timestamp", data: ts.map((t, i) => t - (episodeOf(i) === 1 ? 4 : 0)) },
    { name: "frame_index", data: ts.map((_, i) => BigInt(i % 200)) },
    { name: "episode_index", data: ts.map((_, i) => BigInt(episodeOf(i))) },
    { name: "index", data: ts.map((_, i) => BigInt(i)) },
  ];
  const schema = [
    { name: "root", num_children: columnData.length },
    ...listOf("observation.state", "FLOAT"),
    ...(dropAction ? [] : listOf("action", "FLOAT")),
    { name: "timestamp", type: "DOUBLE" as const, repetition_type: "OPTIONAL" as const },
    { name: "frame_index", type: "INT64" as const, repetition_type: "OPTIONAL" as const },
    { name: "episode_index", type: "INT64" as const, repetition_type: "OPTIONAL" as const },
    { name: "index", type: "INT64" as const, repetition_type: "OPTIONAL" as const },
  ];
  const episodes = parquetWriteBuffer({
    columnData: [
      { name: "episode_index", data: [0n, 1n] },
      { name: "tasks", data: [["pick the cube"], ["hand over the cube"]] },
      { name: "length", data: [200n, 200n] },
      { name: "data/chunk_index", data: [0n, 0n] },
      { name: "data/file_index", data: [0n, 0n] },
      { name: `videos/${VIDEO_KEY}/chunk_index`, data: [0n, 0n] },
      { name: `videos/${VIDEO_KEY}/file_index`, data: [0n, 0n] },
      { name: `videos/${VIDEO_KEY}/from_timestamp`, data: [0, 4] },
      { name: `videos/${VIDEO_KEY}/to_timestamp`, data: [4, 8] },
    ],
    schema: [
      { name: "root", num_children: 9 },
      { name: "episode_index", type: "INT64", repetition_type: "OPTIONAL" },
      ...listOf("tasks", "BYTE_ARRAY"),
      { name: "length", type: "INT64", repetition_type: "OPTIONAL" },
      { name: "data/chunk_index", type: "INT64", repetition_type: "OPTIONAL" },
      { name: "data/file_index", type: "INT64", repetition_type: "OPTIONAL" },
      { name: `videos/${VIDEO_KEY}/chunk_index`, type: "INT64", repetition_type: "OPTIONAL" },
      { name: `videos/${VIDEO_KEY}/file_index`, type: "INT64", repetition_type: "OPTIONAL" },
      { name: `videos/${VIDEO_KEY}/from_timestamp`, type: "DOUBLE", repetition_type: "OPTIONAL" },
      { name: `videos/${VIDEO_KEY}/to_timestamp`, type: "DOUBLE", repetition_type: "OPTIONAL" },
    ],
  });
  const names = Array.from({ length: 14 }, (_, i) => `joint_${i}`);
  const info = {
    codebase_version: "v3.0",
    robot_type: "aloha",
    fps: 50,
    data_path: "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet",
    video_path: "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4",
    features: {
      "observation.state": { dtype: "float32", shape: [14], names },
      action: { dtype: "float32", shape: [14], names },
      [VIDEO_KEY]: { dtype: "video", shape: [480, 640, 3] },
      timestamp: { dtype: "float32", shape: [1] },
      frame_index: { dtype: "int64", shape: [1] },
      episode_index: { dtype: "int64", shape: [1] },
      index: { dtype: "int64", shape: [1] },
    },
  };
  for (const d of ["meta/episodes/chunk-000", "data/chunk-000", `videos/${VIDEO_KEY}/chunk-000`]) fs.mkdirSync(path.join(dir, d), { recursive: true });
  fs.writeFileSync(path.join(dir, "meta", "info.json"), JSON.stringify(info));
  fs.writeFileSync(path.join(dir, "meta", "episodes", "chunk-000", "file-000.parquet"), new Uint8Array(episodes));
  fs.writeFileSync(path.join(dir, "data", "chunk-000", "file-000.parquet"), new Uint8Array(parquetWriteBuffer({ columnData, schema })));
  fs.copyFileSync(path.join(SRC, "videos", `${VIDEO_KEY}_episode_000000.mp4`), path.join(dir, "videos", VIDEO_KEY, "chunk-000", "file-000.mp4"));
  return { state };
}

const decode = (data: Uint8Array) => JSON.parse(new TextDecoder().decode(data)) as Record<string, number>;

describe("importLerobotV3", () => {
  it("splits shared data and video files into episodes by episode_index and from/to timestamps", async () => {
    const dir = path.join(tmp, "v3");
    const { state } = makeV3(dir, false);
    const report = await importLerobotV3(dir, { outDir: path.join(dir, "out"), rateHz: null });
    expect(report.episodes.map((e) => [e.source, e.status, e.steps])).toEqual([["episode 0", "ok", 200], ["episode 1", "ok", 200]]);
    for (const [k, e] of report.episodes.entries()) {
      const mcap = await readMcapForTests(e.output!);
      expect(mcap.metadata.get("episode")!.get("task")).toBe(k === 0 ? "pick the cube" : "hand over the cube");
      const frames = mcap.byTopic.get(`/${VIDEO_KEY}`)!;
      expect(frames).toHaveLength(200);
      expect(frames[0]!.logTime).toBe(0n);
      expect(frames.at(-1)!.logTime).toBe(3_980_000_000n);
      expect(annexBNalTypes(frames[0]!.data, (b) => b & 0x1f)).toContain(5);
      expect(mcap.byTopic.get("/observation.state")!.map((m) => Object.values(decode(m.data)))).toEqual(state.slice(k * 200, (k + 1) * 200));
      expect(mcap.byTopic.get("/action")).toHaveLength(200);
    }
  }, 120_000);

  it("reports a data file missing a declared column per episode and imports the rest", async () => {
    const dir = path.join(tmp, "v3-missing");
    makeV3(dir, true);
    const report = await importLerobotV3(dir, { outDir: path.join(dir, "out"), rateHz: null });
    const dataFile = path.join(dir, "data", "chunk-000", "file-000.parquet");
    for (const e of report.episodes) {
      expect(e.status).toBe("partial");
      expect(e.problems).toEqual([{ severity: "warning", code: "missing-column", message: `${dataFile}: column action declared in ${path.join(dir, "meta", "info.json")} is missing` }]);
      expect((await readMcapForTests(e.output!)).byTopic.get("/observation.state")).toHaveLength(200);
    }
  }, 120_000);
});
