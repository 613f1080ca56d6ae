/**
 * A real round trip: the real UMI and ALOHA recordings in ../shared/data/lerobot/ (LeRobot v1, Arrow) are imported
 * to MCAP with the existing importer, labelled with an annotation document, exported to LeRobot v3.0 — and the
 * exported joint values and frame counts equal the original Arrow columns (read with apache-arrow), the Parquet read
 * with DuckDB, the MP4 frames counted with ffprobe.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { tableFromIPC } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { emptyAnnotation, serializeAnnotation } from "../../../shared/annotation.ts";
import { summarizeEpisodeFile } from "../episode/episodeMainService.ts";
import { importSource } from "../import/importSource.ts";
import { exportDataset } from "./exportDataset.ts";

const DATA = process.env.EPISCOPE_SHARED_DATA!;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-export-roundtrip-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The rows of a list<float32> column of the original Arrow file. */
function originalColumn(source: string, name: string): number[][] {
  const table = tableFromIPC(fs.readFileSync(path.join(source, "train/data-00000-of-00001.arrow")));
  const column = table.getChild(name)!;
  return Array.from({ length: table.numRows }, (_, i) => Array.from(column.get(i)!.toArray() as Float32Array));
}

const CASES = [
  // UMI has no action column: its end-effector pose stands in as the action; the state is the original 7-D state.
  { name: "umi_cup_in_the_wild_v1", action: "/end_pose", originalAction: null, camera: "/observation.image", fps: 10 },
  { name: "aloha_sim_transfer_cube_human_v1", action: "/action", originalAction: "action", camera: "/observation.images.top", fps: 50 },
];

describe("LeRobot v1 → MCAP → labelled → LeRobot v3.0", () => {
  for (const c of CASES) {
    it(`${c.name}: joint values and frame count intact`, async () => {
      const source = path.join(DATA, "lerobot", c.name);
      const dataset = path.join(tmp, c.name);
      await importSource(source, { outDir: dataset, rateHz: null });
      const episode = "episode_000000.mcap";
      const summary = await summarizeEpisodeFile(path.join(dataset, episode));
      const doc = emptyAnnotation(episode, { sizeBytes: summary.sizeBytes, startNs: summary.startNs, endNs: summary.endNs, messageCount: summary.messageCount }, { id: "rt", name: "RT" });
      doc.review = { status: "accepted", outcome: "success", score: 5, flags: [], note: "" };
      doc.instructions = [{ id: "i", scope: "episode", text: "do the task", paraphrases: [], flags: { negative: false, ambiguous: false }, language: "en" }];
      fs.mkdirSync(path.join(dataset, ".episcope/annotations/rt"), { recursive: true });
      fs.writeFileSync(path.join(dataset, ".episcope/annotations/rt/episode_000000.json"), serializeAnnotation(doc));

      const out = path.join(tmp, `${c.name}-v3`);
      const s = await exportDataset({ dataset, format: "lerobot", out, actionTopic: c.action, stateTopics: ["/observation.state"], cameras: [c.camera] });
      expect(s.failed, JSON.stringify(s.episodes)).toBe(0);

      const original = originalColumn(source, "observation.state");
      const info = JSON.parse(fs.readFileSync(path.join(out, "meta/info.json"), "utf8"));
      expect(info).toMatchObject({ codebase_version: "v3.0", fps: c.fps, total_frames: original.length });
      const db = await DuckDBInstance.create(":memory:");
      const conn = await db.connect();
      const rows = (await conn.runAndReadAll(`select "observation.state" as s, action as a, "next.success" as ok from '${path.join(out, "data/chunk-000/file-000.parquet")}' order by index`)).getRowObjectsJson();
      conn.closeSync();
      expect(rows).toHaveLength(original.length);
      expect(rows.map((r) => r.s)).toEqual(original);
      if (c.originalAction) expect(rows.map((r) => r.a)).toEqual(originalColumn(source, c.originalAction));
      expect(rows.at(-1)!.ok).toBe(true);
      const key = c.camera.slice(1);
      expect(s.notes.find((n) => n.startsWith(`camera ${c.camera} → ${key}: `))).toMatch(/: remuxed h264 /);
      const mp4 = path.join(out, `videos/${key}/chunk-000/file-000.mp4`);
      const probe = JSON.parse(execFileSync("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "json", mp4], { encoding: "utf8" }));
      expect(Number(probe.streams[0].nb_read_frames)).toBe(original.length);
    });
  }
});
