/**
 * A metric of the audit is a number or, when it cannot be computed, the reason why — never 0 and never NaN standing
 * in for "unknown" (issue #14, "Bad input").
 */

/** Why a metric is missing, e.g. "no joint topic", "joint topic has 1 sample". */
export interface Absent {
  absent: string;
}

/** A metric value (units in the metric's name or docs) or the reason it is absent. */
export type MetricValue = number | Absent;

/** The absent marker with `reason`. */
export function absent(reason: string): Absent {
  return { absent: reason };
}

/** True when `v` is a number (a computed metric). */
export function isPresent(v: MetricValue | undefined): v is number {
  return typeof v === "number";
}

/** `v` when it is a finite number, else absent with `reason` (so a NaN/Inf never escapes as a value). */
export function finiteOr(v: number, reason: string): MetricValue {
  return Number.isFinite(v) ? v : absent(reason);
}
