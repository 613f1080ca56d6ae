/**
 * The fingerprint of an episode on disk — size and modification time — that keys the dataset's summary cache: a file
 * whose fingerprint is unchanged is not indexed again.
 */
import fs from "node:fs";
import path from "node:path";

/**
 * Size (bytes) and modification time (ms since the epoch) of an episode file, or of a rosbag2 folder's parts; for an
 * object in a bucket, its size, LastModified and entity tag from the listing.
 */
export interface FileFingerprint {
  sizeBytes: number;
  mtimeMs: number;
  /** The object's entity tag (objects only). */
  etag?: string;
}

/**
 * Fingerprint of the episode at `absPath`: a file's size and mtime; for a rosbag2 folder, the sum of its files' sizes
 * and the latest mtime among them. Null when it cannot be read (vanished, no permission).
 */
export function fingerprintOf(absPath: string): FileFingerprint | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absPath);
  } catch {
    return null;
  }
  if (!stat.isDirectory()) return { sizeBytes: stat.size, mtimeMs: stat.mtimeMs };
  let sizeBytes = 0;
  let mtimeMs = stat.mtimeMs;
  try {
    for (const name of fs.readdirSync(absPath)) {
      const s = fs.statSync(path.join(absPath, name), { throwIfNoEntry: false });
      if (!s?.isFile()) continue;
      sizeBytes += s.size;
      mtimeMs = Math.max(mtimeMs, s.mtimeMs);
    }
  } catch {
    return null;
  }
  return { sizeBytes, mtimeMs };
}

/** True when both fingerprints describe the same bytes (as far as size, mtime and — when both have one — the entity tag tell). */
export function sameFingerprint(a: FileFingerprint, b: FileFingerprint): boolean {
  return a.sizeBytes === b.sizeBytes && a.mtimeMs === b.mtimeMs && (a.etag === undefined || b.etag === undefined || a.etag === b.etag);
}
