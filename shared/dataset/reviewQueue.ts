/**
 * The review queue over the rows in list order (after filter and sort): "next unreviewed" skips unreadable episodes
 * and wraps around; the position line counts decided episodes ("37 / 412 reviewed").
 */
import { isDecided, type DatasetRow } from "./datasetRow.ts";

/** True when the queue may open the row: readable and not yet reviewed by anyone. */
export function isQueueable(row: DatasetRow): boolean {
  return row.error === null && row.status === "unreviewed";
}

/**
 * The next row after `currentPath` (in `rows` order, wrapping around) that is queueable and not `currentPath`
 * itself; from the top when `currentPath` is null or not in `rows`. Null when none is left.
 */
export function nextUnreviewed(rows: readonly DatasetRow[], currentPath: string | null): DatasetRow | null {
  const at = currentPath === null ? -1 : rows.findIndex((r) => r.path === currentPath);
  for (let step = 1; step <= rows.length; step++) {
    const row = rows[(at + step + rows.length) % rows.length]!;
    if (row.path !== currentPath && isQueueable(row)) return row;
  }
  return null;
}

/**
 * The readable row before `currentPath` in `rows` order (no wrap); the last readable row when `currentPath` is null
 * or not listed. Null at the top.
 */
export function previousReadable(rows: readonly DatasetRow[], currentPath: string | null): DatasetRow | null {
  const at = currentPath === null ? rows.length : rows.findIndex((r) => r.path === currentPath);
  for (let i = (at < 0 ? rows.length : at) - 1; i >= 0; i--) if (rows[i]!.error === null) return rows[i]!;
  return null;
}

/** Where the review stands over `rows`. */
export interface QueuePosition {
  /** Accepted + rejected + needs fix. */
  reviewed: number;
  inProgress: number;
  unreviewed: number;
  unreadable: number;
  total: number;
}

/** Count the rows by review state (unreadable rows are counted apart, not as unreviewed). */
export function queuePosition(rows: readonly DatasetRow[]): QueuePosition {
  const p: QueuePosition = { reviewed: 0, inProgress: 0, unreviewed: 0, unreadable: 0, total: rows.length };
  for (const row of rows) {
    if (isDecided(row.status)) p.reviewed++;
    else if (row.error) p.unreadable++;
    else if (row.status === "in_progress") p.inProgress++;
    else p.unreviewed++;
  }
  return p;
}

/** "37 / 412 reviewed". */
export function formatPosition(p: QueuePosition): string {
  return `${p.reviewed} / ${p.total} reviewed`;
}
