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
import { lock } from "proper-lockfile";
import { writeFileAtomic } from "../annotation/atomicWrite.ts";

/** The table files, relative to the dataset folder. */
export const TABLE_JSON = path.join(".episcope", "episodes.json");
export const TABLE_CSV = path.join(".episcope", "episodes.csv");
/** The lock (a folder, made atomically by mkdir) held while the table is read, changed and written. */
export const TABLE_LOCK = path.join(".episcope", "episodes.json.lock");

/** A held lock is refreshed every STALE_MS / 2; one not refreshed for STALE_MS (its process died) is taken over. */
const STALE_MS = 10_000;

/** Writers in this process, one queue per dataset folder (the cross-process lock alone would make them poll). */
const queues = new Map<string, Promise<unknown>>();

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
async function writeMetadataTable(root: string, table: MetadataTable): Promise<void> {
  await writeFileAtomic(path.join(root, TABLE_JSON), formatMetadataJson(table));
}

/**
 * Read-modify-write the table under a lock that holds across processes (two `serve`s, the CLI and the app on one
 * folder): `.episcope/episodes.json.lock`, made with mkdir by proper-lockfile, refreshed while held and taken over when
 * not refreshed for 10 s (a killed writer). In this process, writers of a folder also queue, so no acknowledged update
 * is lost to a concurrent one. `change` gets the current table and returns the new one (it may throw: nothing is
 * written).
 * @returns what `change` returned
 * @throws the fs error naming the folder when the lock cannot be taken in ~30 s or the table cannot be written
 */
export function updateMetadataTable(root: string, change: (table: MetadataTable) => MetadataTable): Promise<MetadataTable> {
  const key = path.resolve(root);
  const run = (queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => lockedUpdate(key, change));
  queues.set(key, run);
  void run.finally(() => {
    if (queues.get(key) === run) queues.delete(key);
  }).catch(() => undefined);
  return run;
}

async function lockedUpdate(root: string, change: (table: MetadataTable) => MetadataTable): Promise<MetadataTable> {
  const lockPath = path.join(root, TABLE_LOCK);
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lock(path.join(root, TABLE_JSON), {
      realpath: false,
      lockfilePath: lockPath,
      stale: STALE_MS,
      update: STALE_MS / 2,
      retries: { retries: 300, minTimeout: 5, maxTimeout: 100, factor: 1.3, randomize: true },
    });
  } catch (error) {
    throw new Error(`${lockPath}: cannot lock the metadata table: ${(error as Error).message}`);
  }
  try {
    const next = change(readMetadataTable(root).table);
    await writeMetadataTable(root, next);
    return next;
  } finally {
    await release().catch(() => undefined);
  }
}
