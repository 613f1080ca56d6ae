/**
 * Find the episodes under a dataset folder: `*.mcap` files, and rosbag2 folders (metadata.yaml + `.mcap` parts), each
 * of which is one episode (a split recording).
 */
import fs from "node:fs";
import path from "node:path";
import type { EpisodeEntry } from "../../../shared/episode.ts";
import { isRosbag2Folder } from "./rosbag2Folder.ts";

/** Folders never searched: the app's own data, dependencies, version control. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([".episcope", "node_modules", ".git"]);

/**
 * Every `.mcap` file (case-insensitive extension) under `root`, recursively, sorted by relative path (code-unit
 * order); a rosbag2 folder is one entry (its relative path, its folder name, the sum of its parts' sizes) instead of
 * its parts. Symbolic links to files are listed; symbolic links to folders are not followed (no cycles). Unreadable
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
        if (SKIPPED_FOLDERS.has(dirent.name)) continue;
        if (isRosbag2Folder(abs)) {
          const sizeBytes = fs
            .readdirSync(abs)
            .filter((f) => /\.mcap$/i.test(f))
            .reduce((sum, f) => sum + (fs.statSync(path.join(abs, f), { throwIfNoEntry: false })?.size ?? 0), 0);
          entries.push({ path: relPath, name: dirent.name, sizeBytes });
        } else visit(abs, relPath);
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
