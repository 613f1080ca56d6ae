/**
 * Export a dataset folder's episodes with one annotator's labels to a training format (DESIGN §5, issue #7).
 * Per episode: open it, read its document, apply the selection, build the step table (when the format needs one)
 * and hand it to the format's writer; an episode that fails (missing stream, action topic absent, rewards with no
 * step clock, damaged file) is reported with its reason and the export goes on. Everything is written under a temp
 * folder renamed to `out` at the end, with a manifest (`episcope-export.json`) for provenance.
 */
import fs from "node:fs";
import path from "node:path";
import { datasetCard, datasetCardMarkdown, type CardEpisode } from "../../../shared/export/datasetCard.ts";
import { selectsEpisode } from "../../../shared/export/episodeSelection.ts";
import { appVersion } from "../../appPaths.ts";
import { loadDatasetConfig } from "../annotation/datasetConfigFile.ts";
import { readMetadataTable } from "../dataset/metadataTableFile.ts";
import { fieldsFromMetadata } from "../../../shared/dataset/episodeFacts.ts";
import type { EpisodeFields } from "../../../shared/dataset/datasetRow.ts";
import { listEpisodeFiles } from "../episode/listEpisodes.ts";
import { LoadedEpisode } from "../episode/loadedEpisode.ts";
import { chooseAnnotatorLayer, readEpisodeDocument } from "./annotationLayer.ts";
import { buildStepTable, type StepTable } from "./episodeStepTable.ts";
import type { EpisodeReport, ExportFormat, ExportOptions, ExportSummary } from "./exportTypes.ts";
import type { WriterFactory } from "./formatWriter.ts";
import { folderBytes, MANIFEST_FILE, OutputFolder } from "./outputFolder.ts";
import { csvWriter, jsonWriter } from "./writers/jsonCsvWriter.ts";
import { lerobotWriter } from "./writers/lerobotWriter.ts";
import { mcapSidecarWriter } from "./writers/mcapSidecarWriter.ts";
import { rldsWriter } from "./writers/rldsWriter.ts";
import { robomimicWriter } from "./writers/robomimicWriter.ts";

/** The manifest's file name at the root of every export. */
export { MANIFEST_FILE } from "./outputFolder.ts";
/** The dataset card (Hugging Face style README.md, and the same facts as JSON) at the root of every export. */
export const CARD_FILE = "README.md";
export const CARD_JSON_FILE = "dataset_card.json";

const WRITERS: Record<ExportFormat, WriterFactory> = {
  lerobot: lerobotWriter,
  robomimic: robomimicWriter,
  rlds: rldsWriter,
  mcap: mcapSidecarWriter,
  json: jsonWriter,
  csv: csvWriter,
};

