import { McapIndexedReader } from "@mcap/core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EpisodeMainService, resolveServeTarget, summarizeEpisodeFile } from "./episodeMainService.ts";

const DATA = `${process.env.EPISCOPE_SHARED_DATA}/mcap`;
const ZOO = `${DATA}/ros2_message_zoo.mcap`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-service-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A dataset folder: real files in nested folders, plus folders and files that must not be listed. */
function makeDataset(): string {
  const root = path.join(tmp, `dataset-${Math.random().toString(36).slice(2)}`);
  for (const [rel, src] of [
    ["day2/zoo.mcap", ZOO],
    ["day1/vec3.mcap", `${DATA}/simple_protobuf_vec3.mcap`],
    ["day1/log.MCAP", `${DATA}/foxglove_log.mcap`],
    [".episcope/cache/hidden.mcap", ZOO],
    ["node_modules/pkg/dep.mcap", ZOO],
  ] as const) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.copyFileSync(src, path.join(root, rel));
  }
  fs.writeFileSync(path.join(root, "notes.txt"), "not an episode");
  fs.writeFileSync(path.join(root, "broken.mcap"), "PK\x03\x04 this is a zip");
  return root;
}

describe("EpisodeMainService.list", () => {
  it("lists .mcap files recursively, sorted, skipping .episcope and node_modules", async () => {
    const root = makeDataset();
    const service = new EpisodeMainService(root, "day2/zoo.mcap");
    const listing = await service.list();
    expect(listing.root).toBe(root);
    expect(listing.initial).toBe("day2/zoo.mcap");
    expect(listing.episodes).toEqual([
      { path: "broken.mcap", name: "broken", sizeBytes: 18 },
      { path: "day1/log.MCAP", name: "log", sizeBytes: fs.statSync(`${DATA}/foxglove_log.mcap`).size },
      { path: "day1/vec3.mcap", name: "vec3", sizeBytes: fs.statSync(`${DATA}/simple_protobuf_vec3.mcap`).size },
      { path: "day2/zoo.mcap", name: "zoo", sizeBytes: fs.statSync(ZOO).size },
    ]);
    service.close();
  });
});

describe("EpisodeMainService.open", () => {
  let root: string;
  let service: EpisodeMainService;
  beforeAll(() => {
    root = makeDataset();
  });
  afterEach(() => service?.close());

  it("summarizes the zoo file like its Statistics record", async () => {
    service = new EpisodeMainService(root, null);
    const summary = await service.open("day2/zoo.mcap");

    const bytes = fs.readFileSync(ZOO);
    const reader = await McapIndexedReader.Initialize({
      readable: { size: async () => BigInt(bytes.length), read: async (o, s) => bytes.subarray(Number(o), Number(o + s)) },
    });
    const stats = reader.statistics!;
    expect(summary).toMatchObject({
      path: "day2/zoo.mcap",
      name: "zoo",
      sizeBytes: bytes.length,
      startNs: stats.messageStartTime,
      endNs: stats.messageEndTime,
      messageCount: Number(stats.messageCount),
      readMode: "indexed",
    });
    expect(["mmap", "pread"]).toContain(summary.access);
    expect(summary.channels).toHaveLength(reader.channelsById.size);
    for (const channel of summary.channels) {
      expect(channel.messageCount, channel.topic).toBe(Number(stats.channelMessageCounts.get(channel.id) ?? 0n));
    }
    expect(summary.problems.filter((p) => p.code === "empty-channel").map((p) => p.topic).sort()).toEqual([
      "/events/write_split",
      "/parameter_events",
      "/relative_humidity",
      "/temperature",
    ]);
    expect(summary.problems.every((p) => p.severity === "info")).toBe(true);

    const joint = summary.channels.find((c) => c.topic === "/joint_state")!;
    expect(joint).toMatchObject({ kind: "joints", schemaName: "sensor_msgs/msg/JointState", schemaEncoding: "ros2msg", messageEncoding: "cdr", messageCount: 15 });
    expect(joint.rateHz).toBeCloseTo((15 - 1) / (Number(joint.lastNs! - joint.firstNs!) / 1e9), 9);
    const empty = summary.channels.find((c) => c.topic === "/temperature")!;
    expect(empty).toMatchObject({ messageCount: 0, rateHz: null, firstNs: null, lastNs: null });
  });

  it("caches by path (also through ./ and backslashes) and hands out one episode id", async () => {
    service = new EpisodeMainService(root, null);
    const a = await service.open("day1/vec3.mcap");
    const [b, c] = await Promise.all([service.open("./day1/vec3.mcap"), service.open("day1\\vec3.mcap")]);
    expect(b).toBe(a);
    expect(c).toBe(a);
    const other = await service.open("day1/log.MCAP");
    expect(other.episodeId).not.toBe(a.episodeId);
  });

  it("rejects paths escaping the root, absolute paths and missing files", async () => {
    service = new EpisodeMainService(path.join(root, "day1"), null);
    for (const bad of ["../day2/zoo.mcap", "a/../../day2/zoo.mcap", path.join(root, "day2/zoo.mcap"), "C:/x.mcap", ""]) {
      await expect(service.open(bad), bad).rejects.toMatchObject({ code: "invalid-path" });
    }
    await expect(service.open("nope.mcap")).rejects.toMatchObject({ code: "not-found", message: expect.stringContaining("nope.mcap") });
  });

  it("names the file in file errors, and retries once the file is fixed", async () => {
    const dir = path.join(tmp, "retry");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "ep.mcap"), "");
    service = new EpisodeMainService(dir, null);
    await expect(service.open("ep.mcap")).rejects.toMatchObject({ code: "empty-file", message: expect.stringMatching(/^ep\.mcap: empty file/) });
    fs.writeFileSync(path.join(dir, "ep.mcap"), "PK\x03\x04zip");
    await expect(service.open("ep.mcap")).rejects.toMatchObject({ code: "not-mcap", message: expect.stringMatching(/^ep\.mcap: not an MCAP file/) });
    fs.copyFileSync(`${DATA}/simple_protobuf_vec3.mcap`, path.join(dir, "ep.mcap"));
    expect((await service.open("ep.mcap")).messageCount).toBe(5);
  });

  it("opens a truncated file with what precedes the cut and an error problem naming the offset", async () => {
    const dir = path.join(tmp, "trunc");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "cut.mcap"), fs.readFileSync(ZOO).subarray(0, 700_000));
    service = new EpisodeMainService(dir, null);
    const summary = await service.open("cut.mcap");
    expect(summary.readMode).toBe("streamed");
    expect(summary.messageCount).toBeGreaterThan(0);
    expect(summary.problems.filter((p) => p.severity === "error")).toEqual([
      expect.objectContaining({ code: "truncated", message: expect.stringMatching(/^cut\.mcap: truncated MCAP: .* offset \d+/) }),
    ]);
  });
});

