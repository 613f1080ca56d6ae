/**
 * Header stamps of camera frames, read by the engine: the real rosbag2 recording's CompressedImage stamp (captured
 * 1.17 s before it was logged), and the sample, whose Foxglove images carry no `timestamp`, reported with the frame.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LoadedEpisode } from "./loadedEpisode.ts";

const ZOO = `${process.env.EPISCOPE_SHARED_DATA}/mcap/ros2_message_zoo.mcap`;
const SAMPLE = fileURLToPath(new URL("../../../assets/sample/pick_cube_001.mcap", import.meta.url));

describe("frame stamps", () => {
  it("reads a ROS header.stamp per frame, and says which frame lacks one", async () => {
    const zoo = await LoadedEpisode.open({ episodeId: "z", absPath: ZOO, relPath: "zoo.mcap" });
    try {
      const stamps = zoo.frameStamps("/compressed_image");
      expect(stamps.reason).toBeNull();
      expect(Array.from(stamps.stampsNs!)).toEqual([1_757_502_238_482_648_699n]);
      expect(zoo.frameIndex("/compressed_image").logTimesNs[0]! - stamps.stampsNs![0]!).toBe(1_172_495_641n);
    } finally {
      zoo.close();
    }
    const sample = await LoadedEpisode.open({ episodeId: "s", absPath: SAMPLE, relPath: "pick_cube_001.mcap" });
    try {
      expect(sample.frameStamps("/cam_left_wrist")).toEqual({ topic: "/cam_left_wrist", stampsNs: null, reason: "/cam_left_wrist: frame 1 has no header stamp" });
    } finally {
      sample.close();
    }
  });
});
