/**
 * The dataset's summary cache, `<root>/.episcope/cache/episode-summaries.json` (for a root on object storage, a file
 * in the local cache folder: EpisodeRoot.summaryCacheFile): what indexing learnt about each
 * episode (facts and audit metrics, or the error that made it unreadable), keyed by relative path and valid while the
 * file's fingerprint (size + mtime) is unchanged (and, for the audit part, the audit settings it was computed with).
 *
 * Written atomically (temp file, fsync, rename). Two app instances on one folder may both write it: each write first
 * merges in the entries the other instance wrote since (for paths still in the dataset), so neither loses the other's
 * work; the worst case of a race is an episode indexed twice.
 */
import fs from "node:fs";
import path from "node:path";
import type { EpisodeFacts, RowError } from "../../../shared/dataset/datasetRow.ts";
import { writeFileAtomic } from "../annotation/atomicWrite.ts";
import type { EpisodeAuditFacts } from "./episodeAuditReader.ts";
import type { FileFingerprint } from "./fingerprint.ts";

/** The cache file, relative to the dataset folder. */
export const CACHE_FILE = path.join(".episcope", "cache", "episode-summaries.json");
/** Schema id written in the file; a file with another id is ignored (rebuilt). /3: the audit gained SPARC. */
export const CACHE_SCHEMA = "episcope.datasetCache/3";

/** One cached episode: facts when readable, else the error. */
export interface CacheEntry {
  fingerprint: FileFingerprint;
  facts: EpisodeFacts | null;
  error: RowError | null;
  /** The audit metrics (null when unreadable or not computed) and the settings they were computed with (JSON). */
  audit?: EpisodeAuditFacts | null;
  auditKey?: string;
}

/** Entries by relative episode path. */
export type CacheEntries = Map<string, CacheEntry>;

/** Read the cache file `file`; empty when missing, damaged or of another schema (it is then rebuilt, never trusted). */
export function readSummaryCache(file: string): CacheEntries {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return new Map();
  }
  try {
    const raw = JSON.parse(text) as { schema?: unknown; entries?: Record<string, CacheEntry> };
    if (raw.schema !== CACHE_SCHEMA || !raw.entries || typeof raw.entries !== "object") return new Map();
    const out: CacheEntries = new Map();
    for (const [p, e] of Object.entries(raw.entries)) {
      if (e && typeof e.fingerprint?.sizeBytes === "number" && typeof e.fingerprint.mtimeMs === "number" && (e.facts || e.error)) out.set(p, e);
    }
    return out;
  } catch {
    return new Map();
  }
}

/**
 * Write `entries` (merged with what is on disk now for paths in `keep`) atomically to the cache file `file`.
 * @param keep the dataset's current episode paths: entries of vanished episodes are dropped
 * @throws the fs error when the folder is not writable (callers may ignore it: the cache is an optimization)
 */
export async function writeSummaryCache(file: string, entries: CacheEntries, keep: ReadonlySet<string>): Promise<void> {
  const merged: Record<string, CacheEntry> = {};
  for (const [p, e] of readSummaryCache(file)) if (keep.has(p) && !entries.has(p)) merged[p] = e;
  for (const [p, e] of entries) if (keep.has(p)) merged[p] = e;
  const sorted = Object.fromEntries(Object.keys(merged).sort().map((p) => [p, merged[p]!]));
  await writeFileAtomic(file, JSON.stringify({ schema: CACHE_SCHEMA, entries: sorted }) + "\n");
}
