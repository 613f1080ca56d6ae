/**
 * The dataset overview (plain SVG bar charts): counts by review status, outcome, operator and task, and the
 * durations histogram — over the rows that pass the current filter.
 */
import { useMemo } from "react";
import { datasetOverview, type Count } from "../../../../shared/dataset/overview.ts";
import type { EffectiveStatus } from "../../../../shared/dataset/datasetRow.ts";
import { useDataset } from "../../stores/dataset.ts";
import { formatDuration, OUTCOME_COLOR, STATUS_COLOR, STATUS_LABEL } from "./datasetFormat.ts";

const BAR_H = 18;
const LABEL_W = 110;
const WIDTH = 360;

/** Horizontal bars, one per count, with their numbers. */
function Bars({ title, counts, color, label = (s) => s }: { title: string; counts: Count[]; color(label: string): string; label?(s: string): string }) {
  const max = Math.max(1, ...counts.map((c) => c.count));
  const height = counts.length * (BAR_H + 4) + 4;
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <svg width={WIDTH} height={height} role="img" aria-label={`${title}: ${counts.map((c) => `${label(c.label)} ${c.count}`).join(", ")}`}>
        {counts.map((c, i) => {
          const y = 4 + i * (BAR_H + 4);
          const w = ((WIDTH - LABEL_W - 50) * c.count) / max;
          return (
            <g key={c.label}>
              <text x={LABEL_W - 6} y={y + BAR_H - 5} textAnchor="end" className="chart-label">
                {label(c.label)}
              </text>
              <rect x={LABEL_W} y={y} width={Math.max(c.count > 0 ? 2 : 0, w)} height={BAR_H} rx={2} fill={color(c.label)} />
              <text x={LABEL_W + w + 6} y={y + BAR_H - 5} className="chart-value">
                {c.count}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** The overview panel. */
export function DatasetOverview() {
  const visible = useDataset((s) => s.visible);
  const o = useMemo(() => datasetOverview(visible), [visible]);
  const maxBin = Math.max(1, ...o.durations.map((b) => b.count));
  const histW = 520;
  const histH = 150;
  const barW = o.durations.length > 0 ? (histW - 40) / o.durations.length : 0;
  return (
    <div className="dataset-overview" aria-label="Dataset overview">
      <p className="overview-total">
        {o.total} episodes{o.withoutDuration > 0 ? ` · ${o.withoutDuration} without a duration (unreadable or not indexed)` : ""}
      </p>
      <div className="overview-grid">
        <Bars title="Review status" counts={o.byStatus} color={(l) => STATUS_COLOR[l as EffectiveStatus] ?? "var(--accent)"} label={(l) => STATUS_LABEL[l as EffectiveStatus] ?? l} />
        <Bars title="Outcome" counts={o.byOutcome} color={(l) => OUTCOME_COLOR[l as keyof typeof OUTCOME_COLOR] ?? "var(--accent)"} />
        <Bars title="Operator" counts={o.byOperator} color={() => "var(--accent)"} />
        <Bars title="Task" counts={o.byTask} color={() => "#9c7cf4"} />
        <figure className="chart chart-wide" aria-label="Durations">
          <figcaption>Durations</figcaption>
          <svg width={histW} height={histH + 24} role="img" aria-label={`Durations histogram: ${o.durations.map((b) => `${b.fromSec}–${b.toSec} s ${b.count}`).join(", ")}`}>
            {o.durations.map((b, i) => {
              const h = ((histH - 16) * b.count) / maxBin;
              const x = 20 + i * barW;
              return (
                <g key={b.fromSec}>
                  <rect x={x + 1} y={histH - h} width={Math.max(1, barW - 2)} height={h} fill="#4ea1ff" rx={2} />
                  {b.count > 0 && (
                    <text x={x + barW / 2} y={histH - h - 4} textAnchor="middle" className="chart-value">
                      {b.count}
                    </text>
                  )}
                  <text x={x} y={histH + 14} textAnchor="middle" className="chart-label">
                    {formatDuration(b.fromSec).replace(/\.0$/, "")}
                  </text>
                </g>
              );
            })}
            {o.durations.length > 0 && (
              <text x={20 + o.durations.length * barW} y={histH + 14} textAnchor="middle" className="chart-label">
                {formatDuration(o.durations.at(-1)!.toSec).replace(/\.0$/, "")}
              </text>
            )}
          </svg>
        </figure>
      </div>
    </div>
  );
}
