import fs from "node:fs";
import path from "node:path";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { isRosbag2Folder } from "./rosbag2Folder.ts";

/** An episode of the dataset, found from a request's relative path. */
export interface EpisodeLocation {
  /** The normalized relative path (POSIX separators): the episode's key. */
  key: string;
  /** Absolute path under the root as named (symbolic links not resolved, so the key stays stable). */
  absPath: string;
}

/**
 * Find the episode `relPath` names under `root`: an `.mcap` file or a rosbag2 folder that, with every symbolic link
 * resolved, is still inside the (resolved) root. Errors name the request field (`field`, default `path`) and the path
 * as given — never anything read from a file, and nothing about what lies outside the folder.
 * @throws EpiscopeError `invalid-path` (absolute, `..`, or a link leaving the folder), `not-found` (no such episode).
 */
export function resolveEpisodePath(root: string, relPath: string, field = "path"): EpisodeLocation {
  const parts = relPath.split(/[\\/]+/).filter((p) => p !== "" && p !== ".");
  const named = JSON.stringify(relPath);
  if (relPath === "" || path.isAbsolute(relPath) || /^[A-Za-z]:/.test(relPath) || parts.includes("..") || parts.length === 0) {
    throw new EpiscopeError("invalid-path", `${field}: ${named} must be a path relative to the dataset folder, without '..'`);
  }
  const key = parts.join("/");
  const absPath = path.join(root, ...parts);
  const notFound = () => new EpiscopeError("not-found", `${field}: ${named} is not an episode of the dataset (an .mcap file or a rosbag2 folder)`);
  let real: string;
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
    real = fs.realpathSync(absPath);
  } catch {
    throw notFound();
  }
  const inside = path.relative(realRoot, real);
  if (inside === "" || inside.startsWith("..") || path.isAbsolute(inside)) {
    throw new EpiscopeError("invalid-path", `${field}: ${named} leads out of the dataset folder (through a symbolic link)`);
  }
  const stat = fs.statSync(real, { throwIfNoEntry: false });
  const isEpisode = stat?.isFile() ? /\.mcap$/i.test(absPath) : stat?.isDirectory() ? isRosbag2Folder(real) : false;
  if (!isEpisode) throw notFound();
  return { key, absPath };
}
