/**
 * The per-episode half of an export (DESIGN §5, issue #7), shared by one process (exportDataset.ts) and the shards of
 * a sharded export (exportShard.ts, issue #18): open each episode, read its document, apply the selection, build the
 * step table and hand it to a sink (the writer, or a shard's piece store). An episode that fails (missing stream,
 * action topic absent, rewards with no step clock, damaged file) is recorded with its reason and the export goes on.
 */
import fs from "node:fs";
import path from "node:path";
import type { CardEpisode } from "../../../shared/export/datasetCard.ts";
import { selectsEpisode } from "../../../shared/export/episodeSelection.ts";
import { fieldsFromMetadata } from "../../../shared/dataset/episodeFacts.ts";
import type { EpisodeFields } from "../../../shared/dataset/datasetRow.ts";
import type { EpisodeEntry } from "../../../shared/episode.ts";
import { loadDatasetConfig } from "../annotation/datasetConfigFile.ts";
import { fileLabelReader, type LabelReader } from "../annotation/labelReader.ts";
import { LoadedEpisode } from "../episode/loadedEpisode.ts";
import { folderRoot, type EpisodeRoot } from "../episode/episodeRoot.ts";
import { ObjectPrefixRoot } from "../episode/remote/objectPrefixRoot.ts";
import { isObjectUrl } from "../episode/remote/objectUrl.ts";
import { chooseAnnotatorLayer } from "./annotationLayer.ts";
import { buildStepTable, type StepTable } from "./episodeStepTable.ts";
import type { EpisodeReport, ExportFormat, ExportOptions } from "./exportTypes.ts";
import type { EpisodeOutput, PrepareInput, WriterContext } from "./formatWriter.ts";

/** Thrown when the signal aborts the export; nothing is left under the output name. */
export class ExportCancelled extends Error {
  constructor() {
    super("export cancelled");
  }
}

/**
 * The options of an export as its manifest states them (defaults filled in); a sharded export's parts must agree on
 * them, and the merge writes with them.
 */
export interface ExportSettings {
  fps: number | null;
  actionTopic: string | null;
  lastStep: "drop" | "repeat";
  mcapCopy: boolean;
  stateTopics: readonly string[] | null;
  cameras: readonly string[] | null;
  videoCodec: NonNullable<ExportOptions["videoCodec"]>;
  imageSize: { width: number; height: number };
  validRatio: number;
  splitSeed: number;
  selection: NonNullable<ExportOptions["selection"]>;
}

/** The settings of `options` (the manifest's `options`). */
export function exportSettings(options: ExportOptions): ExportSettings {
  return {
    fps: options.fps ?? null,
    actionTopic: options.actionTopic ?? null,
    lastStep: options.lastStep ?? "drop",
    mcapCopy: options.mcapCopy ?? false,
    stateTopics: options.stateTopics ?? null,
    cameras: options.cameras ?? null,
    videoCodec: options.videoCodec ?? "av1",
    imageSize: options.imageSize ?? { width: 84, height: 84 },
    validRatio: options.validRatio ?? 0.1,
    splitSeed: options.splitSeed ?? 0,
    selection: options.selection ?? {},
  };
}

/** What every episode of one export shares: the dataset, its label layer and config, and the writer's context. */
export interface ExportRun {
  /** The folder of the labels and config (absolute): the dataset folder, or an object root's label folder. */
  dataset: string;
  /** Where the episodes are: the dataset folder or `s3://bucket/prefix` (episodeRoot.ts). */
  where: EpisodeRoot;
  format: ExportFormat;
  annotator: string | null;
  settings: ExportSettings;
  /** LeRobot: target size of a data file (bytes). */
  lerobotDataFileBytes: number;
  segmentKinds: readonly string[];
  context: WriterContext;
}

/** An export run that reads its episodes' labels (one process, or a shard; the merge reads none). */
export interface LabelledExportRun extends ExportRun {
  /** Where the labels are read from: the files (default) or the team store (`ExportOptions.labelReader`). */
  labels: LabelReader;
}

/** The writer's context of an export (shared by one process and the merge of a sharded one). */
export function writerContext(datasetName: string, annotator: string | null, settings: ExportSettings, segmentKinds: readonly string[], lerobotDataFileBytes: number): WriterContext {
  return {
    datasetName,
    annotator,
    mcapCopy: settings.mcapCopy,
    lerobotDataFileBytes,
    videoCodec: settings.videoCodec,
    segmentKinds,
    validRatio: settings.validRatio,
    splitSeed: settings.splitSeed,
    imageSize: settings.imageSize,
  };
}

