/**
 * Import the LeRobot v2.0 / v2.1 layout (lerobot `LeRobotDataset`, codebase_version v2.x):
 *   meta/info.json        fps, robot_type, chunks_size, features {key: {dtype, shape, names}}, data_path, video_path
 *                         (Python format templates such as `data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet`)
 *   meta/episodes.jsonl   {episode_index, tasks[], length} per line
 *   data/…/episode_N.parquet   one row per frame (read with hyparquet)
 *   videos/…/<video_key>/episode_N.mp4   one MP4 per camera per episode (dtype "video" features)
 * An episode without its Parquet file imports its videos alone (warning `missing-data`); a declared column missing
 * from the Parquet file is reported (`missing-column`) and the rest imports; a video that is not at `video_path` is
 * looked for anywhere under `videos/` as `<last part of the key>_episode_N.mp4` (as in the SO-101 sample) and the path noted.
 */
import { mkdir, readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fieldNamesOr } from "../episodeChannels.ts";
import { readJsonFile, readJsonLinesFile } from "../jsonFile.ts";
import { errorMessage, type ImportOptions, type ImportProblem, type ImportReport } from "../types.ts";
import { BOOKKEEPING_COLUMNS, LABEL_COLUMNS } from "./importLerobotV1.ts";
import { writeLerobotEpisode, type LerobotColumn, type LerobotVideo } from "./lerobotEpisode.ts";

/** One entry of meta/info.json `features`. */
export interface LerobotFeature {
  dtype?: string;
  shape?: number[];
  names?: unknown;
}

/** `meta/info.json` fields used here. */
interface InfoJson {
  codebase_version?: string;
  fps?: number;
  robot_type?: string;
  chunks_size?: number;
  total_episodes?: number;
  data_path?: string;
  video_path?: string | null;
  features?: Record<string, LerobotFeature>;
}

/** The codebase version of a LeRobot v2+ folder (`meta/info.json` codebase_version), or null. */
export async function lerobotCodebaseVersion(dir: string): Promise<string | null> {
  const info = (await readJsonFile(path.join(dir, "meta", "info.json")).catch(() => null)) as InfoJson | null;
  return typeof info?.codebase_version === "string" ? info.codebase_version : null;
}

/** Expand a Python format template: `{name}` and `{name:03d}`. */
export function formatTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)(?::0?(\d+)d)?\}/g, (whole, name: string, width?: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return width ? String(value).padStart(Number(width), "0") : String(value);
  });
}

/** Names of a feature: a list, or v2.0's `{motors: [...]}` style object of one list. */
export function namesOf(feature: LerobotFeature): string[] | null {
  if (Array.isArray(feature.names)) return feature.names.map(String);
  if (feature.names && typeof feature.names === "object") {
    const lists = Object.values(feature.names as Record<string, unknown>).filter(Array.isArray);
    if (lists.length === 1) return (lists[0] as unknown[]).map(String);
  }
  return null;
}

/** A Parquet cell as numbers (lists → arrays; scalars → [x]; booleans → 0/1; bigints → numbers; null → [NaN]). */
/**
 * The numeric columns of one episode's data rows: state/action-like features become named vector columns, label
 * features (`next.reward`, `next.done`, `next.success`, …) single-valued label series; bookkeeping columns (indexes,
 * timestamps) and string features are skipped, and so is any declared feature absent from the rows.
 * @param features info.json `features` (LeRobot v2.x / v3.0 format)
 */
export function dataColumns(
  rows: readonly Record<string, unknown>[],
  dataKeys: readonly string[],
  features: Record<string, LerobotFeature>,
): { columns: LerobotColumn[]; labels: { key: string; values: number[] }[] } {
  const present = new Set(rows.length > 0 ? Object.keys(rows[0]!) : []);
  const columns: LerobotColumn[] = [];
  const labels: { key: string; values: number[] }[] = [];
  for (const key of dataKeys) {
    const feature = features[key]!;
    if (!present.has(key) || BOOKKEEPING_COLUMNS.has(key) || feature.dtype === "string") continue;
    const values = rows.map((r) => toNumbers(r[key]));
    if (LABEL_COLUMNS.has(key)) {
      labels.push({ key, values: values.map((v) => v[0]!) });
      continue;
    }
    const width = values[0]?.length ?? 0;
    const leaf = key.split(".").pop()!;
    columns.push({ key, names: width === 1 && !namesOf(feature) ? [leaf] : fieldNamesOr(namesOf(feature), width, leaf), values });
  }
  return { columns, labels };
}

export function toNumbers(value: unknown): number[] {
  if (value === null || value === undefined) return [NaN];
  if (typeof value === "number") return [value];
  if (typeof value === "bigint") return [Number(value)];
  if (typeof value === "boolean") return [value ? 1 : 0];
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return Array.from(value as ArrayLike<unknown>, (v) => toNumbers(v)[0]!);
  return [NaN];
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isFile() ?? false;
}

async function findVideo(dir: string, key: string, episodeIndex: number): Promise<string | null> {
  const suffix = `${key.split(".").pop()}_episode_${String(episodeIndex).padStart(6, "0")}.mp4`;
  const entries = await readdir(path.join(dir, "videos"), { recursive: true }).catch(() => [] as string[]);
  const hit = entries.find((e) => path.basename(e) === suffix || path.basename(e) === `${key}_episode_${String(episodeIndex).padStart(6, "0")}.mp4`);
  return hit ? path.join(dir, "videos", hit) : null;
}

