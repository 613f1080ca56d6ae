/**
 * Import an RLDS / TFDS dataset folder (`dataset_info.json` + `features.json` + TFRecord shards of `tf.train.Example`
 * episodes; https://github.com/google-research/rlds, https://www.tensorflow.org/datasets) to one MCAP file per episode:
 * - `steps/observation/<image>` → `foxglove.CompressedImage` cameras (JPEG/PNG bytes as they are), unless every frame
 *   of the episode is byte-identical (a placeholder such as BridgeData's blank `image_3`: skipped, noted);
 * - numeric per-step tensors of ≤ 64 elements (state, action) → JSON channels of named numbers on
 *   `/<key without steps/>`; larger ones (e.g. a 512-D language embedding) skipped; top-level scalars (reward,
 *   discount, is_first/is_last/is_terminal as 0/1) → one channel `/step` with a field each;
 * - per-step text (`language_instruction`) → the `episode` task and `episcope.labels` instruction, plus a text channel
 *   when it changes within the episode; `episode_metadata/*` → the `episcope.import` record.
 * RLDS has no timestamps: step i is at i / rate seconds (rate from `--rate`, default 5 Hz), said in each episode's
 * problems (`invented-timestamps`).
 */
import { mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { cameraChannel, fieldNamesOr, textChannel, vectorChannel } from "../episodeChannels.ts";
import { EpisodeWriter } from "../episodeWriter.ts";
import { addImportMetadata, IMPORT_LIBRARY } from "../importMetadata.ts";
import { readJsonFile } from "../jsonFile.ts";
import { knownVector } from "../knownFieldNames.ts";
import { errorMessage, statusOf, type EpisodeImportResult, type ImportOptions, type ImportProblem, type ImportReport } from "../types.ts";
import { parseRldsFeatures, type RldsFeature } from "./rldsFeatures.ts";
import { decodeExample, type FeatureValues } from "./tfExample.ts";
import { readTfRecords } from "./tfRecord.ts";

/** Default step rate when neither the data nor the user gives one (BridgeData is recorded at about 5 Hz). */
export const RLDS_DEFAULT_RATE_HZ = 5;
/** Topic of the per-step scalars (reward, discount, is_first, is_last, is_terminal as 0/1), one field each. */
export const STEP_TOPIC = "/step";
/** Per-step tensors with more elements than this are not written as channels. */
export const MAX_VECTOR_ELEMENTS = 64;

/** RLDS-specific options. */
export interface RldsImportOptions extends ImportOptions {
  /** Splits to import (default: every split in dataset_info.json). */
  splits?: readonly string[];
}

interface DatasetInfo {
  name: string;
  version: string;
  splits: { name: string; shards: number; template: string; declaredEpisodes: number }[];
}

function parseDatasetInfo(json: unknown, file: string): DatasetInfo {
  const info = json as { name?: unknown; version?: unknown; fileFormat?: unknown; splits?: unknown };
  if (typeof info?.name !== "string") throw new Error(`${file}: field "name" is missing`);
  if (info.fileFormat !== undefined && info.fileFormat !== "tfrecord") throw new Error(`${file}: fileFormat is ${JSON.stringify(info.fileFormat)}, only "tfrecord" is supported`);
  if (!Array.isArray(info.splits)) throw new Error(`${file}: field "splits" is missing`);
  return {
    name: info.name,
    version: typeof info.version === "string" ? info.version : "",
    splits: info.splits.map((s: { name?: unknown; shardLengths?: unknown; filepathTemplate?: unknown }, i) => {
      if (typeof s.name !== "string") throw new Error(`${file}: splits[${i}].name is missing`);
      const lengths = Array.isArray(s.shardLengths) ? s.shardLengths.map(Number) : [1];
      return {
        name: s.name,
        shards: lengths.length,
        template: typeof s.filepathTemplate === "string" ? s.filepathTemplate : "{DATASET}-{SPLIT}.{FILEFORMAT}-{SHARD_X_OF_Y}",
        declaredEpisodes: lengths.reduce((a, b) => a + b, 0),
      };
    }),
  };
}

/** Shard file name from TFDS' filepathTemplate. */
function shardName(template: string, dataset: string, split: string, shard: number, shards: number): string {
  const pad = (n: number) => String(n).padStart(5, "0");
  return template
    .replace("{DATASET}", dataset)
    .replace("{SPLIT}", split)
    .replace("{FILEFORMAT}", "tfrecord")
    .replace("{SHARD_X_OF_Y}", `${pad(shard)}-of-${pad(shards)}`)
    .replace("{SHARD_INDEX}", pad(shard))
    .replace("{NUM_SHARDS}", pad(shards));
}

/** True for a folder holding dataset_info.json and features.json. */
export async function isRldsFolder(dir: string): Promise<boolean> {
  const ok = async (f: string) => (await stat(path.join(dir, f)).catch(() => null))?.isFile() ?? false;
  return (await ok("dataset_info.json")) && (await ok("features.json"));
}

/**
 * Import every episode of every (selected) split.
 * @throws Error naming the file and field when dataset_info.json or features.json cannot be used. Problems of single
 *   episodes (bad CRC, truncated shard, malformed Example) are reported per episode instead.
 */
export async function importRlds(dir: string, options: RldsImportOptions): Promise<ImportReport> {
  const info = parseDatasetInfo(await readJsonFile(path.join(dir, "dataset_info.json")), path.join(dir, "dataset_info.json"));
  const features = parseRldsFeatures(await readJsonFile(path.join(dir, "features.json")), path.join(dir, "features.json"));
  await mkdir(options.outDir, { recursive: true });
  const rateHz = options.rateHz ?? RLDS_DEFAULT_RATE_HZ;
  const report: ImportReport = { source: dir, format: "rlds", outDir: options.outDir, episodes: [], sourceBytes: 0, problems: [] };
  const splits = info.splits.filter((s) => !options.splits || options.splits.includes(s.name));
  for (const wanted of options.splits ?? []) {
    if (!info.splits.some((s) => s.name === wanted)) throw new Error(`${path.join(dir, "dataset_info.json")}: no split ${JSON.stringify(wanted)} (has ${info.splits.map((s) => s.name).join(", ")})`);
  }
  for (const split of splits) {
    let index = 0;
    for (let shard = 0; shard < split.shards; shard++) {
      const name = shardName(split.template, info.name, split.name, shard, split.shards);
      const file = path.join(dir, name);
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch (error) {
        report.problems.push({ severity: "error", code: "missing-shard", message: `${file}: cannot read shard ${shard + 1} of ${split.shards} of split ${split.name} (${errorMessage(error)})` });
        continue;
      }
      report.sourceBytes += bytes.byteLength;
      for (const record of readTfRecords(bytes, name)) {
        const source = `${split.name}[${index}] (${name} @ ${record.offset})`;
        const output = path.join(options.outDir, `${split.name}_episode_${String(index).padStart(6, "0")}.mcap`);
        index++;
        let result: EpisodeImportResult;
        if ("error" in record) {
          result = { source, output: null, status: "failed", steps: 0, messages: 0, bytes: 0, problems: [{ severity: "error", code: record.error.code, message: record.error.message }] };
        } else {
          result = await importEpisode(record.data, { dataset: info, split: split.name, file, offset: record.offset, source, output, features, rateHz, dir });
        }
        report.episodes.push(result);
        options.onEpisode?.(result);
      }
    }
    if (index !== split.declaredEpisodes) {
      report.problems.push({ severity: "warning", code: "episode-count", message: `split ${split.name}: dataset_info.json declares ${split.declaredEpisodes} episodes, the shards hold ${index} records` });
    }
  }
  return report;
}

interface EpisodeContext {
  dataset: DatasetInfo;
  split: string;
  file: string;
  offset: number;
  source: string;
  output: string;
  features: RldsFeature[];
  rateHz: number;
  dir: string;
}

const textDecoder = new TextDecoder();

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Number of steps: from the first per-step tensor or the per-step bytes features. */
function stepCount(example: Map<string, FeatureValues>, features: readonly RldsFeature[]): number {
  for (const f of features) {
    const values = example.get(f.key);
    if (!f.perStep || !values) continue;
    if (f.kind === "tensor") {
      const n = elementCount(f.shape);
      if (n > 0) return Math.floor(values.values.length / n);
    } else return values.values.length;
  }
  return 0;
}

async function importEpisode(data: Uint8Array, ctx: EpisodeContext): Promise<EpisodeImportResult> {
  const problems: ImportProblem[] = [];
  const fail = (code: string, message: string): EpisodeImportResult => ({ source: ctx.source, output: null, status: "failed", steps: 0, messages: 0, bytes: 0, problems: [...problems, { severity: "error", code, message }] });
  let example: Map<string, FeatureValues>;
  try {
    example = decodeExample(data);
  } catch (error) {
    return fail("bad-example", `${ctx.file} @ ${ctx.offset}: not a tf.train.Example (${errorMessage(error)})`);
  }
  const steps = stepCount(example, ctx.features);
  if (steps === 0) return fail("no-steps", `${ctx.file} @ ${ctx.offset}: the episode has no steps`);
  const periodNs = BigInt(Math.round(1e9 / ctx.rateHz));
  const timeOf = (i: number) => BigInt(i) * periodNs;
  problems.push({ severity: "info", code: "invented-timestamps", message: `RLDS steps carry no timestamps: step i is placed at i / ${ctx.rateHz} Hz` });

  const writer = new EpisodeWriter();
  const labels: Record<string, string> = { layer: `rlds:${ctx.dataset.name}`, steps: String(steps) };
  const stepScalars: { name: string; values: number[] }[] = [];
  const episodeMeta: Record<string, string> = { dataset: ctx.dataset.name };
  const importMeta: Record<string, string> = {
    format: "rlds",
    source: ctx.dir,
    dataset: ctx.dataset.name,
    version: ctx.dataset.version,
    split: ctx.split,
    source_episode: ctx.source,
    timestamps: "invented",
    rate_hz: String(ctx.rateHz),
  };

  for (const f of ctx.features) {
    const values = example.get(f.key);
    const rel = f.key.replace(/^steps\//, "");
    if (!values) {
      problems.push({ severity: "warning", code: "missing-feature", message: `${ctx.file} @ ${ctx.offset}: feature ${f.key} declared in features.json is missing` });
      continue;
    }
    if (!f.perStep) {
      const text = values.kind === "bytes" ? values.values.map((v) => textDecoder.decode(v)).join(",") : values.values.join(",");
      importMeta[rel] = text;
      continue;
    }
    const topic = `/${rel}`;
    if (f.kind === "image") {
      if (values.kind !== "bytes" || values.values.length !== steps) {
        problems.push({ severity: "warning", code: "bad-feature", message: `${f.key}: expected ${steps} encoded images, found ${values.values.length} ${values.kind} values; camera not imported` });
        continue;
      }
      const frames = values.values;
      const first = frames[0]!;
      if (steps > 1 && frames.every((b) => b.length === first.length && b.every((x, i) => x === first[i]))) {
        problems.push({ severity: "info", code: "placeholder-camera", message: `${f.key}: all ${steps} frames are the same ${first.length}-byte image (a placeholder); camera not imported` });
        continue;
      }
      const add = cameraChannel(writer, topic, "CompressedImage");
      frames.forEach((frame, i) => add(timeOf(i), frame, f.encodingFormat === "png" ? "png" : "jpeg"));
    } else if (f.kind === "text") {
      const texts = values.kind === "bytes" ? values.values.map((v) => textDecoder.decode(v)) : [];
      const distinct = [...new Set(texts)];
      const first = texts.find((t) => t !== "") ?? "";
      if (/instruction|task|language/.test(rel)) {
        labels.instruction = first;
        episodeMeta.task = first;
      } else labels[rel] = first;
      if (distinct.length > 1) {
        const add = textChannel(writer, topic);
        texts.forEach((t, i) => add(timeOf(i), t));
      }
    } else {
      const n = elementCount(f.shape);
      if (values.kind === "bytes") {
        problems.push({ severity: "warning", code: "bad-feature", message: `${f.key}: declared ${f.dtype} tensor but stored as bytes; not imported` });
        continue;
      }
      if (n > MAX_VECTOR_ELEMENTS) {
        problems.push({ severity: "info", code: "skipped-feature", message: `${f.key}: ${n} elements per step (more than ${MAX_VECTOR_ELEMENTS}); not imported as a channel` });
        continue;
      }
      if (values.values.length !== n * steps) {
        problems.push({ severity: "warning", code: "bad-feature", message: `${f.key}: expected ${n * steps} values (${steps} steps × ${n}), found ${values.values.length}; not imported` });
        continue;
      }
      if (f.shape.length === 0 && !rel.includes("/")) {
        // Top-level scalars (reward, discount, is_first, is_last, is_terminal) share one channel: see STEP_TOPIC.
        stepScalars.push({ name: rel, values: values.values });
        if (rel === "reward") labels.reward_sum = String(values.values.reduce((a, b) => a + b, 0));
        if (rel === "is_terminal" || rel === "is_last") {
          const at = values.values.findIndex((v) => v !== 0);
          labels[`${rel}_step`] = at < 0 ? "none" : String(at);
        }
        continue;
      }
      const leaf = rel.split("/").pop()!;
      const known = knownVector(ctx.dataset.name, rel, n);
      const names = f.shape.length === 0 ? [leaf] : fieldNamesOr(known?.names, n, leaf);
      const add = vectorChannel(writer, topic, names, known?.units);
      for (let i = 0; i < steps; i++) add(timeOf(i), values.values.slice(i * n, (i + 1) * n));
    }
  }
  if (stepScalars.length > 0) {
    const add = vectorChannel(writer, STEP_TOPIC, stepScalars.map((c) => c.name));
    for (let i = 0; i < steps; i++) add(timeOf(i), stepScalars.map((c) => c.values[i]!));
  }
  labels.step_label_topics = stepScalars.length > 0 ? STEP_TOPIC : "";
  addImportMetadata(writer, { episode: episodeMeta, import: importMeta, labels, problems });
  try {
    const bytes = await writer.write(ctx.output, IMPORT_LIBRARY);
    return { source: ctx.source, output: ctx.output, status: statusOf(problems), steps, messages: writer.messageCount, bytes, problems };
  } catch (error) {
    return fail("write-failed", `${ctx.output}: ${errorMessage(error)}`);
  }
}
