/**
 * Filtering, sorting and facet counts of the dataset's episode rows (pure; the renderer's list and the bench use it).
 *
 * Text filter: whitespace-separated terms, all of which must match (case-insensitive substring) the row's name,
 * path, metadata, status, outcome, flags, annotators or error; a term `key:value` matches one column only (keys:
 * the facet keys, plus `name` and `path`), e.g. `operator:op_03 status:unreviewed`.
 */
import type { DatasetRow } from "./datasetRow.ts";

/** Columns that can be faceted. */
export const FACET_KEYS = ["status", "outcome", "operator", "task", "session", "robot", "scene", "annotator", "flag", "readable", "agreement"] as const;
export type FacetKey = (typeof FACET_KEYS)[number];

/** Shown for a missing value in facets. */
export const NONE = "(none)";

/** A filter: text terms and, per facet, the accepted values (empty or absent: any). */
export interface RowFilter {
  text: string;
  facets: Partial<Record<FacetKey, string[]>>;
}

/** The filter that keeps every row. */
export const EMPTY_FILTER: RowFilter = { text: "", facets: {} };

/** Sortable columns of the list. */
export const SORT_KEYS = ["name", "path", "duration", "cameras", "operator", "task", "session", "status", "outcome", "score", "flags", "annotators"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** A sort order. */
export interface RowSort {
  key: SortKey;
  dir: "asc" | "desc";
}

/** The values of `row` for facet `key` (at least one; `(none)` for a missing value). */
export function facetValues(row: DatasetRow, key: FacetKey): string[] {
  switch (key) {
    case "status":
      return [row.status];
    case "outcome":
      return [row.outcome ?? NONE];
    case "annotator":
      return row.annotators.length > 0 ? row.annotators : [NONE];
    case "flag":
      return row.flags.length > 0 ? row.flags : [NONE];
    case "readable":
      return [row.error ? "unreadable" : row.facts ? "readable" : "not indexed"];
    case "agreement":
      return [row.agreement];
    default:
      return [row.fields[key] ?? NONE];
  }
}

const haystacks = new WeakMap<DatasetRow, string>();

/** Lower-case text every free term is matched against (memoized per row object). */
function haystack(row: DatasetRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    text = [
      row.name,
      row.path,
      ...Object.values(row.fields).filter((v): v is string => v !== null),
      row.status,
      row.outcome ?? "",
      ...row.reviews.map((r) => r.outcome ?? ""),
      ...row.flags,
      ...row.annotators,
      row.error ? `unreadable ${row.error.code} ${row.error.message}` : "",
    ]
      .join("\u0000")
      .toLowerCase();
    haystacks.set(row, text);
  }
  return text;
}

type Term = { key: FacetKey | "name" | "path" | null; value: string };

/** Parse the text filter into terms. */
export function parseTerms(text: string): Term[] {
  const keys = new Set<string>([...FACET_KEYS, "name", "path"]);
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .map((t) => {
      const colon = t.indexOf(":");
      if (colon > 0 && keys.has(t.slice(0, colon))) return { key: t.slice(0, colon) as Term["key"], value: t.slice(colon + 1) };
      return { key: null, value: t };
    });
}

function matchesTerm(row: DatasetRow, term: Term): boolean {
  if (term.key === null) return haystack(row).includes(term.value);
  if (term.key === "name") return row.name.toLowerCase().includes(term.value);
  if (term.key === "path") return row.path.toLowerCase().includes(term.value);
  return facetValues(row, term.key).some((v) => v.toLowerCase().includes(term.value));
}

/** Compiled filter: true when `row` passes. */
function compile(filter: RowFilter): (row: DatasetRow) => boolean {
  const terms = parseTerms(filter.text);
  const facets = (Object.entries(filter.facets) as [FacetKey, string[] | undefined][])
    .filter(([, values]) => values !== undefined && values.length > 0)
    .map(([key, values]) => [key, new Set(values)] as const);
  return (row) => {
    for (const [key, accepted] of facets) if (!facetValues(row, key).some((v) => accepted.has(v))) return false;
    for (const term of terms) if (!matchesTerm(row, term)) return false;
    return true;
  };
}

/** The rows that pass `filter`, in their order. */
export function filterRows(rows: readonly DatasetRow[], filter: RowFilter): DatasetRow[] {
  const pass = compile(filter);
  return rows.filter(pass);
}

