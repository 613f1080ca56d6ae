/**
 * One uPlot chart of a per-step quantity of the reward curve (r_t or G_t) against seconds since the episode start.
 *
 * DOM contract for tests: the root has `data-step-count`, `data-first` and `data-last` (values at the first and last
 * step, 6 decimals).
 */
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** Props of a reward plot. */
export interface RewardPlotProps {
  /** Title, e.g. "r_t". */
  label: string;
  /** Seconds since the episode start, per step. */
  xs: Float64Array;
  ys: Float64Array;
  color: string;
  /** Draw as steps (the per-step reward) rather than a line. */
  stepped?: boolean;
}

const AXIS = { stroke: "#aab3c2", grid: { stroke: "#262b35", width: 1 }, ticks: { stroke: "#363c48", width: 1 }, font: "10px system-ui, sans-serif" };

/** See the module comment. */
export function RewardPlot({ label, xs, ys, color, stepped }: RewardPlotProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || xs.length === 0) return;
    const opts: uPlot.Options = {
      width: Math.max(80, el.clientWidth),
      height: 90,
      scales: { x: { time: false } },
      axes: [
        { ...AXIS, size: 22, values: (_u, splits) => splits.map((v) => `${v.toFixed(v % 1 === 0 ? 0 : 1)} s`) },
        { ...AXIS, size: 40, space: 16 },
      ],
      series: [
        { label: "t (s)" },
        { label, stroke: color, width: 1.5, points: { show: xs.length < 40 }, ...(stepped ? { paths: uPlot.paths.stepped!({ align: 1 }) } : {}) },
      ],
      cursor: { drag: { x: false, y: false, setScale: false }, y: false },
      legend: { show: false },
    };
    const plot = new uPlot(opts, [xs, ys] as unknown as uPlot.AlignedData, el);
    const ro = new ResizeObserver(() => {
      const w = Math.max(80, el.clientWidth);
      if (w !== plot.width) plot.setSize({ width: w, height: 90 });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [xs, ys, label, color, stepped]);

  const n = ys.length;
  return (
    <figure
      className="reward-plot"
      aria-label={`Plot of ${label}`}
      data-step-count={n}
      data-first={n ? ys[0]!.toFixed(6) : ""}
      data-last={n ? ys[n - 1]!.toFixed(6) : ""}
    >
      <figcaption>{label}</figcaption>
      <div className="reward-plot-chart" ref={ref}>
        {n === 0 && <span className="muted">no steps</span>}
      </div>
    </figure>
  );
}
