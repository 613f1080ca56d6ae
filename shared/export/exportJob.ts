/**
 * An export run from the app (File › Export): its request, the preview of what it will write, and its progress.
 */

/** Export formats (DESIGN §5). */
export const EXPORT_FORMAT_NAMES = ["lerobot", "robomimic", "rlds", "mcap", "json", "csv"] as const;

/** What the dialog asks for. Filters are lists of document values (`accepted`, `success`, `none` …); empty = all. */
export interface ExportRequest {
  format: (typeof EXPORT_FORMAT_NAMES)[number];
  /** Output folder: absolute, or relative to the served folder's parent (next to the dataset). */
  out: string;
  /** Replace an existing output folder once the new export is complete. */
  force?: boolean;
  /** Step rate (Hz); default: one step per action message. */
  fps?: number;
  /** Annotator layer; default: the only one. */
  annotator?: string;
  status?: string[];
  outcome?: string[];
  /** Quality flags: an episode passes with any of them (see shared/export/episodeSelection.ts). */
  flags?: string[];
}

/** One episode in the preview. */
export interface ExportPreviewEpisode {
  path: string;
  selected: boolean;
  /** Its review status and outcome in the chosen layer. */
  status: string;
  outcome: string;
}

/** What an export would write, before it runs. */
export interface ExportPreview {
  /** The layer whose labels are used (null: none; labels are then empty). */
  annotator: string | null;
  /** Every layer in the dataset. */
  layers: string[];
  episodes: ExportPreviewEpisode[];
  /** Absolute output folder, and whether it exists (then `force` is needed). */
  out: string;
  outExists: boolean;
  /** What the format writes, one line per file kind. */
  layout: string[];
  /** Why the request cannot run as it is (unknown layer …), or null. */
  error: string | null;
  /**
   * What will be written per camera and per label, read from the first selected episode (null when none is
   * selected, or with `error` set when it cannot be read).
   */
  plan: { episode: string; steps: string; cameras: string[]; labels: string[]; error: string | null } | null;
}

/** One episode's outcome in a finished export. */
export interface ExportedEpisode {
  path: string;
  status: "exported" | "skipped" | "failed";
  reason: string | null;
  steps: number | null;
}

/** Progress of an export job. */
export interface ExportJobProgress {
  jobId: string;
  format: string;
  out: string;
  state: "running" | "done" | "cancelled" | "failed";
  /** Episodes handled so far, of `total`. */
  done: number;
  total: number;
  /** The episode just handled. */
  current: string | null;
  /** Set when done. */
  summary: { exported: number; skipped: number; failed: number; totalSteps: number; bytes: number; notes: string[]; episodes: ExportedEpisode[] } | null;
  error: string | null;
}
