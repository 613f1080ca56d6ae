import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { EpisodeMainService, resolveServeTarget } from "./episodeMainService.ts";
import { rosbag2Files } from "./rosbag2Folder.ts";
import { evenTimes, writeTestMcap, type TestMessage } from "./testMcapWriter.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-rosbag2-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const T0 = 1_757_502_000_000_000_000n;
const MS = 1_000_000n;
const channels = [
  { topic: "/joints", schemaName: "demo.Joints" },
  { topic: "/cam", schemaName: "foxglove.CompressedImage" },
];

/** Part k covers [k s, k+1 s): /joints at 100 Hz with value = global index, /cam at 10 Hz (times only). */
function part(k: number): TestMessage[] {
  const joints = evenTimes(T0 + BigInt(k) * 1000n * MS, 10n * MS, 100).map((logTimeNs, i) => ({ topic: "/joints", logTimeNs, json: { value: k * 100 + i } }));
  const cam = evenTimes(T0 + BigInt(k) * 1000n * MS, 100n * MS, 10).map((logTimeNs) => ({ topic: "/cam", logTimeNs }));
  return [...joints, ...cam].sort((a, b) => (a.logTimeNs < b.logTimeNs ? -1 : a.logTimeNs > b.logTimeNs ? 1 : 0));
}

async function makeBag(dir: string, names: string[], listInYaml: boolean): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  for (const [k, name] of names.entries()) await writeTestMcap(path.join(dir, name), { channels, messages: part(k), chunkSize: 2048 });
  const files = listInYaml ? `  relative_file_paths:\n${names.map((n) => `    - ${n}`).join("\n")}\n` : "";
  fs.writeFileSync(path.join(dir, "metadata.yaml"), `rosbag2_bagfile_information:\n  version: 5\n  storage_identifier: mcap\n${files}`);
}

describe("rosbag2 folders (split recordings)", () => {
  let service: EpisodeMainService | undefined;
  afterEach(() => service?.close());

  it("list() shows the folder as one episode; open() reads every part as one episode", async () => {
    const root = path.join(tmp, "dataset");
    await makeBag(path.join(root, "run1"), ["run1_0.mcap", "run1_1.mcap", "run1_2.mcap"], true);
    await writeTestMcap(path.join(root, "single.mcap"), { channels, messages: part(0) });
    service = new EpisodeMainService(root, null);

    const listing = await service.list();
    const partsSize = ["run1_0.mcap", "run1_1.mcap", "run1_2.mcap"].reduce((n, f) => n + fs.statSync(path.join(root, "run1", f)).size, 0);
    expect(listing.episodes).toEqual([
      { path: "run1", name: "run1", sizeBytes: partsSize },
      { path: "single.mcap", name: "single", sizeBytes: fs.statSync(path.join(root, "single.mcap")).size },
    ]);

    const summary = await service.open("run1");
    expect(summary).toMatchObject({ path: "run1", name: "run1", messageCount: 330, sizeBytes: partsSize, startNs: T0, endNs: T0 + 2990n * MS, readMode: "indexed" });
    expect(summary.channels.map((c) => [c.topic, c.messageCount])).toEqual([
      ["/cam", 30],
      ["/joints", 300],
    ]);
    expect(summary.problems.filter((p) => p.severity !== "info")).toEqual([]);
    const series = await service.series(summary.episodeId, "/joints");
    expect(Array.from(series.values[0]!)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(series.logTimesNs[150]).toBe(T0 + 1500n * MS);
  });

  it("orders parts by metadata.yaml, or naturally (_2 before _10) without it", async () => {
    const dir = path.join(tmp, "natural");
    await makeBag(dir, ["b_2.mcap", "b_10.mcap"], false);
    expect(rosbag2Files(dir).map((f) => path.basename(f))).toEqual(["b_2.mcap", "b_10.mcap"]);
    const listed = path.join(tmp, "listed");
    await makeBag(listed, ["z_0.mcap", "a_1.mcap"], true);
    expect(rosbag2Files(listed).map((f) => path.basename(f))).toEqual(["z_0.mcap", "a_1.mcap"]);
  });

  it("a metadata.yaml naming a missing part is an error naming it", async () => {
    const dir = path.join(tmp, "missing");
    await makeBag(dir, ["m_0.mcap"], true);
    fs.appendFileSync(path.join(dir, "metadata.yaml"), "");
    fs.writeFileSync(path.join(dir, "metadata.yaml"), "rosbag2_bagfile_information:\n  relative_file_paths:\n    - m_0.mcap\n    - m_1.mcap\n");
    expect(() => rosbag2Files(dir)).toThrow(expect.objectContaining({ code: "bad-metadata", message: expect.stringContaining('"m_1.mcap", which does not exist') }));
  });

  it("serving a rosbag2 folder serves its parent with the folder selected", async () => {
    const dir = path.join(tmp, "dataset", "run1");
    expect(resolveServeTarget(dir)).toEqual({ root: path.join(tmp, "dataset"), initial: "run1" });
  });
});
