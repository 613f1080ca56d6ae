/**
 * Index a dataset for a CLI command with its progress on stderr: one line updated in place on a terminal, else a line
 * every 100 episodes and at the end (so a log stays short). Used by `episcope index` and `episcope audit`.
 */
import type { IndexProgress } from "../../shared/dataset/datasetRow.ts";
import type { DatasetMainService } from "../services/dataset/datasetMainService.ts";

/**
 * Run `service.index()`, reporting through `err` as `<verb> done/total (cached, unreadable) seconds`.
 * @returns the job's final progress
 */
export async function indexWithProgress(service: DatasetMainService, verb: string, err: (text: string) => void): Promise<IndexProgress> {
  const text = (p: IndexProgress) => `${verb} ${p.done}/${p.total} (${p.cached} cached, ${p.failed} unreadable) ${(p.elapsedMs / 1000).toFixed(1)} s`;
  const tty = process.stderr.isTTY === true;
  let last = -1;
  const progress = await service.index((p) => {
    if (tty) err(`\r${text(p)}`);
    else if (p.state !== "running" || p.done - last >= 100 || last < 0) {
      last = p.done;
      err(`${text(p)}\n`);
    }
  });
  if (tty) err("\n");
  return progress;
}
