/**
 * `episcope merge PART… --out DIR` for the parts of a sharded export (exportShard.ts, issue #18): check the parts are
 * the N shards of one run (same dataset, listing, format, label layer, settings and cameras; every shard once; every
 * episode of the listing in exactly one part), then commit their pieces in path order to one writer and finish the
 * export as one process does (exportFinish.ts) — the same data and meta files, HDF5 demos and masks, TFRecord and
 * dataset_info. Nothing is decoded or encoded again; the dataset folder need not be mounted where the merge runs.
 */
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { markExported, markFailed } from "./exportEpisodes.ts";
import { finishExport } from "./exportFinish.ts";
import { pieceDir, readExportPart, readPiece, runOfPart, type ExportPart, type PartRecord } from "./exportShard.ts";
import type { ExportSummary } from "./exportTypes.ts";
import { isPieceWriter } from "./formatWriter.ts";
import { OutputFolder } from "./outputFolder.ts";
import { WRITERS } from "./writers/formatWriters.ts";

/** The fields every part of one run shares. */
const SHARED = ["root", "total", "format", "annotator", "settings", "lerobotDataFileBytes", "segmentKinds", "cameras", "leftOut"] as const;

/**
 * Check that `parts` are the shards of one run and order their records by listing position.
 * @param dirs the part folders, for messages (same order as `parts`)
 * @returns each record with the folder holding its piece, in listing (path) order
 * @throws EpiscopeError `invalid-input` naming the folders when they mix runs, a shard is missing or given twice, or
 *   the records do not cover the listing once
 */
export function orderedRecords(parts: readonly ExportPart[], dirs: readonly string[]): { record: PartRecord; dir: string }[] {
  if (parts.length === 0) throw new EpiscopeError("invalid-input", "no part folders given");
  const first = parts[0]!;
  const seen = new Map<number, string>();
  const byPosition = new Map<number, { record: PartRecord; dir: string }>();
  parts.forEach((part, i) => {
    const dir = dirs[i]!;
    for (const key of SHARED) {
      if (JSON.stringify(part[key]) !== JSON.stringify(first[key])) {
        throw new EpiscopeError("invalid-input", `${dir}: ${key} ${JSON.stringify(part[key])} differs from ${dirs[0]}'s ${JSON.stringify(first[key])} — parts of different exports`);
      }
    }
    if (part.shard.count !== first.shard.count) {
      throw new EpiscopeError("invalid-input", `${dir}: shard ${part.shard.index}/${part.shard.count} is not one of ${first.shard.count} shards (${dirs[0]})`);
    }
    const twice = seen.get(part.shard.index);
    if (twice !== undefined) throw new EpiscopeError("invalid-input", `${dir}: shard ${part.shard.index}/${part.shard.count} was already given (${twice})`);
    seen.set(part.shard.index, dir);
    for (const record of part.records) {
      if (record.position >= first.total || record.position % part.shard.count !== part.shard.index) {
        throw new EpiscopeError("invalid-input", `${dir}: episode ${record.report.path} at listing position ${record.position} is not in shard ${part.shard.index}/${part.shard.count}`);
      }
      if (byPosition.has(record.position)) throw new EpiscopeError("invalid-input", `${dir}: episode ${record.report.path} is also in ${byPosition.get(record.position)!.dir}`);
      byPosition.set(record.position, { record, dir });
    }
  });
  const missing = Array.from({ length: first.shard.count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    throw new EpiscopeError("invalid-input", `missing shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${first.shard.count}`).join(", ")} (given: ${dirs.join(", ")})`);
  }
  if (byPosition.size !== first.total) {
    throw new EpiscopeError("invalid-input", `the parts hold ${byPosition.size} episodes, the dataset listing had ${first.total}: a shard did not finish`);
  }
  return [...byPosition.keys()].sort((a, b) => a - b).map((p) => byPosition.get(p)!);
}

/**
 * Merge the export parts in `dirs` into the export folder `out`.
 * @param force replace `out` when it is an earlier export (as `episcope export --force`)
 * @returns the summary (as exportDataset's); `exported` 0 means nothing was written
 * @throws EpiscopeError `not-found` / `invalid-input` naming the folder or piece file when a part is missing, damaged
 *   or not of this run; Error when `out` exists without `force`
 */
export async function mergeExportParts(dirs: readonly string[], out: string, force: boolean): Promise<ExportSummary> {
  const parts = dirs.map(readExportPart);
  const ordered = orderedRecords(parts, dirs);
  const run = runOfPart(parts[0]!);
  const folder = new OutputFolder(out, force);
  try {
    const writer = WRITERS[run.format](folder, run.context);
    if (!isPieceWriter(writer)) throw new Error(`${run.format}: the writer does not commit pieces`);
    let index = 0;
    for (const { record, dir } of ordered) {
      if (!record.pending) continue;
      const piece = readPiece(dir, record.position);
      try {
        markExported(record, await writer.commit(piece, index, { dir: pieceDir(dir, record.position), copy: true }));
        index++;
      } catch (error) {
        markFailed(record, error);
      }
    }
    return await finishExport(run, folder, writer, ordered.map((o) => o.record), parts[0]!.leftOut);
  } catch (error) {
    folder.discard();
    throw error;
  }
}
