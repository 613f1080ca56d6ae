/**
 * `episcope import` entry point: find out what SOURCE is and run the matching importer.
 * - a file starting with `#ROSBAG V2.0` → ROS 1 bag (rosbag/importRosbag.ts);
 * - a folder with `dataset_info.json` + `features.json` → RLDS / TFDS (rlds/importRlds.ts); a folder holding exactly
 *   one such version folder (e.g. `bridge_debug/` → `1.0.0/`) works too;
 * - a folder with `train/dataset_info.json` + `train/state.json` → LeRobot v1 (lerobot/importLerobotV1.ts);
 * - a folder with `meta/info.json` of codebase_version v2.x → LeRobot v2.0/v2.1 (lerobot/importLerobotV2.ts), v3.x →
 *   LeRobot v3.0 (lerobot/importLerobotV3.ts).
 */
import { mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { importLerobotV1, isLerobotV1Folder } from "./lerobot/importLerobotV1.ts";
import { importLerobotV2, lerobotCodebaseVersion } from "./lerobot/importLerobotV2.ts";
import { importLerobotV3 } from "./lerobot/importLerobotV3.ts";
import { importRlds, isRldsFolder, type RldsImportOptions } from "./rlds/importRlds.ts";
import { importRosbag, isRosbagFile } from "./rosbag/importRosbag.ts";
import { errorMessage, type ImportReport, type SourceFormat } from "./types.ts";
import { writeImportedLabelLayer } from "./importedLabelLayer.ts";

/** Options of importSource (RLDS' `splits` is ignored by the other formats). */
export type ImportSourceOptions = RldsImportOptions;

/**
 * The format of `source` and the path the importer reads (a nested RLDS version folder is resolved).
 * @throws Error naming the path when it does not exist or is no format we read
 */
export async function detectSource(source: string): Promise<{ format: SourceFormat; path: string }> {
  const info = await stat(source).catch(() => null);
  if (!info) throw new Error(`${source}: no such file or folder`);
  if (info.isFile()) {
    if (await isRosbagFile(source)) return { format: "rosbag1", path: source };
    throw new Error(`${source}: not a ROS 1 bag (v2.0) file; give a bag file or a dataset folder (RLDS, LeRobot v1)`);
  }
  if (await isRldsFolder(source)) return { format: "rlds", path: source };
  if (await isLerobotV1Folder(source)) return { format: "lerobot-v1", path: source };
  const version = await lerobotCodebaseVersion(source);
  if (version?.startsWith("v2")) return { format: "lerobot-v2", path: source };
  if (version?.startsWith("v3")) return { format: "lerobot-v3", path: source };
  if (version) throw new Error(`${source}: LeRobot codebase_version ${version} is not supported (v1, v2.x and v3.x are)`);
  const subfolders = (await readdir(source, { withFileTypes: true })).filter((e) => e.isDirectory());
  const rlds = [];
  for (const d of subfolders) if (await isRldsFolder(path.join(source, d.name))) rlds.push(path.join(source, d.name));
  if (rlds.length === 1) return { format: "rlds", path: rlds[0]! };
  if (rlds.length > 1) throw new Error(`${source}: holds ${rlds.length} RLDS versions (${rlds.map((r) => path.basename(r)).join(", ")}); give one of them`);
  throw new Error(`${source}: not a dataset folder we can import (RLDS: dataset_info.json + features.json; LeRobot v1: train/dataset_info.json + train/state.json; LeRobot v2.x/v3.x: meta/info.json)`);
}

/**
 * Import `source` into `options.outDir` (created when missing): one .mcap per episode, and the labels the source
 * claims as a read-only annotation layer `import.<format>.<dataset>` under `outDir/.episcope/annotations/`.
 * @throws Error naming the file and field when the source as a whole cannot be read; single bad episodes are
 *   reported in the returned report instead
 */
export async function importSource(source: string, options: ImportSourceOptions): Promise<ImportReport> {
  const report = await importFormat(source, options);
  // The labels the source claims become a read-only annotation layer of their own (importedLabelLayer.ts).
  for (const episode of report.episodes) {
    if (!episode.output) continue;
    try {
      await writeImportedLabelLayer(episode.output, options.outDir);
    } catch (error) {
      episode.problems.push({ severity: "warning", code: "labels-not-written", message: `${episode.output}: the imported labels layer could not be written: ${errorMessage(error)}` });
      if (episode.status === "ok") episode.status = "partial";
    }
  }
  return report;
}

/** Run the importer of the source's format. */
async function importFormat(source: string, options: ImportSourceOptions): Promise<ImportReport> {
  const { format, path: resolved } = await detectSource(source);
  await mkdir(options.outDir, { recursive: true });
  switch (format) {
    case "rlds":
      return importRlds(resolved, options);
    case "lerobot-v1":
      return importLerobotV1(resolved, options);
    case "lerobot-v2":
      return importLerobotV2(resolved, options);
    case "lerobot-v3":
      return importLerobotV3(resolved, options);
    case "rosbag1":
      return importRosbag(resolved, options);
    default:
      throw new Error(`${source}: format ${format} is not supported yet`);
  }
}
