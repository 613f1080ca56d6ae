/**
 * robomimic HDF5 (https://robomimic.github.io/docs/datasets/overview.html, "Dataset Structure") written with h5wasm:
 *   data/                 attrs total (Σ num_samples), env_args (JSON)
 *   data/demo_<i>/        attrs num_samples, episcope_episode (source path)
 *     obs/<key>           [N, dim] float32, one per state topic (key: the topic without its leading '/', '/' → '_')
 *     obs/<key>_image     [N, H, W, 3] uint8, one per camera: its picture at each step (playback rule), resized to the
 *                         export's image size (default 84×84, capped at the source size; cameras/stepImages.ts)
 *     actions [N, dim] float32 · rewards [N] float64 · dones [N] int64
 *     segments/<kind>     [N] uint8 mask per segment kind of the dataset (1 inside a segment of that kind; the
 *                         intervention flag is segments/intervention)
 *     action_chunks/index [N] int64 finest action chunk holding the step (-1 outside) · action_chunks/primitive [N] str
 *   mask/<filter key>     the demo names (strings) of each filter key: successful, failed, partial, unusable, flag_*,
 *                         operator_* (the operator the dataset table shows), status_*, has_<segment kind>, and the
 *                         train/valid split by episode (validRatio, seed; shared/export/trainValidSplit.ts)
 */
import h5wasm, { type File as H5File, type Group as H5Group } from "h5wasm/node";
import { episodeFilterKeys, filterKeyLists } from "../../../../shared/export/filterKeys.ts";
import { trainValidSplit } from "../../../../shared/export/trainValidSplit.ts";
import { cameraTotals, type CameraExport } from "../cameras/cameraExport.ts";
import { resizedStepImages } from "../cameras/stepImages.ts";
import { addThroughPiece, type EpisodeInput, type EpisodeOutput, type PieceWriter, type PrepareInput, type WriterContext, type WriterFactory } from "../formatWriter.ts";
import type { StepLabels } from "../../../../shared/export/stepLabels.ts";
import type { OutputFolder } from "../outputFolder.ts";

/** The HDF5 file name inside the export folder. */
export const ROBOMIMIC_FILE = "dataset.hdf5";

/** The obs key of a topic: `/joint_states` → `joint_states`, `/a/b` → `a_b`. */
export function obsKey(topic: string): string {
  return topic.replace(/^\/+/, "").replace(/[^A-Za-z0-9_.-]+/g, "_") || "state";
}

/** One episode prepared for the robomimic file (see formatWriter.ts): its arrays, pictures and filter keys. */
interface RobomimicPiece {
  path: string;
  n: number;
  /** Per state topic: its obs key and values [n × dim]. */
  state: { key: string; dim: number; values: Float32Array }[];
  /** Per camera: its obs key and pictures [n × height × width × 3]. */
  images: { key: string; data: Uint8Array; width: number; height: number }[];
  action: { dim: number; values: Float32Array };
  labels: Pick<StepLabels, "rewards" | "done" | "segments" | "chunkIndex" | "primitive">;
  filterKeys: string[];
  cameras: CameraExport[];
}

class RobomimicWriter implements PieceWriter<RobomimicPiece> {
  readonly needsSteps = true;
  #file: H5File | null = null;
  #total = 0;
  readonly #keys: [string, string[]][] = [];
  readonly #cameraReports: CameraExport[] = [];

  constructor(
    private readonly folder: OutputFolder,
    private readonly context: WriterContext,
  ) {}