/** Natural order ("ep_2" before "ep_10"); one collator, far cheaper than localeCompare with options per call. */
const collator = new Intl.Collator(undefined, { numeric: true });

const STATUS_ORDER = { unreviewed: 0, in_progress: 1, conflict: 2, needs_fix: 3, rejected: 4, accepted: 5 } as const;

function sortValue(row: DatasetRow, key: SortKey): string | number | null {
  switch (key) {
    case "name":
      return row.name;
    case "path":
      return row.path;
    case "duration":
      return row.facts?.durationSec ?? null;
    case "cameras":
      return row.facts ? row.facts.cameras.length : null;
    case "status":
      return STATUS_ORDER[row.status];
    case "outcome":
      return row.outcome;
    case "score":
      return row.score;
    case "flags":
      return row.flags.length > 0 ? row.flags.length : null;
    case "annotators":
      return row.annotators.length > 0 ? row.annotators.join(",") : null;
    default:
      return row.fields[key];
  }
}

/** `rows` sorted by `sort` (a new array); missing values last in either direction; ties by path. */
export function sortRows(rows: readonly DatasetRow[], sort: RowSort): DatasetRow[] {
  const sign = sort.dir === "asc" ? 1 : -1;
  const keyed = rows.map((row) => ({ row, v: sortValue(row, sort.key) }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) {
      if (a.v !== b.v) return a.v === null ? 1 : -1;
    } else if (a.v !== b.v) {
      return (typeof a.v === "number" && typeof b.v === "number" ? a.v - b.v : collator.compare(String(a.v), String(b.v))) * sign;
    }
    return a.row.path < b.row.path ? -1 : a.row.path > b.row.path ? 1 : 0;
  });
  return keyed.map((k) => k.row);
}

/** One facet value and how many rows have it. */
export interface FacetCount {
  value: string;
  count: number;
}

/**
 * For each facet key, the values present with their counts over the rows that pass the filter's text and every
 * OTHER facet (so picking a value does not hide its siblings), sorted by count then value.
 */
export function facetCounts(rows: readonly DatasetRow[], filter: RowFilter, keys: readonly FacetKey[] = FACET_KEYS): Record<FacetKey, FacetCount[]> {
  // One pass: a row counts for facet k when it passes the text and every selected facet except possibly k itself.
  const terms = parseTerms(filter.text);
  const selected = (Object.entries(filter.facets) as [FacetKey, string[] | undefined][])
    .filter(([, values]) => values !== undefined && values.length > 0)
    .map(([key, values]) => [key, new Set(values)] as const);
  const counts = new Map<FacetKey, Map<string, number>>(keys.map((k) => [k, new Map()]));
  const add = (row: DatasetRow, key: FacetKey) => {
    const map = counts.get(key);
    if (map) for (const v of facetValues(row, key)) map.set(v, (map.get(v) ?? 0) + 1);
  };
  rows: for (const row of rows) {
    for (const term of terms) if (!matchesTerm(row, term)) continue rows;
    let failed: FacetKey | null = null;
    for (const [key, accepted] of selected) {
      if (facetValues(row, key).some((v) => accepted.has(v))) continue;
      if (failed !== null) continue rows; // fails two facets: counts nowhere
      failed = key;
    }
    if (failed !== null) add(row, failed);
    else for (const key of keys) add(row, key);
  }
  const out = {} as Record<FacetKey, FacetCount[]>;
  for (const key of keys) {
    const map = counts.get(key)!;
    // Selected values stay listed even when nothing matches now.
    for (const v of filter.facets[key] ?? []) if (!map.has(v)) map.set(v, 0);
    out[key] = [...map].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || collator.compare(a.value, b.value));
  }
  return out;
}

/** `filter` with `value` of facet `key` toggled. */
export function toggleFacet(filter: RowFilter, key: FacetKey, value: string): RowFilter {
  const current = filter.facets[key] ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...filter, facets: { ...filter.facets, [key]: next } };
}

/** True when the filter keeps every row. */
export function isEmptyFilter(filter: RowFilter): boolean {
  return filter.text.trim() === "" && Object.values(filter.facets).every((v) => !v || v.length === 0);
}
