/**
 * The MCAP metadata records (https://mcap.dev/spec#metadata-op0x0c) every imported episode carries:
 * - `episode`: `task` (the language instruction / task text) and `dataset`, `robot` when known — the record the
 *   review screen's episode model already shows;
 * - `episcope.import`: where the episode came from (`format`, `source`, `source_episode`, `dataset`, …), how its time
 *   was made (`timestamps`: `source` or `invented`, `rate_hz`) and `problems` (a JSON array of ImportProblem);
 * - `episcope.labels`: the labels the source already claims, as a read-only layer named `layer` (e.g.
 *   `rlds:bridge_dataset`): `instruction`, `success` (`true`/`false` when known), `reward_sum`, `done_step`, …
 *   Per-step labels (reward, discount, is_first/is_last/is_terminal, next.done, next.success) are JSON channels
 *   whose topics are listed in `step_label_topics` (comma-separated).
 */
import type { EpisodeWriter } from "./episodeWriter.ts";
import type { ImportProblem } from "./types.ts";

/** Metadata record names. */
export const IMPORT_RECORD = "episcope.import";
export const LABELS_RECORD = "episcope.labels";
export const EPISODE_RECORD = "episode";

/** What goes into the three records. Values are strings as MCAP metadata requires. */
export interface ImportMetadata {
  episode: Record<string, string>;
  import: Record<string, string>;
  labels: Record<string, string>;
  problems: readonly ImportProblem[];
}

/** Add the three records to `writer`. */
export function addImportMetadata(writer: EpisodeWriter, meta: ImportMetadata): void {
  writer.addMetadata(EPISODE_RECORD, meta.episode);
  writer.addMetadata(IMPORT_RECORD, { ...meta.import, problems: JSON.stringify(meta.problems) });
  writer.addMetadata(LABELS_RECORD, meta.labels);
}

/** `episcope <version>` for the MCAP header's library field. */
export const IMPORT_LIBRARY = "episcope import";
