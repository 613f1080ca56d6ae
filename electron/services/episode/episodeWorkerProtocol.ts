/**
 * Messages between EpisodeWorkerPool (main thread) and episode.worker.ts.
 */

/** A heavy read: `series` → NumericSeries, `frameIndex` → FrameIndex, `scan` → ScanResult. */
export type WorkerOp = "series" | "frameIndex" | "scan";

/** Main → worker. */
export interface WorkerRequest {
  id: number;
  op: WorkerOp;
  /** Absolute path of the episode (file or rosbag2 folder) and its display name. */
  absPath: string;
  relPath: string;
  /** The topic (ignored by `scan`, which reads every channel; used in messages). */
  topic: string;
  /** `series` only: read just the channel's messages [from, to) (one part of a split read). */
  rows?: [number, number];
  /** Shared flag: set to 1 by the pool when the request is superseded; the worker polls it and stops. */
  cancel: Int32Array;
}

/** Worker → main. */
export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; code: string; message: string };

/** Result of a `scan`: every message's payload read once, in file order. */
export interface ScanResult {
  messages: number;
  /** Payload bytes read. */
  bytes: number;
}
