/**
 * Sharded exports (issue #18): `episcope export DATASET --format lerobot|robomimic|rlds … --shard I/N --part DIR`
 * does the costly half of the export (frames decoded, videos and pictures encoded, step tables built) for the same
 * deterministic slice as a sharded index/audit — the episodes whose position in the path-sorted listing is ≡ I (mod N),
 * electron/services/dataset/datasetShard.ts — and writes it as a part folder; `episcope merge PART… --out DIR`
 * (exportMerge.ts) commits the parts' pieces in path order, so the episode numbering, task table, stats, data files,
 * masks and TFRecord are global and the output is what one process writes.
 *
 * Each shard applies the selection to its own episodes (it needs the episode's labels and metadata); the merge numbers
 * the selected ones over the whole listing. The camera set (when `--cameras` is not given) is taken over the whole
 * listing by every shard, as one process does; give `--cameras` on a large dataset to skip that pass.
 *
 * Part folder: `episcope-export-part.json` (schema `episcope.exportPart/1`: the shard, dataset, listing size, format,
 * label layer, settings, segment kinds, cameras and one record per episode of the slice: its listing position,
 * report, card, manifest source and whether a piece waits for the merge) and `pieces/<position>/piece.v8` (the
 * writer's piece, `v8.serialize`) beside the piece's staged files (videos). Written under a temp name and renamed; a
 * rerun of the task replaces an earlier part of the same name.
 */
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { z } from "zod";
import { episodeRoot } from "../episode/episodeRoot.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { inShard, readPartJson, type Shard } from "../dataset/datasetShard.ts";
import { commonCameras, ExportCancelled, openExportRun, visitEpisodes, writerContext, type EpisodeRecord, type ExportRun, type ExportSettings } from "./exportEpisodes.ts";
import type { ExportFormat, ExportOptions } from "./exportTypes.ts";
import { isPieceWriter } from "./formatWriter.ts";
import { OutputFolder } from "./outputFolder.ts";
import { SHARDED_FORMATS, WRITERS } from "./writers/formatWriters.ts";

/** The file that makes a folder an export part. */
export const EXPORT_PART_FILE = "episcope-export-part.json";
/** Schema id of the part file. */
export const EXPORT_PART_SCHEMA = "episcope.exportPart/1";

/** One episode of a shard's slice. */
export interface PartRecord extends EpisodeRecord {
  /** True when its piece (pieces/<position>/) waits for the merge to commit it. */
  pending: boolean;
}

/** The part file's content. */
export interface ExportPart {
  schema: typeof EXPORT_PART_SCHEMA;
  shard: Shard;
  /** Dataset folder as the shard saw it (absolute). */
  root: string;
  /** Episodes in the whole listing (all shards). */
  total: number;
  format: ExportFormat;
  annotator: string | null;
  settings: ExportSettings;
  lerobotDataFileBytes: number;
  segmentKinds: string[];
  /** The cameras exported (given or common to the listing), and those left out; null: every camera of each episode. */
  cameras: string[] | null;
  leftOut: string[];
  records: PartRecord[];
}

/** The piece file of the episode at `position` inside a part folder. */
export const pieceDir = (part: string, position: number) => path.join(part, "pieces", String(position));
const PIECE_FILE = "piece.v8";

/** What a shard did. */
export interface ShardExportResult {
  part: string;
  total: number;
  /** Episodes of the slice: pieces waiting for the merge, skipped (not selected), failed. */
  pending: number;
  skipped: number;
  failed: number;
}

/**
 * Export shard `shard` of `options.dataset` into the part folder `partDir` (see the module doc).
 * @throws Error when the format does not shard, the dataset folder is missing, the annotator layer is unknown,
 *   `partDir` exists and is not a part; ExportCancelled when `options.signal` aborts (nothing is left)
 */
