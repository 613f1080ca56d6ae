/**
 * robomimic HDF5 (https://robomimic.github.io/docs/datasets/overview.html, "Dataset Structure") written with h5wasm:
 *   data/                 attrs total (Σ num_samples), env_args (JSON)
 *   data/demo_<i>/        attrs num_samples, episcope_episode (source path)
 *     obs/<key>           [N, dim] float32, one per state topic (key: the topic without its leading '/', '/' → '_')
 *     actions [N, dim] float32 · rewards [N] float64 · dones [N] int64
 *   mask/<filter key>     the demo names (strings) of each filter key: successful, failed, flag_*, operator_*, status_*
 * Cameras are not written (robomimic wants decoded pixel arrays); the notes say so.
 */
import h5wasm, { type File as H5File, type Group as H5Group } from "h5wasm/node";
import { episodeFilterKeys, filterKeyLists } from "../../../../shared/export/filterKeys.ts";
import type { EpisodeInput, FormatWriter, WriterContext, WriterFactory } from "../formatWriter.ts";
import type { OutputFolder } from "../outputFolder.ts";

/** The HDF5 file name inside the export folder. */
export const ROBOMIMIC_FILE = "dataset.hdf5";

/** The obs key of a topic: `/joint_states` → `joint_states`, `/a/b` → `a_b`. */
export function obsKey(topic: string): string {
  return topic.replace(/^\/+/, "").replace(/[^A-Za-z0-9_.-]+/g, "_") || "state";
}

class RobomimicWriter implements FormatWriter {
  readonly needsSteps = true;
  #file: H5File | null = null;
  #total = 0;
  readonly #keys: [string, string[]][] = [];
  #cameras = 0;

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

  async addEpisode({ index, table }: EpisodeInput): Promise<void> {
    const t = table!;
    const n = t.stepTimesNs.length;
    if (n === 0) throw new Error("no steps to write");
    const file = await this.#open();
    const name = `demo_${index}`;
    const demo = file.create_group(`data/${name}`);
    const obs = demo.create_group("obs");
    for (const stream of t.state) obs.create_dataset({ name: obsKey(stream.topic), data: stream.values, shape: [n, stream.dim], dtype: "<f" });
    demo.create_dataset({ name: "actions", data: t.action.values, shape: [n, t.action.dim], dtype: "<f" });
    demo.create_dataset({ name: "rewards", data: Float64Array.from(t.labels.rewards), shape: [n], dtype: "<d" });
    demo.create_dataset({ name: "dones", data: BigInt64Array.from(t.labels.done, (d) => BigInt(d)), shape: [n], dtype: "<q" });
    demo.create_attribute("num_samples", BigInt64Array.of(BigInt(n)), [], "<q");
    demo.create_attribute("episcope_episode", t.path);
    this.#total += n;
    this.#keys.push([name, episodeFilterKeys(t.doc?.review ?? null, t.operator)]);
    this.#cameras = Math.max(this.#cameras, t.cameras.length);
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
    for (const [key, names] of lists) file.create_dataset({ name: `mask/${key}`, data: names });
    file.close();
    this.#file = null;
    const notes = [`${this.#keys.length} demos, ${this.#total} samples, ${lists.size} filter keys (${[...lists.keys()].join(", ")})`];
    if (this.#cameras > 0) notes.push("cameras not written: robomimic obs hold decoded pixel arrays; use the lerobot export for video");
    return notes;
  }
}

/** robomimic HDF5 export (see module doc). */
export const robomimicWriter: WriterFactory = (folder, context) => new RobomimicWriter(folder, context);
