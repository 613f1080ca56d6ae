/**
 * Split recordings: a rosbag2 folder (https://github.com/ros2/rosbag2#readme) holds `metadata.yaml` and one or more
 * storage files; with the MCAP storage plugin these are `<name>_0.mcap`, `<name>_1.mcap`, … Its
 * `rosbag2_bagfile_information.relative_file_paths` lists them in recording order. Such a folder is one episode.
 */
import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";

/** The metadata file that marks a rosbag2 folder. */
export const ROSBAG2_METADATA = "metadata.yaml";

/** True when `dir` holds a rosbag2 `metadata.yaml` next to at least one `.mcap` file. */
export function isRosbag2Folder(dir: string): boolean {
  try {
    if (!fs.statSync(path.join(dir, ROSBAG2_METADATA)).isFile()) return false;
    return fs.readdirSync(dir).some((f) => /\.mcap$/i.test(f));
  } catch {
    return false;
  }
}

/** Natural order: `x_2.mcap` before `x_10.mcap`. */
function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/**
 * The absolute paths of the `.mcap` files of the rosbag2 folder `dir`, in recording order: the MCAP entries of
 * `relative_file_paths` when metadata.yaml lists them (and they exist), else every `.mcap` file in natural name order.
 * @throws EpiscopeError `not-found` when the folder has no `.mcap` file; `bad-metadata` when metadata.yaml names a
 *   file that is missing or outside the folder.
 */
export function rosbag2Files(dir: string): string[] {
  let listed: string[] = [];
  try {
    const doc = parseYaml(fs.readFileSync(path.join(dir, ROSBAG2_METADATA), "utf8")) as {
      rosbag2_bagfile_information?: { relative_file_paths?: unknown };
    } | null;
    const paths = doc?.rosbag2_bagfile_information?.relative_file_paths;
    if (Array.isArray(paths)) listed = paths.filter((p): p is string => typeof p === "string" && /\.mcap$/i.test(p));
  } catch {
    listed = []; // unreadable or not YAML: fall back to the folder listing
  }
  if (listed.length > 0) {
    return listed.map((rel) => {
      const abs = path.resolve(dir, rel);
      if (path.relative(dir, abs).startsWith("..")) {
        throw new EpiscopeError("bad-metadata", `${path.join(dir, ROSBAG2_METADATA)}: relative_file_paths entry ${JSON.stringify(rel)} is outside the folder`);
      }
      if (!fs.existsSync(abs)) {
        throw new EpiscopeError("bad-metadata", `${path.join(dir, ROSBAG2_METADATA)}: relative_file_paths lists ${JSON.stringify(rel)}, which does not exist`);
      }
      return abs;
    });
  }
  const files = fs.readdirSync(dir).filter((f) => /\.mcap$/i.test(f)).sort(naturalCompare);
  if (files.length === 0) throw new EpiscopeError("not-found", `${dir}: a rosbag2 folder without .mcap files`);
  return files.map((f) => path.join(dir, f));
}
