/**
 * The interface every export format implements, and what it is given per episode. The formats a sharded export
 * writes (LeRobot, robomimic, RLDS; issue #18) split an episode in two (PieceWriter): `prepare` does the costly work
 * that does not depend on the other episodes (frames decoded, videos and pictures encoded) and returns a piece;
 * `commit` takes the pieces in episode order and does what depends on their order (episode index, task table,
 * stats, consistency with the first episode). One process commits each piece as it is prepared; a sharded run
 * prepares pieces on many machines and `episcope merge` commits them, so both write the same files.
 */
import fs from "node:fs";
import path from "node:path";
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

/** An episode's input before it has its place in the export (the piece is prepared without its index). */
export type PrepareInput = Omit<EpisodeInput, "index">;

/**
 * The folder of one piece's files (videos): moved into the export when one process writes it, copied when a merge
 * commits a shard's piece (the part stays whole, so a merge can run again).
 */
export interface PieceStage {
  dir: string;
  copy: boolean;
}

/** Put the piece file `name` (in `stage.dir`) at `dest` (absolute; its folder is created). */
export function placeStaged(stage: PieceStage, name: string, dest: string): void {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const source = path.join(stage.dir, name);
  if (stage.copy) fs.copyFileSync(source, dest, fs.constants.COPYFILE_FICLONE);
  else fs.renameSync(source, dest);
}

/**
 * A format whose episodes are prepared apart from their order, then committed in order (see the module doc).
 * Pieces hold only structured-clone values (typed arrays, Maps, strings, numbers) so they survive `v8.serialize`.
 */
export interface PieceWriter<Piece = unknown> extends FormatWriter {
  /**
   * The order-independent work of one episode; files it makes go into `stageDir` (an empty folder).
   * @throws Error naming the stream when the episode cannot be written (it fails alone; nothing is kept)
   */
  prepare(input: PrepareInput, stageDir: string): Promise<Piece>;
  /**
   * Add a prepared episode as the `index`-th exported one.
   * @throws Error when it does not fit the episodes committed before (sizes, cameras, rate): it fails alone, nothing of
   *   it is kept
   */
  commit(piece: Piece, index: number, stage: PieceStage): Promise<EpisodeOutput>;
}

/** True when `writer` prepares and commits pieces (the formats `--shard` exports). */
export const isPieceWriter = (writer: FormatWriter): writer is PieceWriter => "prepare" in writer && "commit" in writer;

/**
 * `addEpisode` of a PieceWriter: prepare the piece in a stage folder under the export's temp folder, commit it at
 * once (its files moved into place), then remove the stage folder.
 */
export async function addThroughPiece<Piece>(writer: PieceWriter<Piece>, folder: OutputFolder, input: EpisodeInput): Promise<EpisodeOutput> {
  const dir = path.join(folder.tmp, `.stage-${input.index}`);
  fs.mkdirSync(dir, { recursive: true });
  try {
    return await writer.commit(await writer.prepare(input, dir), input.index, { dir, copy: false });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
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
