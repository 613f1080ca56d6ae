/**
 * The writer of each export format.
 */
import type { ExportFormat } from "../exportTypes.ts";
import type { WriterFactory } from "../formatWriter.ts";
import { csvWriter, jsonWriter } from "./jsonCsvWriter.ts";
import { lerobotWriter } from "./lerobotWriter.ts";
import { mcapSidecarWriter } from "./mcapSidecarWriter.ts";
import { rldsWriter } from "./rldsWriter.ts";
import { robomimicWriter } from "./robomimicWriter.ts";

/** Format → writer factory. */
export const WRITERS: Record<ExportFormat, WriterFactory> = {
  lerobot: lerobotWriter,
  robomimic: robomimicWriter,
  rlds: rldsWriter,
  mcap: mcapSidecarWriter,
  json: jsonWriter,
  csv: csvWriter,
};

/** The formats whose writers prepare and commit pieces, so `episcope export --shard` can split them (issue #18). */
export const SHARDED_FORMATS = ["lerobot", "robomimic", "rlds"] as const satisfies readonly ExportFormat[];
