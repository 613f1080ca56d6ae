/**
 * What an import reports: per source episode, whether it was written, where, and the problems met on the way.
 * Timestamps in the written MCAP files are ns of log time (see shared/episode.ts).
 */

/** Something wrong or notable about one source episode. */
export interface ImportProblem {
  /** `error`: the episode (or a stream of it) could not be imported; `warning`: imported, but not all of it or not as-is; `info`: a note (e.g. invented timestamps). */
  severity: "error" | "warning" | "info";
  /** Stable code, e.g. `bad-crc`, `missing-column`, `short-video`, `unknown-message-type`, `invented-timestamps`. */
  code: string;
  /** Sentence naming the file, offset or field and what is wrong. */
  message: string;
}

/** The outcome for one source episode. */
export interface EpisodeImportResult {
  /** Where the episode came from, e.g. `train[3] (bridge_dataset-train.tfrecord-00000-of-00001 @ 1234)`. */
  source: string;
  /** The written .mcap file (absolute), or null when nothing was written. */
  output: string | null;
  /** `ok`: everything imported; `partial`: written with warnings; `failed`: not written. */
  status: "ok" | "partial" | "failed";
  /** Number of steps (data rows / frames of the main clock) read from the source. */
  steps: number;
  /** Number of MCAP messages written. */
  messages: number;
  /** Size of the written file in bytes (0 when failed). */
  bytes: number;
  problems: ImportProblem[];
}

/** The source formats `episcope import` reads. */
export type SourceFormat = "rlds" | "lerobot-v1" | "lerobot-v2" | "lerobot-v3" | "rosbag1";

/** Summary of one `episcope import` run. */
export interface ImportReport {
  source: string;
  format: SourceFormat;
  outDir: string;
  episodes: EpisodeImportResult[];
  /** Bytes of source data read (files opened), for throughput figures. */
  sourceBytes: number;
  /** Problems of the source as a whole (e.g. fewer shards or episodes than declared). */
  problems: ImportProblem[];
}

/** Options shared by every importer. */
export interface ImportOptions {
  /** Output folder (created when missing). */
  outDir: string;
  /** Step rate in Hz for sources without timestamps (RLDS); null: the format's default. */
  rateHz: number | null;
  /** Called after each episode (progress). */
  onEpisode?: (result: EpisodeImportResult) => void;
}

/** Status implied by a problem list. */
export function statusOf(problems: readonly ImportProblem[]): "ok" | "partial" {
  return problems.some((p) => p.severity !== "info") ? "partial" : "ok";
}

/** Message of an unknown thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
