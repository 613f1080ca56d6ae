/**
 * RLDS export (https://github.com/google-research/rlds) in the TFDS directory layout of the real dataset in
 * `../shared/data/rlds/bridge_debug/1.0.0/`, so TFDS `builder_from_directory(<out>)` can load it:
 *   <name>-train.tfrecord-00000-of-00001   one `tf.train.Example` per episode, keys `steps/<feature>` holding the
 *                                          values of all steps concatenated, and `episode_metadata/<feature>`
 *   dataset_info.json, features.json       TFDS metadata (FeaturesDict of `steps` (Dataset) and `episode_metadata`)
 * Steps hold observation/state, action, reward, discount, is_first, is_last, is_terminal, language_instruction, and
 * for every camera `observation/<camera>` under the source camera name: the JPEG bytes of its picture at the step
 * (playback rule; an Image feature, as bridge_debug's `image_0`): the source JPEG as it is, any other camera (video,
 * PNG, raw) decoded and encoded as JPEG (cameras/stepImages.ts). Labels per step: `segment_<kind>` (bool, one per
 * segment kind of the dataset; the intervention flag is `segment_intervention`), `action_chunk_index` (finest action
 * chunk holding the step, -1 outside) and `action_chunk_primitive`; `language_instruction` is the instruction in force
 * at the step, else the episode's recorded task.
 */
import fs from "node:fs";
import { addThroughPiece, type EpisodeInput, type EpisodeOutput, type PieceWriter, type PrepareInput, type WriterContext, type WriterFactory } from "../formatWriter.ts";
import { concatenatedState } from "../episodeStepTable.ts";
import type { OutputFolder } from "../outputFolder.ts";
import { cameraTotals, type CameraExport } from "../cameras/cameraExport.ts";
import { jpegStepImages } from "../cameras/stepImages.ts";
import { encodeExample, frameTfRecord, type ExampleFeature } from "./tfRecordWrite.ts";

/** A TFDS dataset name (snake_case) from a folder name. */
export function tfdsName(name: string): string {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[a-z]/.test(snake) ? snake : `dataset_${snake}`;
}

const utf8 = new TextEncoder();
const TFDS = "tensorflow_datasets.core.features";

const tensor = (dims: number[], dtype: string, description: string) => ({
  pythonClassName: `${TFDS}.tensor_feature.Tensor`,
  tensor: { shape: { dimensions: dims.map(String) }, dtype, encoding: "none" },
  description,
});
const scalar = (dtype: string, description: string) => ({
  pythonClassName: `${TFDS}.scalar.Scalar`,
  tensor: { shape: {}, dtype, encoding: "none" },
  description,
});
const text = (description: string) => ({ pythonClassName: `${TFDS}.text_feature.Text`, text: {}, description });
const dict = (features: Record<string, unknown>) => ({ pythonClassName: `${TFDS}.features_dict.FeaturesDict`, featuresDict: { features } });

/** A JPEG camera written as an Image feature. */
export interface RldsImage {
  key: string;
  topic: string;
  width: number;
  height: number;
}

/**
 * The observation key of a camera topic, its source camera name: `/cam_left_wrist` → `cam_left_wrist`; a topic
 * imported from RLDS or LeRobot keeps its camera name (`/observation/image_0` → `image_0`,
 * `/observation.images.top` → `top`).
 */
export const imageKey = (topic: string) =>
  topic
    .replace(/^\/+/, "")
    .replace(/^observation(\.images)?[./]/, "")
    .replace(/[^A-Za-z0-9_]+/g, "_") || "image";

