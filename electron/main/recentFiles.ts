import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "../services/annotation/atomicWrite.ts";

const MAX_RECENT = 10;

/**
 * Recently opened episodes and folders (absolute paths, newest first, at most 10), kept in a JSON file under the
 * app's user-data folder and written atomically.
 */
export class RecentFiles {
  constructor(private readonly file: string) {}

  /** The list; empty when the file is missing or unreadable. */
  async list(): Promise<string[]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, "utf8"));
      return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === "string").slice(0, MAX_RECENT) : [];
    } catch {
      return [];
    }
  }

  /** Put `path` first (removing an older entry for it) and save. */
  async add(path: string): Promise<string[]> {
    const next = [path, ...(await this.list()).filter((p) => p !== path)].slice(0, MAX_RECENT);
    await writeFileAtomic(this.file, JSON.stringify(next, null, 2));
    return next;
  }

  /** Forget everything. */
  async clear(): Promise<void> {
    await writeFileAtomic(this.file, "[]");
  }
}
