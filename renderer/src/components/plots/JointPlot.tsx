/**
 * One joint-state plot (uPlot): every position field of a joints channel against seconds since the episode start, a
 * playhead line that follows the clock outside React, click to seek, and a legend of joint names (click to hide).
 *
 * DOM contract for tests: the panel root has `data-topic` and `data-point-count` (x values drawn).
 */
import { useEffect, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { ChannelSummary } from "../../../../shared/episode.ts";
import { seriesToColumns } from "../../../../shared/playback/plotData.ts";
import { secondsToNs } from "../../../../shared/time.ts";
import { clockStore, subscribeTime } from "../../stores/clock.ts";
import { selectPlotRange, usePlotView } from "../../stores/plotView.ts";
import { useEpisode } from "../../stores/episode.ts";
import { selectSeries } from "../../stores/selectors.ts";
import { seriesColor } from "./palette.ts";

/** Props of a joint plot. */
export interface JointPlotProps {
  channel: ChannelSummary;
  startNs: bigint;
  endNs: bigint;
  error?: string;
}

const AXIS = { stroke: "#aab3c2", grid: { stroke: "#262b35", width: 1 }, ticks: { stroke: "#363c48", width: 1 }, font: "11px system-ui, sans-serif" };

/** A plot panel for one joints channel. */
export function JointPlot({ channel, startNs, endNs, error }: JointPlotProps) {
  const series = useEpisode(selectSeries(channel.topic));
  const chartRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  // The x window (s from the episode start): the timeline's zoom (plotView), else the whole episode.
  const zoomed = usePlotView(selectPlotRange);
  const windowS = (): [number, number] =>
    zoomed ? [Number(zoomed.startNs - startNs) / 1e9, Number(zoomed.endNs - startNs) / 1e9] : [0, Math.max(Number(endNs - startNs) / 1e9, 1e-3)];
  const windowRef = useRef(windowS());
  windowRef.current = windowS();

  useEffect(() => {
    const el = chartRef.current;
    if (!series || !el) return;
    const columns = seriesToColumns(series, startNs);
    const opts: uPlot.Options = {
      width: Math.max(50, el.clientWidth),
      height: Math.max(50, el.clientHeight),
      scales: { x: { time: false, auto: false, range: () => windowRef.current } },
      axes: [
        { ...AXIS, values: (_u, splits) => splits.map((v) => `${v.toFixed(v % 1 === 0 ? 0 : 1)} s`) },
        { ...AXIS, size: 48, space: 18 },
      ],
      series: [
        { label: "t (s)" },
        ...series.fields.map((f, i) => ({ label: f.label, stroke: seriesColor(i), width: 1.25, points: { show: false } })),
      ],
      cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false }, y: false },
      legend: { show: false },
      // Scales exist only once uPlot has drawn: (re)place the playhead after every draw (first draw, resize).
      hooks: { draw: [() => place(clockStore.getState().tNs)] },
    };
    const line = document.createElement("div");
    line.className = "plot-playhead";
    let u: uPlot | null = null;
    const place = (t: bigint) => {
      if (!u) return;
      const px = u.valToPos(Number(t - startNs) / 1e9, "x");
      if (Number.isFinite(px)) line.style.transform = `translateX(${Math.round(px)}px)`;
    };
    u = new uPlot(opts, columns as unknown as uPlot.AlignedData, el);
    const plot = u;
    plotRef.current = plot;
    plot.over.appendChild(line);
    const unsubscribe = subscribeTime((t) => place(t));

    const onClick = (e: MouseEvent) => {
      const x = plot.posToVal(e.offsetX, "x");
      if (Number.isFinite(x)) clockStore.getState().seek(startNs + secondsToNs(Math.max(0, x)));
    };
    plot.over.addEventListener("click", onClick);

    const ro = new ResizeObserver(() => {
      const w = Math.max(50, el.clientWidth);
      const h = Math.max(50, el.clientHeight);
      if (w !== plot.width || h !== plot.height) plot.setSize({ width: w, height: h });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      unsubscribe();
      plot.over.removeEventListener("click", onClick);
      plot.destroy();
      plotRef.current = null;
    };
  }, [series, startNs, endNs]);

  const [x0, x1] = windowRef.current;
  useEffect(() => {
    plotRef.current?.setScale("x", { min: x0, max: x1 });
  }, [x0, x1]);

  useEffect(() => {
    const u = plotRef.current;
    if (!u || !series) return;
    series.fields.forEach((_, i) => u.setSeries(i + 1, { show: !hidden.has(i) }));
  }, [hidden, series]);

  const toggle = (i: number) =>
    setHidden((prev) => {
      const next = new Set(prev);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });

  return (
    <section
      className="plot-panel"
      aria-label={`Joint plot ${channel.topic}`}
      data-topic={channel.topic}
      data-point-count={series ? series.logTimesNs.length : 0}
    >
      <header className="plot-header">
        <span className="plot-title">{channel.topic}</span>
        <span className="muted">{channel.schemaName}</span>
      </header>
      <div className="plot-body">
        <div className="plot-chart" ref={chartRef}>
          {!series && <div className="panel-empty">{error ? `Could not load ${channel.topic}: ${error}` : "loading…"}</div>}
        </div>
        {series && (
          <ul className="plot-legend" aria-label={`Joints of ${channel.topic}`}>
            {series.fields.map((f, i) => (
              <li key={f.path}>
                <button
                  type="button"
                  className="legend-item"
                  aria-pressed={!hidden.has(i)}
                  title={`${f.path} — click to ${hidden.has(i) ? "show" : "hide"}`}
                  onClick={() => toggle(i)}
                >
                  <span className="legend-swatch" style={{ background: seriesColor(i) }} />
                  {f.label}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
