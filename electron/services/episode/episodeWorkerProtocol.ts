import type { EpisodeSummary } from "../../../shared/episode.ts";

/**
 * Messages between EpisodeWorkerPool (main thread) and episode.worker.ts.
 */

/**
 * A read: `open` → OpenResult, `series` → NumericSeries, `frameIndex` → FrameIndex (keyframe flags of the first
 * frames at least: LoadedEpisode.frameIndexHead), `keyframes` → Uint8Array (every flag), `frames` → CameraFrame[],
 * `frameStamps` → FrameStamps, `scan` → ScanResult.
 */
export type WorkerOp = "open" | "series" | "frameIndex" | "keyframes" | "frames" | "frameStamps" | "scan";

/** Main → worker. */
export interface WorkerRequest {
  id: number;
  op: WorkerOp;
  /** Absolute path of the episode (file or rosbag2 folder) and its display name. */
  absPath: string;
  relPath: string;
  /** The topic (ignored by `open` and `scan`; used in messages). */
  topic: string;
  /** `frames`: frames from..to (inclusive). */
  rows?: [number, number];
  /** Shared flag: set to 1 by the pool when the request is superseded or cancelled; the worker polls it and stops. */
  cancel: Int32Array;
}

/** Main → every worker: forget the episode at `absPath` (close its file). No reply. */
export interface WorkerClose {
  op: "close";
  absPath: string;
}

/**
 * Main → a new worker, before any request: read `absPaths` (small episodes) a few times so the code of an open is
 * compiled before the first real one (workerWarmUp.ts). No reply. It ends at the worker's first request.
 */
export interface WorkerWarmUp {
  op: "warmUp";
  absPaths: string[];
}

/** Worker → main. */
export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; code: string; message: string };

/** Result of an `open`: the summary, and the key of the file's entries in the episode cache (episodeCache.ts) or null. */
export interface OpenResult {
  summary: EpisodeSummary;
  cacheKey: string | null;
}

/** Result of a `scan`: every message's payload read once, in file order. */
export interface ScanResult {
  messages: number;
  /** Payload bytes read. */
  bytes: number;
}
