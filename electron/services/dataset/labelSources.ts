/**
 * Where a dataset's review status and metadata table come from (issue 18): the files beside the data
 * (`fileReviewSource`, `fileMetadataTable`, the default) or the team store on PostgreSQL (`postgres/`), behind these two
 * small interfaces so `DatasetMainService` reads and writes them the same way whichever backend serves the dataset.
 */
import type { AnnotatorReview } from "../../../shared/dataset/datasetRow.ts";
import type { MetadataTable, TableIssue } from "../../../shared/dataset/metadataTable.ts";
import { readMetadataTable, updateMetadataTable } from "./metadataTableFile.ts";
import { ReviewReader } from "./reviewReader.ts";

/** Every annotator's review of every episode of one dataset. */
export interface ReviewSource {
  /**
   * Reviews grouped by episode path (relative, POSIX), one per layer that has a readable document (damaged documents
   * are skipped: the annotation store reports them when the episode is opened).
   */
  read(): Promise<Map<string, AnnotatorReview[]>>;
}

/** The dataset's metadata table (operator, task, robot, session, scene, condition per episode). */
export interface MetadataTableStore {
  /** The table (empty when there is none) and what was ignored reading it, each with its place. */
  read(): Promise<{ table: MetadataTable; ignored: TableIssue[] }>;
  /**
   * Read-modify-write the table atomically with respect to every other writer (other processes included): no
   * acknowledged update is lost to a concurrent one. `change` gets the current table and returns the new one; when it
   * throws, nothing is written.
   * @returns what `change` returned
   */
  update(change: (table: MetadataTable) => MetadataTable): Promise<MetadataTable>;
}

/** Reviews from `<root>/.episcope/annotations/<layer>/**.json` (reviewReader.ts; cached by size and mtime). */
export function fileReviewSource(root: string): ReviewSource {
  const reader = new ReviewReader(root);
  return { read: async () => reader.read() };
}

/** The table in `<root>/.episcope/episodes.json` / `episodes.csv`, updated under a cross-process lock (metadataTableFile.ts). */
export function fileMetadataTable(root: string): MetadataTableStore {
  return {
    read: async () => readMetadataTable(root),
    update: (change) => updateMetadataTable(root, change),
  };
}
