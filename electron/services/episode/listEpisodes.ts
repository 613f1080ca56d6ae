/**
 * Find the episodes (`*.mcap` files) under a dataset folder.
 */
import fs from "node:fs";
import path from "node:path";
import type { EpisodeEntry } from "../../../shared/episode.ts";

/** Folders never searched: the app's own data, dependencies, version control. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([".episcope", "node_modules", ".git"]);

/**
 * Every `.mcap` file (case-insensitive extension) under `root`, recursively, sorted by relative path (code-unit
 * order). Symbolic links to files are listed; symbolic links to folders are not followed (no cycles). Unreadable
 * folders are skipped.
 */
export function listEpisodeFiles(root: string): EpisodeEntry[] {
  const entries: EpisodeEntry[] = [];
  const visit = (dir: string, rel: string) => {
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const dirent of dirents) {
      const abs = path.join(dir, dirent.name);
      const relPath = rel ? `${rel}/${dirent.name}` : dirent.name;
      if (dirent.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(dirent.name)) visit(abs, relPath);
        continue;
      }
      if (!/\.mcap$/i.test(dirent.name)) continue;
      let stat: fs.Stats;
      try {
        stat = fs.statSync(abs);
      } catch {
        continue; // dangling link
      }
      if (!stat.isFile()) continue;
      entries.push({ path: relPath, name: dirent.name.replace(/\.mcap$/i, ""), sizeBytes: stat.size });
    }
  };
  visit(root, "");
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