export async function exportShard(options: ExportOptions, shard: Shard, partDir: string): Promise<ShardExportResult> {
  if (!(SHARDED_FORMATS as readonly string[]).includes(options.format)) {
    throw new Error(`--shard exports ${SHARDED_FORMATS.join(", ")}; ${options.format} writes one file per episode: export it in one process`);
  }
  const run = await openExportRun(options);
  const listing = options.episodes ?? run.where.list();
  const folder = new OutputFolder(partDir, true, EXPORT_PART_FILE);
  try {
    const writer = WRITERS[options.format](folder, run.context);
    if (!isPieceWriter(writer)) throw new Error(`${options.format}: the writer does not prepare pieces`);
    const cameraSet = options.cameras === undefined ? await commonCameras(run.where, listing.map((e) => e.path), options.signal) : null;
    const cameras = options.cameras ?? cameraSet?.cameras;
    const slice = listing.flatMap((entry, position) => (inShard(position, shard) ? [{ position, entry }] : []));
    const records = await visitEpisodes(run, options, slice, true, cameras, async (input, record) => {
      const dir = pieceDir(folder.tmp, record.position);
      fs.mkdirSync(dir, { recursive: true });
      try {
        const piece = await writer.prepare(input, dir);
        fs.writeFileSync(path.join(dir, PIECE_FILE), v8.serialize(piece));
      } catch (error) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw error;
      }
      return "pending";
    });
    if (options.signal?.aborted) throw new ExportCancelled();
    const part: ExportPart = {
      schema: EXPORT_PART_SCHEMA,
      shard,
      root: run.where.location,
      total: listing.length,
      format: options.format,
      annotator: run.annotator,
      settings: run.settings,
      lerobotDataFileBytes: run.lerobotDataFileBytes,
      segmentKinds: [...run.segmentKinds],
      cameras: cameras ? [...cameras] : null,
      leftOut: cameraSet?.leftOut ?? [],
      records: records.map((r) => ({ ...r, pending: fs.existsSync(path.join(pieceDir(folder.tmp, r.position), PIECE_FILE)) })),
    };
    fs.writeFileSync(folder.file(EXPORT_PART_FILE), JSON.stringify(part) + "\n");
    folder.commit();
    const count = (status: string) => records.filter((r) => r.report.status === status).length;
    const pending = part.records.filter((r) => r.pending).length;
    return { part: folder.out, total: listing.length, pending, skipped: count("skipped"), failed: count("failed") - pending };
  } catch (error) {
    folder.discard();
    throw error;
  }
}

const recordSchema = z
  .object({
    position: z.number().int().min(0),
    pending: z.boolean(),
    report: z.object({ path: z.string(), status: z.enum(["exported", "skipped", "failed"]) }).passthrough(),
    card: z.object({ path: z.string() }).passthrough(),
    source: z.record(z.string(), z.unknown()).nullable(),
  })
  .passthrough();

const partSchema = z
  .object({
    schema: z.literal(EXPORT_PART_SCHEMA),
    shard: z.object({ index: z.number().int().min(0), count: z.number().int().min(1) }),
    root: z.string().min(1),
    total: z.number().int().min(0),
    format: z.enum(SHARDED_FORMATS),
    annotator: z.string().nullable(),
    settings: z.record(z.string(), z.unknown()),
    lerobotDataFileBytes: z.number().positive(),
    segmentKinds: z.array(z.string()),
    cameras: z.array(z.string()).nullable(),
    leftOut: z.array(z.string()),
    records: z.array(recordSchema),
  })
  .passthrough();

/** True when `dir` is a folder holding an export part file (what `episcope merge` takes as an export part). */
export function isExportPart(dir: string): boolean {
  return fs.existsSync(path.join(dir, EXPORT_PART_FILE));
}

/**
 * Read the part folder `dir`.
 * @throws EpiscopeError `not-found` when it holds no part file; `invalid-input` naming the file and the field when
 *   the part file is not one
 */
export function readExportPart(dir: string): ExportPart {
  return readPartJson(path.join(dir, EXPORT_PART_FILE), partSchema, "export part") as unknown as ExportPart;
}

/**
 * Read the piece of the episode at `position` of part folder `dir`.
 * @throws EpiscopeError `invalid-input` naming the piece file when it is missing or cannot be deserialized
 */
export function readPiece(dir: string, position: number): unknown {
  const file = path.join(pieceDir(dir, position), PIECE_FILE);
  try {
    return v8.deserialize(fs.readFileSync(file));
  } catch (error) {
    throw new EpiscopeError("invalid-input", `${file}: cannot read the episode's piece (${(error as Error).message}); run its shard again`);
  }
}

/** The export run a part describes (what the merge writes with: the same writer context as the shards'). */
export function runOfPart(part: ExportPart): ExportRun {
  const context = writerContext(path.basename(part.root), part.annotator, part.settings, part.segmentKinds, part.lerobotDataFileBytes);
  // The merge reads no episode: `where` only names the dataset (a folder or s3://bucket/prefix) in the manifest.
  return { dataset: part.root, where: episodeRoot(part.root), format: part.format, annotator: part.annotator, settings: part.settings, lerobotDataFileBytes: part.lerobotDataFileBytes, segmentKinds: part.segmentKinds, context };
}
