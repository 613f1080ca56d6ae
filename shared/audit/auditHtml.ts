/**
 * The audit as one self-contained HTML page a lead can mail (no script, no external file): the triage list with deep
 * links (`episcope://open?episode=…&t=…&dataset=…`, and serve links `<serve-url>/?episode=…&t=…` when a serve URL is
 * given), and per facet a table of groups (episodes, reviewed, success rate, failure and recovery share, each with its
 * Wilson 95 % interval, outliers marked) with box plots (median, quartiles, min–max whiskers; Tukey 1977) of duration,
 * idle fraction, hesitations, RMS jerk and SPARC drawn as inline SVG.
 */
import type { AuditReport } from "./auditReport.ts";
import type { AuditGroup } from "./groups.ts";
import { intervalText, shareText } from "./groupFormat.ts";
import type { FiveNumbers } from "./robustStats.ts";

/** Seconds into the episode of its first suggested segment (0 without one). */
export function suggestedAtS(e: { startNs: string | null; suggested: ReadonlyArray<{ startNs: string }> }): number {
  const first = e.suggested.find((s) => s.startNs);
  return first && e.startNs !== null ? Math.max(0, Number(BigInt(first.startNs) - BigInt(e.startNs)) / 1e9) : 0;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Options of the page. */
export interface AuditHtmlOptions {
  /** Base URL of `episcope serve` on the dataset, for serve links beside the episcope:// links. */
  serveUrl?: string;
  /** Episodes listed in the triage table (default 50). */
  topN?: number;
}

const PLOTS: Array<{ metric: keyof AuditGroup["distributions"]; title: string; format: (x: number) => string }> = [
  { metric: "durationS", title: "duration (s)", format: (x) => x.toFixed(1) },
  { metric: "idleFraction", title: "idle fraction", format: (x) => `${Math.round(x * 100)} %` },
  { metric: "hesitationCount", title: "hesitations", format: (x) => x.toFixed(0) },
  { metric: "rmsJerkRadPerS3", title: "RMS jerk (rad/s³)", format: (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1)) },
  { metric: "sparc", title: "SPARC (closer to 0 = smoother)", format: (x) => x.toFixed(2) },
];

/** One horizontal box plot per group for one metric, on a shared linear axis. */
function boxPlotSvg(groups: readonly AuditGroup[], plot: (typeof PLOTS)[number]): string {
  const stats = groups.map((g) => g.distributions[plot.metric]);
  const present = stats.filter((s): s is FiveNumbers => s !== null);
  if (present.length === 0) return `<p class="none">${esc(plot.title)}: not measured</p>`;
  const lo = Math.min(...present.map((s) => s.min));
  const hi = Math.max(...present.map((s) => s.max));
  const span = hi - lo || 1;
  const rowH = 18;
  const left = 110;
  const width = 300;
  const h = groups.length * rowH + 24;
  const x = (v: number) => left + ((v - lo) / span) * width;
  const rows = groups
    .map((g, i) => {
      const s = stats[i];
      const y = 6 + i * rowH;
      const label = `<text x="${left - 6}" y="${y + 11}" text-anchor="end" class="${g.standsOut ? "out" : ""}">${esc(g.key.length > 16 ? g.key.slice(0, 15) + "…" : g.key)}</text>`;
      if (!s) return label;
      const colour = g.standsOut ? "#d9534f" : "#4a7bd0";
      return (
        label +
        `<line x1="${x(s.min)}" x2="${x(s.max)}" y1="${y + 7}" y2="${y + 7}" stroke="#888"/>` +
        `<rect x="${x(s.q1)}" y="${y + 1}" width="${Math.max(1, x(s.q3) - x(s.q1))}" height="12" fill="${colour}" fill-opacity="0.35" stroke="${colour}"/>` +
        `<line x1="${x(s.median)}" x2="${x(s.median)}" y1="${y}" y2="${y + 14}" stroke="${colour}" stroke-width="2"/>`
      );
    })
    .join("");
  const axis = `<text x="${left}" y="${h - 4}" class="axis">${esc(plot.format(lo))}</text><text x="${left + width}" y="${h - 4}" text-anchor="end" class="axis">${esc(plot.format(hi))}</text>`;
  return `<figure><figcaption>${esc(plot.title)}</figcaption><svg width="${left + width + 10}" height="${h}" role="img" aria-label="${esc(plot.title)} by group">${rows}${axis}</svg></figure>`;
}

