/**
 * The lead's audit of a dataset as one JSON-ready object (issue #14; `episcope audit --json`, the Triage and Audit
 * screens, the HTML report): every episode with its metrics, triage score, reasons and suggested segments, in triage
 * order, and the groups of each facet. Times are ns as decimal strings; metric units are in their names
 * (shared/docs/audit-metrics.md).
 */
import type { Outcome } from "../annotation.ts";
import type { DatasetRow, EffectiveStatus } from "../dataset/datasetRow.ts";
import type { EpisodeAudit, SuggestedSegment } from "./episodeMetrics.ts";
import { groupBy, type AuditGroup } from "./groups.ts";
import type { Absent, MetricValue } from "./metricValue.ts";
import type { FirstFrame } from "./setupDrift.ts";
import { triage, type TriageReason } from "./triage.ts";

/** Report schema id. */
export const AUDIT_REPORT_SCHEMA = "episcope.audit/1";
/** Facets grouped by default. */
export const DEFAULT_AUDIT_FACETS = ["operator", "session", "task", "condition"] as const;

/** One episode of the report. */
export interface AuditEpisode {
  /** Relative to the dataset (POSIX). */
  path: string;
  /** First log time (ns, decimal string); null when unreadable. */
  startNs: string | null;
  operator: string | null;
  task: string | null;
  session: string | null;
  status: EffectiveStatus;
  outcome: Outcome | null;
  metrics: Record<string, MetricValue>;
  /** Higher = more worth watching; null when nothing could be measured. */
  score: number | null;
  reasons: TriageReason[];
  suggested: SuggestedSegment[];
  /** Why the episode could not be read, or null. */
  error: string | null;
}

/** The whole audit. */
export interface AuditReport {
  schema: typeof AUDIT_REPORT_SCHEMA;
  /** Dataset folder (absolute). */
  root: string;
  /** Episodes in triage order (highest score first; unreadable last). */
  episodes: AuditEpisode[];
  /** Groups per facet, e.g. groups.operator[]. */
  groups: Record<string, AuditGroup[]>;
  /** Episodes not yet measured (indexing still running or cancelled). */
  pending: number;
}

/** What one episode contributes: its row and its audit facts (null when unreadable or not yet indexed). */
export interface AuditSource {
  row: DatasetRow;
  audit: { audit: EpisodeAudit; firstFrames: Record<string, FirstFrame | Absent> } | null;
}

/** Build the report from the dataset's rows and audit facts, grouped by `facets` (metadata field names). */
export function buildAuditReport(root: string, sources: readonly AuditSource[], facets: readonly string[] = DEFAULT_AUDIT_FACETS): AuditReport {
  const entries = triage(
    sources.map((s) => ({
      path: s.row.path,
      task: s.row.fields.task,
      audit: s.audit?.audit ?? null,
      firstFrames: s.audit?.firstFrames,
      error: s.row.error?.message ?? (s.audit ? null : s.row.facts ? "not measured" : "not indexed yet"),
    })),
  );
  const rows = new Map(sources.map((s) => [s.row.path, s.row]));
  const audits = new Map(sources.map((s) => [s.row.path, s.audit]));
  const episodes = entries.map((e): AuditEpisode => {
    const row = rows.get(e.path)!;
    return {
      path: e.path,
      startNs: audits.get(e.path)?.audit.startNs ?? null,
      operator: row.fields.operator,
      task: row.fields.task,
      session: row.fields.session,
      status: row.status,
      outcome: row.outcome,
      metrics: e.metrics,
      score: e.score,
      reasons: e.reasons,
      suggested: e.suggested,
      error: e.error,
    };
  });
  const groupInputs = sources.map((s) => ({
    path: s.row.path,
    facets: s.row.fields as Record<string, string | null>,
    status: s.row.status,
    outcome: s.row.outcome,
    segmentKinds: [...new Set(s.row.reviews.flatMap((r) => r.segmentKinds))],
  }));
  const groups: Record<string, AuditGroup[]> = {};
  for (const facet of facets) groups[facet] = groupBy(facet, groupInputs, entries);
  return { schema: AUDIT_REPORT_SCHEMA, root, episodes, groups, pending: sources.filter((s) => !s.audit && !s.row.error).length };
}
