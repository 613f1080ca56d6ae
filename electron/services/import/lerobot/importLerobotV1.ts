/**
 * Import the LeRobot v1 layout (Hugging Face `datasets` on disk, as in lerobot ≤ 1.x `tests/data/lerobot/*`):
 *   meta_data/info.json            { fps, video }
 *   train/dataset_info.json        `features`: VideoFrame / Sequence{feature: Value{dtype}, length} / Value{dtype}
 *   train/state.json               `_data_files`: the Arrow IPC stream files
 *   train/data-0000x-of-0000n.arrow  (read with apache-arrow)
 *   videos/<key>_episode_<index:06d>.mp4  (path given per row in the VideoFrame struct column {path, timestamp})
 * Rows are grouped by `episode_index`; one MCAP per episode (see lerobotEpisode.ts for what is written).
 */
import { mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Table } from "apache-arrow";
import { fieldNamesOr } from "../episodeChannels.ts";
import { readJsonFile } from "../jsonFile.ts";
import { knownVector } from "../knownFieldNames.ts";
import { errorMessage, type ImportOptions, type ImportProblem, type ImportReport } from "../types.ts";
import { writeLerobotEpisode, type LerobotColumn, type LerobotEpisodeData, type LerobotVideo } from "./lerobotEpisode.ts";

/** Columns that are bookkeeping, not signals. */
export const BOOKKEEPING_COLUMNS: ReadonlySet<string> = new Set(["index", "frame_index", "episode_index", "timestamp", "task_index", "episode_data_index_from", "episode_data_index_to"]);
/** Per-row label columns. */
export const LABEL_COLUMNS: ReadonlySet<string> = new Set(["next.done", "next.reward", "next.success"]);

type HfFeature = { _type?: string; dtype?: string; length?: number; feature?: HfFeature };

/** True for a folder with `train/dataset_info.json` and `train/state.json` (a saved HF dataset). */
export async function isLerobotV1Folder(dir: string): Promise<boolean> {
  const ok = async (f: string) => (await stat(path.join(dir, f)).catch(() => null))?.isFile() ?? false;
  return (await ok("train/dataset_info.json")) && (await ok("train/state.json"));
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  return ((await readJsonFile(file)) ?? {}) as Record<string, unknown>;
}

/** Element `i` of a column as numbers (lists → arrays; scalars → [x]; booleans → 0/1; bigints → numbers). */
function numbersAt(column: ReturnType<Table["getChild"]>, i: number): number[] {
  const v = column!.get(i) as unknown;
  if (v === null || v === undefined) return [NaN];
  if (typeof v === "number") return [v];
  if (typeof v === "bigint") return [Number(v)];
  if (typeof v === "boolean") return [v ? 1 : 0];
  const array = (v as { toArray?: () => ArrayLike<number | bigint> }).toArray?.() ?? (v as ArrayLike<number | bigint>);
  return Array.from(array, Number);
}

/**
 * Import every episode.
 * @throws Error naming the file when the metadata or Arrow files cannot be read, or a declared column is missing
 *   from the Arrow schema of every file (a column missing for some episodes is reported per episode).
 */
