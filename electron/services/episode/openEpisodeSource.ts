/**
 * Open an episode: one `.mcap` file, or a rosbag2 folder whose `.mcap` parts make one split recording.
 */
import fs from "node:fs";
import path from "node:path";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import type { McapSource } from "./mcapSource.ts";
import { openMcap, type OpenMcapOptions } from "./openMcap.ts";
import { isRosbag2Folder, rosbag2Files } from "./rosbag2Folder.ts";
import { combineParts } from "./splitSource.ts";

/**
 * Open the episode at `absPath`.
 * @throws EpiscopeError from openMcap for a file or any part (naming `displayName/part.mcap`); `not-a-file` for a
 *   folder that is not a rosbag2 folder; `bad-metadata` from rosbag2Files.
 */
export async function openEpisodeSource(absPath: string, options: OpenMcapOptions = {}): Promise<McapSource> {
  const displayName = options.displayName ?? absPath;
  let isDir = false;
  try {
    isDir = fs.statSync(absPath).isDirectory();
  } catch {
    // openMcap reports the missing file
  }
  if (!isDir) return openMcap(absPath, options);
  if (!isRosbag2Folder(absPath)) {
    throw new EpiscopeError("not-a-file", `${displayName}: a folder, not an episode (a rosbag2 folder needs metadata.yaml and .mcap files)`);
  }
  const parts: McapSource[] = [];
  try {
    for (const file of rosbag2Files(absPath)) {
      parts.push(await openMcap(file, { ...options, displayName: `${displayName}/${path.relative(absPath, file).split(path.sep).join("/")}` }));
    }
  } catch (error) {
    for (const part of parts) part.close();
    throw error;
  }
  return combineParts(absPath, displayName, parts);
}
