/**
 * The sharded form of `episcope index` and `episcope audit` (`--shard I/N --part FILE`, issue #18): measure one slice
 * of the dataset (electron/services/dataset/datasetShard.ts) and write it as a part file for `episcope merge`.
 */
import { resolve } from "node:path";
import { DatasetMainService } from "../services/dataset/datasetMainService.ts";
import type { EpisodeRoot } from "../services/episode/episodeRoot.ts";
import { parseShard, writeShardPart, type ShardCommand } from "../services/dataset/datasetShard.ts";
import { indexWithProgress } from "./indexProgress.ts";

/** Usage of the shard options, shared by index and audit. */
export const SHARD_USAGE = "[--shard I/N --part FILE]";

/**
 * Measure shard `shardText` (`I/N`) of the dataset at `root` (a folder or an object prefix: episodeRoot.ts) and write the part file `partFile`; progress and the
 * result line through `err`.
 * @returns 0 when the part was written, 1 when indexing failed or was cancelled (no part is written then)
 * @param store the `--store` options: a shard measures episodes and reads no labels, so they are refused (the merge
 *   reads the review status: give them to `episcope merge`)
 * @throws Error when `--shard` and `--part` are not given together, `--shard` is malformed, or `--store` is given
 */
export async function runShard(
  command: ShardCommand,
  root: EpisodeRoot,
  shardText: string | undefined,
  partFile: string | undefined,
  err: (text: string) => void,
  store: { store?: string | undefined; "dataset-key"?: string | undefined } = {},
): Promise<number> {
  if (store.store !== undefined || store["dataset-key"] !== undefined) {
    throw new Error(`a shard reads no labels: give --store to the merge (episcope merge PART... --store postgres://…), which reads the review status`);
  }
  if (!shardText || !partFile) throw new Error(`--shard I/N and --part FILE go together (episcope ${command} DATASET --shard 0/3 --part part-0.json)`);
  const shard = parseShard(shardText);
  const service = new DatasetMainService(root, { shard });
  try {
    const progress = await indexWithProgress(service, `${command === "audit" ? "auditing" : "indexing"} shard ${shard.index}/${shard.count}:`, err);
    if (progress.state !== "done") {
      err(`episcope ${command}: shard ${shard.index}/${shard.count} ${progress.state}${progress.error ? `: ${progress.error}` : ""}; no part written\n`);
      return 1;
    }
    const { entries, total, auditKey } = service.measured();
    await writeShardPart(resolve(partFile), { command, shard, root: service.root, total, auditKey }, entries);
    err(`wrote ${partFile}: ${entries.size} of ${total} episodes (shard ${shard.index}/${shard.count})\n`);
    return 0;
  } finally {
    await service.close();
  }
}
