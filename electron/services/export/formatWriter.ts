/**
 * The interface every export format implements, and what it is given per episode.
 */
import type { AnnotationDocument } from "../../../shared/annotation.ts";
import type { EpisodeFields } from "../../../shared/dataset/datasetRow.ts";
import type { EpisodeSummary } from "../../../shared/episode.ts";
import type { StepTable } from "./episodeStepTable.ts";
import type { LoadedEpisode } from "../episode/loadedEpisode.ts";
import type { OutputFolder } from "./outputFolder.ts";
import type { CameraExport } from "./cameras/cameraExport.ts";
import type { VideoCodec } from "./cameras/encodeVideo.ts";

/** One selected episode as a writer sees it. */
export interface EpisodeInput {
  /** Position among the exported episodes (0-based, in path order). */
  index: number;
  summary: EpisodeSummary;
  /** Absolute path of the episode file or rosbag2 folder. */
  absPath: string;
  /** The opened episode (for frames); closed by the caller after addEpisode. */
  episode: LoadedEpisode;
  doc: AnnotationDocument | null;
  /** The step table; present when the writer `needsSteps`. */
  table: StepTable | null;
  /** Operator, task, robot, session, scene: the dataset table's (`.episcope/episodes.json|csv`) over the MCAP metadata's. */
  fields: EpisodeFields;
}

/** What a writer did with one episode, for its report. */
export interface EpisodeOutput {
  /** Per camera: what was done and its cost. */
  cameras: CameraExport[];
}

/** One export format. */
export interface FormatWriter {
  /** True when episodes need a step table (streams resampled to the step rate). */
  readonly needsSteps: boolean;
  /** Write one episode. A throw fails this episode only; the writer must not keep partial state from it. */
  addEpisode(input: EpisodeInput): Promise<EpisodeOutput | void>;
  /** Write the dataset-level files. Returns notes for the summary (what was done with cameras, …). */
  finish(): Promise<string[]>;
}

/** Creates a format's writer writing into `folder`. */
export type WriterFactory = (folder: OutputFolder, context: WriterContext) => FormatWriter;

/** Dataset-level facts a writer may use. */
export interface WriterContext {
  /** Dataset folder name, used as the dataset name. */
  datasetName: string;
  /** The annotator layer exported, or null. */
  annotator: string | null;
  /** MCAP export: write a rewritten copy of each episode with the annotation channels instead of a sidecar. */
  mcapCopy: boolean;
  /** LeRobot: start a new data file once the pending rows reach about this many bytes. */
  lerobotDataFileBytes: number;
  /** LeRobot: codec of re-encoded camera videos (default av1, as LeRobot). */
  videoCodec: VideoCodec;
  /** Segment kinds written as per-step masks (the dataset config's, in order): every episode has every column. */
  segmentKinds: readonly string[];
  /** robomimic: share of episodes in `mask/valid` (the rest in `mask/train`) and the seed of the shuffle. */
  validRatio: number;
  splitSeed: number;
  /** robomimic: size of the image observations (width, height), each capped at the source size. */
  imageSize: { width: number; height: number };
}
