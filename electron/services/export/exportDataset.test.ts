/**
 * The export's safety rules on the bundled sample (a copy with one annotation document): every format exports it;
 * an existing output is never replaced without force; cancel and total failure leave nothing under the output name;
 * selection skips episodes; staleness is reported per stream.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyAnnotation, serializeAnnotation } from "../../../shared/annotation.ts";
import { summarizeEpisodeFile } from "../episode/episodeMainService.ts";
import { readMcapForTests } from "../import/readMcapForTests.ts";
import { ExportCancelled, exportDataset, MANIFEST_FILE } from "./exportDataset.ts";
import { EXPORT_FORMATS } from "./exportTypes.ts";

const SAMPLE = path.resolve(import.meta.dirname, "../../../assets/sample");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-export-"));
const dataset = path.join(tmp, "sample");
const leftovers = () => fs.readdirSync(tmp).filter((f) => /\.(tmp|old)-/.test(f));

beforeAll(() => {
  fs.mkdirSync(dataset);
  for (const f of fs.readdirSync(SAMPLE).filter((f) => f.endsWith(".mcap"))) fs.copyFileSync(path.join(SAMPLE, f), path.join(dataset, f));
  const doc = emptyAnnotation("pick_cube_001.mcap", { sizeBytes: 1, startNs: 1750000000250000000n, endNs: 1750000012240000000n, messageCount: 2700 }, { id: "bob", name: "Bob" });
  doc.review = { status: "accepted", outcome: "success", score: 5, flags: [], note: "" };
  doc.instructions = [{ id: "i", scope: "episode", text: "transfer the cube", paraphrases: ["hand the cube over"], flags: { negative: false, ambiguous: false }, language: "en" }];
  fs.mkdirSync(path.join(dataset, ".episcope/annotations/bob"), { recursive: true });
  fs.writeFileSync(path.join(dataset, ".episcope/annotations/bob/pick_cube_001.json"), serializeAnnotation(doc));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("exportDataset on the bundled sample", () => {
  it("exports both episodes in every format with a manifest (mcap: only the annotated one); LeRobot with every camera as video", async () => {
    for (const format of EXPORT_FORMATS) {
      const out = path.join(tmp, `all-${format}`);
      const s = await exportDataset({ dataset, format, out });
      expect(s.exported, format).toBe(format === "mcap" ? 1 : 2);
      const manifest = JSON.parse(fs.readFileSync(path.join(out, MANIFEST_FILE), "utf8"));
      expect(manifest).toMatchObject({ schema: "episcope.export-manifest/1", format, annotator: "bob" });
      expect(manifest.sources.map((x: { path: string }) => x.path)).toEqual(format === "mcap" ? ["pick_cube_001.mcap"] : ["pick_cube_001.mcap", "pick_cube_002.mcap"]);
      if (format !== "lerobot") continue;
      // defaults: steps on /action (50 Hz); the 30 fps H.264 cameras and the 15 fps JPEG camera are re-encoded to AV1
      for (const camera of ["cam_high", "cam_left_wrist", "cam_right_wrist"]) {
        expect(s.notes.find((n) => n.startsWith(`camera /${camera} → observation.images.${camera}: `))).toMatch(/re-encoded (h264|jpeg)→av1 320×240 in 2 episodes/);
        s.episodes.forEach((e, i) => {
          const mp4 = path.join(out, `videos/observation.images.${camera}/chunk-000/file-00${i}.mp4`);
          const probe = JSON.parse(execFileSync("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=codec_name,nb_read_frames", "-of", "json", mp4], { encoding: "utf8" }));
          expect(probe.streams[0], `${camera} ${e.path}`).toEqual({ codec_name: "av1", nb_read_frames: String(e.steps) });
        });
      }
    }
    expect(leftovers()).toEqual([]);
  }, 240_000);

  it("the sample read back: robomimic masks with h5py, RLDS JPEG camera images with Python protobuf", async () => {
    const python = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    const readers = path.join(import.meta.dirname, "readers");
    const h5 = JSON.parse(execFileSync(python, [path.join(readers, "read_hdf5.py"), path.join(tmp, "all-robomimic", "dataset.hdf5")], { encoding: "utf8" }));
    expect(h5.masks).toEqual({ successful: ["demo_0"], operator_operator_a: ["demo_0", "demo_1"], status_accepted: ["demo_0"], status_unreviewed: ["demo_1"], train: ["demo_0", "demo_1"] });
    expect(h5.demos.demo_0.rewards.at(-1)).toBe(1); // success without a rewards section: sparse reward from the outcome
    expect(h5.demos.demo_1.rewards.every((r: number) => r === 0)).toBe(true);
    const s = await exportDataset({ dataset, format: "rlds", out: path.join(tmp, "rlds-images") });
    expect(s.notes.find((n) => n.startsWith("camera /cam_left_wrist → cam_left_wrist: "))).toMatch(/: copied jpeg 320×240 in 2 episodes/);
    expect(s.notes.find((n) => n.startsWith("camera /cam_high → cam_high: "))).toMatch(/: jpeg-encoded h264→jpeg 320×240 in 2 episodes/);
    const features = JSON.parse(fs.readFileSync(path.join(tmp, "rlds-images", "features.json"), "utf8"));
    const observation = features.featuresDict.features.steps.sequence.feature.featuresDict.features.observation.featuresDict.features;
    expect(observation.cam_left_wrist.image).toEqual({ shape: { dimensions: ["240", "320", "3"] }, dtype: "uint8", encodingFormat: "jpeg" });
    const records = JSON.parse(execFileSync(python, [path.join(readers, "read_tfrecord.py"), path.join(tmp, "rlds-images", "sample-train.tfrecord-00000-of-00001")], { encoding: "utf8", maxBuffer: 1 << 28 }));
    expect(records).toHaveLength(2);
    const images = records[0]["steps/observation/cam_left_wrist"].values as { bytes: number; head: string }[];
    expect(images).toHaveLength(s.episodes[0]!.steps!);
    expect(images.every((i) => i.head === "ffd8ff" && i.bytes > 1000)).toBe(true);
    expect(records[0]["steps/language_instruction"].values[0]).toBe("transfer the cube");
  });

  it("MCAP: a rewritten copy holds every record of the episode plus the annotation channels", async () => {
    const out = path.join(tmp, "mcap-copy");
    const s = await exportDataset({ dataset, format: "mcap", out, mcapCopy: true });
    expect(s.exported).toBe(1);
    const source = await readMcapForTests(path.join(dataset, "pick_cube_001.mcap"));
    const copy = await readMcapForTests(path.join(out, "pick_cube_001.mcap"));
    for (const [topic, messages] of source.byTopic) {
      expect(copy.byTopic.get(topic)!.map((m) => [m.logTime, m.sequence, m.data.length]), topic).toEqual(messages.map((m) => [m.logTime, m.sequence, m.data.length]));
    }
    expect(copy.metadata.get("episode")).toEqual(source.metadata.get("episode"));
    expect(copy.metadata.get("episcope.review")!.get("outcome")).toBe("success");
    expect(JSON.parse(new TextDecoder().decode(copy.byTopic.get("/episcope/instructions")![0]!.data)).text).toBe("transfer the cube");
    // Episcope's own engine opens the copy without problems and sees the annotation channels too.
    const summary = await summarizeEpisodeFile(path.join(out, "pick_cube_001.mcap"));
    expect(summary.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(summary.channels.map((c) => c.topic)).toEqual(expect.arrayContaining(["/cam_high", "/joint_states", "/episcope/instructions", "/episcope/reward"]));
  });

  it("LeRobot: past the data file size the steps go on in the next data file (read with DuckDB)", async () => {
    const out = path.join(tmp, "lerobot-files");
    // 28 floats + scalars ≈ 154 bytes a row: 0.05 MB ≈ 325 rows, so each sample episode (600, 800 steps) ends a file
    const s = await exportDataset({ dataset, format: "lerobot", out, lerobotDataFileMb: 0.05, cameras: [] });
    expect(s.notes[0]).toMatch(/2 data files/);
    // no camera asked: no videos/ folder
    expect(fs.existsSync(path.join(out, "videos"))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(out, "meta/info.json"), "utf8")).video_path).toBeNull();
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    const rows = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJson();
    expect(await rows(`select count(*)::INT as n, min("index")::INT as lo, max("index")::INT as hi, count(distinct "index")::INT as d from '${out}/data/*/*.parquet'`)).toEqual([{ n: 1400, lo: 0, hi: 1399, d: 1400 }]);
    expect(await rows(`select episode_index::INT as e, "data/file_index"::INT as f, dataset_from_index::INT as a, dataset_to_index::INT as b from '${out}/meta/episodes/chunk-000/file-000.parquet' order by e`)).toEqual([
      { e: 0, f: 0, a: 0, b: 600 },
      { e: 1, f: 1, a: 600, b: 1400 },
    ]);
    expect(await rows(`select count(*)::INT as n from '${out}/data/chunk-000/file-001.parquet' where episode_index = 1`)).toEqual([{ n: 800 }]);
    c.closeSync();
  });

  it("reports the largest staleness per stream (latest value ≤ step time)", async () => {
    const s = await exportDataset({ dataset, format: "json", out: path.join(tmp, "stale-json") });
    expect(s.episodes[0]!.maxStalenessNs).toBeUndefined(); // json needs no steps
    const r = await exportDataset({ dataset, format: "robomimic", out: path.join(tmp, "stale"), fps: 50, cameras: [] });
    // 50 Hz steps from the episode start: /action (50 Hz, same clock) is never stale; /joint_states (100 Hz) neither.
    expect(r.episodes[0]!.maxStalenessNs).toEqual({ "/joint_states": "0", "/action": "0" });
    const r25 = await exportDataset({ dataset, format: "robomimic", out: path.join(tmp, "stale25"), fps: 25, cameras: ["/cam_left_wrist"] });
    // 25 Hz steps: every other /action; the 15 fps camera is at most 1/15 s − 1/25 s … < 1/15 s old.
    expect(r25.episodes[0]!.maxStalenessNs!["/action"]).toBe("0");
    expect(Number(r25.episodes[0]!.maxStalenessNs!["/cam_left_wrist"])).toBeGreaterThan(0);
    expect(Number(r25.episodes[0]!.maxStalenessNs!["/cam_left_wrist"])).toBeLessThan(1e9 / 15);
  });

  it("never replaces an existing output without force, nor a folder it did not create; with force an earlier export, leaving no temp folder", async () => {
    const out = path.join(tmp, "exists");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "keep.txt"), "mine");
    await expect(exportDataset({ dataset, format: "csv", out })).rejects.toThrow(/already exists.*--force/);
    await expect(exportDataset({ dataset, format: "csv", out, force: true })).rejects.toThrow(/is not an Episcope export .*not replaced/);
    expect(fs.readdirSync(out)).toEqual(["keep.txt"]);
    fs.rmSync(out, { recursive: true });
    await exportDataset({ dataset, format: "json", out });
    const s = await exportDataset({ dataset, format: "csv", out, force: true });
    expect(s.exported).toBe(2);
    expect(fs.readdirSync(out).sort()).toEqual(["README.md", "dataset_card.json", MANIFEST_FILE, "episodes.csv", "segments.csv"]);
    expect(leftovers()).toEqual([]);
  });

  it("cancel leaves nothing under the output name", async () => {
    const out = path.join(tmp, "cancelled");
    const controller = new AbortController();
    const progress: number[] = [];
    await expect(
      exportDataset({ dataset, format: "rlds", out, signal: controller.signal, onProgress: (p) => (progress.push(p.done), controller.abort()) }),
    ).rejects.toBeInstanceOf(ExportCancelled);
    expect(progress).toEqual([1]);
    expect(fs.existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it("an action topic absent everywhere fails every episode with the reason, and nothing is written", async () => {
    const out = path.join(tmp, "no-action");
    const s = await exportDataset({ dataset, format: "lerobot", out, actionTopic: "/cmd_vel" });
    expect(s.exported).toBe(0);
    expect(s.episodes.map((e) => e.reason)).toEqual(["action topic /cmd_vel is not in this episode", "action topic /cmd_vel is not in this episode"]);
    expect(fs.existsSync(out)).toBe(false);
  });

  it("a missing camera stream is reported per episode", async () => {
    const s = await exportDataset({ dataset, format: "rlds", out: path.join(tmp, "no-cam"), cameras: ["/cam_top"] });
    expect(s.failed).toBe(2);
    expect(s.episodes[0]!.reason).toBe("camera topic /cam_top is not in this episode");
  });

  it("selects episodes by review status and outcome", async () => {
    const s = await exportDataset({ dataset, format: "json", out: path.join(tmp, "accepted"), selection: { status: ["accepted"], outcome: ["success"] } });
    expect(s.episodes.map((e) => e.status)).toEqual(["exported", "skipped"]);
    expect(s.episodes[1]!.reason).toBe("not selected (status unreviewed, outcome none)");
  });

  it("a damaged episode file and an invalid document are reported per episode; the rest is exported", async () => {
    const bad = path.join(tmp, "bad-input");
    fs.mkdirSync(path.join(bad, ".episcope/annotations/bob"), { recursive: true });
    fs.copyFileSync(path.join(dataset, "pick_cube_001.mcap"), path.join(bad, "good.mcap"));
    fs.copyFileSync(path.join(dataset, "pick_cube_002.mcap"), path.join(bad, "bad_doc.mcap"));
    fs.writeFileSync(path.join(bad, "damaged.mcap"), fs.readFileSync(path.join(dataset, "pick_cube_001.mcap")).subarray(0, 5000));
    fs.writeFileSync(path.join(bad, ".episcope/annotations/bob/bad_doc.json"), JSON.stringify({ schema: "episcope.annotation/2", review: { status: "done" } }));
    const s = await exportDataset({ dataset: bad, format: "robomimic", out: path.join(tmp, "bad-out") });
    expect(s.episodes.map((e) => [e.path, e.status])).toEqual([
      ["bad_doc.mcap", "failed"],
      ["damaged.mcap", "failed"],
      ["good.mcap", "exported"],
    ]);
    expect(s.episodes[0]!.reason).toMatch(/^\.episcope\/annotations\/bob\/bad_doc\.json: /);
    expect(s.episodes[1]!.reason).toMatch(/damaged\.mcap/);
    expect(fs.existsSync(path.join(tmp, "bad-out", "dataset.hdf5"))).toBe(true);
  });

  it("an unknown annotator layer is an error naming the layers", async () => {
    await expect(exportDataset({ dataset, format: "json", out: path.join(tmp, "x"), annotator: "carol" })).rejects.toThrow(/annotator carol: no layer .*layers: bob/);
  });
});
