/**
 * Export a generated 20-episode labelled dataset (plus two broken episodes) in every format and read each export back
 * with a reader that shares no code with the writers: h5py (HDF5), DuckDB (Parquet), Python protobuf (TFRecord),
 * @mcap/core (MCAP), ffprobe (MP4). Expected values are computed here from the fixture's labels.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importSource } from "../import/importSource.ts";
import { readMcapForTests } from "../import/readMcapForTests.ts";
import { exportDataset } from "./exportDataset.ts";
import type { ExportFormat, ExportSummary } from "./exportTypes.ts";
import { fixtureEpisodeName, labelsOf, writeLabelledDataset } from "./labelledDatasetFixture.ts";

const PYTHON = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const READERS = path.join(import.meta.dirname, "readers");
const COUNT = 20;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-export-readers-"));
const dataset = path.join(tmp, "pick_cube_fixture");
const summaries = new Map<ExportFormat, ExportSummary>();
const outOf = (format: ExportFormat) => path.join(tmp, `out-${format}`);

/** Per fixture episode: start and end log time (ns) as its annotation document records them. */
const spans = new Map<string, { startNs: bigint; endNs: bigint }>();

beforeAll(async () => {
  await writeLabelledDataset(dataset, COUNT, { broken: true });
  // the lead corrected ep_000's operator in the dataset table: the export's operator masks follow the table
  fs.writeFileSync(path.join(dataset, ".episcope/episodes.json"), JSON.stringify({ episodes: { "ep_000.mcap": { operator: "op_table" } } }));
  for (let i = 0; i < COUNT; i++) {
    const doc = JSON.parse(fs.readFileSync(path.join(dataset, ".episcope/annotations/alice", `${fixtureEpisodeName(i)}.json`), "utf8"));
    spans.set(fixtureEpisodeName(i), { startNs: BigInt(doc.episode.fingerprint.startNs), endNs: BigInt(doc.episode.fingerprint.endNs) });
  }
  for (const format of ["lerobot", "robomimic", "rlds", "mcap", "json", "csv"] as const) {
    // LeRobot at the camera rate (30 fps) so /cam_high is remuxed; the others at the action rate (50 Hz, the default).
    summaries.set(format, await exportDataset({ dataset, format, out: outOf(format), ...(format === "lerobot" ? { fps: 30 } : {}) }));
  }
}, 240_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Expected labels of fixture episode i at steps t_k = start + round(k·1e9/fps): failure mask, chunk index, primitive. */
function expectedStepLabels(i: number, n: number, fps: number): { failure: number[]; chunk: number[]; primitive: string[] } {
  const sec = (k: number) => Math.round((k * 1e9) / fps) / 1e9;
  const failed = labelsOf(i).outcome === "failure";
  const ks = Array.from({ length: n }, (_, k) => sec(k));
  return {
    // the fixture's failure segment spans [0.5 s, 1.0 s) of a failed episode; chunks: reach [0, 1 s), grasp [1 s, end)
    failure: ks.map((t) => (failed && t >= 0.5 && t < 1 ? 1 : 0)),
    chunk: ks.map((t) => (t < 1 ? 0 : 1)),
    primitive: ks.map((t) => (t < 1 ? "reach" : "grasp")),
  };
}

/** Expected r_t of fixture episode i at `fps` for n steps (steps start at the episode start). */
function expectedRewards(i: number, n: number, fps: number): number[] {
  const l = labelsOf(i);
  if (!l.denseReward) return Array.from({ length: n }, (_, k) => (k === n - 1 && l.outcome === "success" ? 1 : 0));
  const { startNs, endNs } = spans.get(fixtureEpisodeName(i))!;
  // linear keyframes 0 at the start → 1 at the end
  return Array.from({ length: n }, (_, k) => Math.round((k * 1e9) / fps) / Number(endNs - startNs));
}
/** Steps of episode i at `fps`: from the start through the last action / joint message (whichever ends first). */
function expectedSteps(i: number, fps: number): number {
  const d = labelsOf(i).durationSec;
  const lastActionSec = (d * 50 - 1) / 50; // actions at 50 Hz end before joints at 100 Hz
  return Math.floor(lastActionSec * fps + 1e-9) + 1;
}
const indexOfEpisode = (file: string) => Number(/ep_(\d+)/.exec(file)![1]);

describe("every format: per-episode errors and the summary", () => {
  it("reports the broken episodes with their reason and exports the 20 others", () => {
    for (const format of ["lerobot", "robomimic", "rlds"] as const) {
      const s = summaries.get(format)!;
      expect(s.exported, format).toBe(COUNT);
      expect(s.failed, format).toBe(2);
      // no /action: the action would be the next state, but the episode lacks the camera every other one has
      expect(s.episodes.find((e) => e.path === "bad_no_action.mcap")!.reason).toBe("camera topic /cam_high is not in this episode");
      expect(s.episodes.find((e) => e.path === "bad_reward_clock.mcap")!.reason).toMatch(/\/steps.*no step clock/);
      expect(fs.readdirSync(tmp).filter((f) => f.includes(".tmp-"))).toEqual([]);
      const manifest = JSON.parse(fs.readFileSync(path.join(outOf(format), "episcope-export.json"), "utf8"));
      expect(manifest).toMatchObject({ format, annotator: "alice", app: { name: "episcope" } });
      expect(manifest.sources).toHaveLength(COUNT);
      expect(manifest.sources[0]).toMatchObject({ path: "ep_000.mcap", startNs: String(spans.get("ep_000")!.startNs) });
      expect(manifest.sources[0].sizeBytes).toBeGreaterThan(0);
    }
  });
});

describe("the dataset card", () => {
  it("says what was exported, by whom, on which robot, with which cameras, and what was left out and why", () => {
    // every format writes one (json included: its 22 rows hold the broken episodes too)
    expect(JSON.parse(fs.readFileSync(path.join(outOf("json"), "dataset_card.json"), "utf8")).episodes.exported).toBe(COUNT + 2);
    for (const format of ["lerobot", "robomimic"] as const) {
      const card = JSON.parse(fs.readFileSync(path.join(outOf(format), "dataset_card.json"), "utf8"));
      const all = Array.from({ length: COUNT }, (_, i) => i);
      const successes = all.filter((i) => labelsOf(i).outcome === "success").length;
      expect(card, format).toMatchObject({ name: "pick_cube_fixture", format, license: "", labelLayer: "alice", robots: ["aloha-sim"], successRate: successes / COUNT });
      expect(card.byOperator).toEqual({ op_a: all.filter((i) => i !== 0 && labelsOf(i).operator === "op_a").length, op_b: all.filter((i) => labelsOf(i).operator === "op_b").length, op_table: 1 });
      expect(card.byOutcome).toEqual({ failure: COUNT - successes, success: successes });
      expect(card.episodes).toMatchObject({ exported: COUNT, failed: 2, skipped: 0 });
      expect(card.cameras).toEqual([{ topic: "/cam_high", episodes: COUNT, medianRateHz: 30 }]);
      expect(card.exclusions.map((e: { path: string }) => e.path)).toEqual(["bad_no_action.mcap", "bad_reward_clock.mcap"]);
      const readme = fs.readFileSync(path.join(outOf(format), "README.md"), "utf8");
      expect(readme.startsWith("---\nlicense:")).toBe(true);
      expect(readme).toContain("| bad_no_action.mcap | failed | camera topic /cam_high is not in this episode |");
      expect(readme).toContain(`- Success rate: ${((successes / COUNT) * 100).toFixed(1)} % of the episodes with an outcome`);
    }
  });
});

describe("robomimic HDF5 read with h5py", () => {
  it("has one demo per episode with the right shapes, rewards, dones, attrs and filter-key masks", () => {
    const h5 = JSON.parse(execFileSync(PYTHON, [path.join(READERS, "read_hdf5.py"), path.join(outOf("robomimic"), "dataset.hdf5")], { encoding: "utf8" }));
    expect(Object.keys(h5.demos)).toHaveLength(COUNT);
    let total = 0;
    for (const demo of Object.values(h5.demos) as { num_samples: number; episode: string; obs: Record<string, number[]>; actions: number[]; rewards: number[]; dones: number[]; segments: Record<string, number[]>; chunk_index: number[]; primitive: string[] }[]) {
      const i = indexOfEpisode(demo.episode);
      const n = expectedSteps(i, 50);
      expect(demo.num_samples, demo.episode).toBe(n);
      expect(demo.obs).toEqual({ joint_states: [n, 14], cam_high_image: [n, 84, 84, 3] });
      expect(demo.actions).toEqual([n, 14]);
      expect(demo.dones).toEqual(Array.from({ length: n }, (_, k) => (k === n - 1 ? 1 : 0)));
      const want = expectedRewards(i, n, 50);
      demo.rewards.forEach((r, k) => expect(r).toBeCloseTo(want[k]!, 9));
      const labels = expectedStepLabels(i, n, 50);
      expect(Object.keys(demo.segments).sort()).toEqual(["failure", "hesitation", "idle", "intervention", "recovery"]);
      expect(demo.segments.failure, demo.episode).toEqual(labels.failure);
      expect(demo.segments.intervention).toEqual(Array(n).fill(0));
      expect(demo.chunk_index).toEqual(labels.chunk);
      expect(demo.primitive).toEqual(labels.primitive);
      total += n;
    }
    expect(h5.total).toBe(total);
    expect(h5.env_args.env_name).toBe("pick_cube_fixture");
    const demoOf = (i: number) => Object.entries(h5.demos as Record<string, { episode: string }>).find(([, d]) => d.episode === `${fixtureEpisodeName(i)}.mcap`)![0];
    const all = Array.from({ length: COUNT }, (_, i) => i);
    const where = (f: (i: number) => boolean) => all.filter(f).map(demoOf).sort();
    expect([...h5.masks.successful].sort()).toEqual(where((i) => labelsOf(i).outcome === "success"));
    expect([...h5.masks.failed].sort()).toEqual(where((i) => labelsOf(i).outcome === "failure"));
    expect([...h5.masks.flag_jerky_motion].sort()).toEqual(where((i) => labelsOf(i).flags.includes("jerky motion")));
    expect([...h5.masks.operator_op_a].sort()).toEqual(where((i) => i !== 0 && labelsOf(i).operator === "op_a"));
    expect(h5.masks.operator_op_table).toEqual([demoOf(0)]);
    expect([...h5.masks.has_failure].sort()).toEqual(where((i) => labelsOf(i).outcome === "failure"));
    // split by episode: int(0.1 × 20) = 2 valid, 18 train, disjoint
    expect(h5.masks.valid).toHaveLength(2);
    expect([...h5.masks.train, ...h5.masks.valid].sort()).toEqual(all.map(demoOf).sort());
    expect([...h5.masks.operator_op_b].sort()).toEqual(where((i) => labelsOf(i).operator === "op_b"));
    expect([...h5.masks.status_needs_fix].sort()).toEqual(where((i) => labelsOf(i).status === "needs_fix"));
  });
});

describe("LeRobot v3.0 read with DuckDB and ffprobe", () => {
  it("data, episodes and tasks tables hold the right rows, columns and labels", async () => {
    const out = outOf("lerobot");
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    const rows = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    const data = path.join(out, "data/chunk-000/file-000.parquet");
    const columns = (await c.runAndReadAll(`select * from '${data}' limit 0`)).columnNames();
    expect(columns).toEqual([
      "observation.state", "action", "timestamp", "frame_index", "episode_index", "index", "task_index", "next.reward", "next.done", "next.success",
      "episcope.segment.failure", "episcope.segment.recovery", "episcope.segment.hesitation", "episcope.segment.intervention", "episcope.segment.idle",
      "episcope.action_chunk.index", "episcope.action_chunk.primitive",
    ]);
    const info = JSON.parse(fs.readFileSync(path.join(out, "meta/info.json"), "utf8"));
    expect(info).toMatchObject({ codebase_version: "v3.0", fps: 30, total_episodes: COUNT, total_tasks: 2 });
    const [count] = await rows(`select count(*)::INT as n, sum("next.done"::INT)::INT as done, sum("next.success"::INT)::INT as success, max(len("observation.state"))::INT as dim from '${data}'`);
    expect(count!.n).toBe(info.total_frames);
    expect(count!.done).toBe(COUNT);
    expect(count!.success).toBe(Array.from({ length: COUNT }, (_, i) => i).filter((i) => labelsOf(i).outcome === "success").length);
    expect(count!.dim).toBe(14);
    const episodes = await rows(`select episode_index::INT as e, length::INT as n, "episcope/source" as src, "episcope/outcome" as outcome, tasks, "videos/observation.images.cam_high/file_index"::INT as video from '${path.join(out, "meta/episodes/chunk-000/file-000.parquet")}' order by e`);
    expect(episodes).toHaveLength(COUNT);
    let expectedFrames = 0;
    for (const ep of episodes) {
      const i = indexOfEpisode(ep.src as string);
      const n = expectedSteps(i, 30);
      expect(ep.n, ep.src as string).toBe(n);
      expect(ep.outcome).toBe(labelsOf(i).outcome);
      expect(ep.tasks).toEqual([i % 2 ? "hand the cube over" : "transfer the cube from the left gripper to the right"]);
      const steps = await rows(`select "next.reward" as r, timestamp as t, frame_index::INT as f, "episcope.segment.failure"::INT as fail, "episcope.segment.recovery"::INT as rec, "episcope.action_chunk.index"::INT as c, "episcope.action_chunk.primitive" as p from '${data}' where episode_index = ${ep.e} order by frame_index`);
      const labels = expectedStepLabels(i, n, 30);
      expect(steps.map((x) => x.fail), ep.src as string).toEqual(labels.failure);
      expect(steps.map((x) => x.rec)).toEqual(Array(n).fill(0));
      expect(steps.map((x) => x.c)).toEqual(labels.chunk);
      expect(steps.map((x) => x.p)).toEqual(labels.primitive);
      const rewards = steps.map((r) => r.r as number);
      steps.forEach((x, k) => {
        expect(x.f).toBe(k);
        expect(x.t as number).toBeCloseTo(k / 30, 6);
      });
      const want = expectedRewards(i, n, 30);
      expect(rewards).toHaveLength(n);
      rewards.forEach((r, k) => expect(r).toBeCloseTo(want[k]!, 6));
      // MP4 frames counted by ffprobe equal the episode's frames
      const mp4 = path.join(out, `videos/observation.images.cam_high/chunk-000/file-${String(ep.video).padStart(3, "0")}.mp4`);
      const probe = execFileSync("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=codec_name,nb_read_frames,width,height", "-of", "json", mp4], { encoding: "utf8" });
      expect(JSON.parse(probe).streams[0]).toMatchObject({ codec_name: "h264", nb_read_frames: String(n), width: 320, height: 240 });
      expectedFrames += n;
    }
    expect(info.total_frames).toBe(expectedFrames);
    const tasks = await rows(`select task_index::INT as i, task from '${path.join(out, "meta/tasks.parquet")}' order by i`);
    expect(tasks.map((t) => t.task).sort()).toEqual(["hand the cube over", "transfer the cube from the left gripper to the right"]);
    const [pandas] = await rows(`select decode(value) as v from parquet_kv_metadata('${path.join(out, "meta/tasks.parquet")}') where decode(key) = 'pandas'`);
    expect(JSON.parse(pandas!.v as string).index_columns).toEqual(["task"]);
    c.closeSync();
  });

  it("reads back with Episcope's own LeRobot v3.0 importer: 20 episodes with their step counts", async () => {
    const report = await importSource(outOf("lerobot"), { outDir: path.join(tmp, "reimported"), rateHz: null });
    expect(report.format).toBe("lerobot-v3");
    expect(report.episodes).toHaveLength(COUNT);
    expect(report.episodes.map((e) => e.status)).toEqual(Array(COUNT).fill("ok"));
    const lengths = Array.from({ length: COUNT }, (_, i) => expectedSteps(i, 30)).sort();
    expect(report.episodes.map((e) => e.steps).sort()).toEqual(lengths);
  });
});

