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

/** A path under the root, checked: relative, no `..`, and inside the root with every symbolic link resolved. */
export interface InsideLocation extends EpisodeLocation {
  /** The path with every symbolic link resolved. */
  realPath: string;
}

/**
 * Check that `relPath` names something inside `root` ("" = the root itself when `allowRoot`): relative, without `..`,
 * existing, and still inside the (resolved) root once every symbolic link is resolved. Errors name the request field
 * and the path as given — never anything about what lies outside the folder.
 * @throws EpiscopeError `invalid-path` (absolute, `..`, or a link leaving the folder), `not-found` (nothing there;
 *   the message comes from `notFoundMessage`).
 */
export function resolveInsideRoot(
  root: string,
  relPath: string,
  field: string,
  notFoundMessage: (named: string) => string,
  allowRoot = false,
): InsideLocation {
  const parts = relPath.split(/[\\/]+/).filter((p) => p !== "" && p !== ".");
  const named = JSON.stringify(relPath);
  if ((relPath === "" && !allowRoot) || path.isAbsolute(relPath) || /^[A-Za-z]:/.test(relPath) || parts.includes("..") || (parts.length === 0 && !allowRoot)) {
    throw new EpiscopeError("invalid-path", `${field}: ${named} must be a path relative to the dataset folder, without '..'`);
  }
  const key = parts.join("/");
  const absPath = path.join(root, ...parts);
  let realPath: string;
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
    realPath = fs.realpathSync(absPath);
  } catch {
    throw new EpiscopeError("not-found", notFoundMessage(named));
  }
  const inside = path.relative(realRoot, realPath);
  if ((inside === "" && parts.length > 0) || inside.startsWith("..") || path.isAbsolute(inside)) {
    throw new EpiscopeError("invalid-path", `${field}: ${named} leads out of the dataset folder (through a symbolic link)`);
  }
  return { key, absPath, realPath };
}

/** True when `realPath` (links resolved) is an episode: an `.mcap` file (as named by `absPath`) or a rosbag2 folder. */
export function isEpisodeAt(absPath: string, realPath: string): boolean {
  const stat = fs.statSync(realPath, { throwIfNoEntry: false });
  return stat?.isFile() ? /\.mcap$/i.test(absPath) : stat?.isDirectory() ? isRosbag2Folder(realPath) : false;
}

/**
 * Find the episode `relPath` names under `root`: an `.mcap` file or a rosbag2 folder that, with every symbolic link
 * resolved, is still inside the (resolved) root. Errors name the request field (`field`, default `path`) and the path
 * as given — never anything read from a file, and nothing about what lies outside the folder.
 * @throws EpiscopeError `invalid-path` (absolute, `..`, or a link leaving the folder), `not-found` (no such episode).
 */
export function resolveEpisodePath(root: string, relPath: string, field = "path"): EpisodeLocation {
  const notFound = (named: string) => `${field}: ${named} is not an episode of the dataset (an .mcap file or a rosbag2 folder)`;
  const { key, absPath, realPath } = resolveInsideRoot(root, relPath, field, notFound);
  if (!isEpisodeAt(absPath, realPath)) throw new EpiscopeError("not-found", notFound(JSON.stringify(relPath)));
  return { key, absPath };
}
