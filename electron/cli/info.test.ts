import { McapIndexedReader } from "@mcap/core";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { isoFromNs, runInfo, type InfoJson } from "./info.ts";

const ZOO = `${process.env.EPISCOPE_SHARED_DATA}/mcap/ros2_message_zoo.mcap`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-info-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runInfo(args, (line) => stdout.push(line), (line) => stderr.push(line));
  return { code, stdout, stderr };
}

/** The zoo file's Statistics record, read independently of the engine. */
async function zooStatistics() {
  const bytes = fs.readFileSync(ZOO);
  const reader = await McapIndexedReader.Initialize({
    readable: { size: async () => BigInt(bytes.length), read: async (o, s) => bytes.subarray(Number(o), Number(o + s)) },
  });
  return { stats: reader.statistics!, channels: reader.channelsById };
}

describe("episcope info --json", () => {
  it("per-topic counts equal the zoo file's Statistics channel_message_counts", async () => {
    const { code, stdout, stderr } = await run(ZOO, "--json");
    expect(code).toBe(0);
    expect(stderr).toEqual([]);
    const json = JSON.parse(stdout.join("\n")) as InfoJson;
    const { stats, channels } = await zooStatistics();

    const expected = Object.fromEntries([...channels.values()].map((c) => [c.topic, Number(stats.channelMessageCounts.get(c.id) ?? 0n)]));
    expect(Object.fromEntries(json.channels.map((c) => [c.topic, c.messageCount]))).toEqual(expected);
    expect(json).toMatchObject({
      file: ZOO,
      startNs: stats.messageStartTime.toString(),
      endNs: stats.messageEndTime.toString(),
      durationNs: (stats.messageEndTime - stats.messageStartTime).toString(),
      messageCount: Number(stats.messageCount),
      readMode: "indexed",
    });
    expect(json.durationSeconds).toBeCloseTo(5.479618123, 9);
    expect(["mmap", "pread"]).toContain(json.access);
    // The zstd decompressor in use: node:zlib where Node has zstd, else zstd-napi when its binding loads, else wasm.
    const zlibHasZstd = typeof (zlib as { zstdDecompressSync?: unknown }).zstdDecompressSync === "function";
    let napiLoads = true;
    try {
      createRequire(import.meta.url)("zstd-napi/binding");
    } catch {
      napiLoads = false;
    }
    expect(json.zstd).toBe(zlibHasZstd ? "node:zlib" : napiLoads ? "zstd-napi" : "wasm");
    expect(Object.keys(json.channels[0]!).sort()).toEqual(["kind", "messageCount", "messageEncoding", "rateHz", "schemaEncoding", "schemaName", "topic"]);
    expect(json.channels.find((c) => c.topic === "/image")).toMatchObject({ schemaName: "sensor_msgs/msg/Image", schemaEncoding: "ros2msg", messageEncoding: "cdr", kind: "camera" });
    expect(json.channels.find((c) => c.topic === "/joint_state")?.kind).toBe("joints");
    expect(json.problems.filter((p) => p.code === "empty-channel")).toHaveLength(4);
  });
});

describe("episcope info (human)", () => {
  it("prints file, time range, duration, read mode, a channel table and problems", async () => {
    const { code, stdout } = await run(ZOO);
    expect(code).toBe(0);
    const text = stdout.join("\n");
    expect(text).toContain(`file      ${ZOO}`);
    expect(text).toMatch(/start {5}2025-09-10T11:03:57\.064933568Z \(1757502237064933568 ns\)/);
    expect(text).toMatch(/duration {2}5\.479 s \(5479618123 ns\)/);
    expect(text).toMatch(/read {6}indexed, (mmap|pread), zstd via (node:zlib|zstd-napi|wasm)$/m);
    expect(text).toMatch(/TOPIC +SCHEMA +ENCODING +COUNT +RATE_HZ +KIND/);
    expect(text).toMatch(/\/joint_state +sensor_msgs\/msg\/JointState \(ros2msg\) +cdr +15 +\d+\.\d\d +joints/);
    expect(text).toMatch(/\/image +sensor_msgs\/msg\/Image \(ros2msg\) +cdr +1 +- +camera \(raw\)/);
    expect(text).toContain("empty-channel");
  });

  it("formats ns as ISO-8601 with nanoseconds", () => {
    expect(isoFromNs(1_757_502_237_064_933_568n)).toBe("2025-09-10T11:03:57.064933568Z");
    expect(isoFromNs(0n)).toBe("1970-01-01T00:00:00.000000000Z");
  });
});