/**
 * Import every episode listed in meta/episodes.jsonl (or 0 … total_episodes-1).
 * @throws Error naming the file when meta/info.json cannot be read or is not v2.x
 */
export async function importLerobotV2(dir: string, options: ImportOptions): Promise<ImportReport> {
  await mkdir(options.outDir, { recursive: true });
  const infoFile = path.join(dir, "meta", "info.json");
  const info = (await readJsonFile(infoFile)) as InfoJson;
  if (!info.codebase_version?.startsWith("v2")) throw new Error(`${infoFile}: codebase_version ${JSON.stringify(info.codebase_version)} is not v2.x`);
  const report: ImportReport = { source: dir, format: "lerobot-v2", outDir: options.outDir, episodes: [], sourceBytes: 0, problems: [] };
  const features = info.features ?? {};
  const videoKeys = Object.keys(features).filter((k) => features[k]!.dtype === "video");
  const dataKeys = Object.keys(features).filter((k) => features[k]!.dtype !== "video" && features[k]!.dtype !== "image");
  const chunksSize = info.chunks_size ?? 1000;
  const dataset = path.basename(path.resolve(dir));
  const { parquetMetadata, parquetReadObjects, parquetSchema } = await import("hyparquet"); // on demand: see importLerobotV1

  let episodes: { episode_index: number; tasks?: string[]; length?: number }[];
  try {
    episodes = (await readJsonLinesFile(path.join(dir, "meta", "episodes.jsonl"))) as typeof episodes;
  } catch (error) {
    report.problems.push({ severity: "warning", code: "missing-episodes", message: `${errorMessage(error)}; using total_episodes from ${infoFile}` });
    episodes = Array.from({ length: info.total_episodes ?? 0 }, (_, i) => ({ episode_index: i }));
  }

  for (const episode of episodes) {
    const index = Number(episode.episode_index);
    const chunk = Math.floor(index / chunksSize);
    const problems: ImportProblem[] = [];
    const rel = info.data_path ? formatTemplate(info.data_path, { episode_chunk: chunk, episode_index: index }) : null;
    const dataFile = rel ? path.join(dir, rel) : null;
    let rows: Record<string, unknown>[] = [];
    if (dataFile && (await exists(dataFile))) {
      try {
        const bytes = await readFile(dataFile);
        report.sourceBytes += bytes.byteLength;
        const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        const columns = new Set(parquetSchema(parquetMetadata(buffer)).children.map((c) => c.element.name));
        for (const key of dataKeys) {
          if (!columns.has(key)) problems.push({ severity: "warning", code: "missing-column", message: `${dataFile}: column ${key} declared in ${infoFile} is missing` });
        }
        rows = (await parquetReadObjects({ file: buffer })) as Record<string, unknown>[];
      } catch (error) {
        problems.push({ severity: "error", code: "bad-parquet", message: `${dataFile}: cannot read the Parquet file (${errorMessage(error)}); only the videos are imported` });
      }
    } else {
      problems.push({ severity: "warning", code: "missing-data", message: `${dataFile ?? "(no data_path)"}: no data file for episode ${index}; only the videos are imported` });
    }
    if (rows.length > 0 && episode.length !== undefined && episode.length !== rows.length) {
      problems.push({ severity: "warning", code: "length-mismatch", message: `${dataFile}: ${rows.length} rows, meta/episodes.jsonl says ${episode.length}` });
    }
    const { columns, labels } = dataColumns(rows, dataKeys, features);
    const videos: LerobotVideo[] = [];
    for (const key of videoKeys) {
      const expected = info.video_path ? path.join(dir, formatTemplate(info.video_path, { episode_chunk: chunk, video_key: key, episode_index: index })) : null;
      if (expected && (await exists(expected))) {
        videos.push({ key, file: expected });
        continue;
      }
      const found = await findVideo(dir, key, index);
      if (found) {
        problems.push({ severity: "info", code: "video-path", message: `${key} of episode ${index}: not at ${expected ?? "(no video_path)"}, found ${found}` });
        videos.push({ key, file: found });
      } else {
        problems.push({ severity: "error", code: "missing-video", message: `${expected ?? key}: no video for camera ${key} of episode ${index}` });
      }
    }
    let rowTimesNs = rows.map((r) => toNumbers(r.timestamp)[0]!);
    if (rowTimesNs.some((t) => !Number.isFinite(t))) {
      const fps = info.fps ?? 30;
      problems.push({ severity: "warning", code: "missing-timestamps", message: `${dataFile}: column timestamp missing or not numeric; row i placed at i / ${fps} Hz` });
      rowTimesNs = rows.map((_, i) => i / fps);
    }
    const output = path.join(options.outDir, `episode_${String(index).padStart(6, "0")}.mcap`);
    const result = await writeLerobotEpisode(
      {
        format: "lerobot-v2",
        dataset,
        sourceDir: dir,
        episodeIndex: index,
        fps: info.fps ?? null,
        rowTimesNs: rowTimesNs.map((t) => BigInt(Math.round(t * 1e9))),
        columns,
        labels,
        videos,
        task: episode.tasks?.[0] ?? null,
        robot: info.robot_type ?? null,
        codebaseVersion: info.codebase_version,
        problems,
      },
      output,
      `episode ${index}`,
    );
    report.sourceBytes += result.sourceBytes;
    const { sourceBytes: _ignored, ...summary } = result;
    report.episodes.push(summary);
    options.onEpisode?.(summary);
  }
  return report;
}
