/**
 * `episcope index DATASET [--json] [--store postgres://… [--dataset-key KEY]]`: build or refresh the dataset's summary cache (`.episcope/cache/`) — new and
 * changed episodes are summarized in worker threads, unchanged ones come from the cache — with progress on stderr,
 * then print one summary per episode: path, duration, cameras, operator, task, status, outcome, each annotator's
 * outcome (`conflict` when they disagree and nobody adjudicated; DESIGN §9) and the error of an unreadable episode. With --json: one JSON object `{ dataset, progress, episodes: [...] }`.
 * Exit code 0, also when some episodes are unreadable (they are listed with their error); 1 when DATASET is not a folder.
 * DATASET may be `s3://bucket/prefix` (datasetRootArg.ts): the cache then goes to the local cache folder. With --store
 * the review status and metadata table are read from the team store on PostgreSQL (storeArg.ts).
 */
import { parseArgs } from "node:util";
import type { DatasetRow } from "../../shared/dataset/datasetRow.ts";
import { DatasetMainService } from "../services/dataset/datasetMainService.ts";
import type { CacheEntries } from "../services/dataset/summaryCache.ts";
import { indexWithProgress } from "./indexProgress.ts";
import { datasetRootArg, LABELS_USAGE } from "./datasetRootArg.ts";
import { runShard, SHARD_USAGE } from "./shardRun.ts";
import { openStoreArg, STORE_OPTION_USAGE, STORE_OPTIONS } from "./storeArg.ts";

/** Usage line of `episcope index`. */
export const INDEX_USAGE = `episcope index DATASET [--json] ${SHARD_USAGE} ${LABELS_USAGE} ${STORE_OPTION_USAGE}
                                      build/refresh the dataset cache; one summary per episode (a shard: its part file)`;

/** One episode's line of the summary (what scripts and CI read). */
export interface IndexSummaryLine {
  path: string;
  /** Seconds, null when unknown. */
  durationSec: number | null;
  cameras: string[];
  operator: string | null;
  task: string | null;
  /** The effective status (DESIGN §9): the adjudicated layer's, else the annotators' shared one, else `conflict`. */
  status: DatasetRow["status"];
  outcome: DatasetRow["outcome"];
  /** Each layer's outcome (null: none yet), by annotator id (`adjudicated` included). */
  annotators: Record<string, DatasetRow["outcome"]>;
  /** True when decided annotators disagree and no adjudicated layer settles it. */
  conflict: boolean;
  error: string | null;
}

/** The summary of one row. */
export function summaryLine(row: DatasetRow): IndexSummaryLine {
  return {
    path: row.path,
    durationSec: row.facts?.durationSec ?? null,
    cameras: row.facts?.cameras ?? [],
    operator: row.fields.operator,
    task: row.fields.task,
    status: row.status,
    outcome: row.outcome,
    annotators: Object.fromEntries(row.reviews.map((r) => [r.annotator, r.outcome])),
    conflict: row.conflict,
    error: row.error ? row.error.message : null,
  };
}

/**
 * Run `episcope index`; the summary goes through `out`, progress through `err` (default: stderr, one line updated in
 * place on a terminal, every 100 episodes otherwise). `seed`: entries of merged shard parts (`episcope merge`).
 * @returns 0 when the dataset was indexed (even with unreadable episodes), 1 when the job failed.
 * @throws Error on bad arguments; EpiscopeError `not-found` when DATASET is not a folder.
 */
export async function runIndex(
  args: string[],
  out: (line: string) => void,
  err: (text: string) => void = (text) => process.stderr.write(text),
  seed?: CacheEntries,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: "boolean", default: false }, shard: { type: "string" }, part: { type: "string" }, labels: { type: "string" }, ...STORE_OPTIONS },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new Error(`expected one DATASET folder\nusage: ${INDEX_USAGE}`);
  const root = datasetRootArg(positionals[0]!, values.labels, err);
  if (values.shard !== undefined || values.part !== undefined) return runShard("index", root, values.shard, values.part, err, values);
  const team = await openStoreArg(values, root.location);
  const service = new DatasetMainService(root, { seed, ...(team ? { reviews: team.reviews, metadata: team.metadata } : {}) });
  try {
    const progress = await indexWithProgress(service, "indexing", err);
    if (progress.state === "failed") {
      err(`episcope index: ${progress.error}\n`);
      return 1;
    }
    const lines = (await service.rows()).rows.map(summaryLine);
    if (values.json) {
      out(JSON.stringify({ dataset: service.root, progress, episodes: lines }, null, 2));
    } else {
      for (const l of lines) {
        if (l.error) {
          out(`${l.path}\tunreadable\t${l.error}`);
          continue;
        }
        const duration = l.durationSec === null ? "-" : `${l.durationSec.toFixed(3)} s`;
        const layers = Object.entries(l.annotators).map(([id, outcome]) => `${id}=${outcome ?? "-"}`);
        out([l.path, duration, `${l.cameras.length} cam`, l.operator ?? "-", l.task ?? "-", l.status, l.outcome ?? "-", layers.join(",") || "-"].join("\t"));
      }
      out(`${lines.length} episodes, ${progress.failed} unreadable, ${progress.cached} from cache, ${(progress.elapsedMs / 1000).toFixed(2)} s`);
    }
    return progress.state === "done" ? 0 : 1;
  } finally {
    await service.close();
    await team?.close();
  }
}