describe("RLDS TFRecord read with Python protobuf", () => {
  it("frames every record with valid CRCs and holds the steps and labels of each episode", () => {
    const out = outOf("rlds");
    const info = JSON.parse(fs.readFileSync(path.join(out, "dataset_info.json"), "utf8"));
    expect(info.name).toBe("pick_cube_fixture");
    expect(info.splits[0]).toMatchObject({ name: "train", shardLengths: [String(COUNT)], filepathTemplate: "{DATASET}-{SPLIT}.{FILEFORMAT}-{SHARD_X_OF_Y}" });
    const features = JSON.parse(fs.readFileSync(path.join(out, "features.json"), "utf8"));
    const stepFeatures = features.featuresDict.features.steps.sequence.feature.featuresDict.features;
    expect(Object.keys(stepFeatures).sort()).toEqual([
      "action", "action_chunk_index", "action_chunk_primitive", "discount", "is_first", "is_last", "is_terminal", "language_instruction", "observation", "reward",
      "segment_failure", "segment_hesitation", "segment_idle", "segment_intervention", "segment_recovery",
    ]);
    const file = path.join(out, "pick_cube_fixture-train.tfrecord-00000-of-00001");
    const records = JSON.parse(execFileSync(PYTHON, [path.join(READERS, "read_tfrecord.py"), file], { encoding: "utf8", maxBuffer: 1 << 28 })) as Record<string, { values: (number | string)[] }>[];
    expect(records).toHaveLength(COUNT);
    for (const r of records) {
      const i = indexOfEpisode(r["episode_metadata/file_path"]!.values[0] as string);
      const n = expectedSteps(i, 50);
      const l = labelsOf(i);
      expect(r["steps/observation/state"]!.values).toHaveLength(n * 14);
      expect(r["steps/action"]!.values).toHaveLength(n * 14);
      const last = (k: number) => (k === n - 1 ? 1 : 0);
      expect(r["steps/is_first"]!.values).toEqual(Array.from({ length: n }, (_, k) => (k === 0 ? 1 : 0)));
      expect(r["steps/is_last"]!.values).toEqual(Array.from({ length: n }, (_, k) => last(k)));
      expect(r["steps/is_terminal"]!.values).toEqual(Array.from({ length: n }, (_, k) => last(k))); // success and failure are terminal
      expect(r["steps/discount"]!.values).toEqual(Array(n).fill(1));
      const want = expectedRewards(i, n, 50);
      (r["steps/reward"]!.values as number[]).forEach((x, k) => expect(x).toBeCloseTo(want[k]!, 6));
      expect(new Set(r["steps/language_instruction"]!.values)).toEqual(new Set([i % 2 ? "hand the cube over" : "transfer the cube from the left gripper to the right"]));
      expect(r["episode_metadata/outcome"]!.values).toEqual([l.outcome]);
      const labels = expectedStepLabels(i, n, 50);
      expect(r["steps/segment_failure"]!.values).toEqual(labels.failure);
      expect(r["steps/action_chunk_index"]!.values).toEqual(labels.chunk);
      expect(r["steps/action_chunk_primitive"]!.values).toEqual(labels.primitive);
    }
  });
});

