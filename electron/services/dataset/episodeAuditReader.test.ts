import { describe, expect, it } from "vitest";
import { isPresent } from "../../../shared/audit/metricValue.ts";
import { LoadedEpisode } from "../episode/loadedEpisode.ts";
import { auditEpisode } from "./episodeAuditReader.ts";

const DATA = "/work/shared/data/mcap";

describe("auditEpisode on a real rosbag2 recording (ros2_message_zoo.mcap)", () => {
  it("decodes the first frame of a raw rgb8 and a JPEG camera, and measures or explains every metric", async () => {
    const episode = await LoadedEpisode.open({ episodeId: "zoo", absPath: `${DATA}/ros2_message_zoo.mcap`, relPath: "ros2_message_zoo.mcap" }, { access: "pread" });
    try {
      const { audit, firstFrames } = await auditEpisode(episode);
      expect(audit.jointTopic).toBe("/joint_state");
      for (const topic of ["/image", "/compressed_image"]) {
        const frame = firstFrames[topic];
        expect(frame && "gray" in frame ? frame.gray : frame).toMatch(/^[0-9a-f]{384}$/);
      }
      expect(audit.metrics.actionSpikeCount).toEqual({ absent: expect.stringMatching(/no action topic/) });
      for (const [name, value] of Object.entries(audit.metrics)) {
        if (isPresent(value)) expect(Number.isFinite(value), name).toBe(true);
        else expect(value.absent.length, name).toBeGreaterThan(0);
      }
    } finally {
      episode.close();
    }
  });
});
