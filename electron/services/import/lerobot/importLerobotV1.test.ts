import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { tableFromIPC } from "apache-arrow";
import { createFile, MP4BoxBuffer } from "mp4box";
import { afterAll, describe, expect, it } from "vitest";
import { annexBNalTypes } from "../../episode/videoKeyframes.ts";
import { readMcapForTests } from "../readMcapForTests.ts";
import { importLerobotV1 } from "./importLerobotV1.ts";

const DATA = `${process.env.EPISCOPE_SHARED_DATA}/lerobot`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-lerobot-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function mp4SampleCount(file: string): number {
  const bytes = fs.readFileSync(file);
  const mp4 = createFile();
  mp4.appendBuffer(MP4BoxBuffer.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), 0), true);
  mp4.flush();
  return mp4.getTrackSamplesInfo(mp4.getInfo().videoTracks[0]!.id).length;
}

const cases = [
  { name: "umi_cup_in_the_wild_v1", camera: "observation.image", vectors: ["observation.state"], names: ["x", "y", "z", "rx", "ry", "rz", "gripper_width"] },
  { name: "aloha_sim_transfer_cube_human_v1", camera: "observation.images.top", vectors: ["observation.state", "action"], names: null },
];

describe("importLerobotV1", () => {
  for (const c of cases) {
    it(`${c.name}: every state value and every video frame (400) intact`, async () => {
      const dir = path.join(DATA, c.name);
      const report = await importLerobotV1(dir, { outDir: path.join(tmp, c.name), rateHz: null });
      expect(report.problems).toEqual([]);
      expect(report.episodes).toHaveLength(1);
      expect(report.episodes[0]).toMatchObject({ status: "ok", steps: 400, problems: [] });
      const mcap = await readMcapForTests(report.episodes[0]!.output!);

      const table = tableFromIPC(fs.readFileSync(path.join(dir, "train", "data-00000-of-00001.arrow")));
      for (const key of c.vectors) {
        const messages = mcap.byTopic.get(`/${key}`)!;
        expect(messages).toHaveLength(table.numRows);
        const column = table.getChild(key)!;
        messages.forEach((m, i) => {
          const decoded = JSON.parse(new TextDecoder().decode(m.data)) as Record<string, number>;
          expect(Object.values(decoded)).toEqual(Array.from(column.get(i)!.toArray() as Float32Array));
          expect(m.logTime).toBe(BigInt(Math.round(Number(table.getChild("timestamp")!.get(i)) * 1e9)));
        });
        if (key === "observation.state" && c.names) expect(Object.keys(JSON.parse(new TextDecoder().decode(messages[0]!.data)) as object)).toEqual(c.names);
      }

      const frames = mcap.byTopic.get(`/${c.camera}`)!;
      expect(mcap.schemaOf.get(`/${c.camera}`)).toBe("foxglove.CompressedVideo");
      const video = path.join(dir, "videos", `${c.camera}_episode_000000.mp4`);
      expect(frames).toHaveLength(mp4SampleCount(video));
      expect(frames).toHaveLength(400);
      // Annex B with SPS (7) and PPS (8) before every IDR (5).
      const nalTypes = frames.map((f) => annexBNalTypes(f.data, (b) => b & 0x1f));
      const keyframes = nalTypes.filter((t) => t.includes(5));
      expect(keyframes.length).toBeGreaterThan(1);
      expect(keyframes.every((t) => t[0] === 7 && t[1] === 8)).toBe(true);
      expect(nalTypes[0]).toContain(5);
    }, 120_000);
  }

  it("reports a video with fewer frames than the data rows and imports the rest", async () => {
    const src = path.join(DATA, "aloha_sim_transfer_cube_human_v1");
    const dir = path.join(tmp, "short");
    fs.cpSync(src, dir, { recursive: true });
    const video = path.join(dir, "videos", "observation.images.top_episode_000000.mp4");
    // Stream copy (no re-encoding) of the first 300 frames.
    execFileSync("ffmpeg", ["-loglevel", "error", "-y", "-i", path.join(src, "videos", path.basename(video)), "-c", "copy", "-frames:v", "300", video]);
    const report = await importLerobotV1(dir, { outDir: path.join(dir, "out"), rateHz: null });
    const episode = report.episodes[0]!;
    expect(episode.status).toBe("partial");
    expect(episode.problems.find((p) => p.code === "short-video")?.message).toBe(`${video}: 300 frames for episode 0, the data has 400 rows (rows 300..399 have no frame)`);
    const mcap = await readMcapForTests(episode.output!);
    expect(mcap.byTopic.get("/observation.images.top")).toHaveLength(300);
    expect(mcap.byTopic.get("/observation.state")).toHaveLength(400);
    expect(JSON.parse(mcap.metadata.get("episcope.import")!.get("problems")!)).toEqual(episode.problems);
  }, 120_000);
});
