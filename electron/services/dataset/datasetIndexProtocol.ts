/** Messages between IndexWorkerPool (main thread) and datasetIndex.worker.ts. */
import type { EpisodeFacts } from "../../../shared/dataset/datasetRow.ts";

/** Main → worker: summarize one episode. */
export interface IndexRequest {
  id: number;
  /** Absolute path of the episode (file or rosbag2 folder) and its path relative to the dataset folder. */
  absPath: string;
  relPath: string;
}

/** Worker → main. */
export type IndexReply = { id: number; ok: true; facts: EpisodeFacts } | { id: number; ok: false; code: string; message: string };