describe("cameras and series (zoo)", () => {
  let service: EpisodeMainService;
  let id: string;
  beforeAll(async () => {
    service = new EpisodeMainService(DATA, null);
    id = (await service.open("ros2_message_zoo.mcap")).episodeId;
  });
  afterAll(() => service.close());

  it("/image: raw rgb8 640×480", async () => {
    const index = await service.frameIndex(id, "/image");
    expect(index).toMatchObject({ topic: "/image", payload: "raw", format: "rgb8" });
    expect(index.logTimesNs).toHaveLength(1);
    expect(Array.from(index.keyframes)).toEqual([1]);
    const [frame, ...rest] = await service.frames(id, "/image", 0, 10); // `to` is clamped to the last frame
    expect(rest).toEqual([]);
    expect(frame).toMatchObject({ index: 0, logTimeNs: index.logTimesNs[0], payload: "raw", format: "rgb8", keyframe: true, width: 640, height: 480, step: 1920, bigEndian: false });
    expect(frame!.data.byteLength).toBe(640 * 480 * 3);
    expect(frame!.data.buffer.byteLength).toBe(frame!.data.byteLength); // a copy of exactly the frame, safe to clone
  });

  it("/compressed_image: JPEG", async () => {
    const index = await service.frameIndex(id, "/compressed_image");
    expect(index).toMatchObject({ payload: "image", format: "jpeg" });
    const [frame] = await service.frames(id, "/compressed_image", 0, 0);
    expect(frame).toMatchObject({ payload: "image", format: "jpeg", keyframe: true });
    expect(Array.from(frame!.data.subarray(0, 3))).toEqual([0xff, 0xd8, 0xff]);
    expect(Array.from(frame!.data.subarray(-2))).toEqual([0xff, 0xd9]);
    expect(frame!.width).toBeUndefined();
  });

  it("/joint_state: 15 points, one field per joint labelled with its name", async () => {
    const series = await service.series(id, "/joint_state");
    expect(series.fields).toEqual([
      { path: "position[0]", label: "shoulder_joint" },
      { path: "position[1]", label: "elbow_joint" },
      { path: "position[2]", label: "wrist_joint" },
      { path: "position[3]", label: "gripper_joint" },
    ]);
    expect(series.logTimesNs).toHaveLength(15);
    expect(series.values).toHaveLength(4);
    for (const column of series.values) {
      expect(column).toHaveLength(15);
      expect(column.every(Number.isFinite)).toBe(true);
    }
    expect(Array.from(series.logTimesNs)).toEqual([...series.logTimesNs].sort((a, b) => (a < b ? -1 : 1)));
  });

  it("other numeric channels: flattened leaf paths without header", async () => {
    const imu = await service.series(id, "/imu");
    expect(imu.fields.slice(0, 4).map((f) => f.path)).toEqual(["orientation.x", "orientation.y", "orientation.z", "orientation.w"]);
    expect(imu.fields.some((f) => f.path.startsWith("header"))).toBe(false);
    expect(imu.fields).toContainEqual({ path: "orientation_covariance[8]", label: "orientation_covariance[8]" });
  });

  it("coded errors for wrong requests", async () => {
    await expect(service.frameIndex(id, "/joint_state")).rejects.toMatchObject({ code: "not-a-camera" });
    await expect(service.frameIndex(id, "/nope")).rejects.toMatchObject({ code: "unknown-topic" });
    await expect(service.frames(id, "/image", 1, 2)).rejects.toMatchObject({ code: "out-of-range" });
    await expect(service.frames(id, "/image", 2, 1)).rejects.toMatchObject({ code: "out-of-range" });
    await expect(service.series(id, "/image")).rejects.toMatchObject({ code: "not-numeric" });
    await expect(service.series("e999-nope", "/imu")).rejects.toMatchObject({ code: "unknown-episode" });
  });
});

