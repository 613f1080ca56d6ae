/**
 * The dataset's metadata table on disk: `<root>/.episcope/episodes.json` (written by Episcope, atomically) or
 * `<root>/.episcope/episodes.csv` (e.g. kept by hand or exported from a spreadsheet). When both exist the JSON file
 * wins for the episodes it lists. See shared/dataset/metadataTable.ts for the formats.
 */
import fs from "node:fs";
import path from "node:path";
import {
  formatMetadataJson,
  parseMetadataCsv,
  parseMetadataJson,
  type MetadataTable,
  type TableIssue,
} from "../../../shared/dataset/metadataTable.ts";
import { writeFileAtomic } from "../annotation/atomicWrite.ts";

/** The table files, relative to the dataset folder. */
export const TABLE_JSON = path.join(".episcope", "episodes.json");
export const TABLE_CSV = path.join(".episcope", "episodes.csv");

/** Read the table (empty when there is none) and what was ignored in it. */
export function readMetadataTable(root: string): { table: MetadataTable; ignored: TableIssue[] } {
  const read = (rel: string) => {
    try {
      return fs.readFileSync(path.join(root, rel), "utf8");
    } catch {
      return null;
    }
  };
  const csv = read(TABLE_CSV);
  const json = read(TABLE_JSON);
  const fromCsv = csv === null ? { table: {}, ignored: [] } : parseMetadataCsv(csv, ".episcope/episodes.csv");
  const fromJson = json === null ? { table: {}, ignored: [] } : parseMetadataJson(json, ".episcope/episodes.json");
  return { table: { ...fromCsv.table, ...fromJson.table }, ignored: [...fromCsv.ignored, ...fromJson.ignored] };
}

/**
 * Write the table as `.episcope/episodes.json` (atomic). A CSV table beside it stays as it is; the JSON file wins.
 * @throws the fs error when the folder is not writable
 */
export async function writeMetadataTable(root: string, table: MetadataTable): Promise<void> {
  await writeFileAtomic(path.join(root, TABLE_JSON), formatMetadataJson(table));
}
