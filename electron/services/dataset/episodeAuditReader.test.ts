import fs from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isPresent } from "../../../shared/audit/metricValue.ts";
import { THUMB_HEIGHT, THUMB_WIDTH } from "../../../shared/audit/setupDrift.ts";
import { triage } from "../../../shared/audit/triage.ts";
import { foxgloveCameraSchema } from "../../../shared/mcap/foxgloveCameraSchemas.ts";
import { encodeRawH264 } from "../../../scripts/sync-fixture/encodeRaw.ts";
import { LoadedEpisode } from "../episode/loadedEpisode.ts";
import { evenTimes, writeTestMcap } from "../episode/testMcapWriter.ts";
import { auditEpisode } from "./episodeAuditReader.ts";

const DATA = `${process.env.EPISCOPE_SHARED_DATA}/mcap`;

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

describe("setup drift on an H.264 camera", () => {
  const tmp = fs.mkdtempSync(path.join(tmpdir(), "episcope-audit-h264-"));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** A 160×120 RGB scene (wall gradient, table edge, a bright object) seen from a camera moved `shift` pixels right. */
  const scene = (shift: number) => () => {
    const [w, h] = [160, 120];
    const rgb = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const sx = x - shift;
        const v = y > 80 ? 40 : sx > 60 && sx < 90 && y > 40 && y < 75 ? 235 : Math.max(0, Math.min(255, 60 + sx));
        rgb.set([v, v, v], (y * w + x) * 3);
      }
    }
    return rgb;
  };

  /** An episode whose /cam_high is H.264 (libx264 via Debian's ffmpeg, foxglove.CompressedVideo, keyframe first). */
  async function h264Episode(name: string, shift: number): Promise<string> {
    const units = await encodeRawH264({ width: 160, height: 120, count: 10, rate: 10, frame: scene(shift) }, 10);
    const video = foxgloveCameraSchema("CompressedVideo");
    const times = evenTimes(1_000_000_000n, 100_000_000n, units.length);
    const file = path.join(tmp, `${name}.mcap`);
    await writeTestMcap(file, {
      channels: [{ topic: "/cam_high", schemaName: video.name, encoding: { message: "protobuf", schema: "protobuf", schemaData: video.data } }],
      messages: units.map((data, i) => ({ topic: "/cam_high", logTimeNs: times[i]!, data: video.encode({ timestampNs: times[i]!, frameId: "cam_high", data, format: "h264" }) })),
    });
    return file;
  }

  it("decodes each episode's first frame and flags the episode whose camera moved", async () => {
    const shifts = [0, 0, 1, 0, 0, 1, 0, 40];
    const inputs = [];
    for (const [i, shift] of shifts.entries()) {
      const rel = `ep_${i}.mcap`;
      const episode = await LoadedEpisode.open({ episodeId: rel, absPath: await h264Episode(`ep_${i}`, shift), relPath: rel }, { access: "pread" });
      try {
        const { audit, firstFrames } = await auditEpisode(episode);
        const first = firstFrames["/cam_high"];
        // Decoded by ffmpeg to a 16×12 gray thumbnail (hex), not absent.
        expect(first && "gray" in first ? first.gray : first, rel).toMatch(new RegExp(`^[0-9a-f]{${2 * THUMB_WIDTH * THUMB_HEIGHT}}$`));
        inputs.push({ path: rel, task: "pick", audit, firstFrames });
      } finally {
        episode.close();
      }
    }
    const entries = triage(inputs);
    const moved = entries.find((e) => e.path === "ep_7.mcap")!;
    expect(moved.reasons.map((r) => r.metric)).toEqual(["setupDrift:/cam_high"]);
    expect(moved.reasons[0]!.text).toMatch(/^camera \/cam_high moved \(first frame differs \d+ % from the task's median\)$/);
    expect(moved.metrics["setupDrift:/cam_high"] as number).toBeGreaterThan(0.05);
    for (const e of entries.filter((x) => x.path !== "ep_7.mcap")) expect(e.reasons, e.path).toEqual([]);
    expect(entries[0]!.path).toBe("ep_7.mcap");
  }, 120_000);
});
