/**
 * Export a dataset folder's episodes with one annotator's labels to a training format (DESIGN §5, issue #7).
 * Per episode: open it, read its document, apply the selection, build the step table (when the format needs one)
 * and hand it to the format's writer; an episode that fails (missing stream, action topic absent, rewards with no
 * step clock, damaged file) is reported with its reason and the export goes on. Everything is written under a temp
 * folder renamed to `out` at the end, with a manifest (`episcope-export.json`) for provenance.
 */
import fs from "node:fs";
import path from "node:path";
import { selectsEpisode } from "../../../shared/export/episodeSelection.ts";
import { appVersion } from "../../appPaths.ts";
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
 * Run an export. Episodes are taken in path order.
 * @returns the summary; `exported` is 0 when nothing could be exported (then nothing is written).
 * @throws Error when the dataset folder is missing, the output exists without `force`, the annotator layer is
 *   unknown or ambiguous; ExportCancelled when `signal` aborts.
 */
export async function exportDataset(options: ExportOptions): Promise<ExportSummary> {
  const dataset = path.resolve(options.dataset);
  if (!fs.existsSync(dataset) || !fs.statSync(dataset).isDirectory()) throw new Error(`${options.dataset}: no such dataset folder`);
  const annotator = chooseAnnotatorLayer(dataset, options.annotator);
  const entries = listEpisodeFiles(dataset);
  const folder = new OutputFolder(options.out, options.force ?? false);
  const writer = WRITERS[options.format](folder, { datasetName: path.basename(dataset), annotator, mcapCopy: options.mcapCopy ?? false, lerobotDataFileBytes: (options.lerobotDataFileMb ?? 100) * 1e6 });
  const reports: EpisodeReport[] = [];
  const sources: Record<string, unknown>[] = [];
  let index = 0;
  let totalSteps = 0;
  try {
    for (const [i, entry] of entries.entries()) {
      if (options.signal?.aborted) throw new ExportCancelled();
      const report: EpisodeReport = { path: entry.path, status: "failed" };
      reports.push(report);
      let episode: LoadedEpisode | null = null;
      try {
        episode = await LoadedEpisode.open({ episodeId: `export-${i}`, absPath: path.join(dataset, entry.path), relPath: entry.path });
        const summary = episode.summary;
        const doc = readEpisodeDocument(dataset, annotator, entry.path);
        const recorded = summary.metadata?.find((m) => m.name === "episode")?.entries ?? {};
        const operator = recorded.operator ?? null;
        const tasks = [...(doc?.instructions.map((i) => i.text) ?? []), ...(recorded.task ? [recorded.task] : [])];
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
              ...(options.cameras !== undefined ? { cameras: options.cameras } : {}),
            });
            report.steps = table.stepTimesNs.length;
            report.maxStalenessNs = Object.fromEntries(Object.entries(table.maxStalenessNs).map(([k, v]) => [k, v.toString()]));
          }
          await writer.addEpisode({ index, summary, absPath: path.join(dataset, entry.path), episode, doc, table });
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
        episode?.close();
      }
      options.onProgress?.({ done: i + 1, total: entries.length, episode: entry.path });
    }
    if (options.signal?.aborted) throw new ExportCancelled();
    const exported = reports.filter((r) => r.status === "exported").length;
    const notes = exported > 0 ? await writer.finish() : [];
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
        mcapCopy: options.mcapCopy ?? false,
        stateTopics: options.stateTopics ?? null,
        cameras: options.cameras ?? null,
        selection: options.selection ?? {},
      },
      sources,
      episodes: reports,
      notes,
    };
    fs.writeFileSync(folder.file(MANIFEST_FILE), JSON.stringify(manifest, null, 2) + "\n");
    summary.bytes = folderBytes(folder.tmp);
    folder.commit();
    return summary;
  } catch (error) {
    folder.discard();
    throw error;
  }
}
