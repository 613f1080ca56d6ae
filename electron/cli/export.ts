/**
 * `episcope export DATASET --format lerobot|robomimic|rlds|mcap|json|csv --out DIR [--force] [--fps N]
 * [--annotator ID] [--status S,…] [--outcome O,…] [--flag F,…] [--operator O,…] [--task T]… [--cameras T,…] [--action TOPIC]
 * [--state T,…] [--last-step drop|repeat] [--video-codec av1|h264] [--image-size WxH] [--valid-ratio R] [--split-seed N]
 * [--mcap-copy] [--json] [--shard I/N --part DIR] [--store postgres://… [--dataset-key KEY]]`: export the dataset's
 * episodes with one annotator's labels (see electron/services/export/). Prints one line per episode (ok / skipped / failed with the reason), the writer's notes
 * and a total; `--json` prints the ExportSummary instead. With `--shard I/N --part DIR` (lerobot, robomimic, rlds;
 * issue #18) it prepares one slice of the dataset into a part folder that `episcope merge` combines (exportShard.ts).
 * With `--store` the labels and metadata table are read from the team store on PostgreSQL (storeArg.ts).
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { EpiscopeError } from "../../shared/ipc/contract.ts";
import { parseShard } from "../services/dataset/datasetShard.ts";
import { exportDataset } from "../services/export/exportDataset.ts";
import { exportShard } from "../services/export/exportShard.ts";
import { EXPORT_FORMATS, type EpisodeReport, type ExportFormat, type ExportOptions, type ExportSummary } from "../services/export/exportTypes.ts";

import { VIDEO_CODECS, type VideoCodec } from "../services/export/cameras/encodeVideo.ts";
import { EXPORT_USAGE } from "./exportUsage.ts";
import { objectRootNotice } from "./datasetRootArg.ts";
import { ObjectPrefixRoot } from "../services/episode/remote/objectPrefixRoot.ts";
import { isObjectUrl } from "../services/episode/remote/objectUrl.ts";
import { openStoreArg, STORE_OPTIONS } from "./storeArg.ts";
import type { TeamStore } from "../services/annotation/postgres/teamStore.ts";

const list = (text: string | undefined) => (text === undefined ? undefined : text.split(",").map((s) => s.trim()).filter((s) => s !== ""));

function episodeLine(e: EpisodeReport): string {
  if (e.status === "exported") {
    const stale = e.maxStalenessNs ? Object.entries(e.maxStalenessNs).map(([t, ns]) => `${t} ${(Number(ns) / 1e6).toFixed(1)} ms`).join(", ") : "";
    return `ok      ${e.path}${e.steps !== undefined ? ` (${e.steps} steps${stale ? `; max staleness ${stale}` : ""})` : ""}`;
  }
  return `${e.status.padEnd(7)} ${e.path}: ${e.reason ?? ""}`;
}

/**
 * Print an export's summary: one line per episode, the notes and a total (or the summary as JSON).
 * @returns the exit code: 0 when something was exported and nothing failed, else 1
 */
export function printSummary(summary: ExportSummary, json: boolean, out: (line: string) => void): number {
  if (json) out(JSON.stringify(summary, null, 2));
  else {
    for (const e of summary.episodes) out(episodeLine(e));
    for (const note of summary.notes) out(`note: ${note}`);
    const total = summary.episodes.length;
    out(
      summary.exported > 0
        ? `exported ${summary.exported} of ${total} episodes (${summary.format}, ${summary.totalSteps} steps, ${summary.bytes} bytes) into ${summary.out}${summary.failed ? `; ${summary.failed} failed` : ""}${summary.skipped ? `; ${summary.skipped} skipped` : ""}`
        : `exported 0 of ${total} episodes: nothing written to ${summary.out}`,
    );
  }
  return summary.exported > 0 && summary.failed === 0 ? 0 : 1;
}

