/**
 * Sharded batch jobs (issue #18): `episcope index|audit DATASET --shard I/N --part FILE` measures a deterministic slice
 * of the dataset — the episodes whose position in the path-sorted listing is ≡ I (mod N), I in 0..N-1, the index a
 * Kubernetes Indexed Job (JOB_COMPLETION_INDEX) or a Slurm array (SLURM_ARRAY_TASK_ID with --array=0-(N-1)) hands each
 * task — and writes what it measured as a part file; `episcope merge PART...` checks the parts form one whole run
 * (same command, dataset, N and settings; every shard once) and prints exactly what one process would have printed,
 * because the merged entries feed the same code path as the summary cache.
 *
 * Part file (JSON, schema `episcope.shardPart/1`): `{ schema, command, shard: { index, count }, root, total, auditKey,
 * entries: { [relativePath]: CacheEntry } }` — `total` is the size of the whole listing the shard saw.
 */
import fs from "node:fs";
import { z } from "zod";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { writeFileAtomic } from "../annotation/atomicWrite.ts";
import type { CacheEntries, CacheEntry } from "./summaryCache.ts";

/** Schema id of a part file. */
export const SHARD_PART_SCHEMA = "episcope.shardPart/1";

/** Which slice of the dataset a process measures: `index` in 0..count-1. */
export interface Shard {
  index: number;
  count: number;
}

/** The batch commands that shard. */
export type ShardCommand = "index" | "audit";

/** A part file's content. */
export interface ShardPart {
  schema: typeof SHARD_PART_SCHEMA;
  command: ShardCommand;
  shard: Shard;
  /** Dataset folder as the shard saw it (absolute). */
  root: string;
  /** Episodes in the whole listing (all shards). */
  total: number;
  /** The audit settings the metrics were computed with (JSON), null for `index`. */
  auditKey: string | null;
  entries: Record<string, CacheEntry>;
}

/**
 * Parse `I/N` (0 ≤ I < N, N ≤ 100000).
 * @throws Error naming the option and the accepted form
 */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > 100_000 || index >= count) {
    throw new Error(`--shard ${JSON.stringify(text)}: expected I/N with 0 ≤ I < N (e.g. --shard 0/3 … --shard 2/3)`);
  }
  return { index, count };
}

/** True when the episode at `position` of the path-sorted listing belongs to `shard` (round robin: sizes differ by ≤ 1). */
export function inShard(position: number, shard: Shard): boolean {
  return position % shard.count === shard.index;
}

/** Write a part file atomically. */
export async function writeShardPart(file: string, part: Omit<ShardPart, "schema" | "entries">, entries: CacheEntries): Promise<void> {
  const body: ShardPart = { schema: SHARD_PART_SCHEMA, ...part, entries: Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : 1))) };
  await writeFileAtomic(file, JSON.stringify(body) + "\n");
}

const partSchema = z.object({
  schema: z.literal(SHARD_PART_SCHEMA),
  command: z.enum(["index", "audit"]),
  shard: z.object({ index: z.number().int().min(0), count: z.number().int().min(1) }),
  root: z.string().min(1),
  total: z.number().int().min(0),
  auditKey: z.string().nullable(),
  entries: z.record(
    z.string(),
    z
      .object({ fingerprint: z.object({ sizeBytes: z.number(), mtimeMs: z.number() }), facts: z.unknown(), error: z.unknown() })
      .passthrough(),
  ),
});

/**
 * Read the JSON file `file` and check it against `schema` (a sharded run's part file: index/audit here, export in
 * export/exportShard.ts).
 * @param noun what the file should be, for the errors ("part file": "cannot read the part file", "not an episcope part file")
 * @throws EpiscopeError `not-found` when it cannot be read; `invalid-input` naming the file and the field when it is
 *   not JSON or not such a file
 */
export function readPartJson<T>(file: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>, noun: string): T {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new EpiscopeError("not-found", `${file}: cannot read the ${noun} (${(error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new EpiscopeError("invalid-input", `${file}: not JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EpiscopeError("invalid-input", `${file}: not an episcope ${noun} (${issue.path.join(".") || "root"}: ${issue.message})`);
  }
  return parsed.data;
}

/**
 * Read one part file.
 * @throws EpiscopeError `not-found` when it cannot be read; `invalid-input` naming the file and the field when it is
 *   not a part file
 */
export function readShardPart(file: string): ShardPart {
  return readPartJson(file, partSchema, "part file") as ShardPart;
}

/** Parts merged: the command, dataset and settings they share and every episode's entry. */
export interface MergedParts {
  command: ShardCommand;
  root: string;
  auditKey: string | null;
  entries: CacheEntries;
}

/**
 * Check that `parts` are the N shards of one run and merge their entries.
 * @param files the parts' file names, for messages (same order as `parts`)
 * @throws EpiscopeError `invalid-input` naming the files when they mix commands, datasets, N or settings, when a shard
 *   is missing or given twice, or when an episode appears in two parts or the entries do not add up to the listing
 */
export function mergeShardParts(parts: readonly ShardPart[], files: readonly string[]): MergedParts {
  if (parts.length === 0) throw new EpiscopeError("invalid-input", "no part files given");
  const first = parts[0]!;
  const seen = new Map<number, string>();
  const entries: CacheEntries = new Map();
  parts.forEach((part, i) => {
    const file = files[i]!;
    for (const key of ["command", "root", "total", "auditKey"] as const) {
      if (part[key] !== first[key]) {
        throw new EpiscopeError("invalid-input", `${file}: ${key} ${JSON.stringify(part[key])} differs from ${files[0]}'s ${JSON.stringify(first[key])} — parts of different runs`);
      }
    }
    if (part.shard.count !== first.shard.count) {
      throw new EpiscopeError("invalid-input", `${file}: shard ${part.shard.index}/${part.shard.count} is not one of ${first.shard.count} shards (${files[0]})`);
    }
    const twice = seen.get(part.shard.index);
    if (twice !== undefined) throw new EpiscopeError("invalid-input", `${file}: shard ${part.shard.index}/${part.shard.count} was already given (${twice})`);
    seen.set(part.shard.index, file);
    for (const [p, entry] of Object.entries(part.entries)) {
      if (entries.has(p)) throw new EpiscopeError("invalid-input", `${file}: episode ${p} is also in another part`);
      entries.set(p, entry);
    }
  });
  const missing = Array.from({ length: first.shard.count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    throw new EpiscopeError("invalid-input", `missing shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${first.shard.count}`).join(", ")} (given: ${files.join(", ")})`);
  }
  if (entries.size !== first.total) {
    throw new EpiscopeError("invalid-input", `the parts hold ${entries.size} episodes, the dataset listing had ${first.total}: a shard did not finish`);
  }
  return { command: first.command, root: first.root, auditKey: first.auditKey, entries };
}
