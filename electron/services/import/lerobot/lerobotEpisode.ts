/**
 * Write one LeRobot episode (any layout: v1 Arrow, v2.1/v3.0 Parquet, or video only) as MCAP:
 * - each camera video → `foxglove.CompressedVideo` on `/<video key>` (H.264 Annex B / AV1 samples as they are, log
 *   time = the frame's presentation time in the video), checked against the number of data rows;
 * - each numeric column → a JSON channel of named numbers on `/<column key>` at the row's `timestamp`;
 * - labels (`next.done`, `next.reward`, `next.success`) → channels too, listed in `episcope.labels`;
 * - task text → `episode` task and `episcope.labels` instruction.
 * Timestamps are the source's (`timestamp` column, seconds from the episode start → ns).
 */
import { readFile } from "node:fs/promises";
import { cameraChannel, vectorChannel } from "../episodeChannels.ts";
import { EpisodeWriter } from "../episodeWriter.ts";
import { addImportMetadata, IMPORT_LIBRARY } from "../importMetadata.ts";
import { errorMessage, statusOf, type EpisodeImportResult, type ImportProblem } from "../types.ts";
import { demuxMp4Video, type DemuxedVideo } from "./mp4Video.ts";

/** A numeric column of the episode: values[i] is row i (length `names.length`). */
export interface LerobotColumn {
  key: string;
  names: string[];
  units?: (string | undefined)[];
  values: ArrayLike<number>[];
}

/** A camera of the episode. */
export interface LerobotVideo {
  key: string;
  /** Absolute path of the MP4 file (one episode per file). */
  file: string;
  /** Start of the episode inside the file, seconds (v3.0 concatenates episodes; 0 otherwise). */
  fromSeconds?: number;
  /** End of the episode inside the file, seconds (exclusive; Infinity: to the end). */
  toSeconds?: number;
  /** Per-row frame timestamps the data expects (seconds), when the source lists them (v1 struct column). */
  expectedSeconds?: number[];
}

/** Everything needed to write one episode. */
export interface LerobotEpisodeData {
  format: "lerobot-v1" | "lerobot-v2" | "lerobot-v3";
  dataset: string;
  sourceDir: string;
  episodeIndex: number;
  fps: number | null;
  /** Row timestamps (ns from the episode start); empty when the episode has no data rows (video only). */
  rowTimesNs: bigint[];
  columns: LerobotColumn[];
  /** Per-row label columns (0/1 for booleans): key → values. */
  labels: { key: string; values: number[] }[];
  videos: LerobotVideo[];
  task: string | null;
  robot: string | null;
  codebaseVersion: string;
  problems: ImportProblem[];
}

/** Tolerance (s) between a row's expected frame time and the video's frame time, as LeRobot's decoder uses. */
const FRAME_TOLERANCE_S = 1e-4;

/** The last video file demuxed for an episode that is a time range of it (v3.0), reused by the next episode. */
let lastDemux: { file: string; demuxed: DemuxedVideo } | null = null;

/** Forget the demuxed video kept between episodes (call at the start of an import run). */
export function clearDemuxCache(): void {
  lastDemux = null;
}

/** Bytes read from videos (for throughput figures). */
export interface LerobotEpisodeResult extends EpisodeImportResult {
  sourceBytes: number;
}