describe("MCAP sidecars read with @mcap/core", () => {
  it("hold the review as metadata and segments, chunks, instructions and per-step rewards as JSON channels", async () => {
    const out = outOf("mcap");
    const s = summaries.get("mcap")!;
    expect(s.exported).toBe(COUNT);
    for (let i = 0; i < COUNT; i++) {
      const l = labelsOf(i);
      const mcap = await readMcapForTests(path.join(out, `${fixtureEpisodeName(i)}.annotations.mcap`));
      expect(Object.fromEntries(mcap.metadata.get("episcope.review")!)).toMatchObject({ status: l.status, outcome: l.outcome, flags: JSON.stringify(l.flags), annotator: "alice" });
      expect(mcap.encodingOf.get("/episcope/reward")).toBe("json");
      expect(mcap.schemaOf.get("/episcope/segments")).toBe("episcope.Segment");
      const json = (topic: string) => mcap.byTopic.get(topic)!.map((m) => JSON.parse(new TextDecoder().decode(m.data)));
      expect(json("/episcope/segments")).toHaveLength(l.outcome === "failure" ? 1 : 0);
      expect(json("/episcope/chunks").map((c) => c.primitive)).toEqual(["reach", "grasp"]);
      expect(json("/episcope/instructions")[0].paraphrases).toEqual(["pass the cube to the right hand"]);
      const { startNs, endNs } = spans.get(fixtureEpisodeName(i))!;
      const rewards = json("/episcope/reward");
      if (l.denseReward) {
        // the document's own 50 Hz clock over [start, end]
        expect(rewards).toHaveLength(Math.floor(Number(endNs - startNs) / 20_000_000) + 1);
        expect(rewards[0].reward).toBe(0);
        expect(mcap.byTopic.get("/episcope/reward")![0]!.logTime).toBe(startNs);
      } else {
        expect(rewards).toEqual([]);
      }
    }
  });
});

describe("JSON and CSV", () => {
  it("write the documents and one flat row per episode", () => {
    const rows = fs.readFileSync(path.join(outOf("csv"), "episodes.csv"), "utf8").trimEnd().split("\r\n");
    expect(rows).toHaveLength(COUNT + 2 + 1); // the broken episodes still have a row; + header
    expect(rows[0]!.split(",").slice(0, 9)).toEqual(["episode", "duration_s", "messages", "operator", "task", "annotator", "revision", "status", "outcome"]);
    const ep3 = rows.find((r) => r.startsWith("ep_003.mcap,"))!;
    expect(ep3).toContain(",alice,1,accepted,failure,4,jerky motion,episode 3,1,2,1,");
    const json = JSON.parse(fs.readFileSync(path.join(outOf("json"), "episodes.json"), "utf8"));
    expect(json).toHaveLength(COUNT + 2);
    const doc = JSON.parse(fs.readFileSync(path.join(outOf("json"), "annotations/ep_003.json"), "utf8"));
    expect(doc.review).toMatchObject({ outcome: "failure", flags: ["jerky motion"] });
  });
});