/** features.json for a state of `stateDim` and an action of `actionDim` floats, and the JPEG cameras. */
export function rldsFeatures(stateDim: number, actionDim: number, stateNames: string[], actionTopic: string, images: readonly RldsImage[] = [], segmentKinds: readonly string[] = []): unknown {
  const observation: Record<string, unknown> = { state: tensor([stateDim], "float32", `Robot state: ${stateNames.join(", ")}.`) };
  for (const image of images) {
    observation[image.key] = {
      pythonClassName: `${TFDS}.image_feature.Image`,
      image: { shape: { dimensions: [String(image.height), String(image.width), "3"] }, dtype: "uint8", encodingFormat: "jpeg" },
      description: `Camera ${image.topic}: its latest frame at or before the step, JPEG.`,
    };
  }
  return dict({
    steps: {
      pythonClassName: `${TFDS}.dataset_feature.Dataset`,
      sequence: {
        feature: dict({
          observation: dict(observation),
          action: tensor([actionDim], "float32", `Action: the messages of ${actionTopic}, latest at or before each step.`),
          reward: scalar("float32", "Reward r_t from the review labels (Episcope)."),
          discount: scalar("float32", "Discount, 1."),
          is_first: scalar("bool", "True on first step of the episode."),
          is_last: scalar("bool", "True on last step of the episode."),
          is_terminal: scalar("bool", "True on the last step when the episode ended in success or failure."),
          language_instruction: text("Language Instruction."),
          ...Object.fromEntries(segmentKinds.map((kind) => [`segment_${kind}`, scalar("bool", `True inside a ${kind} segment (Episcope review labels).`)])),
          action_chunk_index: scalar("int64", "Index of the finest action chunk holding the step in the episode, -1 outside every chunk."),
          action_chunk_primitive: text("Primitive of that action chunk, empty outside every chunk."),
        }),
        length: "-1",
      },
    },
    episode_metadata: dict({
      file_path: text("Path to the original data file."),
      episode_id: scalar("int32", "Index of the episode in the export."),
      outcome: text("Review outcome (success, failure, partial, unusable) or empty."),
      review_status: text("Review status."),
    }),
  });
}

/** Sizes and cameras every episode of an RLDS export shares (the first episode's). */
interface RldsDims {
  state: number;
  action: number;
  names: string[];
  actionTopic: string;
  images: RldsImage[];
}

/** One episode prepared for the TFRecord (see formatWriter.ts): its step features, metadata and sizes. */
interface RldsPiece {
  dims: RldsDims;
  /** The `steps/*` features of its Example. */
  steps: Record<string, ExampleFeature>;
  metadata: { path: string; outcome: string; status: string };
  cameras: CameraExport[];
}

class RldsWriter implements PieceWriter<RldsPiece> {
  readonly needsSteps = true;
  readonly #name: string;
  readonly #file: string;
  #bytes = 0;
  #episodes = 0;
  #dims: RldsDims | null = null;
  readonly #cameraReports: CameraExport[] = [];

  readonly #segmentKinds: readonly string[];

  constructor(private readonly folder: OutputFolder, context: WriterContext) {
    this.#segmentKinds = context.segmentKinds;
    this.#name = tfdsName(context.datasetName);
    this.#file = this.folder.file(`${this.#name}-train.tfrecord-00000-of-00001`);
  }

  addEpisode(input: EpisodeInput): Promise<EpisodeOutput> {
    return addThroughPiece(this, this.folder, input);
  }

