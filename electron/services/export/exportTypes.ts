/**
 * Options, progress and results of a dataset export (DESIGN §5, issue #7). All times are ns of log time.
 */
import type { EpisodeEntry } from "../../../shared/episode.ts";
import type { EpisodeSelection } from "../../../shared/export/episodeSelection.ts";
import type { LabelReader } from "../annotation/labelReader.ts";
import type { CameraExport } from "./cameras/cameraExport.ts";
import type { VideoCodec } from "./cameras/encodeVideo.ts";
import type { ActionSource, LastStep } from "./episodeStepTable.ts";

/** Export targets. */
export const EXPORT_FORMATS = ["lerobot", "robomimic", "rlds", "mcap", "json", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What to export and how. */
export interface ExportOptions {
  /**
   * Dataset folder (absolute or relative to the working directory), or `s3://bucket/prefix` (issue #18: episodes read
   * by range requests, labels and config from `labels`).
   */
  dataset: string;
  /** The label folder of a dataset on object storage (default: its default label folder, objectPrefixRoot.ts). */
  labels?: string;
  format: ExportFormat;
  /** Output folder; must not exist unless `force`. */
  out: string;
  /** Replace an existing output folder (only once the new export is complete). */
  force?: boolean;
  /** Step rate (Hz); default: one step per action message (the action topic's mean rate, rounded, as fps). */
  fps?: number;
  /** Annotator layer (`.episcope/annotations/<id>/`); default: the only layer, or none when the dataset has none. */
  annotator?: string;
  /**
   * Where the labels (layers, documents, metadata table) are read from; default: the files in the dataset's label
   * folder. `episcope export --store postgres://…` and `serve --store` pass the team store (issue 18).
   */
  labelReader?: LabelReader;
  /** The episodes that may be exported (path-sorted); default: every episode under `dataset` (EpisodeRoot.list). */
  episodes?: readonly EpisodeEntry[];
  /** Which episodes, by review labels. */
  selection?: EpisodeSelection;
  /** Camera topics to export; default: every camera of the episode. */
  cameras?: readonly string[];
  /**
   * Action topic; default: `/action`, else the only joints topic whose name holds "action", else none: the action is
   * then the next step's state (action[t] = state[t+1]), as it is when the topic named is a state topic.
   */
  actionTopic?: string;
  /** When the action is the next state: drop the last step (default) or repeat its state as its action. */
  lastStep?: LastStep;
  /** Numeric topics that form the observation state; default: every joints topic except the action. */
  stateTopics?: readonly string[];
  /** MCAP format: a rewritten copy of each episode (its records + the annotation) instead of a sidecar. */
  mcapCopy?: boolean;
  /** LeRobot: target size of one data Parquet file (MB); default 100, as LeRobot's `data_files_size_in_mb`. */
  lerobotDataFileMb?: number;
  /** LeRobot: codec of re-encoded camera videos; default `av1` (libsvtav1, as LeRobot writes), or `h264`. */
  videoCodec?: VideoCodec;
  /** robomimic: image observation size (px); default 84×84, each side capped at the source size. */
  imageSize?: { width: number; height: number };
  /** robomimic: share of episodes in `mask/valid`, split by episode (default 0.1, as robomimic's split script). */
  validRatio?: number;
  /** robomimic: seed of the train/valid shuffle (default 0). */
  splitSeed?: number;
  /** Progress after each episode. */
  onProgress?: (progress: ExportProgress) => void;
  /** Cancels the export between episodes (nothing is left under the output name). */
  signal?: AbortSignal;
}

/** Progress of an export. */
export interface ExportProgress {
  /** Episodes handled so far (exported, skipped or failed). */
  done: number;
  total: number;
  /** Path of the episode just handled (relative to the dataset). */
  episode: string;
}

/** What happened to one episode. */
export interface EpisodeReport {
  /** Path relative to the dataset (POSIX). */
  path: string;
  status: "exported" | "skipped" | "failed";
  /** Why it was skipped or failed, naming the stream/field. */
  reason?: string;
  steps?: number;
  /** Largest staleness (ns) per resampled stream (latest value ≤ step time). */
  maxStalenessNs?: Record<string, string>;
  /** Where the action came from (a topic, or the next step's state). */
  action?: ActionSource;
  /** Per camera: what was done with it (remuxed, re-encoded, resized, …) and its cost. */
  cameras?: CameraExport[];
}

/** The end of an export. */
export interface ExportSummary {
  format: ExportFormat;
  out: string;
  episodes: EpisodeReport[];
  exported: number;
  skipped: number;
  failed: number;
  totalSteps: number;
  /** Bytes written under `out`. */
  bytes: number;
  /** Notes of the writer (what was done with cameras, …). */
  notes: string[];
}
