/** Messages between IndexWorkerPool (main thread) and datasetIndex.worker.ts. */
import type { EpisodeFacts } from "../../../shared/dataset/datasetRow.ts";
import type { AuditSettings, EpisodeAuditFacts } from "./episodeAuditReader.ts";

/** Main → worker: summarize one episode. */
export interface IndexRequest {
  id: number;
  /** Absolute path (or `s3://` URL) of the episode (file or rosbag2 folder) and its path relative to the dataset root. */
  absPath: string;
  relPath: string;
  /** Compute the audit metrics too, with these settings (`.episcope/config.json` › audit); absent: facts only. */
  audit?: AuditSettings;
  /**
   * The process's count of interactive episode reads (workers/interactiveReads.ts, shared memory): the worker waits
   * while it is not 0 before each step, so a reviewer's open goes first.
   */
  interactive?: Int32Array;
}

/** Worker → main. */
export type IndexReply =
  | {
      id: number;
      ok: true;
      facts: EpisodeFacts;
      audit: EpisodeAuditFacts | null;
      /** Bytes the worker fetched from object storage since its previous reply (summed: what indexing fetched). */
      objectBytes: number;
    }
  | { id: number; ok: false; code: string; message: string };
