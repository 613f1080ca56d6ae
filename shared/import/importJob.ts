/**
 * An import run started from the app (File › Import): where it stands, for the progress bar and the final report.
 */

/** One imported (or failed) source episode, as the import dialog lists it. */
export interface ImportedEpisode {
  /** Where it came from in the source, e.g. `train[3] (… @ 1234)`. */
  source: string;
  /** The written episode, relative to the served folder (null when nothing was written). */
  output: string | null;
  status: "ok" | "partial" | "failed";
  steps: number;
  /** Each problem as one sentence naming file/field. */
  problems: string[];
}

/** Progress of an import job. */
export interface ImportProgress {
  jobId: string;
  /** The source folder or file (absolute). */
  source: string;
  /** Detected format (`rlds`, `lerobot-v1`, `lerobot-v2`, `lerobot-v3`, `rosbag1`), once known. */
  format: string | null;
  /** Output folder, relative to the served folder. */
  outDir: string;
  state: "running" | "done" | "cancelled" | "failed";
  /** Episodes the source declares (null when it does not say). */
  total: number | null;
  episodes: ImportedEpisode[];
  /** Why the whole import failed (`failed`), naming the file. */
  error: string | null;
  /** Problems of the source as a whole. */
  problems: string[];
}