describe("protobuf series", () => {
  it("simple_protobuf_vec3.mcap: 5 points of x, y, z", async () => {
    const service = new EpisodeMainService(DATA, null);
    try {
      const { episodeId } = await service.open("simple_protobuf_vec3.mcap");
      const series = await service.series(episodeId, "/test/points");
      expect(series.fields).toEqual([
        { path: "x", label: "x" },
        { path: "y", label: "y" },
        { path: "z", label: "z" },
      ]);
      expect(Array.from(series.logTimesNs)).toEqual([1_000_000_000n, 1_100_000_000n, 1_200_000_000n, 1_300_000_000n, 1_400_000_000n]);
      expect(series.values.map((v) => Array.from(v))).toEqual([
        [1, 4, 7, 10, 13],
        [2, 5, 8, 11, 14],
        [3, 6, 9, 12, 15],
      ]);
    } finally {
      service.close();
    }
  });
});

describe("streamed episodes", () => {
  it("serve frames and series from a file without an index", async () => {
    const service = new EpisodeMainService(`${process.env.EPISCOPE_SHARED_DATA}/mcap-conformance/data/TenMessages`, null);
    try {
      const summary = await service.open("TenMessages.mcap");
      expect(summary.readMode).toBe("streamed");
      expect(summary.messageCount).toBe(10);
      expect(summary.problems.map((p) => p.code)).toContain("no-index");
      const series = await service.series(summary.episodeId, "example");
      expect(series.logTimesNs).toHaveLength(0); // opaque payloads: nothing to plot
    } finally {
      service.close();
    }
  });
});

describe("resolveServeTarget", () => {
  it("file → its folder and name; folder → itself; missing → not-found", () => {
    expect(resolveServeTarget(ZOO)).toEqual({ root: DATA, initial: "ros2_message_zoo.mcap" });
    expect(resolveServeTarget(DATA)).toEqual({ root: DATA, initial: null });
    expect(() => resolveServeTarget(path.join(tmp, "missing"))).toThrow(expect.objectContaining({ code: "not-found" }));
  });
});

describe("summarizeEpisodeFile", () => {
  const saved = process.env.EPISCOPE_NO_MMAP;
  afterEach(() => {
    if (saved === undefined) delete process.env.EPISCOPE_NO_MMAP;
    else process.env.EPISCOPE_NO_MMAP = saved;
  });

  it("summarizes with pread when EPISCOPE_NO_MMAP=1, with the same result", async () => {
    const viaDefault = await summarizeEpisodeFile(ZOO);
    process.env.EPISCOPE_NO_MMAP = "1";
    const viaPread = await summarizeEpisodeFile(ZOO);
    expect(viaPread.access).toBe("pread");
    expect({ ...viaPread, access: "x" }).toEqual({ ...viaDefault, access: "x" });
    expect(viaDefault.path).toBe(ZOO);
  });
});