describe("bad input", () => {
  const zoo = fs.readFileSync(ZOO);
  const cases: [string, Uint8Array | string, string, RegExp][] = [
    ["empty.mcap", "", "empty-file", /empty file/],
    ["archive.mcap", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]), "not-mcap", /not an MCAP file \(magic bytes at offset 0 are 50 4b 03 04/],
  ];
  for (const [name, bytes, code, message] of cases) {
    it(`${code}: exit 1 and one line naming the file`, async () => {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, bytes);
      for (const args of [[file], [file, "--json"]]) {
        const result = await run(...args);
        expect(result.code).toBe(1);
        expect(result.stdout).toEqual([]);
        expect(result.stderr).toHaveLength(1);
        expect(result.stderr[0]).toContain(file);
        expect(result.stderr[0]).toMatch(message);
        expect(result.stderr[0]).not.toContain("\n");
      }
    });
  }

  it("truncated: exit 1, the summary of what is readable, and one line naming the file and offset", async () => {
    const file = path.join(tmp, "truncated.mcap");
    const cut = Math.floor(zoo.length / 2);
    fs.writeFileSync(file, zoo.subarray(0, cut));
    const result = await run(file, "--json");
    expect(result.code).toBe(1);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(new RegExp(`^episcope info: ${file}: truncated MCAP: the record at offset \\d+ .*past the end of the file at offset ${cut}`));
    const json = JSON.parse(result.stdout.join("\n")) as InfoJson;
    expect(json.readMode).toBe("streamed");
    expect(json.messageCount).toBeGreaterThan(0);
    expect(json.problems).toContainEqual(expect.objectContaining({ severity: "error", code: "truncated" }));
  });

  it("--crc: counts the CRCs of an intact file; a flipped byte is an error naming the file", async () => {
    const good = `${process.env.EPISCOPE_SHARED_DATA}/mcap-conformance/data/TenMessages/TenMessages-ch-chx-mx-rch-rsh-st-sum.mcap`;
    const ok = await run(good, "--crc", "--json");
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout.join("\n")) as InfoJson).crcChecked).toBe(2);
    expect((await run(good)).stdout.join("\n")).not.toContain("crc ");

    const bytes = Buffer.from(fs.readFileSync(good));
    bytes[bytes.indexOf(Buffer.from([1, 2, 3]), 80)] = 9;
    const bad = path.join(tmp, "bad-crc.mcap");
    fs.writeFileSync(bad, bytes);
    expect((await run(bad)).code).toBe(0); // CRCs are checked on request only
    const result = await run(bad, "--crc");
    expect(result.code).toBe(1);
    expect(result.stdout.join("\n")).toMatch(/crc {7}1 checked/);
    expect(result.stderr).toEqual([expect.stringMatching(/^episcope info: .*bad-crc\.mcap: a record ending near offset \d+ fails its check: Incorrect chunk CRC/)]);
  });

  it("a rosbag2 folder: one summary over its parts; --crc checks every part", async () => {
    const good = `${process.env.EPISCOPE_SHARED_DATA}/mcap-conformance/data/TenMessages/TenMessages-ch-chx-mx-rch-rsh-st-sum.mcap`;
    const bag = path.join(tmp, "bag");
    fs.mkdirSync(bag, { recursive: true });
    fs.copyFileSync(good, path.join(bag, "bag_0.mcap"));
    fs.copyFileSync(good, path.join(bag, "bag_1.mcap"));
    fs.writeFileSync(path.join(bag, "metadata.yaml"), "rosbag2_bagfile_information:\n  relative_file_paths: [bag_0.mcap, bag_1.mcap]\n");
    const result = await run(bag, "--crc", "--json");
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout.join("\n")) as InfoJson;
    expect(json.messageCount).toBe(20);
    expect(json.crcChecked).toBe(4);
  });

  it("lists metadata records (the zoo's rosbag2 record)", async () => {
    const json = JSON.parse((await run(ZOO, "--json")).stdout.join("\n")) as InfoJson;
    expect(json.metadata).toEqual([{ name: "rosbag2", entries: { ROS_DISTRO: "humble" } }]);
    expect(json.attachments).toEqual([]);
    expect((await run(ZOO)).stdout).toContain("metadata  rosbag2: ROS_DISTRO=humble");
  });

  it("missing file: exit 1", async () => {
    const result = await run(path.join(tmp, "nope.mcap"));
    expect(result.code).toBe(1);
    expect(result.stderr[0]).toMatch(/nope\.mcap: no such file/);
  });

  it("usage errors: exit 2", async () => {
    expect((await run()).code).toBe(2);
    expect((await run(ZOO, ZOO)).code).toBe(2);
    expect((await run(ZOO, "--yaml")).code).toBe(2);
    expect((await run("--help")).code).toBe(0);
  });
});
