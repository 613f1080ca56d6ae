/**
 * The dataset overview's numbers: counts by review status, outcome, operator and task, and a histogram of episode
 * durations (seconds), over a set of rows.
 */
import { EFFECTIVE_STATUSES, type DatasetRow } from "./datasetRow.ts";
import { NONE } from "./rowFilter.ts";

/** A labelled count. */
export interface Count {
  label: string;
  count: number;
}

/** One histogram bin: [fromSec, toSec) (the last bin includes its upper edge). */
export interface DurationBin {
  fromSec: number;
  toSec: number;
  count: number;
}

/** Everything the overview plots. */
export interface DatasetOverview {
  total: number;
  byStatus: Count[];
  byOutcome: Count[];
  byOperator: Count[];
  byTask: Count[];
  durations: DurationBin[];
  /** Episodes without a known duration (unreadable or not indexed). */
  withoutDuration: number;
}

function countBy(rows: readonly DatasetRow[], value: (row: DatasetRow) => string, order?: readonly string[]): Count[] {
  const counts = new Map<string, number>();
  for (const v of order ?? []) counts.set(v, 0);
  for (const row of rows) {
    const v = value(row);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const list = [...counts].map(([label, count]) => ({ label, count }));
  return order ? list : list.sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }));
}

/**
 * Bins of equal width (a "nice" width: 1, 2 or 5 × 10^k seconds) covering the durations, at most `maxBins` of them.
 * Empty when there is no duration.
 */
export function durationHistogram(durations: readonly number[], maxBins = 12): DurationBin[] {
  if (durations.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of durations) {
    lo = Math.min(lo, d);
    hi = Math.max(hi, d);
  }
  const raw = Math.max((hi - lo) / maxBins, 1e-3);
  const pow = 10 ** Math.floor(Math.log10(raw));
  const width = [1, 2, 5, 10].map((m) => m * pow).find((w) => w >= raw)!;
  const start = Math.floor(lo / width) * width;
  const n = Math.max(1, Math.min(maxBins + 1, Math.floor((hi - start) / width) + 1));
  const bins: DurationBin[] = Array.from({ length: n }, (_, i) => ({ fromSec: start + i * width, toSec: start + (i + 1) * width, count: 0 }));
  for (const d of durations) bins[Math.min(n - 1, Math.floor((d - start) / width))]!.count++;
  return bins;
}

/** The overview of `rows`. */
export function datasetOverview(rows: readonly DatasetRow[]): DatasetOverview {
  const durations = rows.map((r) => r.facts?.durationSec).filter((d): d is number => typeof d === "number");
  return {
    total: rows.length,
    byStatus: countBy(rows, (r) => r.status, EFFECTIVE_STATUSES),
    byOutcome: countBy(rows, (r) => r.outcome ?? NONE, ["success", "failure", "partial", "unusable", NONE]),
    byOperator: countBy(rows, (r) => r.fields.operator ?? NONE),
    byTask: countBy(rows, (r) => r.fields.task ?? NONE),
    durations: durationHistogram(durations),
    withoutDuration: rows.length - durations.length,
  };
}
