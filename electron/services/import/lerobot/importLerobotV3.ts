/**
 * Import the LeRobot v3.0 layout (codebase_version v3.0): many episodes per file.
 *   meta/info.json   fps, robot_type, features, data_path `data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet`,
 *                    video_path `videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4`
 *   meta/episodes/chunk-NNN/file-NNN.parquet   one row per episode: episode_index, tasks[], length,
 *                    data/chunk_index, data/file_index, videos/<key>/chunk_index, videos/<key>/file_index,
 *                    videos/<key>/from_timestamp, videos/<key>/to_timestamp (seconds in the video file)
 *   data/…parquet    frames of many episodes (filtered by episode_index), `timestamp` relative to the episode start
 * Each episode's frames are the video samples with presentation time in [from_timestamp, to_timestamp), re-based to
 * the episode start. Missing declared columns and short videos are reported per episode as in v2.x.
 */
import { mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { readJsonFile } from "../jsonFile.ts";
import { errorMessage, type ImportOptions, type ImportProblem, type ImportReport } from "../types.ts";
import { dataColumns, formatTemplate, toNumbers, type LerobotFeature } from "./importLerobotV2.ts";
import { clearDemuxCache, writeLerobotEpisode, type LerobotVideo } from "./lerobotEpisode.ts";

type Row = Record<string, unknown>;

interface ParquetTable {
  columns: Set<string>;
  rows: Row[];
}

async function readParquet(file: string, wanted?: (column: string) => boolean): Promise<ParquetTable & { bytes: number }> {
  const { parquetMetadata, parquetReadObjects, parquetSchema } = await import("hyparquet"); // on demand: see importLerobotV1
  const bytes = await readFile(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const names = parquetSchema(parquetMetadata(buffer)).children.map((c) => c.element.name);
  const columns = wanted ? names.filter(wanted) : names;
  const rows = (await parquetReadObjects({ file: buffer, columns })) as Row[];
  return { columns: new Set(names), rows, bytes: bytes.byteLength };
}

/**
 * Import every episode listed in meta/episodes/.
 * @throws Error naming the file when meta/info.json or the episodes table cannot be read
 */
export async function importLerobotV3(dir: string, options: ImportOptions): Promise<ImportReport> {
  await mkdir(options.outDir, { recursive: true });
  clearDemuxCache();
  const infoFile = path.join(dir, "meta", "info.json");
  const info = (await readJsonFile(infoFile)) as { codebase_version?: string; fps?: number; robot_type?: string; data_path?: string; video_path?: string | null; features?: Record<string, LerobotFeature> };
  if (!info.codebase_version?.startsWith("v3")) throw new Error(`${infoFile}: codebase_version ${JSON.stringify(info.codebase_version)} is not v3.x`);
  const report: ImportReport = { source: dir, format: "lerobot-v3", outDir: options.outDir, episodes: [], sourceBytes: 0, problems: [] };
  const features = info.features ?? {};
  const videoKeys = Object.keys(features).filter((k) => features[k]!.dtype === "video");
  const dataKeys = Object.keys(features).filter((k) => features[k]!.dtype !== "video" && features[k]!.dtype !== "image");
  const dataset = path.basename(path.resolve(dir));

  const episodesDir = path.join(dir, "meta", "episodes");
  const episodeFiles = (await readdir(episodesDir, { recursive: true }).catch((error: unknown) => {
    throw new Error(`${episodesDir}: cannot list the episodes table (${errorMessage(error)})`);
  }))
    .filter((f) => f.endsWith(".parquet"))
    .sort();
  if (episodeFiles.length === 0) throw new Error(`${episodesDir}: no .parquet file`);
  const episodes: Row[] = [];
  for (const f of episodeFiles) {
    const table = await readParquet(path.join(episodesDir, f), (c) => !c.startsWith("stats/"));
    report.sourceBytes += table.bytes;
    episodes.push(...table.rows);
  }
  episodes.sort((a, b) => Number(a.episode_index) - Number(b.episode_index));

  const cache: { file: string; table: ParquetTable }[] = [];
  for (const episode of episodes) {
    const index = Number(episode.episode_index);
    const problems: ImportProblem[] = [];
    const num = (key: string) => (episode[key] === undefined || episode[key] === null ? null : Number(episode[key]));
    let rows: Row[] = [];
    const chunk = num("data/chunk_index");
    const fileIndex = num("data/file_index");
    const dataFile = info.data_path && chunk !== null && fileIndex !== null ? path.join(dir, formatTemplate(info.data_path, { chunk_index: chunk, file_index: fileIndex })) : null;
    if (!dataFile) {
      problems.push({ severity: "warning", code: "missing-data", message: `${infoFile}: episode ${index} names no data file; only the videos are imported` });
    } else {
      try {
        let cached = cache[0];
        if (cached?.file !== dataFile) {
          const table = await readParquet(dataFile);
          report.sourceBytes += table.bytes;
          cache[0] = cached = { file: dataFile, table };
        }
        for (const key of dataKeys) {
          if (!cached.table.columns.has(key)) problems.push({ severity: "warning", code: "missing-column", message: `${dataFile}: column ${key} declared in ${infoFile} is missing` });
        }
        rows = cached.table.rows.filter((r) => Number(r.episode_index) === index);
      } catch (error) {
        problems.push({ severity: "error", code: "bad-parquet", message: `${dataFile}: cannot read the Parquet file (${errorMessage(error)}); only the videos are imported` });
      }
    }
    const length = num("length");
    if (rows.length > 0 && length !== null && length !== rows.length) {
      problems.push({ severity: "warning", code: "length-mismatch", message: `${dataFile}: ${rows.length} rows for episode ${index}, meta/episodes says ${length}` });
    }
    const { columns, labels } = dataColumns(rows, dataKeys, features);
    const videos: LerobotVideo[] = [];
    for (const key of videoKeys) {
      const vChunk = num(`videos/${key}/chunk_index`);
      const vFile = num(`videos/${key}/file_index`);
      if (!info.video_path || vChunk === null || vFile === null) {
        problems.push({ severity: "error", code: "missing-video", message: `${infoFile}: episode ${index} names no ${key} video file` });
        continue;
      }
      videos.push({
        key,
        file: path.join(dir, formatTemplate(info.video_path, { video_key: key, chunk_index: vChunk, file_index: vFile })),
        fromSeconds: num(`videos/${key}/from_timestamp`) ?? 0,
        toSeconds: num(`videos/${key}/to_timestamp`) ?? Infinity,
      });
    }
    let times = rows.map((r) => toNumbers(r.timestamp)[0]!);
    if (times.some((t) => !Number.isFinite(t))) {
      const fps = info.fps ?? 30;
      problems.push({ severity: "warning", code: "missing-timestamps", message: `${dataFile}: column timestamp missing or not numeric; row i placed at i / ${fps} Hz` });
      times = rows.map((_, i) => i / fps);
    }
    const tasks = Array.isArray(episode.tasks) ? (episode.tasks as unknown[]).map(String) : [];
    const result = await writeLerobotEpisode(
      {
        format: "lerobot-v3",
        dataset,
        sourceDir: dir,
        episodeIndex: index,
        fps: info.fps ?? null,
        rowTimesNs: times.map((t) => BigInt(Math.round(t * 1e9))),
        columns,
        labels,
        videos,
        task: tasks[0] ?? null,
        robot: info.robot_type ?? null,
        codebaseVersion: info.codebase_version,
        problems,
      },
      path.join(options.outDir, `episode_${String(index).padStart(6, "0")}.mcap`),
      `episode ${index}`,
    );
    report.sourceBytes += result.sourceBytes;
    const { sourceBytes: _ignored, ...summary } = result;
    report.episodes.push(summary);
    options.onEpisode?.(summary);
  }
  clearDemuxCache();
  return report;
}
