/**
 * `episcope audit DATASET [--json] [--csv] [--html FILE] [--by FACET,...] [--serve-url URL] [--store postgres://…
 * [--dataset-key KEY]]`: the lead's audit
 * (issue #14). Indexes the dataset (new or changed episodes measured in worker threads, the rest from the cache; progress
 * on stderr), then prints the triage list (episodes by score with their reasons) and the groups of each facet
 * (default operator, session, task, condition) — as text, JSON (shared/audit/auditReport.ts) or CSV (one row per
 * episode) — and with --html writes a self-contained report with box plots and deep links.
 * With --store the review status and metadata table are read from the team store on PostgreSQL (storeArg.ts).
 * Exit code 0 (also with unreadable episodes: they are listed with their error); 1 when the dataset cannot be read.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import type { AuditReport } from "../../shared/audit/auditReport.ts";
import { DEFAULT_AUDIT_FACETS } from "../../shared/audit/auditReport.ts";
import { auditCsv } from "../../shared/audit/auditCsv.ts";
import { auditHtml } from "../../shared/audit/auditHtml.ts";
import { intervalText, shareText } from "../../shared/audit/groupFormat.ts";
import { isPresent } from "../../shared/audit/metricValue.ts";
import { DatasetMainService } from "../services/dataset/datasetMainService.ts";
import type { CacheEntries } from "../services/dataset/summaryCache.ts";
import { indexWithProgress } from "./indexProgress.ts";
import { datasetRootArg, LABELS_USAGE } from "./datasetRootArg.ts";
import { runShard, SHARD_USAGE } from "./shardRun.ts";
import { openStoreArg, STORE_OPTION_USAGE, STORE_OPTIONS } from "./storeArg.ts";

/** Usage line of `episcope audit`. */
export const AUDIT_USAGE =
  `episcope audit DATASET [--json] [--csv] [--html FILE] [--by FACET,...] [--serve-url URL] ${SHARD_USAGE} ${LABELS_USAGE} ${STORE_OPTION_USAGE}\n` +
  "                                      triage (episodes worth watching, with reasons) and per-operator/session/task groups";

/** The text form: the triage list, then each facet's groups. */
export function auditText(report: AuditReport): string[] {
  const lines: string[] = [];
  lines.push("score\tepisode\treasons");
  for (const e of report.episodes) {
    if (e.error) lines.push(`-\t${e.path}\tunreadable: ${e.error}`);
    else lines.push(`${e.score === null ? "-" : e.score.toFixed(1)}\t${e.path}\t${e.reasons.map((r) => r.text).join("; ") || "-"}`);
  }
  for (const [facet, groups] of Object.entries(report.groups)) {
    lines.push("", `${facet}\tepisodes\treviewed\tsuccess\t95 % CI\tfailure (95 % CI)\trecovery (95 % CI)\tmedian idle\tmedian hesitations\tstands out`);
    for (const g of groups) {
      const rate = shareText(g.successRate, g.success, g.decided);
      const ci = intervalText(g.wilson95);
      const failure = g.failureShare === null ? "-" : `${shareText(g.failureShare, g.failure, g.decided)} ${intervalText(g.failureWilson95)}`;
      const recovery = g.recoveryShare === null ? "-" : `${shareText(g.recoveryShare, g.recovery, g.decided)} ${intervalText(g.recoveryWilson95)}`;
      const idle = g.distributions.idleFraction ? `${Math.round(g.distributions.idleFraction.median * 100)} %` : "-";
      const hes = g.distributions.hesitationCount ? String(g.distributions.hesitationCount.median) : "-";
      lines.push([g.key, g.episodes, g.reviewed, rate, ci, failure, recovery, idle, hes, g.why.join("; ") || "-"].join("\t"));
    }
  }
  const measured = report.episodes.filter((e) => isPresent(e.metrics.durationS)).length;
  lines.push("", `${report.episodes.length} episodes, ${measured} measured, ${report.episodes.filter((e) => e.reasons.length > 0).length} with reasons`);
  return lines;
}

/** Write `text` to stdout and wait until it is handed to the OS (a pipe gets all of it before the process exits). */
function writeAll(text: string): Promise<void> {
  return new Promise((resolveWrite, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolveWrite())));
}

/**
 * Run `episcope audit`. Progress goes through `err`; the output through `out` when given (tests), else straight to
 * stdout, awaited. `seed`: entries of merged shard parts (`episcope merge`).
 * @throws Error on bad arguments; EpiscopeError `not-found` when DATASET is not a folder.
 */
export async function runAudit(
  args: string[],
  out?: (text: string) => void,
  err: (text: string) => void = (text) => process.stderr.write(text),
  seed?: CacheEntries,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      json: { type: "boolean", default: false },
      csv: { type: "boolean", default: false },
      html: { type: "string" },
      by: { type: "string" },
      "serve-url": { type: "string" },
      shard: { type: "string" },
      part: { type: "string" },
      labels: { type: "string" },
      ...STORE_OPTIONS,
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new Error(`expected one DATASET folder\nusage: ${AUDIT_USAGE}`);
  if (values.json && values.csv) throw new Error("choose one of --json and --csv");
  const root = datasetRootArg(positionals[0]!, values.labels, err);
  if (values.shard !== undefined || values.part !== undefined) return runShard("audit", root, values.shard, values.part, err, values);
  const facets = values.by ? values.by.split(",").map((f) => f.trim()).filter(Boolean) : [...DEFAULT_AUDIT_FACETS];
  const team = await openStoreArg(values, root.location);
  const service = new DatasetMainService(root, { seed, ...(team ? { reviews: team.reviews, metadata: team.metadata } : {}) });
  try {
    const progress = await indexWithProgress(service, "auditing", err);
    if (progress.state !== "done") {
      err(`episcope audit: indexing ${progress.state}${progress.error ? `: ${progress.error}` : ""}\n`);
      return 1;
    }
    const report = await service.auditReport(facets);
    if (values.html) {
      fs.writeFileSync(values.html, auditHtml(report, { serveUrl: values["serve-url"] }));
      err(`wrote ${values.html}\n`);
    }
    const text = values.json ? JSON.stringify(report, null, 2) + "\n" : values.csv ? auditCsv(report) : auditText(report).join("\n") + "\n";
    if (out) out(text);
    else await writeAll(text);
    return 0;
  } finally {
    await service.close();
    await team?.close();
  }
}
