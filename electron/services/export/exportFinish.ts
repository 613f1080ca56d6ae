/**
 * The dataset-level half of an export, shared by one process (exportDataset.ts) and the merge of a sharded export
 * (exportMerge.ts, issue #18): the writer's dataset files, the notes, the manifest (`episcope-export.json`) and the
 * dataset card, then the temp folder renamed to the output name — or discarded when nothing was exported.
 */
import fs from "node:fs";
import path from "node:path";
import { datasetCard, datasetCardMarkdown } from "../../../shared/export/datasetCard.ts";
import { appVersion } from "../../appPaths.ts";
import type { EpisodeRecord, ExportRun } from "./exportEpisodes.ts";
import type { EpisodeReport, ExportSummary } from "./exportTypes.ts";
import type { FormatWriter } from "./formatWriter.ts";
import { folderBytes, MANIFEST_FILE, type OutputFolder } from "./outputFolder.ts";

/** The dataset card (Hugging Face style README.md, and the same facts as JSON) at the root of every export. */
export const CARD_FILE = "README.md";
export const CARD_JSON_FILE = "dataset_card.json";

/** Say where the actions came from when any is the next state (the manifest and notes state it). */
function actionNotes(reports: readonly EpisodeReport[]): string[] {
  const derived = reports.filter((r) => r.status === "exported" && r.action?.kind === "next-state");
  if (derived.length === 0) return [];
  const sources = [...new Set(derived.map((r) => (r.action?.kind === "next-state" ? `${r.action.topics.join(" + ")} (last step ${r.action.lastStep === "drop" ? "dropped" : "repeated"})` : "")))];
  return [`action = the next step's state, action[t] = state[t+1], in ${derived.length} episodes: ${sources.join("; ")}`];
}

/**
 * Finish an export whose episodes are all recorded (in path order) and committed to `writer`.
 * @param leftOut camera topics left out because fewer than half of the episodes have them
 * @returns the summary; `exported` 0 means nothing was written (the temp folder is discarded)
 * @throws Error when the writer's files or the output folder cannot be written (the temp folder is then left for the
 *   caller to discard)
 */
export async function finishExport(run: ExportRun, folder: OutputFolder, writer: FormatWriter, records: readonly EpisodeRecord[], leftOut: readonly string[]): Promise<ExportSummary> {
  for (const { report, card } of records) {
    card.status = report.status;
    if (report.reason !== undefined) card.reason = report.reason;
    if (report.steps !== undefined) card.steps = report.steps;
  }
  const reports = records.map((r) => r.report);
  const exported = reports.filter((r) => r.status === "exported");
  const leftOutNote = leftOut.length ? [`cameras left out (in fewer than half of the episodes): ${leftOut.join(", ")}`] : [];
  const notes = exported.length > 0 ? [...(await writer.finish()), ...actionNotes(reports), ...leftOutNote] : [];
  const summary: ExportSummary = {
    format: run.format,
    out: folder.out,
    episodes: reports,
    exported: exported.length,
    skipped: reports.filter((r) => r.status === "skipped").length,
    failed: reports.filter((r) => r.status === "failed").length,
    totalSteps: exported.reduce((sum, r) => sum + (r.steps ?? 0), 0),
    bytes: 0,
    notes,
  };
  if (exported.length === 0) {
    folder.discard();
    return summary;
  }
  const manifest = {
    schema: "episcope.export-manifest/1",
    app: { name: "episcope", version: appVersion() },
    createdAt: new Date().toISOString(),
    format: run.format,
    dataset: run.dataset,
    annotator: run.annotator,
    options: run.settings,
    sources: records.filter((r) => r.report.status === "exported").map((r) => r.source),
    episodes: reports,
    notes,
  };
  fs.writeFileSync(folder.file(MANIFEST_FILE), JSON.stringify(manifest, null, 2) + "\n");
  const card = datasetCard({ name: path.basename(run.dataset), format: run.format, createdAt: manifest.createdAt, labelLayer: run.annotator, episodes: records.map((r) => r.card), notes });
  fs.writeFileSync(folder.file(CARD_JSON_FILE), JSON.stringify(card, null, 2) + "\n");
  fs.writeFileSync(folder.file(CARD_FILE), datasetCardMarkdown(card));
  summary.bytes = folderBytes(folder.tmp);
  folder.commit();
  return summary;
}