/** Write `data` to `output`. Never throws: failures come back as a `failed` result. */
export async function writeLerobotEpisode(data: LerobotEpisodeData, output: string, source: string): Promise<LerobotEpisodeResult> {
  const problems = [...data.problems];
  const writer = new EpisodeWriter();
  let sourceBytes = 0;
  const steps = data.rowTimesNs.length;
  /** Steps reported: the data rows, or for a video-only episode its longest video's frame count. */
  let reportedSteps = steps;
  const fail = (code: string, message: string): LerobotEpisodeResult => ({ source, output: null, status: "failed", steps, messages: 0, bytes: 0, sourceBytes, problems: [...problems, { severity: "error", code, message }] });

  for (const video of data.videos) {
    let demuxed: DemuxedVideo;
    if (lastDemux?.file === video.file) demuxed = lastDemux.demuxed;
    else {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(video.file);
      } catch (error) {
        problems.push({ severity: "error", code: "missing-video", message: `${video.file}: cannot read the ${video.key} video (${errorMessage(error)}); camera not imported` });
        continue;
      }
      sourceBytes += bytes.byteLength;
      try {
        demuxed = await demuxMp4Video(bytes, video.file);
      } catch (error) {
        problems.push({ severity: "error", code: "bad-video", message: `${errorMessage(error)}; camera ${video.key} not imported` });
        continue;
      }
      // v3.0 puts many episodes in one file: keep the last one demuxed for the next episode.
      lastDemux = video.fromSeconds !== undefined ? { file: video.file, demuxed } : null;
    }
    if (demuxed.reordered) {
      problems.push({ severity: "warning", code: "reordered-video", message: `${video.file}: frames are stored out of presentation order (B-frames), which foxglove.CompressedVideo cannot carry; written in decode order` });
    }
    const fromNs = BigInt(Math.round((video.fromSeconds ?? 0) * 1e9));
    const toNs = video.toSeconds === undefined || !Number.isFinite(video.toSeconds) ? null : BigInt(Math.round(video.toSeconds * 1e9));
    const frames = demuxed.frames.filter((f) => f.ptsNs >= fromNs - 500_000n && (toNs === null || f.ptsNs < toNs - 500_000n));
    if (steps > 0 && frames.length !== steps) {
      problems.push({
        severity: "warning",
        code: frames.length < steps ? "short-video" : "long-video",
        message: `${video.file}: ${frames.length} frames for episode ${data.episodeIndex}, the data has ${steps} rows` + (frames.length < steps ? ` (rows ${frames.length}..${steps - 1} have no frame)` : ""),
      });
    }
    if (video.expectedSeconds) {
      const sorted = frames.map((f) => f.ptsNs - fromNs).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const off = video.expectedSeconds.findIndex((s, i) => i < sorted.length && Math.abs(Number(sorted[i]!) / 1e9 - s) > FRAME_TOLERANCE_S);
      if (off >= 0) {
        problems.push({ severity: "warning", code: "frame-time-mismatch", message: `${video.file}: frame ${off} is at ${Number(sorted[off]!) / 1e9} s, the data expects ${video.expectedSeconds[off]} s` });
      }
    }
    if (frames.length > 0 && !frames[0]!.keyframe) {
      problems.push({ severity: "warning", code: "no-leading-keyframe", message: `${video.file}: episode ${data.episodeIndex} does not start on a keyframe` });
    }
    if (steps === 0) reportedSteps = Math.max(reportedSteps, frames.length);
    const add = cameraChannel(writer, `/${video.key}`, "CompressedVideo");
    for (const f of frames) add(f.ptsNs - fromNs, f.data, demuxed.format);
  }

  for (const column of data.columns) {
    if (column.values.length !== steps) {
      problems.push({ severity: "warning", code: "bad-column", message: `column ${column.key}: ${column.values.length} values for ${steps} rows; not imported` });
      continue;
    }
    const add = vectorChannel(writer, `/${column.key}`, column.names, column.units);
    column.values.forEach((v, i) => add(data.rowTimesNs[i]!, v));
  }
  const labels: Record<string, string> = { layer: `lerobot:${data.dataset}`, steps: String(steps) };
  const labelTopics: string[] = [];
  for (const label of data.labels) {
    if (label.values.length !== steps) continue;
    const add = vectorChannel(writer, `/${label.key}`, [label.key]);
    label.values.forEach((v, i) => add(data.rowTimesNs[i]!, [v]));
    labelTopics.push(`/${label.key}`);
    if (label.key === "next.success") labels.success = String(label.values.at(-1) === 1);
    if (label.key === "next.reward") labels.reward_sum = String(label.values.reduce((a, b) => a + b, 0));
    if (label.key === "next.done") {
      const at = label.values.findIndex((v) => v !== 0);
      labels.done_step = at < 0 ? "none" : String(at);
    }
  }
  labels.step_label_topics = labelTopics.join(",");
  if (data.task !== null) labels.instruction = data.task;
  if (writer.messageCount === 0) return fail("empty-episode", `episode ${data.episodeIndex} of ${data.sourceDir}: nothing to import (no data rows and no readable video)`);
  const episode: Record<string, string> = { dataset: data.dataset };
  if (data.task !== null) episode.task = data.task;
  if (data.robot !== null) episode.robot = data.robot;
  addImportMetadata(writer, {
    episode,
    import: {
      format: data.format,
      codebase_version: data.codebaseVersion,
      source: data.sourceDir,
      dataset: data.dataset,
      source_episode: source,
      episode_index: String(data.episodeIndex),
      timestamps: "source",
      ...(data.fps !== null ? { fps: String(data.fps) } : {}),
    },
    labels,
    problems,
  });
  try {
    const bytes = await writer.write(output, IMPORT_LIBRARY);
    const failedStreams = problems.some((p) => p.severity === "error");
    return { source, output, status: failedStreams ? "partial" : statusOf(problems), steps: reportedSteps, messages: writer.messageCount, bytes, sourceBytes, problems };
  } catch (error) {
    return fail("write-failed", `${output}: ${errorMessage(error)}`);
  }
}
