/**
 * What the desktop app opens when files or folders are dropped on its window. The preload turns each dropped `File`
 * into its path on disk (Electron's `webUtils.getPathForFile`, which gives "" for a File the page made itself, so a
 * page cannot name an arbitrary path this way); main checks each path here and opens the first openable one, exactly
 * as File › Open Episode… / Open Folder… would.
 */
import { stat } from "node:fs/promises";
import { isAbsolute } from "node:path";

/** A dropped path that is not opened, and why (shown to the user). */
export interface RefusedDrop {
  path: string;
  reason: string;
}

/** The outcome of a drop: the path to open (a folder or an `.mcap` file; null when none) and the rest with reasons. */
export interface DropDecision {
  open: string | null;
  refused: RefusedDrop[];
}

/** Most paths one drop may carry (a drop of more is refused past this count rather than stat'ing thousands). */
export const MAX_DROPPED_PATHS = 64;

/**
 * Decide what a drop opens: the first path that is a folder or a regular `.mcap` file; every other path is refused
 * with its reason (not absolute, missing, unreadable, not an episode, or a second target — one window shows one
 * dataset). Never throws: a path that cannot be examined is refused naming the error.
 * @param paths absolute paths from the preload, in drop order; non-strings and "" (a file the page made) refused
 */
export async function decideDrop(paths: readonly unknown[]): Promise<DropDecision> {
  const refused: RefusedDrop[] = [];
  let open: string | null = null;
  for (const [i, raw] of paths.entries()) {
    if (i >= MAX_DROPPED_PATHS) {
      refused.push({ path: `${paths.length - i} more`, reason: `a drop opens one target; only the first ${MAX_DROPPED_PATHS} paths were looked at` });
      break;
    }
    const path = typeof raw === "string" ? raw : "";
    if (!path || !isAbsolute(path)) {
      refused.push({ path: path || "(no path)", reason: "not a file on this computer" });
      continue;
    }
    let kind: "folder" | "episode" | "other";
    try {
      const info = await stat(path);
      kind = info.isDirectory() ? "folder" : info.isFile() && /\.mcap$/i.test(path) ? "episode" : "other";
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      refused.push({ path, reason: code === "ENOENT" ? "it no longer exists" : `cannot be read (${code ?? String(error)})` });
      continue;
    }
    if (kind === "other") refused.push({ path, reason: "not an .mcap episode or a folder of episodes" });
    else if (open) refused.push({ path, reason: `only one episode or folder opens at a time: ${open} was opened` });
    else open = path;
  }
  return { open, refused };
}