  async #open(): Promise<H5File> {
    if (!this.#file) {
      await h5wasm.ready;
      this.#file = new h5wasm.File(this.folder.file(ROBOMIMIC_FILE), "w");
      this.#file.create_group("data");
      this.#file.create_group("mask");
    }
    return this.#file;
  }

  addEpisode(input: EpisodeInput): Promise<EpisodeOutput> {
    return addThroughPiece(this, this.folder, input);
  }

  async prepare({ episode, table }: PrepareInput): Promise<RobomimicPiece> {
    const t = table!;
    const n = t.stepTimesNs.length;
    if (n === 0) throw new Error("no steps to write");
    const images: RobomimicPiece["images"] = [];
    const cameras: CameraExport[] = [];
    for (const camera of t.cameras) {
      const key = `${obsKey(camera.topic)}_image`;
      const { data, report } = await resizedStepImages(episode, camera, this.context.imageSize, key);
      images.push({ key, data, width: report.width, height: report.height });
      cameras.push(report);
    }
    const { rewards, done, segments, chunkIndex, primitive } = t.labels;
    return {
      path: t.path,
      n,
      state: t.state.map((s) => ({ key: obsKey(s.topic), dim: s.dim, values: s.values })),
      images,
      action: { dim: t.action.dim, values: t.action.values },
      labels: { rewards, done, segments, chunkIndex, primitive },
      filterKeys: episodeFilterKeys(t.doc?.review ?? null, t.operator, [...new Set(t.doc?.segments.map((s) => s.kind) ?? [])]),
      cameras,
    };
  }

  async commit(p: RobomimicPiece, index: number): Promise<EpisodeOutput> {
    const n = p.n;
    const file = await this.#open();
    const name = `demo_${index}`;
    const demo = file.create_group(`data/${name}`);
    const obs = demo.create_group("obs");
    for (const stream of p.state) obs.create_dataset({ name: stream.key, data: stream.values, shape: [n, stream.dim], dtype: "<f" });
    for (const image of p.images) obs.create_dataset({ name: image.key, data: image.data, shape: [n, image.height, image.width, 3], dtype: "<B" });
    demo.create_dataset({ name: "actions", data: p.action.values, shape: [n, p.action.dim], dtype: "<f" });
    demo.create_dataset({ name: "rewards", data: Float64Array.from(p.labels.rewards), shape: [n], dtype: "<d" });
    demo.create_dataset({ name: "dones", data: BigInt64Array.from(p.labels.done, (d) => BigInt(d)), shape: [n], dtype: "<q" });
    const segments = demo.create_group("segments");
    for (const kind of this.context.segmentKinds) segments.create_dataset({ name: kind, data: p.labels.segments.get(kind)!, shape: [n], dtype: "<B" });
    const chunks = demo.create_group("action_chunks");
    chunks.create_dataset({ name: "index", data: BigInt64Array.from(p.labels.chunkIndex, (x) => BigInt(x)), shape: [n], dtype: "<q" });
    chunks.create_dataset({ name: "primitive", data: p.labels.primitive });
    demo.create_attribute("num_samples", BigInt64Array.of(BigInt(n)), [], "<q");
    demo.create_attribute("episcope_episode", p.path);
    this.#total += n;
    this.#keys.push([name, p.filterKeys]);
    this.#cameraReports.push(...p.cameras);
    return { cameras: p.cameras };
  }

  async finish(): Promise<string[]> {
    const file = await this.#open();
    const data = file.get("data") as H5Group;
    data.create_attribute("total", BigInt64Array.of(BigInt(this.#total)), [], "<q");
    data.create_attribute(
      "env_args",
      JSON.stringify({ env_name: this.context.datasetName, type: 2, env_kwargs: {}, episcope: { note: "recorded robot demonstrations; no simulator" } }),
    );
    const lists = filterKeyLists(this.#keys);
    const split = trainValidSplit(this.#keys.map(([name]) => name), this.context.validRatio, this.context.splitSeed);
    lists.set("train", split.train);
    lists.set("valid", split.valid);
    for (const [key, names] of lists) if (names.length > 0) file.create_dataset({ name: `mask/${key}`, data: names });
    file.close();
    this.#file = null;
    const written = [...lists].filter(([, names]) => names.length > 0).map(([key]) => key);
    const notes = [`${this.#keys.length} demos, ${this.#total} samples, ${written.length} filter keys (${written.join(", ")}); train/valid ${split.train.length}/${split.valid.length} episodes (ratio ${this.context.validRatio}, seed ${this.context.splitSeed})`];
    notes.push(...cameraTotals(this.#cameraReports));
    return notes;
  }
}

/** robomimic HDF5 export (see module doc). */
export const robomimicWriter: WriterFactory = (folder, context) => new RobomimicWriter(folder, context);
