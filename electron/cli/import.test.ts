import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runImport } from "./import.ts";
import { readMcapForTests } from "../services/import/readMcapForTests.ts";
import type { ImportReport } from "../services/import/types.ts";

const DATA = process.env.EPISCOPE_SHARED_DATA!;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-import-cli-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function run(...args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runImport(args, (l) => stdout.push(l), (l) => stderr.push(l));
  return { code, stdout, stderr };
}

describe("episcope import", () => {
  it("finds the RLDS version folder, honours --rate and --split, prints one line per episode and a total", async () => {
    const out = path.join(tmp, "rlds");
    const { code, stdout, stderr } = await run(`${DATA}/rlds/bridge_debug`, "--out", out, "--rate", "10", "--split", "val");
    expect(stderr).toEqual([]);
    expect(code).toBe(0);
    expect(stdout.filter((l) => l.startsWith("ok "))).toHaveLength(25);
    expect(stdout.at(-1)).toBe(`imported 25 of 25 episodes (rlds) into ${out}`);
    expect(fs.readdirSync(out).filter((f) => f.endsWith(".mcap")).sort()[0]).toBe("val_episode_000000.mcap");
    // The labels BridgeData claims (instruction, rewards) are a read-only layer of their own.
    expect(fs.readdirSync(path.join(out, ".episcope", "annotations", "import.rlds.bridge_dataset"))).toHaveLength(25);
    // --rate 10: the invented clock puts step i at i × 100 ms, and the episode says so.
    const mcap = await readMcapForTests(path.join(out, "val_episode_000000.mcap"));
    expect(mcap.byTopic.get("/observation/state")!.map((m) => m.logTime)).toEqual(Array.from({ length: 10 }, (_, i) => BigInt(i) * 100_000_000n));
    expect(mcap.metadata.get("episcope.import")!.get("rate_hz")).toBe("10");
    expect(JSON.parse(mcap.metadata.get("episcope.import")!.get("problems")!)).toContainEqual({
      severity: "info",
      code: "invented-timestamps",
      message: "RLDS steps carry no timestamps: step i is placed at i / 10 Hz",
    });
  });

  it("--json prints the report (ROS 1 bag)", async () => {
    const { code, stdout } = await run(`${DATA}/rosbag1/realsense_color_depth.bag`, "--out", path.join(tmp, "bag"), "--json");
    expect(code).toBe(0);
    const report = JSON.parse(stdout.join("\n")) as ImportReport;
    expect(report.format).toBe("rosbag1");
    expect(report.episodes[0]!.output).toBe(path.join(tmp, "bag", "realsense_color_depth.mcap"));
  });

  it("usage errors exit 2; a source that is no dataset exits 1 naming it", async () => {
    expect((await run(`${DATA}/rosbag1/realsense_color_depth.bag`)).code).toBe(2);
    expect((await run("a", "--out", tmp, "--rate=0")).stderr[0]).toMatch(/--rate must be a positive number/);
    const notData = await run(`${DATA}/mcap`, "--out", path.join(tmp, "x"));
    expect(notData.code).toBe(1);
    expect(notData.stderr[0]).toBe(`episcope import: ${DATA}/mcap: not a dataset folder we can import (RLDS: dataset_info.json + features.json; LeRobot v1: train/dataset_info.json + train/state.json; LeRobot v2.x/v3.x: meta/info.json)`);
    const missing = await run(path.join(tmp, "nope"), "--out", path.join(tmp, "y"));
    expect(missing.stderr[0]).toBe(`episcope import: ${path.join(tmp, "nope")}: no such file or folder`);
  });
});