/**
 * Run `episcope export`.
 * @param args the arguments after `export`
 * @param out receives stdout lines
 * @param err receives stderr lines (default: process.stderr)
 * @returns exit code: 0 every selected episode exported (a shard: its part written), 1 bad input, nothing exported or
 *   some episode failed, 2 usage
 */
export async function runExport(
  args: string[],
  out: (line: string) => void,
  err: (line: string) => void = (line) => process.stderr.write(line + "\n"),
): Promise<number> {
  const usage = (message: string) => {
    err(`episcope export: ${message}\nusage: ${EXPORT_USAGE}`);
    return 2;
  };
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: {
        format: { type: "string", short: "f" },
        out: { type: "string", short: "o" },
        force: { type: "boolean" },
        fps: { type: "string" },
        annotator: { type: "string" },
        status: { type: "string" },
        outcome: { type: "string" },
        flag: { type: "string" },
        operator: { type: "string" },
        task: { type: "string", multiple: true },
        cameras: { type: "string" },
        action: { type: "string" },
        state: { type: "string" },
        "last-step": { type: "string" },
        "video-codec": { type: "string" },
        "image-size": { type: "string" },
        "valid-ratio": { type: "string" },
        "split-seed": { type: "string" },
        "mcap-copy": { type: "boolean" },
        shard: { type: "string" },
        part: { type: "string" },
        labels: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        ...STORE_OPTIONS,
      },
      allowPositionals: true,
    }));
  } catch (error) {
    return usage((error as Error).message);
  }
  if (values.help) {
    out(`usage: ${EXPORT_USAGE}`);
    return 0;
  }
  if (positionals.length !== 1) return usage("expected one DATASET folder");
  const format = values.format as string | undefined;
  if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format)) return usage(`--format must be one of ${EXPORT_FORMATS.join(", ")}, got ${JSON.stringify(format ?? null)}`);
  const shardText = typeof values.shard === "string" ? values.shard : undefined;
  const part = typeof values.part === "string" ? values.part : undefined;
  if ((shardText === undefined) !== (part === undefined)) return usage("--shard I/N and --part DIR go together (episcope export DATASET --format lerobot --shard 0/3 --part part-0)");
  if (part !== undefined && values.out !== undefined) return usage("a shard writes its --part DIR; the merge writes --out (episcope merge PART... --out DIR)");
  let shard: ReturnType<typeof parseShard> | undefined;
  try {
    shard = shardText === undefined ? undefined : parseShard(shardText);
  } catch (error) {
    return usage((error as Error).message);
  }
  const outDir = part ?? values.out;
  if (typeof outDir !== "string") return usage("--out DIR is required");
  let fps: number | undefined;
  if (values.fps !== undefined) {
    fps = Number(values.fps);
    if (!Number.isFinite(fps) || fps <= 0) return usage(`--fps must be a positive number of Hz, got ${JSON.stringify(values.fps)}`);
  }
  const str = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : undefined);
  const lastStep = str("last-step");
  if (lastStep !== undefined && lastStep !== "drop" && lastStep !== "repeat") return usage(`--last-step must be drop or repeat, got ${JSON.stringify(lastStep)}`);
  const videoCodec = str("video-codec");
  if (videoCodec !== undefined && !(VIDEO_CODECS as readonly string[]).includes(videoCodec)) return usage(`--video-codec must be one of ${VIDEO_CODECS.join(", ")}, got ${JSON.stringify(videoCodec)}`);
  const size = str("image-size") === undefined ? undefined : /^(\d+)x(\d+)$/.exec(str("image-size")!);
  if (size === null || (size && (Number(size[1]) < 1 || Number(size[2]) < 1))) return usage(`--image-size must be WIDTHxHEIGHT in pixels (e.g. 84x84), got ${JSON.stringify(str("image-size"))}`);
  const validRatio = str("valid-ratio") === undefined ? undefined : Number(str("valid-ratio"));
  if (validRatio !== undefined && !(validRatio >= 0 && validRatio <= 1)) return usage(`--valid-ratio must be a number in [0, 1], got ${JSON.stringify(str("valid-ratio"))}`);
  const splitSeed = str("split-seed") === undefined ? undefined : Number(str("split-seed"));
  if (splitSeed !== undefined && !Number.isInteger(splitSeed)) return usage(`--split-seed must be an integer, got ${JSON.stringify(str("split-seed"))}`);
  const selection = {
    ...(str("status") ? { status: list(str("status")) } : {}),
    ...(str("outcome") ? { outcome: list(str("outcome")) } : {}),
    ...(str("flag") ? { flags: list(str("flag")) } : {}),
    ...(str("operator") ? { operators: list(str("operator")) } : {}),
    // task texts may hold commas: one --task per text
    ...(Array.isArray(values.task) ? { tasks: values.task } : {}),
  };
  const options: ExportOptions = {
      dataset: positionals[0]!,
      format: format as ExportFormat,
      out: outDir,
      force: values.force === true,
      mcapCopy: values["mcap-copy"] === true,
      selection,
      ...(fps !== undefined ? { fps } : {}),
      ...(str("annotator") ? { annotator: str("annotator")! } : {}),
      ...(str("cameras") !== undefined ? { cameras: list(str("cameras"))! } : {}),
      ...(str("action") ? { actionTopic: str("action")! } : {}),
      ...(str("state") ? { stateTopics: list(str("state"))! } : {}),
      ...(lastStep !== undefined ? { lastStep } : {}),
      ...(videoCodec !== undefined ? { videoCodec: videoCodec as VideoCodec } : {}),
      ...(size ? { imageSize: { width: Number(size[1]), height: Number(size[2]) } } : {}),
      ...(validRatio !== undefined ? { validRatio } : {}),
      ...(splitSeed !== undefined ? { splitSeed } : {}),
      ...(str("labels") !== undefined ? { labels: str("labels")! } : {}),
  };
  // A dataset on object storage: say where its labels come from (nothing is written to the bucket).
  if (isObjectUrl(options.dataset)) {
    try {
      err(objectRootNotice(new ObjectPrefixRoot(options.dataset, options.labels !== undefined ? { labels: resolve(options.labels) } : {}), options.labels !== undefined));
    } catch (error) {
      return usage((error as Error).message);
    }
  } else if (options.labels !== undefined) return usage("--labels applies to a dataset on object storage (s3://bucket/prefix)");
  let team: TeamStore | null;
  try {
    team = await openStoreArg({ store: str("store"), "dataset-key": str("dataset-key") }, isObjectUrl(options.dataset) ? options.dataset : resolve(options.dataset));
  } catch (error) {
    if (!(error instanceof EpiscopeError)) return usage((error as Error).message);
    err(`episcope export: ${error.message}`);
    return 1;
  }
  try {
    return await exportWith(team ? { ...options, labelReader: team } : options, shard, outDir, values.json === true, out, err);
  } finally {
    await team?.close();
  }
}

/** Run the export (or its shard) of `options`; the exit code as `runExport`'s. */
async function exportWith(
  options: ExportOptions,
  shard: ReturnType<typeof parseShard> | undefined,
  outDir: string,
  json: boolean,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  if (shard) {
    try {
      const r = await exportShard(options, shard, outDir);
      err(`wrote ${r.part}: ${r.pending + r.skipped + r.failed} of ${r.total} episodes (shard ${shard.index}/${shard.count}): ${r.pending} prepared, ${r.skipped} skipped, ${r.failed} failed`);
      return 0;
    } catch (error) {
      err(`episcope export: ${(error as Error).message}`);
      return 1;
    }
  }
  let summary: ExportSummary;
  try {
    summary = await exportDataset(options);
  } catch (error) {
    err(`episcope export: ${(error as Error).message}`);
    return 1;
  }
  return printSummary(summary, json, out);
}
