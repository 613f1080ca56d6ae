/**
 * The audit as CSV (RFC 4180, shared/dataset/csv.ts): one row per episode in triage order — path, operator, task,
 * session, status, outcome, score, every metric (empty when absent; the reason in `<metric>_absent`), reasons joined
 * with "; ", suggested segments as `kind@startNs-endNs` joined with " ", and the error of an unreadable episode.
 */
import { formatCsv } from "../dataset/csv.ts";
import type { AuditReport } from "./auditReport.ts";
import { isPresent } from "./metricValue.ts";

/** CSV text of the report's episodes. */
export function auditCsv(report: AuditReport): string {
  const metricNames = [...new Set(report.episodes.flatMap((e) => Object.keys(e.metrics)))].sort();
  const header = ["path", "operator", "task", "session", "status", "outcome", "score", ...metricNames.flatMap((m) => [m, `${m}_absent`]), "reasons", "suggested", "error"];
  const rows = report.episodes.map((e) => [
    e.path,
    e.operator ?? "",
    e.task ?? "",
    e.session ?? "",
    e.status,
    e.outcome ?? "",
    e.score === null ? "" : e.score.toFixed(3),
    ...metricNames.flatMap((m) => {
      const v = e.metrics[m];
      return v === undefined ? ["", ""] : isPresent(v) ? [String(v), ""] : ["", v.absent];
    }),
    e.reasons.map((r) => r.text).join("; "),
    e.suggested.map((s) => `${s.kind}@${s.startNs}-${s.endNs}`).join(" "),
    e.error ?? "",
  ]);
  return formatCsv([header, ...rows]);
}
