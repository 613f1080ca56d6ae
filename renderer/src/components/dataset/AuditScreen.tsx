/**
 * The lead's Audit screen (issue #14): the episodes grouped by a facet (operator, session, task, condition, robot,
 * scene): episodes, reviewed, success rate, failure share and recovery share, each with its Wilson 95 % interval ("no
 * decided episodes" / "–" when none, never 0 %), and box plots (median, quartiles, min–max) of duration, idle fraction,
 * hesitations and RMS jerk; the groups that stand out are marked with why. A click on a group filters the episode list
 * to it. The table fits a 1600 px window; narrower, it scrolls sideways inside its pane with the group column sticky.
 */
import { useEffect } from "react";
import { intervalText, shareText } from "../../../../shared/audit/groupFormat.ts";
import type { AuditGroup } from "../../../../shared/audit/groups.ts";
import type { FiveNumbers } from "../../../../shared/audit/robustStats.ts";
import { FACET_KEYS, type FacetKey } from "../../../../shared/dataset/rowFilter.ts";
import { auditStore, useAudit } from "../../stores/audit.ts";
import { datasetStore, useDataset } from "../../stores/dataset.ts";

const FACETS = ["operator", "session", "task", "condition", "robot", "scene"] as const;
const PLOTS: Array<{ metric: keyof AuditGroup["distributions"]; title: string; format: (x: number) => string }> = [
  { metric: "durationS", title: "Duration (s)", format: (x) => x.toFixed(1) },
  { metric: "idleFraction", title: "Idle", format: (x) => `${Math.round(x * 100)} %` },
  { metric: "hesitationCount", title: "Hesitations", format: (x) => x.toFixed(0) },
  { metric: "rmsJerkRadPerS3", title: "RMS jerk (rad/s³)", format: (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1)) },
];
const ROW_H = 30;

/** A box plot cell: one metric of one group on the metric's shared axis [lo, hi]. */
function Box({ s, lo, hi, out, format }: { s: FiveNumbers | null; lo: number; hi: number; out: boolean; format: (x: number) => string }) {
  const w = 110;
  if (!s) return <span className="muted small">not measured</span>;
  const x = (v: number) => 4 + ((v - lo) / (hi - lo || 1)) * (w - 8);
  const colour = out ? "var(--danger, #e5534b)" : "var(--accent, #4ea1ff)";
  return (
    <svg width={w} height={ROW_H - 8} role="img" aria-label={`median ${format(s.median)}, quartiles ${format(s.q1)}–${format(s.q3)}, range ${format(s.min)}–${format(s.max)}`}>
      <title>{`median ${format(s.median)} · quartiles ${format(s.q1)}–${format(s.q3)} · min ${format(s.min)} · max ${format(s.max)} · n ${s.n}`}</title>
      <line x1={x(s.min)} x2={x(s.max)} y1={11} y2={11} stroke="#8893a0" />
      <rect x={x(s.q1)} y={4} width={Math.max(1.5, x(s.q3) - x(s.q1))} height={14} fill={colour} fillOpacity={0.3} stroke={colour} />
      <line x1={x(s.median)} x2={x(s.median)} y1={2} y2={20} stroke={colour} strokeWidth={2} />
    </svg>
  );
}

/** A share of the group's decided episodes over its Wilson 95 % interval; "no decided episodes" / "–" without any. */
function Share({ share, count, decided, interval }: { share: number | null; count: number; decided: number; interval: [number, number] | null }) {
  if (share === null) {
    return (
      <td className="audit-share muted">
        <span className="small">{shareText(null, 0, 0)}</span>
        <span className="audit-ci">–</span>
      </td>
    );
  }
  return (
    <td className="audit-share">
      {shareText(share, count, decided)}
      <span className="audit-ci" title="Wilson score 95 % interval">
        {intervalText(interval)}
      </span>
    </td>
  );
}

