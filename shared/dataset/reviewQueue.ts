/**
 * The review queue over the rows in list order (after filter and sort): "next unreviewed" skips unreadable episodes
 * and wraps around; the position line counts decided episodes ("37 / 412 reviewed"). The queue is per annotator: it
 * visits the episodes *this* annotator (layer) has not reviewed, whoever else did; a lead's queue can take the
 * episodes where annotators disagree first.
 */
import { isDecided, type DatasetRow } from "./datasetRow.ts";

/** Whose queue it is. */
export interface QueueOptions {
  /** The annotator (layer id) walking the queue; null: nobody's review counts as theirs (any review skips the row). */
  annotator: string | null;
  /** Take the rows where annotators disagree (`row.conflict`) first, then the rest. */
  disagreementsFirst?: boolean;
}

/**
 * True when `annotator`'s queue may open the row: readable, and this annotator's layer has no review of it yet (no
 * document, or status unreviewed) — other annotators' reviews do not count. With a null annotator: nobody reviewed it.
 */
export function isQueueable(row: DatasetRow, annotator: string | null = null): boolean {
  if (row.error !== null) return false;
  if (annotator === null) return row.status === "unreviewed";
  const mine = row.reviews.find((r) => r.annotator === annotator);
  return mine === undefined || mine.status === "unreviewed";
}

/** The first row after `currentPath` (wrapping; from the top when not listed) passing `accept`, never `currentPath`. */
function nextWhere(rows: readonly DatasetRow[], currentPath: string | null, accept: (row: DatasetRow) => boolean): DatasetRow | null {
  const at = currentPath === null ? -1 : rows.findIndex((r) => r.path === currentPath);
  for (let step = 1; step <= rows.length; step++) {
    const row = rows[(at + step + rows.length) % rows.length]!;
    if (row.path !== currentPath && accept(row)) return row;
  }
  return null;
}

/**
 * The next row after `currentPath` (in `rows` order, wrapping around) that the annotator has not reviewed and is
 * not `currentPath` itself; from the top when `currentPath` is null or not in `rows`. With `disagreementsFirst`, an
 * unsettled conflict comes before any other row. Null when none is left.
 */
export function nextUnreviewed(rows: readonly DatasetRow[], currentPath: string | null, options: QueueOptions = { annotator: null }): DatasetRow | null {
  if (options.disagreementsFirst) {
    const conflict = nextWhere(rows, currentPath, (row) => row.error === null && row.conflict);
    if (conflict) return conflict;
  }
  return nextWhere(rows, currentPath, (row) => isQueueable(row, options.annotator));
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
