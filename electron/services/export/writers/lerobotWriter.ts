/**
 * LeRobot dataset v3.0 export (layout as in LeRobot's `lerobot/datasets/utils.py` for codebase_version v3.0, and
 * as importLerobotV3.ts reads it):
 *   meta/info.json                               fps, features, data_path, video_path, totals, splits
 *   meta/tasks.parquet                           task_index, task (instructions become tasks; `task` is the pandas
 *                                                index, as LeRobot writes and reads it)
 *   meta/episodes/chunk-000/file-000.parquet     one row per episode: episode_index, tasks[], length, data and video
 *                                                file indexes, dataset_from/to_index, + episcope/* labels (outcome,
 *                                                review status, flags, paraphrases as JSON, source path)
 *   meta/stats.json                              min/max/mean/std/count per numeric feature (per episode, combined
 *                                                by Chan et al.'s parallel-variance formula: featureStats.ts)
 *   data/chunk-NNN/file-NNN.parquet              one row per step (a new file past the data file size, 100 MB by
 *                                                default): observation.state, action, timestamp,
 *                                                frame_index, episode_index, index, task_index, next.reward,
 *                                                next.done, next.success, and the labels per step:
 *                                                episcope.segment.<kind> (bool, one per segment kind of the dataset;
 *                                                the intervention flag is episcope.segment.intervention),
 *                                                episcope.action_chunk.index (finest chunk, -1 outside) and
 *                                                episcope.action_chunk.primitive
 *   videos/observation.images.<cam>/chunk-NNN/file-NNN.mp4   one per episode and camera, one video frame per step:
 *                                                H.264 whose frames line up with the steps remuxed, every other camera
 *                                                re-encoded (AV1 by default, as LeRobot; see cameras/lerobotVideos.ts)
 * Every exported episode has the same cameras (the first exported episode's); an episode missing one fails, naming it.
 */
import fs from "node:fs";
import path from "node:path";
import { cameraTotals, type CameraExport } from "../cameras/cameraExport.ts";
import { writeEpisodeVideos } from "../cameras/lerobotVideos.ts";
import { concatenatedState, type StepTable } from "../episodeStepTable.ts";
import { addThroughPiece, placeStaged, type EpisodeInput, type EpisodeOutput, type PieceStage, type PieceWriter, type PrepareInput, type WriterContext, type WriterFactory } from "../formatWriter.ts";
import type { OutputFolder } from "../outputFolder.ts";
import { combineStats, featureStats, statsJson, type FeatureStats } from "./featureStats.ts";
import { pandasIndexMetadata, writeParquetTable, type ParquetColumn } from "./parquetTable.ts";

/**
 * The video feature key of a camera topic: `/cam_high` → `observation.images.cam_high`; a topic that already is a
 * LeRobot key (`/observation.images.top`, `/observation.image`, as imported from LeRobot) keeps its name.
 */
export function videoKey(topic: string): string {
  const name = topic.replace(/^\/+/, "");
  if (/^observation\.[A-Za-z0-9_.-]+$/.test(name)) return name;
  return `observation.images.${name.replace(/[^A-Za-z0-9_-]+/g, "_")}`;
}

/** The per-step column of a segment kind: `episcope.segment.<kind>`. */
export const segmentColumn = (kind: string) => `episcope.segment.${kind}`;
/** Per step: index of the finest action chunk holding the step (-1 outside), and its primitive. */
export const CHUNK_INDEX_COLUMN = "episcope.action_chunk.index";
export const CHUNK_PRIMITIVE_COLUMN = "episcope.action_chunk.primitive";

const DATA_PATH = "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet";
const VIDEO_PATH = "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4";
/** Files per chunk folder (LeRobot's `chunks_size`). */
const CHUNKS_SIZE = 1000;
const pad3 = (n: number) => String(n).padStart(3, "0");
/** The n-th file (0-based) as LeRobot numbers them: file_index restarts at 0 in each chunk of CHUNKS_SIZE files. */
const chunkFileOf = (n: number) => ({ chunk: Math.floor(n / CHUNKS_SIZE), file: n % CHUNKS_SIZE });
const chunkFile = (prefix: string, n: number) => ({ [`${prefix}/chunk_index`]: chunkFileOf(n).chunk, [`${prefix}/file_index`]: chunkFileOf(n).file });
/** Video of episode i: one file per episode. */
const videoFile = (key: string, episode: number) => `videos/${key}/chunk-${pad3(chunkFileOf(episode).chunk)}/file-${pad3(chunkFileOf(episode).file)}.mp4`;

