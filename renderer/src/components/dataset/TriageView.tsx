/**
 * The Triage view (issue #14): the episodes by triage score (robust z within their task; highest = most worth
 * watching) with the reasons that drove it, within the list's filter; a click opens the episode for review. "Queue in triage order" (key `q`
 * anywhere) makes `n` walk the episodes in this order.
 */
import { useEffect } from "react";
import { datasetStore, useDataset } from "../../stores/dataset.ts";
import { auditStore, useAudit } from "../../stores/audit.ts";
import { STATUS_COLOR, STATUS_LABEL, STATUS_MARK } from "./datasetFormat.ts";

/** Score as shown: one decimal, capped so a thousand-sigma outlier does not widen the column. */
export function formatScore(score: number | null): string {
  return score === null ? "–" : score >= 100 ? "≥100" : score.toFixed(1);
}

/** Toggle the review queue between list order and triage order. */
export function toggleTriageOrder(): void {
  const report = auditStore.getState().report;
  const ds = datasetStore.getState();
  if (ds.triageOrder) ds.setTriageOrder(null);
  else if (report) ds.setTriageOrder(report.episodes.map((e) => e.path));
}

/** The triage list. */
export function TriageView() {
  const report = useAudit((s) => s.report);
  const loading = useAudit((s) => s.loading);
  const error = useAudit((s) => s.error);
  const ordered = useDataset((s) => s.triageOrder !== null);
  const progress = useDataset((s) => s.progress);
  useEffect(() => {
    if (progress?.state !== "running") void auditStore.getState().load();
  }, [progress?.state]);
  const rows = useDataset((s) => s.rows);
  const visible = useDataset((s) => s.visible);
  const status = new Map(rows.map((r) => [r.path, r.status]));
  // The list's filter applies here too (e.g. a group clicked on the Audit screen).
  const shown = visible.length === rows.length ? null : new Set(visible.map((r) => r.path));
  if (error) return <p className="audit-empty error-text" role="alert">Audit failed: {error}</p>;
  if (!report) return <p className="audit-empty muted">{loading ? "Measuring episodes…" : "No audit yet: index the dataset first."}</p>;
  const episodes = shown ? report.episodes.filter((e) => shown.has(e.path)) : report.episodes;
  const flagged = episodes.filter((e) => e.reasons.length > 0).length;
  return (
    <div className="triage-view" aria-label="Triage">
      <div className="triage-head">
        <span>
          <b>{flagged}</b> of {episodes.length} episodes worth watching{shown ? ` (filtered; ${report.episodes.length} in all)` : ""}
          {report.pending > 0 ? ` · ${report.pending} not measured yet` : ""}
        </span>
        <label className="triage-order">
          <input type="checkbox" checked={ordered} onChange={toggleTriageOrder} /> Queue in triage order <kbd>q</kbd>
        </label>
      </div>
      <ol className="triage-list">
        {episodes.map((e, i) => {
          const st = status.get(e.path) ?? e.status;
          return (
            <li key={e.path}>
              <button
                type="button"
                className="triage-item"
                data-flagged={e.reasons.length > 0 ? "true" : "false"}
                onClick={() => {
                  datasetStore.getState().setView("review");
                  datasetStore.getState().openForReview(e.path);
                }}
                title={`Open ${e.path}`}
              >
                <span className="triage-rank muted">{i + 1}</span>
                <span className="triage-score" data-level={e.score === null ? "none" : e.score >= 3.5 ? "high" : "low"}>
                  {formatScore(e.score)}
                </span>
                <span className="status-mark" style={{ color: STATUS_COLOR[st] }} title={STATUS_LABEL[st]}>
                  {STATUS_MARK[st]}
                </span>
                <span className="triage-path">{e.path}</span>
                <span className="triage-meta muted">
                  {e.operator ?? "–"} · {e.task ?? "–"}
                </span>
                <span className="triage-reasons">
                  {e.error ? (
                    <span className="error-text">unreadable: {e.error}</span>
                  ) : e.reasons.length === 0 ? (
                    <span className="muted">–</span>
                  ) : (
                    e.reasons.map((r) => (
                      <span key={r.metric} className="reason-chip" data-metric={r.metric}>
                        {r.text}
                      </span>
                    ))
                  )}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