  async prepare({ episode, table }: PrepareInput): Promise<RldsPiece> {
    const t = table!;
    const state = concatenatedState(t);
    const n = t.stepTimesNs.length;
    const flags = (f: (i: number) => boolean) => Array.from({ length: n }, (_, i) => (f(i) ? 1 : 0));
    const imageFeatures: Record<string, ExampleFeature> = {};
    const images: RldsImage[] = [];
    const cameras: CameraExport[] = [];
    for (const camera of t.cameras) {
      const key = imageKey(camera.topic);
      const { jpegs, width, height, report } = await jpegStepImages(episode, camera, key);
      images.push({ key, topic: camera.topic, width, height });
      imageFeatures[`steps/observation/${key}`] = { bytes: jpegs };
      cameras.push(report);
    }
    return {
      dims: { state: state.dim, action: t.action.dim, names: state.names, actionTopic: t.action.topic, images },
      steps: {
        ...imageFeatures,
        "steps/observation/state": { floats: state.values },
        "steps/action": { floats: t.action.values },
        "steps/reward": { floats: t.labels.rewards },
        "steps/discount": { floats: new Float32Array(n).fill(1) },
        "steps/is_first": { int64s: flags((i) => i === 0) },
        "steps/is_last": { int64s: flags((i) => i === n - 1) },
        "steps/is_terminal": { int64s: t.labels.terminal },
        "steps/language_instruction": { bytes: t.labels.tasks.map((s) => utf8.encode(s || (t.metadata.episode?.task ?? ""))) },
        ...Object.fromEntries(this.#segmentKinds.map((kind) => [`steps/segment_${kind}`, { int64s: Array.from(t.labels.segments.get(kind)!) }])),
        "steps/action_chunk_index": { int64s: Array.from(t.labels.chunkIndex) },
        "steps/action_chunk_primitive": { bytes: t.labels.primitive.map((p) => utf8.encode(p)) },
      },
      metadata: { path: t.path, outcome: t.doc?.review.outcome ?? "", status: t.doc?.review.status ?? "unreviewed" },
      cameras,
    };
  }

  async commit(p: RldsPiece, index: number): Promise<EpisodeOutput> {
    const dims = p.dims;
    if (this.#dims && (this.#dims.state !== dims.state || this.#dims.action !== dims.action)) {
      throw new Error(`state/action size ${dims.state}/${dims.action} differs from the first episode's ${this.#dims.state}/${this.#dims.action}`);
    }
    const known = this.#dims?.images;
    if (known && JSON.stringify(known) !== JSON.stringify(dims.images)) {
      throw new Error(`JPEG cameras ${JSON.stringify(dims.images.map((i) => `${i.topic} ${i.width}x${i.height}`))} differ from the first episode's ${JSON.stringify(known.map((i) => `${i.topic} ${i.width}x${i.height}`))}`);
    }
    const example = encodeExample({
      ...p.steps,
      "episode_metadata/file_path": { bytes: [utf8.encode(p.metadata.path)] },
      "episode_metadata/episode_id": { int64s: [index] },
      "episode_metadata/outcome": { bytes: [utf8.encode(p.metadata.outcome)] },
      "episode_metadata/review_status": { bytes: [utf8.encode(p.metadata.status)] },
    });
    const record = frameTfRecord(example);
    fs.appendFileSync(this.#file, record); // one open per record: nothing stays open if the export stops
    this.#bytes += record.length;
    this.#episodes++;
    this.#dims ??= dims;
    this.#cameraReports.push(...p.cameras);
    return { cameras: p.cameras };
  }

  async finish(): Promise<string[]> {
    const dims = this.#dims!;
    fs.writeFileSync(this.folder.file("features.json"), JSON.stringify(rldsFeatures(dims.state, dims.action, dims.names, dims.actionTopic, dims.images, this.#segmentKinds), null, 2) + "\n");
    const info = {
      citation: "",
      description: "Exported by Episcope from reviewed robot demonstrations (rewards, terminal flags and instructions from review labels).",
      fileFormat: "tfrecord",
      name: this.#name,
      releaseNotes: { "1.0.0": "Episcope export." },
      splits: [
        {
          filepathTemplate: "{DATASET}-{SPLIT}.{FILEFORMAT}-{SHARD_X_OF_Y}",
          name: "train",
          numBytes: String(this.#bytes),
          shardLengths: [String(this.#episodes)],
        },
      ],
      version: "1.0.0",
    };
    fs.writeFileSync(this.folder.file("dataset_info.json"), JSON.stringify(info, null, 2) + "\n");
    const notes = [`${this.#episodes} episodes in one TFRecord shard (${this.#bytes} bytes)`];
    notes.push(...cameraTotals(this.#cameraReports));
    return notes;
  }
}

/** RLDS export (see module doc). */
export const rldsWriter: WriterFactory = (folder, context) => new RldsWriter(folder, context);
