import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { summarizeEpisodeFile } from "../../episode/episodeMainService.ts";
import { readMcapForTests } from "../readMcapForTests.ts";
import { importRosbag } from "./importRosbag.ts";

const BAG = `${process.env.EPISCOPE_SHARED_DATA}/rosbag1/realsense_color_depth.bag`;
const COLOR = "/device_0/sensor_1/Color_0/image/data";
const DEPTH = "/device_0/sensor_0/Depth_0/image/data";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-rosbag-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("importRosbag", () => {
  it("imports the RealSense bag with both cameras, messages kept in ros1 encoding", async () => {
    const report = await importRosbag(BAG, { outDir: path.join(tmp, "ok"), rateHz: null });
    expect(report.episodes).toHaveLength(1);
    const episode = report.episodes[0]!;
    expect(episode).toMatchObject({ status: "ok", problems: [] });
    const mcap = await readMcapForTests(episode.output!);
    expect(mcap.byTopic.get(COLOR)).toHaveLength(5);
    expect(mcap.byTopic.get(DEPTH)).toHaveLength(6);
    expect(mcap.schemaOf.get(COLOR)).toBe("sensor_msgs/Image");
    expect(mcap.encodingOf.get(COLOR)).toBe("ros1");
    expect(episode.messages).toBe([...mcap.byTopic.values()].reduce((n, m) => n + m.length, 0));

    const summary = await summarizeEpisodeFile(episode.output!);
    const cameras = summary.channels.filter((c) => c.kind === "camera").map((c) => [c.topic, c.cameraPayload]);
    expect(cameras.sort()).toEqual([[DEPTH, "raw"], [COLOR, "raw"]].sort());
    expect(summary.problems.filter((p) => p.severity === "error")).toEqual([]);
  });

  it("reports a topic whose message type is unknown and imports the rest", async () => {
    const bytes = fs.readFileSync(BAG);
    // realsense_msgs/StreamInfo's definition names a field type that does not exist (same length, index section).
    const needle = Buffer.from("uint32 fps");
    let count = 0;
    for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1), count++) bytes.write("uint3x fps", at);
    expect(count).toBeGreaterThan(0);
    const file = path.join(tmp, "unknown-type.bag");
    fs.writeFileSync(file, bytes);
    const report = await importRosbag(file, { outDir: path.join(tmp, "bad"), rateHz: null });
    const episode = report.episodes[0]!;
    expect(episode.status).toBe("partial");
    const unknown = episode.problems.filter((p) => p.code === "unknown-message-type");
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown[0]!.message).toMatch(/^.*unknown-type\.bag: topic \/device_0\/sensor_\d\/\w+\/info \(connection \d+, type realsense_msgs\/StreamInfo\): cannot parse its message definition/);
    const mcap = await readMcapForTests(episode.output!);
    expect(mcap.byTopic.get(COLOR)).toHaveLength(5);
    expect(mcap.byTopic.has("/device_0/sensor_1/Color_0/info")).toBe(false);
  });
});