/** Thrown when the signal aborts the export; nothing is left under the output name. */
export class ExportCancelled extends Error {
  constructor() {
    super("export cancelled");
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The cameras every episode of the export must have (formats need one camera set): the camera topics present in at
 * least half of the episodes that open; an episode lacking one then fails naming it, and a camera found in fewer
 * episodes is left out with a note.
 */
async function commonCameras(dataset: string, paths: readonly string[], signal: AbortSignal | undefined): Promise<{ cameras: string[]; leftOut: string[] }> {
  const counts = new Map<string, number>();
  let opened = 0;
  for (const [i, rel] of paths.entries()) {
    if (signal?.aborted) throw new ExportCancelled();
    let episode: LoadedEpisode | null = null;
    try {
      episode = await LoadedEpisode.open({ episodeId: `export-cameras-${i}`, absPath: path.join(dataset, rel), relPath: rel });
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

/** Say where the actions came from when any is the next state (the manifest and notes state it). */
function actionNotes(reports: readonly EpisodeReport[]): string[] {
  const derived = reports.filter((r) => r.status === "exported" && r.action?.kind === "next-state");
  if (derived.length === 0) return [];
  const sources = [...new Set(derived.map((r) => (r.action?.kind === "next-state" ? `${r.action.topics.join(" + ")} (last step ${r.action.lastStep === "drop" ? "dropped" : "repeated"})` : "")))];
  return [`action = the next step's state, action[t] = state[t+1], in ${derived.length} episodes: ${sources.join("; ")}`];
}

/**
 * Run an export. Episodes are taken in path order.
 * @returns the summary; `exported` is 0 when nothing could be exported (then nothing is written).
 * @throws Error when the dataset folder is missing, the output exists without `force`, the annotator layer is
 *   unknown or ambiguous; ExportCancelled when `signal` aborts.
 */
export async function exportDataset(options: ExportOptions): Promise<ExportSummary> {
  const dataset = path.resolve(options.dataset);
  if (!fs.existsSync(dataset) || !fs.statSync(dataset).isDirectory()) throw new Error(`${options.dataset}: no such dataset folder`);
  const annotator = chooseAnnotatorLayer(dataset, options.annotator);
  const entries = options.episodes ?? listEpisodeFiles(dataset);
  const folder = new OutputFolder(options.out, options.force ?? false);
  const segmentKinds = (await loadDatasetConfig(dataset)).config.segmentKinds;
  const metadataTable = readMetadataTable(dataset).table;
  const writer = WRITERS[options.format](folder, { datasetName: path.basename(dataset), annotator, mcapCopy: options.mcapCopy ?? false, lerobotDataFileBytes: (options.lerobotDataFileMb ?? 100) * 1e6,
    videoCodec: options.videoCodec ?? "av1",
    segmentKinds,
    validRatio: options.validRatio ?? 0.1,
    splitSeed: options.splitSeed ?? 0,
    imageSize: options.imageSize ?? { width: 84, height: 84 },
  });
  const reports: EpisodeReport[] = [];
  const cameraSet = writer.needsSteps && options.cameras === undefined ? await commonCameras(dataset, entries.map((e) => e.path), options.signal) : null;
  const cameras = options.cameras ?? cameraSet?.cameras;
  const sources: Record<string, unknown>[] = [];
  const cardEpisodes: CardEpisode[] = [];
  let index = 0;
  let totalSteps = 0;
  try {
    for (const [i, entry] of entries.entries()) {
      if (options.signal?.aborted) throw new ExportCancelled();
      const report: EpisodeReport = { path: entry.path, status: "failed" };
      reports.push(report);
      const card: CardEpisode = { path: entry.path, status: "failed", operator: null, task: null, session: null, robot: null, outcome: null, durationSec: 0, cameras: [] };
      cardEpisodes.push(card);
      let episode: LoadedEpisode | null = null;
      try {
        episode = await LoadedEpisode.open({ episodeId: `export-${i}`, absPath: path.join(dataset, entry.path), relPath: entry.path });
        const summary = episode.summary;
        const doc = readEpisodeDocument(dataset, annotator, entry.path);
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
          if (writer.needsSteps) {
            table = buildStepTable(episode, doc, {
              ...(options.fps !== undefined ? { fps: options.fps } : {}),
              ...(options.actionTopic !== undefined ? { actionTopic: options.actionTopic } : {}),
              ...(options.stateTopics !== undefined ? { stateTopics: options.stateTopics } : {}),
              ...(cameras !== undefined ? { cameras } : {}),
              ...(options.lastStep !== undefined ? { lastStep: options.lastStep } : {}),
              segmentKinds,
            });
            report.action = table.actionSource;
            report.steps = table.stepTimesNs.length;
            report.maxStalenessNs = Object.fromEntries(Object.entries(table.maxStalenessNs).map(([k, v]) => [k, v.toString()]));
          }
          if (table) table.operator = operator;
          const output = await writer.addEpisode({ index, summary, absPath: path.join(dataset, entry.path), episode, doc, table, fields });
          if (output?.cameras.length) report.cameras = output.cameras;
          index++;
          totalSteps += report.steps ?? 0;
          report.status = "exported";
          sources.push({
            path: entry.path,
            sizeBytes: summary.sizeBytes,
            mtime: fs.statSync(path.join(dataset, entry.path)).mtime.toISOString(),
            startNs: summary.startNs.toString(),
            endNs: summary.endNs.toString(),
            messageCount: summary.messageCount,
            annotationRevision: doc?.revision ?? null,
          });
        }
      } catch (error) {
        if (error instanceof ExportCancelled) throw error;
        report.status = "failed";
        report.reason = errorText(error);
      } finally {
        card.status = report.status;
        if (report.reason !== undefined) card.reason = report.reason;
        if (report.steps !== undefined) card.steps = report.steps;
        episode?.close();
      }
      options.onProgress?.({ done: i + 1, total: entries.length, episode: entry.path });
    }
    if (options.signal?.aborted) throw new ExportCancelled();
    const exported = reports.filter((r) => r.status === "exported").length;
    const leftOut = cameraSet?.leftOut.length ? [`cameras left out (in fewer than half of the episodes): ${cameraSet.leftOut.join(", ")}`] : [];
    const notes = exported > 0 ? [...(await writer.finish()), ...actionNotes(reports), ...leftOut] : [];
    const summary: ExportSummary = {
      format: options.format,
      out: folder.out,
      episodes: reports,
      exported,
      skipped: reports.filter((r) => r.status === "skipped").length,
      failed: reports.filter((r) => r.status === "failed").length,
      totalSteps,
      bytes: 0,
      notes,
    };
    if (exported === 0) {
      folder.discard();
      return summary;
    }
    const manifest = {
      schema: "episcope.export-manifest/1",
      app: { name: "episcope", version: appVersion() },
      createdAt: new Date().toISOString(),
      format: options.format,
      dataset,
      annotator,
      options: {
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
      },
      sources,
      episodes: reports,
      notes,
    };
    fs.writeFileSync(folder.file(MANIFEST_FILE), JSON.stringify(manifest, null, 2) + "\n");
    const card = datasetCard({ name: path.basename(dataset), format: options.format, createdAt: manifest.createdAt, labelLayer: annotator, episodes: cardEpisodes, notes });
    fs.writeFileSync(folder.file(CARD_JSON_FILE), JSON.stringify(card, null, 2) + "\n");
    fs.writeFileSync(folder.file(CARD_FILE), datasetCardMarkdown(card));
    summary.bytes = folderBytes(folder.tmp);
    folder.commit();
    return summary;
  } catch (error) {
    folder.discard();
    throw error;
  }
}
