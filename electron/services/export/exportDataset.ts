/**
 * Export a dataset folder's episodes with one annotator's labels to a training format (DESIGN §5, issue #7), in one
 * process: each episode is handed to the format's writer as it is read (exportEpisodes.ts), then the dataset-level
 * files, manifest and card are written (exportFinish.ts). Everything is written under a temp folder renamed to `out`
 * at the end. A sharded export (exportShard.ts + exportMerge.ts, issue #18) runs the same two halves apart.
 */
import type { ExportOptions, ExportSummary } from "./exportTypes.ts";
import { commonCameras, ExportCancelled, openExportRun, visitEpisodes } from "./exportEpisodes.ts";
import { finishExport } from "./exportFinish.ts";
import { OutputFolder } from "./outputFolder.ts";
import { WRITERS } from "./writers/formatWriters.ts";
import { listEpisodeFiles } from "../episode/listEpisodes.ts";

export { MANIFEST_FILE } from "./outputFolder.ts";
export { CARD_FILE, CARD_JSON_FILE } from "./exportFinish.ts";
export { ExportCancelled } from "./exportEpisodes.ts";

/**
 * Run an export. Episodes are taken in path order.
 * @returns the summary; `exported` is 0 when nothing could be exported (then nothing is written).
 * @throws Error when the dataset folder is missing, the output exists without `force`, the annotator layer is
 *   unknown or ambiguous; ExportCancelled when `signal` aborts.
 */
export async function exportDataset(options: ExportOptions): Promise<ExportSummary> {
  const run = await openExportRun(options);
  const entries = options.episodes ?? listEpisodeFiles(run.dataset);
  const folder = new OutputFolder(options.out, options.force ?? false);
  try {
    const writer = WRITERS[options.format](folder, run.context);
    const cameraSet = writer.needsSteps && options.cameras === undefined ? await commonCameras(run.dataset, entries.map((e) => e.path), options.signal) : null;
    let index = 0;
    const records = await visitEpisodes(
      run,
      options,
      entries.map((entry, position) => ({ position, entry })),
      writer.needsSteps,
      options.cameras ?? cameraSet?.cameras,
      async (input) => {
        const output = await writer.addEpisode({ ...input, index });
        index++;
        return output;
      },
    );
    if (options.signal?.aborted) throw new ExportCancelled();
    return await finishExport(run, folder, writer, records, cameraSet?.leftOut ?? []);
  } catch (error) {
    folder.discard();
    throw error;
  }
}