/** The per-step labels a data file holds. */
type DataLabels = Pick<StepTable["labels"], "rewards" | "done" | "success" | "segments" | "chunkIndex" | "primitive">;

/** One episode prepared for a LeRobot export (see formatWriter.ts): its numbers and its staged videos. */
interface LerobotPiece {
  path: string;
  n: number;
  fps: number;
  stateNames: string[];
  actionNames: string[];
  state: Float32Array;
  action: Float32Array;
  /** Task text of each step (the instruction in force, else the recorded task). */
  tasks: string[];
  labels: DataLabels;
  robot: string | null;
  stats: Map<string, FeatureStats>;
  /** The meta/episodes `episcope/*` labels. */
  review: { status: string; outcome: string; flags: string; paraphrases: string };
  /** Per camera in table order: its report and its staged video (file name in the stage folder). */
  cameras: CameraExport[];
  videos: string[];
}

class LerobotWriter implements PieceWriter<LerobotPiece> {
  readonly needsSteps = true;
  /** Episodes not yet written to a data file. */
  #data: { episode: number; n: number; timestamps: Float32Array; state: Float32Array; action: Float32Array; taskIndex: Float64Array; labels: DataLabels }[] = [];
  /** Rows (steps) held in #data, their first global index, and the data files written so far. */
  #pendingRows = 0;
  #dataFiles = 0;
  #dataBytes = 0;
  #robot: string | null = null;
  readonly #episodeRows: Record<string, unknown>[] = [];
  readonly #tasks = new Map<string, number>();
  readonly #stats = new Map<string, FeatureStats>();
  /** The cameras of the first exported episode, in order, with their video size and codec. */
  #cameras: { topic: string; width: number; height: number; codec: string }[] | null = null;
  readonly #cameraReports: CameraExport[] = [];
  #rows = 0;
  #stateNames: string[] | null = null;
  #actionNames: string[] | null = null;
  #fps = 0;

  constructor(
    private readonly folder: OutputFolder,
    private readonly context: WriterContext,
  ) {}

  addEpisode(input: EpisodeInput): Promise<EpisodeOutput> {
    return addThroughPiece(this, this.folder, input);
  }

  async prepare({ episode, table }: PrepareInput, stageDir: string): Promise<LerobotPiece> {
    const t = table!;
    const n = t.stepTimesNs.length;
    const state = concatenatedState(t);
    const cameras = await writeEpisodeVideos(episode, t, (topic) => ({ file: path.join(stageDir, `${videoKey(topic)}.mp4`), key: videoKey(topic) }), this.context.videoCodec);
    const fallbackTask = t.metadata.episode?.task ?? "";
    const { rewards, done, success, segments, chunkIndex, primitive } = t.labels;
    return {
      path: t.path,
      n,
      fps: t.fps,
      stateNames: state.names,
      actionNames: t.action.names,
      state: state.values,
      action: t.action.values,
      tasks: t.labels.tasks.map((task) => task || fallbackTask),
      labels: { rewards, done, success, segments, chunkIndex, primitive },
      robot: t.metadata.episode?.robot ?? null,
      stats: new Map([
        ["observation.state", featureStats(state.values, state.dim)],
        ["action", featureStats(t.action.values, t.action.dim)],
        ["next.reward", featureStats(rewards, 1)],
      ]),
      review: {
        status: t.doc?.review.status ?? "unreviewed",
        outcome: t.doc?.review.outcome ?? "",
        flags: JSON.stringify(t.doc?.review.flags ?? []),
        paraphrases: JSON.stringify(Object.fromEntries((t.doc?.instructions ?? []).map((i) => [i.text, i.paraphrases]))),
      },
      cameras,
      videos: cameras.map((c) => `${c.key}.mp4`),
    };
  }

