import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { tableFromIPC } from "apache-arrow";
import { parquetWriteBuffer } from "hyparquet-writer";
import { createFile, MP4BoxBuffer } from "mp4box";
import { protobufFromBinaryDescriptor } from "@mcap/support";
import { afterAll, describe, expect, it } from "vitest";
import { av1ObuTypes } from "../../episode/videoKeyframes.ts";
import { readMcapForTests } from "../readMcapForTests.ts";
import { formatTemplate, importLerobotV2 } from "./importLerobotV2.ts";

const DATA = `${process.env.EPISCOPE_SHARED_DATA}/lerobot`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-lerobot2-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("importLerobotV2", () => {
  it("expands LeRobot's Python path templates", () => {
    expect(formatTemplate("videos/chunk-{episode_chunk:03d}/{video_key}/episode_{episode_index:06d}.mp4", { episode_chunk: 1, video_key: "observation.images.top", episode_index: 42 })).toBe(
      "videos/chunk-001/observation.images.top/episode_000042.mp4",
    );
  });

  it("SO-101 v2.1 (no Parquet): imports the AV1 videos incl. the 1-frame file; episodes without video fail with the reason", async () => {
    const report = await importLerobotV2(path.join(DATA, "so101_chess_v21"), { outDir: path.join(tmp, "so101"), rateHz: null });
    const byIndex = new Map(report.episodes.map((e) => [e.source, e]));
    expect([...byIndex.keys()]).toEqual(["episode 0", "episode 1", "episode 2", "episode 3", "episode 4"]);
    expect(report.episodes.map((e) => e.status)).toEqual(["partial", "failed", "failed", "partial", "partial"]);
    expect(report.episodes.map((e) => e.steps)).toEqual([775, 0, 0, 762, 1]);
    expect(byIndex.get("episode 1")!.problems.map((p) => p.code)).toEqual(["missing-data", "missing-video", "empty-episode"]);
    for (const [index, frames] of [[0, 775], [3, 762], [4, 1]] as const) {
      const mcap = await readMcapForTests(path.join(tmp, "so101", `episode_00000${index}.mcap`));
      const video = mcap.byTopic.get("/observation.images.follower_wrist")!;
      expect(video).toHaveLength(frames);
      expect(mcap.schemaOf.get("/observation.images.follower_wrist")).toBe("foxglove.CompressedVideo");
      expect(mcap.metadata.get("episode")!.get("task")).toBe("Move the white rook to D4 on the chessboard.");
      expect(mcap.metadata.get("episode")!.get("robot")).toBe("so101");
      // 30 fps: frame k at k × 33.333… ms.
      expect(video.at(-1)!.logTime).toBe(BigInt(Math.floor(((frames - 1) * 1e9) / 30)));
    }
  }, 120_000);

  it("reports a Parquet file missing a column that info.json declares and imports the rest", async () => {
    // A v2.1 dataset made from the real ALOHA v1 episode: Parquet written with hyparquet-writer, without `action`.
    const src = path.join(DATA, "aloha_sim_transfer_cube_human_v1");
    const dir = path.join(tmp, "aloha_v21");
    const table = tableFromIPC(fs.readFileSync(path.join(src, "train", "data-00000-of-00001.arrow")));
    const list = (key: string) => Array.from({ length: table.numRows }, (_, i) => Array.from(table.getChild(key)!.get(i)!.toArray() as Float32Array));
    const scalar = (key: string) => Array.from({ length: table.numRows }, (_, i) => table.getChild(key)!.get(i) as unknown);
    const state = list("observation.state");
    const parquet = parquetWriteBuffer({
      columnData: [
        { name: "observation.state", data: state },
        { name: "timestamp", data: scalar("timestamp") as number[] },
        { name: "frame_index", data: scalar("frame_index") as bigint[] },
        { name: "episode_index", data: scalar("episode_index") as bigint[] },
        { name: "next.done", data: scalar("next.done") as boolean[] },
      ],
      schema: [
        { name: "root", num_children: 5 },
        { name: "observation.state", repetition_type: "OPTIONAL", num_children: 1, converted_type: "LIST" },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        { name: "element", type: "FLOAT", repetition_type: "OPTIONAL" },
        { name: "timestamp", type: "FLOAT", repetition_type: "OPTIONAL" },
        { name: "frame_index", type: "INT64", repetition_type: "OPTIONAL" },
        { name: "episode_index", type: "INT64", repetition_type: "OPTIONAL" },
        { name: "next.done", type: "BOOLEAN", repetition_type: "OPTIONAL" },
      ],
    });
    const names = Array.from({ length: 14 }, (_, i) => `joint_${i}`);
    const info = {
      codebase_version: "v2.1",
      robot_type: "aloha",
      fps: 50,
      chunks_size: 1000,
      total_episodes: 1,
      data_path: "data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet",
      video_path: "videos/chunk-{episode_chunk:03d}/{video_key}/episode_{episode_index:06d}.mp4",
      features: {
        "observation.state": { dtype: "float32", shape: [14], names },
        action: { dtype: "float32", shape: [14], names },
        "observation.images.top": { dtype: "video", shape: [480, 640, 3] },
        timestamp: { dtype: "float32", shape: [1] },
        frame_index: { dtype: "int64", shape: [1] },
        episode_index: { dtype: "int64", shape: [1] },
        "next.done": { dtype: "bool", shape: [1] },
      },
    };
    fs.mkdirSync(path.join(dir, "meta"), { recursive: true });
    fs.mkdirSync(path.join(dir, "data", "chunk-000"), { recursive: true });
    fs.mkdirSync(path.join(dir, "videos", "chunk-000", "observation.images.top"), { recursive: true });
    fs.writeFileSync(path.join(dir, "meta", "info.json"), JSON.stringify(info));
    fs.writeFileSync(path.join(dir, "meta", "episodes.jsonl"), JSON.stringify({ episode_index: 0, tasks: ["transfer the cube"], length: 400 }) + "\n");
    const dataFile = path.join(dir, "data", "chunk-000", "episode_000000.parquet");
    fs.writeFileSync(dataFile, new Uint8Array(parquet));
    fs.copyFileSync(path.join(src, "videos", "observation.images.top_episode_000000.mp4"), path.join(dir, "videos", "chunk-000", "observation.images.top", "episode_000000.mp4"));

    const report = await importLerobotV2(dir, { outDir: path.join(dir, "out"), rateHz: null });
    const episode = report.episodes[0]!;
    expect(episode.status).toBe("partial");
    expect(episode.problems).toEqual([{ severity: "warning", code: "missing-column", message: `${dataFile}: column action declared in ${path.join(dir, "meta", "info.json")} is missing` }]);
    const mcap = await readMcapForTests(episode.output!);
    expect(mcap.byTopic.has("/action")).toBe(false);
    expect(mcap.byTopic.get("/observation.images.top")).toHaveLength(400);
    const decoded = mcap.byTopic.get("/observation.state")!.map((m) => JSON.parse(new TextDecoder().decode(m.data)) as Record<string, number>);
    expect(Object.keys(decoded[0]!)).toEqual(names);
    expect(decoded.map((d) => Object.values(d))).toEqual(state);
    expect(mcap.byTopic.get("/next.done")!.map((m) => (JSON.parse(new TextDecoder().decode(m.data)) as Record<string, number>)["next.done"]).lastIndexOf(0)).toBe(398);
    expect(mcap.metadata.get("episcope.labels")!.get("done_step")).toBe("399");
  }, 120_000);
});

describe("AV1 keyframes", () => {
  it("every AV1 sync sample is written with a sequence header OBU, as the engine's keyframe index expects", async () => {
    const topic = "/observation.images.follower_wrist";
    const mcap = await readMcapForTests(path.join(tmp, "so101", "episode_000000.mcap"));
    const type = protobufFromBinaryDescriptor(mcap.schemaDataOf.get(topic)!).lookupType("foxglove.CompressedVideo");
    const units = mcap.byTopic.get(topic)!.map((m) => type.toObject(type.decode(m.data)) as { data: Uint8Array; format: string });
    expect(units.every((u) => u.format === "av1")).toBe(true);
    expect(av1ObuTypes(units[0]!.data)).toContain(1);
    const bytes = fs.readFileSync(path.join(DATA, "so101_chess_v21", "videos", "follower_wrist_episode_000000.mp4"));
    const mp4 = createFile();
    mp4.appendBuffer(MP4BoxBuffer.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), 0), true);
    mp4.flush();
    const sync = mp4.getTrackSamplesInfo(mp4.getInfo().videoTracks[0]!.id).map((s) => s.is_sync);
    expect(units.map((u) => av1ObuTypes(u.data).includes(1))).toEqual(sync);
  });
});