function groupTable(facet: string, groups: readonly AuditGroup[]): string {
  const rows = groups
    .map((g) => {
      // A share and its interval, or "no decided episodes" / "–" (never 0 %) when the group has none decided.
      const share = (value: number | null, count: number, interval: [number, number] | null) =>
        value === null ? `<td class="none">${esc(shareText(null, 0, 0))}</td><td class="none">–</td>` : `<td>${esc(shareText(value, count, g.decided))}</td><td>${esc(intervalText(interval))}</td>`;
      return (
        `<tr class="${g.standsOut ? "out" : ""}"><td>${esc(g.key)}</td><td>${g.episodes}</td><td>${g.reviewed}</td>` +
        share(g.successRate, g.success, g.wilson95) +
        share(g.failureShare, g.failure, g.failureWilson95) +
        share(g.recoveryShare, g.recovery, g.recoveryWilson95) +
        `<td>${esc(g.why.join("; ") || "–")}</td></tr>`
      );
    })
    .join("");
  const head = ["episodes", "reviewed", "success", "Wilson 95 %", "failure", "Wilson 95 %", "recovery", "Wilson 95 %", "stands out"];
  return `<table><thead><tr><th>${esc(facet)}</th>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** The HTML page of `report`. */
export function auditHtml(report: AuditReport, options: AuditHtmlOptions = {}): string {
  const top = report.episodes.slice(0, options.topN ?? 50);
  const link = (path: string, t: number) => {
    const q = `episode=${encodeURIComponent(path)}&t=${t.toFixed(2)}`;
    const app = `episcope://open?${q}&dataset=${encodeURIComponent(report.root)}`;
    const serve = options.serveUrl ? ` · <a href="${esc(`${options.serveUrl.replace(/\/$/, "")}/?${q}`)}">serve</a>` : "";
    return `<a href="${esc(app)}">open</a>${serve}`;
  };
  const triageRows = top
    .map((e, i) => {
      // Deep link at the first suggested segment (a hesitation, idle stretch or spike), else the start.
      const t = suggestedAtS(e);
      const reasons = e.error ? `<span class="err">${esc(e.error)}</span>` : esc(e.reasons.map((r) => r.text).join("; ") || "–");
      return `<tr><td>${i + 1}</td><td>${e.score === null ? "–" : e.score.toFixed(1)}</td><td>${esc(e.path)}</td><td>${esc(e.operator ?? "–")}</td><td>${esc(e.task ?? "–")}</td><td>${reasons}</td><td>${link(e.path, t)}</td></tr>`;
    })
    .join("");
  const facets = Object.entries(report.groups)
    .map(([facet, groups]) => `<section><h2>By ${esc(facet)}</h2>${groupTable(facet, groups)}<div class="plots">${PLOTS.map((p) => boxPlotSvg(groups, p)).join("")}</div></section>`)
    .join("");
  const flagged = report.episodes.filter((e) => e.reasons.length > 0).length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Episcope audit — ${esc(report.root)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1400px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
table{border-collapse:collapse;margin:8px 0}th,td{padding:3px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
th{background:#f4f4f6}tr.out td{background:#fdecec}.none{color:#888}.err{color:#b00}
.plots{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}figcaption{font-weight:600;font-size:12px}
svg text{font-size:11px;fill:#333}svg text.out{fill:#c00;font-weight:600}svg text.axis{fill:#777}
</style></head><body>
<h1>Episcope audit</h1>
<p>${esc(report.root)} — ${report.episodes.length} episodes, ${flagged} with reasons${report.pending ? `, ${report.pending} not measured yet` : ""}.
Scores are robust z-scores within each task (median/MAD); reasons name the metric (see audit-metrics.md).
Success, failure and recovery shares are of the episodes with an outcome, with Wilson 95 % intervals.</p>
<h2>Triage: worth watching first</h2>
<table><thead><tr><th>#</th><th>score</th><th>episode</th><th>operator</th><th>task</th><th>reasons</th><th>link</th></tr></thead><tbody>${triageRows}</tbody></table>
${facets}
</body></html>
`;
}