  async commit(p: LerobotPiece, index: number, stage: PieceStage): Promise<EpisodeOutput> {
    const n = p.n;
    if (this.#stateNames && (this.#stateNames.length !== p.stateNames.length || this.#actionNames!.length !== p.actionNames.length)) {
      throw new Error(`state/action size ${p.stateNames.length}/${p.actionNames.length} differs from the first episode's ${this.#stateNames.length}/${this.#actionNames!.length}`);
    }
    if (this.#fps && p.fps !== this.#fps) throw new Error(`step rate ${p.fps} Hz differs from the first episode's ${this.#fps} Hz`);
    const topics = p.cameras.map((c) => c.topic);
    if (this.#cameras) {
      const known = this.#cameras.map((c) => c.topic);
      const missing = known.filter((k) => !topics.includes(k));
      const extra = topics.filter((k) => !known.includes(k));
      if (missing.length || extra.length) {
        throw new Error(`cameras differ from the first exported episode's (${known.join(", ") || "none"}): ${missing.length ? `missing ${missing.join(", ")}` : ""}${missing.length && extra.length ? "; " : ""}${extra.length ? `extra ${extra.join(", ")}` : ""} (pass the cameras to export)`);
      }
      const k = this.#cameras.findIndex((c, i) => c.width !== p.cameras[i]!.width || c.height !== p.cameras[i]!.height);
      if (k >= 0) {
        const first = this.#cameras[k]!;
        throw new Error(`${first.topic}: video is ${p.cameras[k]!.width}×${p.cameras[k]!.height}, the first exported episode's ${first.width}×${first.height}`);
      }
    }
    const placed: string[] = [];
    try {
      p.cameras.forEach((c, k) => {
        placed.push(this.folder.file(videoFile(c.key, index)));
        placeStaged(stage, p.videos[k]!, placed.at(-1)!);
      });
    } catch (error) {
      for (const file of placed) fs.rmSync(file, { force: true }); // nothing of a failed episode stays
      throw error;
    }
    // Nothing below throws: the episode is committed to the dataset.
    this.#stateNames ??= p.stateNames;
    this.#actionNames ??= p.actionNames;
    this.#fps = p.fps;
    this.#cameras ??= p.cameras.map((c) => ({ topic: c.topic, width: c.width, height: c.height, codec: c.codec }));
    this.#cameraReports.push(...p.cameras);
    const taskIndex = new Float64Array(n);
    const episodeTasks: string[] = [];
    p.tasks.forEach((text, s) => {
      if (!this.#tasks.has(text)) this.#tasks.set(text, this.#tasks.size);
      if (!episodeTasks.includes(text)) episodeTasks.push(text);
      taskIndex[s] = this.#tasks.get(text)!;
    });
    // timestamp: k / fps, the time of video frame k (LeRobot finds frames by timestamp within 1e-4 s)
    const timestamps = Float32Array.from({ length: n }, (_, k) => k / p.fps);
    this.#data.push({ episode: index, n, timestamps, state: p.state, action: p.action, taskIndex, labels: p.labels });
    this.#pendingRows += n;
    this.#robot ??= p.robot;
    for (const [key, s] of p.stats) this.#stats.set(key, combineStats(this.#stats.get(key) ?? null, s));
    const duration = n / p.fps;
    const row: Record<string, unknown> = {
      episode_index: index,
      tasks: episodeTasks,
      length: n,
      ...chunkFile("data", this.#dataFiles),
      dataset_from_index: this.#rows,
      dataset_to_index: this.#rows + n,
      "episcope/source": p.path,
      "episcope/status": p.review.status,
      "episcope/outcome": p.review.outcome,
      "episcope/flags": p.review.flags,
      "episcope/paraphrases": p.review.paraphrases,
      "episcope/videos": Object.fromEntries(p.cameras.map((c) => [c.key, { ...chunkFileOf(index), from: 0, to: duration }])),
    };
    this.#episodeRows.push(row);
    this.#rows += n;
    // Roll to the next data file past the target size (estimated from the raw column bytes).
    if (this.#pendingRows * (4 * (p.stateNames.length + p.actionNames.length) + 8 * 4 + 4 * 2 + 2) >= this.context.lerobotDataFileBytes) this.#flushData();
    return { cameras: p.cameras };
  }

  /** Write the pending episodes as the next data file. */
  #flushData(): void {
    if (this.#data.length === 0) return;
    const total = this.#pendingRows;
    const stateDim = this.#stateNames!.length;
    const actionDim = this.#actionNames!.length;
    const state = new Float32Array(total * stateDim);
    const action = new Float32Array(total * actionDim);
    const timestamp = new Float32Array(total);
    const frameIndex = new Float64Array(total);
    const episodeIndex = new Float64Array(total);
    const index = new Float64Array(total);
    const taskIndex = new Float64Array(total);
    const reward = new Float32Array(total);
    const done = new Uint8Array(total);
    const success = new Uint8Array(total);
    const kinds = this.context.segmentKinds;
    const segments = kinds.map(() => new Uint8Array(total));
    const chunkIndex = new Float64Array(total);
    const primitive: string[] = [];
    const firstRow = this.#rows - total;
    let r = 0;
    for (const t of this.#data) {
      const n = t.n;
      state.set(t.state, r * stateDim);
      action.set(t.action, r * actionDim);
      taskIndex.set(t.taskIndex, r);
      reward.set(t.labels.rewards, r);
      done.set(t.labels.done, r);
      success.set(t.labels.success, r);
      kinds.forEach((kind, k) => segments[k]!.set(t.labels.segments.get(kind)!, r));
      chunkIndex.set(t.labels.chunkIndex, r);
      primitive.push(...t.labels.primitive);
      timestamp.set(t.timestamps, r);
      for (let s = 0; s < n; s++) {
        frameIndex[r + s] = s;
        episodeIndex[r + s] = t.episode;
        index[r + s] = firstRow + r + s;
      }
      r += n;
    }
    const { chunk, file } = chunkFileOf(this.#dataFiles);
    this.#dataBytes += writeParquetTable(this.folder.file(`data/chunk-${pad3(chunk)}/file-${pad3(file)}.parquet`), [
      { name: "observation.state", type: "FLOAT_LIST", data: state, width: stateDim },
      { name: "action", type: "FLOAT_LIST", data: action, width: actionDim },
      { name: "timestamp", type: "FLOAT", data: timestamp },
      { name: "frame_index", type: "INT64", data: frameIndex },
      { name: "episode_index", type: "INT64", data: episodeIndex },
      { name: "index", type: "INT64", data: index },
      { name: "task_index", type: "INT64", data: taskIndex },
      { name: "next.reward", type: "FLOAT", data: reward },
      { name: "next.done", type: "BOOLEAN", data: done },
      { name: "next.success", type: "BOOLEAN", data: success },
      ...kinds.map((kind, k): ParquetColumn => ({ name: segmentColumn(kind), type: "BOOLEAN", data: segments[k]! })),
      { name: CHUNK_INDEX_COLUMN, type: "INT64", data: chunkIndex },
      { name: CHUNK_PRIMITIVE_COLUMN, type: "STRING", data: primitive },
    ]);
    this.#dataFiles++;
    this.#data = [];
    this.#pendingRows = 0;
  }

  async finish(): Promise<string[]> {
    const notes: string[] = [];
    const cameras = this.#cameras ?? [];
    notes.push(...cameraTotals(this.#cameraReports));
    this.#flushData();
    const total = this.#rows;
    const stateDim = this.#stateNames!.length;
    const actionDim = this.#actionNames!.length;

    // meta/tasks.parquet
    const tasks = [...this.#tasks.keys()];
    writeParquetTable(
      this.folder.file("meta/tasks.parquet"),
      [
        { name: "task_index", type: "INT64", data: tasks.map((_, i) => i) },
        { name: "task", type: "STRING", data: tasks },
      ],
      // LeRobot reads the task strings as the DataFrame index (`tasks.iloc[i].name`).
      [pandasIndexMetadata("task", [{ name: "task_index", pandasType: "int64" }, { name: "task", pandasType: "unicode" }])],
    );

    // meta/episodes/chunk-000/file-000.parquet
    const rows = this.#episodeRows;
    const col = (name: string) => rows.map((x) => x[name]);
    const episodeColumns: ParquetColumn[] = [
      { name: "episode_index", type: "INT64", data: col("episode_index") as number[] },
      { name: "tasks", type: "STRING_LIST", data: col("tasks") as string[][] },
      { name: "length", type: "INT64", data: col("length") as number[] },
      { name: "data/chunk_index", type: "INT64", data: col("data/chunk_index") as number[] },
      { name: "data/file_index", type: "INT64", data: col("data/file_index") as number[] },
      { name: "dataset_from_index", type: "INT64", data: col("dataset_from_index") as number[] },
      { name: "dataset_to_index", type: "INT64", data: col("dataset_to_index") as number[] },
    ];
    for (const { topic } of cameras) {
      const key = videoKey(topic);
      const v = rows.map((x) => (x["episcope/videos"] as Record<string, { chunk: number; file: number; from: number; to: number }>)[key]!);
      episodeColumns.push(
        { name: `videos/${key}/chunk_index`, type: "INT64", data: v.map((x) => x.chunk) },
        { name: `videos/${key}/file_index`, type: "INT64", data: v.map((x) => x.file) },
        { name: `videos/${key}/from_timestamp`, type: "DOUBLE", data: v.map((x) => x.from) },
        { name: `videos/${key}/to_timestamp`, type: "DOUBLE", data: v.map((x) => x.to) },
      );
    }
    episodeColumns.push(
      { name: "meta/episodes/chunk_index", type: "INT64", data: rows.map(() => 0) },
      { name: "meta/episodes/file_index", type: "INT64", data: rows.map(() => 0) },
    );
    for (const name of ["episcope/source", "episcope/status", "episcope/outcome", "episcope/flags", "episcope/paraphrases"]) {
      episodeColumns.push({ name, type: "STRING", data: col(name) as string[] });
    }
    writeParquetTable(this.folder.file("meta/episodes/chunk-000/file-000.parquet"), episodeColumns);

    // meta/stats.json
    const stats: Record<string, unknown> = {};
    for (const [key, s] of this.#stats) stats[key] = statsJson(s);
    fs.writeFileSync(this.folder.file("meta/stats.json"), JSON.stringify(stats, null, 2) + "\n");

    // meta/info.json
    const scalar = (dtype: string) => ({ dtype, shape: [1], names: null });
    const features: Record<string, unknown> = {
      "observation.state": { dtype: "float32", shape: [stateDim], names: this.#stateNames },
      action: { dtype: "float32", shape: [actionDim], names: this.#actionNames },
    };
    for (const v of cameras) {
      features[videoKey(v.topic)] = {
        dtype: "video",
        shape: [v.height, v.width, 3],
        names: ["height", "width", "channels"],
        info: { "video.height": v.height, "video.width": v.width, "video.codec": v.codec, "video.pix_fmt": "yuv420p", "video.is_depth_map": false, "video.fps": this.#fps, "video.channels": 3, "has_audio": false },
      };
    }
    Object.assign(features, {
      timestamp: scalar("float32"),
      frame_index: scalar("int64"),
      episode_index: scalar("int64"),
      index: scalar("int64"),
      task_index: scalar("int64"),
      "next.reward": scalar("float32"),
      "next.done": scalar("bool"),
      "next.success": scalar("bool"),
    });
    for (const kind of this.context.segmentKinds) features[segmentColumn(kind)] = scalar("bool");
    features[CHUNK_INDEX_COLUMN] = scalar("int64");
    features[CHUNK_PRIMITIVE_COLUMN] = scalar("string");
    const info = {
      codebase_version: "v3.0",
      robot_type: this.#robot,
      total_episodes: rows.length,
      total_frames: total,
      total_tasks: tasks.length,
      chunks_size: CHUNKS_SIZE,
      data_files_size_in_mb: this.context.lerobotDataFileBytes / 1e6,
      video_files_size_in_mb: 500,
      fps: this.#fps,
      splits: { train: `0:${rows.length}` },
      data_path: DATA_PATH,
      video_path: cameras.length ? VIDEO_PATH : null,
      features,
      episcope: { dataset: this.context.datasetName, annotator: this.context.annotator },
    };
    fs.writeFileSync(this.folder.file("meta/info.json"), JSON.stringify(info, null, 2) + "\n");
    notes.unshift(`${rows.length} episodes, ${total} frames at ${this.#fps} fps, ${tasks.length} tasks, ${this.#dataFiles} data files (${this.#dataBytes} bytes)`);
    return notes;
  }
}

/** LeRobot v3.0 export (see module doc). */
export const lerobotWriter: WriterFactory = (folder, context) => new LerobotWriter(folder, context);
