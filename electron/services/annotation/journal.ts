import { createHash } from "node:crypto";
import { mkdir, open, readFile } from "node:fs/promises";
import { dirname } from "node:path";

/** One write the store is about to make: the whole new text of a document file. */
export interface JournalRecord {
  /** Target file, relative to the dataset folder (POSIX separators). */
  file: string;
  revision: number;
  /** SHA-256 (hex) of `text`; a record whose text does not match is torn and ignored. */
  sha256: string;
  text: string;
}

/** SHA-256 (hex) of a string's UTF-8 bytes or of bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * A write-ahead journal of whole-document writes (one JSON record per line, fsynced before the document file is
 * replaced). If the process dies between the journal append and the end of the atomic replace, the next start replays
 * the record, so a save that reached the journal is never lost half-way; a torn last line (killed mid-append) fails
 * its checksum and is ignored — the document file still holds the previous state then. After each completed write
 * the journal is truncated (and fsynced), so it stays a few KB.
 */
export class WriteAheadJournal {
  constructor(readonly path: string) {}

  /** Append a record and fsync it. */
  async append(record: Omit<JournalRecord, "sha256">): Promise<void> {
    const line = JSON.stringify({ ...record, sha256: sha256(record.text) }) + "\n";
    await mkdir(dirname(this.path), { recursive: true });
    const handle = await open(this.path, "a", 0o644);
    try {
      await handle.writeFile(line);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** The complete, checksummed records, oldest first (torn or garbled lines skipped). Missing journal: none. */
  async records(): Promise<JournalRecord[]> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const out: JournalRecord[] = [];
    for (const line of text.split("\n")) {
      if (!line) continue;
      try {
        const r = JSON.parse(line) as Partial<JournalRecord>;
        if (typeof r.file === "string" && typeof r.text === "string" && typeof r.revision === "number" && r.sha256 === sha256(r.text)) {
          out.push(r as JournalRecord);
        }
      } catch {
        // a torn line: the write it describes never started
      }
    }
    return out;
  }

  /** Empty the journal durably (after every recorded write reached its file). */
  async clear(): Promise<void> {
    let handle;
    try {
      handle = await open(this.path, "r+");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    try {
      await handle.truncate(0);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
