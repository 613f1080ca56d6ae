/** How the dataset view writes statuses, outcomes and durations. */
import type { Outcome } from "../../../../shared/annotation.ts";
import type { AgreementState, EffectiveStatus } from "../../../../shared/dataset/datasetRow.ts";

/** Display label of each review status. */
export const STATUS_LABEL: Record<EffectiveStatus, string> = {
  unreviewed: "unreviewed",
  in_progress: "in progress",
  accepted: "accepted",
  rejected: "rejected",
  needs_fix: "needs fix",
  conflict: "conflict",
};

/** One-character mark of each status for the compact list. */
export const STATUS_MARK: Record<EffectiveStatus, string> = {
  unreviewed: "·",
  in_progress: "◐",
  accepted: "✓",
  rejected: "✗",
  needs_fix: "!",
  conflict: "≠",
};

/** CSS color variable of an outcome or status bar. */
export const OUTCOME_COLOR: Record<Outcome | "(none)", string> = {
  success: "var(--success)",
  failure: "var(--failure)",
  partial: "var(--partial)",
  unusable: "var(--unusable)",
  "(none)": "var(--border)",
};

export const STATUS_COLOR: Record<EffectiveStatus, string> = {
  unreviewed: "#56607a",
  in_progress: "var(--accent)",
  accepted: "var(--success)",
  rejected: "var(--failure)",
  needs_fix: "var(--warn)",
  conflict: "#e0559b",
};

/** Display label of each agreement state (the "agreement" facet). */
export const AGREEMENT_LABEL: Record<AgreementState, string> = {
  conflict: "annotators disagree",
  adjudicated: "adjudicated",
  agree: "annotators agree",
  single: "one annotator",
  none: "not decided",
};

/** Seconds as `m:ss.s` (e.g. `1:05.3`); `–` when unknown. */
export function formatDuration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return "–";
  const m = Math.floor(sec / 60);
  const s = sec - m * 60;
  return `${m}:${s < 10 ? "0" : ""}${s.toFixed(1)}`;
}