/** The audit screen. */
export function AuditScreen() {
  const report = useAudit((s) => s.report);
  const facet = useAudit((s) => s.facet);
  const error = useAudit((s) => s.error);
  const loading = useAudit((s) => s.loading);
  const progress = useDataset((s) => s.progress);
  const activeFacets = useDataset((s) => s.filter.facets);
  useEffect(() => {
    if (progress?.state !== "running") void auditStore.getState().load();
  }, [progress?.state]);
  if (error) return <p className="audit-empty error-text" role="alert">Audit failed: {error}</p>;
  if (!report) return <p className="audit-empty muted">{loading ? "Measuring episodes…" : "No audit yet: index the dataset first."}</p>;
  const groups = report.groups[facet] ?? [];
  const filterable = (FACET_KEYS as readonly string[]).includes(facet);
  const ranges = PLOTS.map((p) => {
    const all = groups.map((g) => g.distributions[p.metric]).filter((s): s is FiveNumbers => s !== null);
    return { lo: Math.min(...all.map((s) => s.min)), hi: Math.max(...all.map((s) => s.max)) };
  });
  return (
    <div className="audit-screen" aria-label="Audit">
      <div className="audit-facets" role="tablist" aria-label="Group by">
        {FACETS.map((f) => (
          <button key={f} type="button" role="tab" aria-selected={f === facet} onClick={() => auditStore.getState().setFacet(f)}>
            {f}
          </button>
        ))}
        <span className="muted small">{groups.filter((g) => g.standsOut).length} of {groups.length} groups stand out · click a group to filter the episodes</span>
      </div>
      <table className="audit-table">
        <thead>
          <tr>
            <th>{facet}</th>
            <th>episodes</th>
            <th>reviewed</th>
            <th title="Outcome success, of the episodes with an outcome; below: Wilson 95 % interval">success</th>
            <th title="Outcome failure, of the episodes with an outcome; below: Wilson 95 % interval">failure</th>
            <th title="Episodes with an outcome whose labels hold a recovery segment; below: Wilson 95 % interval">recovery</th>
            {PLOTS.map((p) => (
              <th key={p.metric}>{p.title}</th>
            ))}
            <th>stands out</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => {
            const selected = filterable && (activeFacets[facet as FacetKey] ?? []).includes(g.key);
            return (
              <tr
                key={g.key}
                data-stands-out={g.standsOut ? "true" : "false"}
                aria-selected={selected}
                className="audit-group"
                tabIndex={0}
                title={filterable ? `Show only ${facet} ${g.key}` : `${facet} is not a list filter`}
                onClick={() => {
                  if (!filterable) return;
                  datasetStore.getState().toggleFacet(facet as FacetKey, g.key);
                }}
              >
                <th scope="row">{g.standsOut ? "⚑ " : ""}{g.key}</th>
                <td>{g.episodes}</td>
                <td>{g.reviewed}</td>
                <Share share={g.successRate} count={g.success} decided={g.decided} interval={g.wilson95} />
                <Share share={g.failureShare} count={g.failure} decided={g.decided} interval={g.failureWilson95} />
                <Share share={g.recoveryShare} count={g.recovery} decided={g.decided} interval={g.recoveryWilson95} />
                {PLOTS.map((p, i) => (
                  <td key={p.metric} className="audit-box">
                    <Box s={g.distributions[p.metric]} lo={ranges[i]!.lo} hi={ranges[i]!.hi} out={g.standsOut} format={p.format} />
                  </td>
                ))}
                <td className="audit-why">{g.why.join("; ") || <span className="muted">–</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted small">
        Success, failure and recovery (a recovery segment in the labels) are shares of the episodes with an outcome; below each, its Wilson
        score 95 % interval. Boxes: quartiles, line: median, whiskers: min–max, on one
        axis per column. Groups stand out by median triage score ≥ 3.5, a moved camera in half their episodes, or an interval wholly below the
        dataset&apos;s rate.
      </p>
    </div>
  );
}