/**
 * Resolve the dataset, its annotator layer (from `options.labelReader`, default the label folder's files) and config
 * for `options`.
 * @throws Error when the dataset folder is missing, the annotator layer is unknown or ambiguous
 */
export async function openExportRun(options: ExportOptions): Promise<LabelledExportRun> {
  const where = isObjectUrl(options.dataset)
    ? new ObjectPrefixRoot(options.dataset, options.labels !== undefined ? { labels: path.resolve(options.labels) } : {})
    : folderRoot(options.dataset);
  const dataset = where.labelFolder;
  if (where.kind === "folder" && !fs.statSync(dataset, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${options.dataset}: no such dataset folder`);
  const labels = options.labelReader ?? fileLabelReader(dataset);
  const annotator = await chooseAnnotatorLayer(labels, options.annotator);
  const segmentKinds = (await loadDatasetConfig(dataset)).config.segmentKinds;
  const settings = exportSettings(options);
  const lerobotDataFileBytes = (options.lerobotDataFileMb ?? 100) * 1e6;
  return {
    dataset,
    where,
    labels,
    format: options.format,
    annotator,
    settings,
    lerobotDataFileBytes,
    segmentKinds,
    context: writerContext(path.basename(where.location), annotator, settings, segmentKinds, lerobotDataFileBytes),
  };
}

/**
 * When episode `relPath` last changed, ISO 8601: the file's mtime, or the object's LastModified from the listing.
 * @throws the fs error when the file vanished
 */
function episodeMtime(where: EpisodeRoot, relPath: string): string {
  if (where.kind === "folder") return fs.statSync(where.episodePath(relPath)).mtime.toISOString();
  if (!where.fingerprint(relPath)) where.list(); // episodes given by the caller: list once for the LastModified
  return new Date(where.fingerprint(relPath)?.mtimeMs ?? 0).toISOString();
}

/**
 * The cameras every episode of the export must have (formats need one camera set): the camera topics present in at
 * least half of the episodes that open; an episode lacking one then fails naming it, and a camera found in fewer
 * episodes is left out with a note. A sharded export takes them over the whole listing, as one process does.
 */
export async function commonCameras(where: EpisodeRoot, paths: readonly string[], signal: AbortSignal | undefined): Promise<{ cameras: string[]; leftOut: string[] }> {
  const counts = new Map<string, number>();
  let opened = 0;
  for (const [i, rel] of paths.entries()) {
    if (signal?.aborted) throw new ExportCancelled();
    let episode: LoadedEpisode | null = null;
    try {
      episode = await LoadedEpisode.open({ episodeId: `export-cameras-${i}`, absPath: where.episodePath(rel), relPath: rel });
      opened++;
      for (const c of episode.summary.channels) if (c.kind === "camera" && c.messageCount > 0) counts.set(c.topic, (counts.get(c.topic) ?? 0) + 1);
    } catch {
      // reported when the episode itself is exported
    } finally {
      episode?.close();
    }
  }
  const cameras = [...counts].filter(([, n]) => n * 2 >= opened).map(([t]) => t).sort();
  return { cameras, leftOut: [...counts.keys()].filter((t) => !cameras.includes(t)).sort() };
}

/** One episode of the listing and what the export did with it. */
export interface EpisodeRecord {
  /** Its place in the path-sorted listing (0-based). */
  position: number;
  report: EpisodeReport;
  card: CardEpisode;
  /** Its provenance in the manifest (`sources`), once it was handed to the sink. */
  source: Record<string, unknown> | null;
}

/**
 * Receives each selected episode: one process writes it at once and returns the writer's output; a shard stores its
 * piece and returns "pending" (the merge commits it).
 * @throws Error to fail this episode only (its reason is the message)
 */
export type EpisodeSink = (input: PrepareInput, record: EpisodeRecord) => Promise<EpisodeOutput | void | "pending">;

/** Mark `record` exported with the writer's `output`. */
export function markExported(record: EpisodeRecord, output: EpisodeOutput | void): void {
  if (output?.cameras.length) record.report.cameras = output.cameras;
  record.report.status = "exported";
}

/** Mark `record` failed with `error`'s message. */
export function markFailed(record: EpisodeRecord, error: unknown): void {
  record.report.status = "failed";
  record.report.reason = error instanceof Error ? error.message : String(error);
}

/**
 * Visit `entries` (each with its listing position), in order, handing each selected episode to `sink`.
 * @param cameras the camera topics to export (undefined: every camera of each episode)
 * @param total the size of the whole listing, for progress
 * @returns one record per entry; a record the sink kept as "pending" has status "failed" until it is committed
 * @throws ExportCancelled when `options.signal` aborts
 */
export async function visitEpisodes(
  run: LabelledExportRun,
  options: ExportOptions,
  entries: readonly { position: number; entry: EpisodeEntry }[],
  needsSteps: boolean,
  cameras: readonly string[] | undefined,
  sink: EpisodeSink,
): Promise<EpisodeRecord[]> {
  const metadataTable = (await run.labels.metadata.read()).table;
  const records: EpisodeRecord[] = [];
  for (const [i, { position, entry }] of entries.entries()) {
    if (options.signal?.aborted) throw new ExportCancelled();
    const report: EpisodeReport = { path: entry.path, status: "failed" };
    const card: CardEpisode = { path: entry.path, status: "failed", operator: null, task: null, session: null, robot: null, outcome: null, durationSec: 0, cameras: [] };
    const record: EpisodeRecord = { position, report, card, source: null };
    records.push(record);
    let episode: LoadedEpisode | null = null;
    try {
      episode = await LoadedEpisode.open({ episodeId: `export-${position}`, absPath: run.where.episodePath(entry.path), relPath: entry.path });
      const summary = episode.summary;
      const doc = run.annotator === null ? null : await run.labels.document(run.annotator, entry.path);
      // the fields the dataset table shows: its overrides over the MCAP metadata records
      const fields: EpisodeFields = { ...fieldsFromMetadata(summary.metadata) };
      for (const [k, v] of Object.entries(metadataTable[entry.path] ?? {})) if (v !== undefined) fields[k as keyof EpisodeFields] = v;
      const operator = fields.operator;
      Object.assign(card, {
        operator,
        task: doc?.instructions.find((i) => i.scope === "episode")?.text ?? fields.task,
        session: fields.session,
        robot: fields.robot,
        outcome: doc?.review.outcome ?? null,
        durationSec: Number(summary.endNs - summary.startNs) / 1e9,
        cameras: summary.channels.filter((c) => c.kind === "camera").map((c) => ({ topic: c.topic, rateHz: c.rateHz })),
      });
      const tasks = [...(doc?.instructions.map((i) => i.text) ?? []), ...(fields.task ? [fields.task] : [])];
      if (!selectsEpisode(options.selection ?? {}, doc?.review ?? null, operator, tasks)) {
        report.status = "skipped";
        report.reason = `not selected (status ${doc?.review.status ?? "unreviewed"}, outcome ${doc?.review.outcome ?? "none"})`;
      } else {
        let table: StepTable | null = null;
        if (needsSteps) {
          table = buildStepTable(episode, doc, {
            ...(options.fps !== undefined ? { fps: options.fps } : {}),
            ...(options.actionTopic !== undefined ? { actionTopic: options.actionTopic } : {}),
            ...(options.stateTopics !== undefined ? { stateTopics: options.stateTopics } : {}),
            ...(cameras !== undefined ? { cameras } : {}),
            ...(options.lastStep !== undefined ? { lastStep: options.lastStep } : {}),
            segmentKinds: run.segmentKinds,
          });
          report.action = table.actionSource;
          report.steps = table.stepTimesNs.length;
          report.maxStalenessNs = Object.fromEntries(Object.entries(table.maxStalenessNs).map(([k, v]) => [k, v.toString()]));
          table.operator = operator;
        }
        record.source = {
          path: entry.path,
          sizeBytes: summary.sizeBytes,
          mtime: episodeMtime(run.where, entry.path),
          startNs: summary.startNs.toString(),
          endNs: summary.endNs.toString(),
          messageCount: summary.messageCount,
          annotationRevision: doc?.revision ?? null,
        };
        const output = await sink({ summary, absPath: run.where.episodePath(entry.path), episode, doc, table, fields }, record);
        if (output !== "pending") markExported(record, output);
      }
    } catch (error) {
      if (error instanceof ExportCancelled) throw error;
      markFailed(record, error);
    } finally {
      episode?.close();
    }
    options.onProgress?.({ done: i + 1, total: entries.length, episode: entry.path });
  }
  return records;
}