export async function importLerobotV1(dir: string, options: ImportOptions): Promise<ImportReport> {
  await mkdir(options.outDir, { recursive: true });
  const report: ImportReport = { source: dir, format: "lerobot-v1", outDir: options.outDir, episodes: [], sourceBytes: 0, problems: [] };
  const infoFile = path.join(dir, "meta_data", "info.json");
  const info = await readJson(infoFile).catch((error: unknown) => {
    report.problems.push({ severity: "warning", code: "missing-info", message: errorMessage(error) });
    return {} as Record<string, unknown>;
  });
  const fps = typeof info.fps === "number" ? info.fps : null;
  const datasetInfoFile = path.join(dir, "train", "dataset_info.json");
  const features = ((await readJson(datasetInfoFile)).features ?? {}) as Record<string, HfFeature>;
  const state = await readJson(path.join(dir, "train", "state.json"));
  const dataFiles = Array.isArray(state._data_files) ? (state._data_files as { filename?: string }[]).map((f) => String(f.filename)) : [];
  if (dataFiles.length === 0) throw new Error(`${path.join(dir, "train", "state.json")}: _data_files lists no Arrow file`);
  const dataset = path.basename(path.resolve(dir)).replace(/_v1$/, "");
  // Loaded on demand (like the other format libraries) so that CLI commands other than import start fast.
  const { tableFromIPC } = await import("apache-arrow");

  for (const name of dataFiles) {
    const file = path.join(dir, "train", name);
    let table: Table;
    try {
      const bytes = await readFile(file);
      report.sourceBytes += bytes.byteLength;
      table = tableFromIPC(bytes);
    } catch (error) {
      report.problems.push({ severity: "error", code: "bad-arrow", message: `${file}: cannot read the Arrow stream (${errorMessage(error)})` });
      continue;
    }
    const fileProblems: ImportProblem[] = [];
    const present = (key: string) => table.getChild(key) !== null;
    for (const key of Object.keys(features)) {
      if (!present(key)) fileProblems.push({ severity: "warning", code: "missing-column", message: `${file}: column ${key} declared in ${datasetInfoFile} is missing` });
    }
    const episodeColumn = table.getChild("episode_index");
    const timeColumn = table.getChild("timestamp");
    if (!episodeColumn || !timeColumn) {
      report.problems.push({ severity: "error", code: "missing-column", message: `${file}: needs columns episode_index and timestamp` });
      continue;
    }
    const rowsByEpisode = new Map<number, number[]>();
    for (let i = 0; i < table.numRows; i++) {
      const e = Number(episodeColumn.get(i));
      let rows = rowsByEpisode.get(e);
      if (!rows) rowsByEpisode.set(e, (rows = []));
      rows.push(i);
    }
    for (const [episodeIndex, rows] of rowsByEpisode) {
      const columns: LerobotColumn[] = [];
      const labels: { key: string; values: number[] }[] = [];
      const videos: LerobotVideo[] = [];
      for (const [key, feature] of Object.entries(features)) {
        const column = table.getChild(key);
        if (!column || BOOKKEEPING_COLUMNS.has(key)) continue;
        if (feature._type === "VideoFrame") {
          const first = column.get(rows[0]!) as { path?: string } | null;
          if (!first?.path) {
            fileProblems.push({ severity: "warning", code: "bad-column", message: `${file}: ${key} of episode ${episodeIndex} names no video path` });
            continue;
          }
          const expectedSeconds = rows.map((r) => Number((column.get(r) as { timestamp?: number } | null)?.timestamp ?? NaN));
          videos.push({ key, file: path.join(dir, first.path), expectedSeconds });
          continue;
        }
        const values = rows.map((r) => numbersAt(column, r));
        if (LABEL_COLUMNS.has(key)) {
          labels.push({ key, values: values.map((v) => v[0]!) });
          continue;
        }
        if (feature._type === "Value" && feature.dtype === "string") continue;
        const width = values[0]?.length ?? 0;
        const known = knownVector(dataset, key, width);
        const leaf = key.split(".").pop()!;
        const names = feature._type === "Sequence" || width > 1 ? fieldNamesOr(known?.names, width, leaf) : [leaf];
        columns.push({ key, names, ...(known ? { units: known.units } : {}), values });
      }
      const data: LerobotEpisodeData = {
        format: "lerobot-v1",
        dataset,
        sourceDir: dir,
        episodeIndex,
        fps,
        rowTimesNs: rows.map((r) => BigInt(Math.round(Number(timeColumn.get(r)) * 1e9))),
        columns,
        labels,
        videos,
        task: null,
        robot: null,
        codebaseVersion: "v1",
        problems: fileProblems,
      };
      const output = path.join(options.outDir, `episode_${String(episodeIndex).padStart(6, "0")}.mcap`);
      const result = await writeLerobotEpisode(data, output, `episode ${episodeIndex} (${name} rows ${rows[0]}..${rows.at(-1)})`);
      report.sourceBytes += result.sourceBytes;
      const { sourceBytes: _ignored, ...episode } = result;
      report.episodes.push(episode);
      options.onEpisode?.(episode);
    }
  }
  return report;
}
