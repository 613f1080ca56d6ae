/**
 * The per-dataset metadata table (`.episcope/episodes.csv` or `.episcope/episodes.json`): operator, task, robot,
 * session and scene per episode path, overriding what the MCAP metadata records say.
 *
 * CSV: a header row with a `path` column (also accepted: `episode`) and any of the metadata fields; one row per episode.
 * JSON: `{ "episodes": { "<path>": { "operator": "…", … } } }`, or an array of `{ "path": "…", "operator": "…", … }`.
 * Unknown columns and bad rows are not fatal: they are left out and reported.
 */
import { formatCsv, parseCsv } from "./csv.ts";
import { METADATA_FIELDS, type EpisodeFields, type MetadataField } from "./datasetRow.ts";

/** Overrides by episode path (relative, POSIX separators). */
export type MetadataTable = Record<string, Partial<EpisodeFields>>;

/** Something left out while reading a table, and where. */
export interface TableIssue {
  /** e.g. `episodes.csv line 4`, `episodes.csv column "weather"`, `episodes.json episodes["a.mcap"].robot`. */
  where: string;
  message: string;
}

/** A table read leniently. */
export interface ParsedTable {
  table: MetadataTable;
  /** What was ignored (unknown columns, bad rows), each with its place. */
  ignored: TableIssue[];
}

const FIELD_SET: ReadonlySet<string> = new Set(METADATA_FIELDS);

/** Normalize an episode path from a table: trimmed, POSIX separators, no leading `./`. Null when unusable. */
export function normalizeTablePath(raw: string): string | null {
  const p = raw.trim().replace(/\\/g, "/").replace(/^(\.\/)+/, "");
  if (p === "" || p.startsWith("/") || /^[A-Za-z]:/.test(p) || p.split("/").includes("..")) return null;
  return p;
}

/** Result of importing a table into a dataset. */
export interface MetadataImportResult {
  /** Episodes whose fields were taken. */
  imported: number;
  /** Unknown columns, bad rows and unknown episodes, each with its place. */
  ignored: TableIssue[];
}

/** A table exported as text, and what was ignored reading it. */
export interface MetadataExport {
  text: string;
  ignored: TableIssue[];
}

/** Read a CSV table (see the module comment). Never throws: an unreadable file is one issue. */
export function parseMetadataCsv(text: string, fileName = "episodes.csv"): ParsedTable {
  const ignored: TableIssue[] = [];
  const table: MetadataTable = {};
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    return { table, ignored: [{ where: fileName, message: (e as Error).message }] };
  }
  const header = records.shift();
  if (!header) return { table, ignored };
  const names = header.fields.map((h) => h.trim().toLowerCase());
  const pathCol = names.findIndex((n) => n === "path" || n === "episode");
  if (pathCol < 0) {
    return { table, ignored: [{ where: `${fileName} line ${header.line}`, message: `the header has no "path" column (columns: ${names.join(", ")})` }] };
  }
  const columns: Array<MetadataField | null> = names.map((n, i) => {
    if (i === pathCol) return null;
    if (FIELD_SET.has(n)) return n as MetadataField;
    ignored.push({ where: `${fileName} column "${header.fields[i]}"`, message: `unknown column (known: path, ${METADATA_FIELDS.join(", ")}); ignored` });
    return null;
  });
  for (const record of records) {
    const where = `${fileName} line ${record.line}`;
    if (record.fields.length !== names.length) {
      ignored.push({ where, message: `has ${record.fields.length} fields, the header has ${names.length}; row ignored` });
      continue;
    }
    const path = normalizeTablePath(record.fields[pathCol]!);
    if (path === null) {
      ignored.push({ where, message: `bad episode path ${JSON.stringify(record.fields[pathCol])}; row ignored` });
      continue;
    }
    if (table[path]) ignored.push({ where, message: `${path} appears again; this row wins` });
    const entry: Partial<EpisodeFields> = {};
    record.fields.forEach((value, i) => {
      const col = columns[i];
      if (col && value.trim() !== "") entry[col] = value.trim();
    });
    table[path] = entry;
  }
  return { table, ignored };
}

/** Read a JSON table (see the module comment). Never throws: an unreadable file is one issue. */
export function parseMetadataJson(text: string, fileName = "episodes.json"): ParsedTable {
  const ignored: TableIssue[] = [];
  const table: MetadataTable = {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { table, ignored: [{ where: fileName, message: `not JSON: ${(e as Error).message}` }] };
  }
  let entries: Array<[string, string, unknown]>; // where, path, value
  if (Array.isArray(raw)) {
    entries = raw.map((item, i) => {
      const p = item && typeof item === "object" ? (item as Record<string, unknown>).path : undefined;
      return [`${fileName} [${i}]`, typeof p === "string" ? p : "", item];
    });
  } else if (raw && typeof raw === "object" && (raw as Record<string, unknown>).episodes && typeof (raw as Record<string, unknown>).episodes === "object") {
    entries = Object.entries((raw as { episodes: Record<string, unknown> }).episodes).map(([p, v]) => [`${fileName} episodes[${JSON.stringify(p)}]`, p, v]);
  } else {
    return { table, ignored: [{ where: fileName, message: 'expected {"episodes": {"<path>": {…}}} or an array of {"path": …}' }] };
  }
  for (const [where, rawPath, value] of entries) {
    const path = normalizeTablePath(rawPath);
    if (path === null || !value || typeof value !== "object" || Array.isArray(value)) {
      ignored.push({ where, message: path === null ? `bad or missing episode path ${JSON.stringify(rawPath)}; entry ignored` : "not an object; entry ignored" });
      continue;
    }
    const entry: Partial<EpisodeFields> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (key === "path") continue;
      if (!FIELD_SET.has(key)) {
        ignored.push({ where: `${where}.${key}`, message: `unknown field (known: ${METADATA_FIELDS.join(", ")}); ignored` });
      } else if (v === null || (typeof v === "string" && v.trim() === "")) {
        // cleared
      } else if (typeof v === "string" || typeof v === "number") {
        entry[key as MetadataField] = String(v).trim();
      } else {
        ignored.push({ where: `${where}.${key}`, message: `expected a string, got ${typeof v}; ignored` });
      }
    }
    table[path] = entry;
  }
  return { table, ignored };
}

/** The table as CSV (header `path,operator,task,robot,session,scene`, rows sorted by path). */
export function formatMetadataCsv(table: MetadataTable): string {
  const paths = Object.keys(table).sort();
  return formatCsv([["path", ...METADATA_FIELDS], ...paths.map((p) => [p, ...METADATA_FIELDS.map((f) => table[p]![f] ?? "")])]);
}

/** The table as JSON (`{"episodes": {…}}`, paths sorted, empty fields left out). */
export function formatMetadataJson(table: MetadataTable): string {
  const episodes: MetadataTable = {};
  for (const p of Object.keys(table).sort()) {
    const entry: Partial<EpisodeFields> = {};
    for (const f of METADATA_FIELDS) if (table[p]![f]) entry[f] = table[p]![f];
    episodes[p] = entry;
  }
  return JSON.stringify({ episodes }, null, 2) + "\n";
}

/**
 * Merge `incoming` into `base`: for each episode in `incoming`, its non-empty fields replace base's; a field set to
 * null or "" in `incoming` clears it.
 */
export function mergeTables(base: MetadataTable, incoming: Record<string, Partial<Record<MetadataField, string | null>>>): MetadataTable {
  const out: MetadataTable = { ...base };
  for (const [path, fields] of Object.entries(incoming)) {
    const entry: Partial<EpisodeFields> = { ...(out[path] ?? {}) };
    for (const f of METADATA_FIELDS) {
      if (!(f in fields)) continue;
      const v = fields[f];
      if (v === null || v === undefined || v.trim() === "") delete entry[f];
      else entry[f] = v.trim();
    }
    if (Object.keys(entry).length === 0) delete out[path];
    else out[path] = entry;
  }
  return out;
}
