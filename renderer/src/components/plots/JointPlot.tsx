/**
 * One joint plot (uPlot): one joint group's fields of a joints channel (an arm, a gripper; see jointGroups.ts) against
 * seconds since the episode start, a y axis with its unit, a playhead line that follows the clock outside React, click
 * to seek, and a legend of joint names (click to hide) showing each value under the hover cursor.
 *
 * Long series are drawn from a copy thinned to the plot's pixel width over the x window shown (min and max of each
 * pixel column: shared/playback/decimateColumns.ts; the same picture, ~2 samples per pixel instead of 61k × 14 samples
 * on a 306 s episode), made again on zoom and resize; hover values are read from the full series. Until the full
 * series is in, the plot is drawn from its overview (the min and max of each of 2048 time buckets, EpisodeLoad).
 *
 * DOM contract for tests: the panel root has `data-topic`, `data-group`, `data-point-count` (samples of the series
 * plotted), `data-series` (`overview`, `full` or `none`: what is plotted), `data-drawn-points` (x values handed to uPlot after thinning) and `data-y-ticks` / `data-x-ticks` (the tick
 * labels last drawn, joined by `|`), `data-unit`.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { ChannelSummary } from "../../../../shared/episode.ts";
import { decimateColumns, nearestSample } from "../../../../shared/playback/decimateColumns.ts";
import { seriesToColumns, type PlotColumns } from "../../../../shared/playback/plotData.ts";
import { niceAxis, tickLabels } from "../../../../shared/playback/tickLabels.ts";
import { secondsToNs } from "../../../../shared/time.ts";
import { clockStore, subscribeTime } from "../../stores/clock.ts";
import { selectPlotRange, usePlotView } from "../../stores/plotView.ts";
import { useEpisode } from "../../stores/episode.ts";
import { selectPlotSeries, selectSeries } from "../../stores/selectors.ts";
import { seriesColor } from "./palette.ts";

/** Props of a joint plot. */
export interface JointPlotProps {
  channel: ChannelSummary;
  startNs: bigint;
  endNs: bigint;
  error?: string;
  /** The group's name ("left arm"; "all" for the whole channel) and its field indices (absent: every field). */
  group?: { name: string; fields: readonly number[] };
  /** Unit of the y values ("rad"), shown on the axis; "" for none. */
  unit?: string;
}

const AXIS = { stroke: "#aab3c2", grid: { stroke: "#262b35", width: 1 }, ticks: { stroke: "#363c48", width: 1 }, font: "11px system-ui, sans-serif" };

/** A plot panel for one joints channel. */
export function JointPlot({ channel, startNs, endNs, error, group, unit = "" }: JointPlotProps) {
  // The overview (min/max per time bucket) until the full series is in: the same picture of the whole episode.
  const series = useEpisode(selectPlotSeries(channel.topic));
  const full = useEpisode(selectSeries(channel.topic)) !== null;
  const fieldKey = group ? group.fields.join(",") : "";
  const fields = useMemo(
    () => (series ? (fieldKey ? fieldKey.split(",").map(Number) : series.fields.map((_, i) => i)).filter((i) => i < series.fields.length) : []),
    [series, fieldKey],
  );
  const rootRef = useRef<HTMLElement>(null);
  const valueRefs = useRef<(HTMLSpanElement | null)[]>([]);
  const chartRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  /** Hands uPlot the series thinned for the x window shown and the plot's width (set while a plot exists). */
  const redrawRef = useRef<(() => void) | null>(null);
  /** The x window (s) the drawn copy was last thinned for. */
  const thinnedForRef = useRef<[number, number] | null>(null);
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
    const all = seriesToColumns(series, startNs);
    const columns = [all[0], ...fields.map((f) => all[f + 1]!)] as PlotColumns;
    const root = rootRef.current;
    const thinned = (widthCssPx: number) => {
      const [w0, w1] = windowRef.current;
      thinnedForRef.current = [w0, w1];
      const drawn = decimateColumns(columns, w0, w1, Math.max(1, Math.round(widthCssPx * (window.devicePixelRatio || 1))));
      root?.setAttribute("data-drawn-points", String(drawn[0].length));
      return drawn as unknown as uPlot.AlignedData;
    };
    // Tick labels: as many decimals as the step needs (no duplicates), recorded on the panel for tests.
    const labels = (axis: "x" | "y", u: string) => (_u: uPlot, splits: number[]) => {
      const out = tickLabels(splits, u);
      root?.setAttribute(`data-${axis}-ticks`, out.join("|"));
      return out;
    };
    const showValues = (u: uPlot) => {
      // From the full series: the sample nearest the cursor's time (the drawn copy may be thinned).
      const left = u.cursor.left;
      const idx = left == null || left < 0 ? -1 : nearestSample(columns[0], u.posToVal(left, "x"));
      fields.forEach((_, k) => {
        const el = valueRefs.current[k];
        if (!el) return;
        const v = idx < 0 ? null : (columns[k + 1]?.[idx] ?? null);
        el.textContent = v == null || !Number.isFinite(v) ? "" : v.toFixed(3);
      });
    };
    const opts: uPlot.Options = {
      width: Math.max(50, el.clientWidth),
      height: Math.max(50, el.clientHeight),
      // y: widened to whole 1/2/5 steps so every panel has at least three labelled ticks (niceAxis).
      scales: { x: { time: false, auto: false, range: () => windowRef.current }, y: { range: (_u, lo, hi) => { const a = niceAxis(lo, hi); return [a.min, a.max]; } } },
      axes: [
        { ...AXIS, values: labels("x", "s") },
        { ...AXIS, size: 50, space: 14, splits: (_u, _i, lo, hi) => niceAxis(lo, hi).ticks, values: labels("y", ""), label: unit || undefined, labelSize: unit ? 16 : 0, labelFont: AXIS.font },
      ],
      series: [
        { label: "t (s)" },
        ...fields.map((f) => ({ label: series.fields[f]!.label, stroke: seriesColor(f), width: 1.25, points: { show: false } })),
      ],
      cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false }, y: false },
      legend: { show: false },
      // Scales exist only once uPlot has drawn: (re)place the playhead after every draw (first draw, resize).
      hooks: { draw: [() => place(clockStore.getState().tNs)], setCursor: [showValues] },
    };
    const line = document.createElement("div");
    line.className = "plot-playhead";
    let u: uPlot | null = null;
    const place = (t: bigint) => {
      if (!u) return;
      const px = u.valToPos(Number(t - startNs) / 1e9, "x");
      if (Number.isFinite(px)) line.style.transform = `translateX(${Math.round(px)}px)`;
    };
    u = new uPlot(opts, thinned(opts.width), el);
    const plot = u;
    plotRef.current = plot;
    redrawRef.current = () => plot.setData(thinned(plot.width));
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
      if (w === plot.width && h === plot.height) return;
      const wider = w !== plot.width;
      plot.setSize({ width: w, height: h });
      if (wider) plot.setData(thinned(w));
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      unsubscribe();
      plot.over.removeEventListener("click", onClick);
      plot.destroy();
      plotRef.current = null;
      redrawRef.current = null;
    };
  }, [series, startNs, endNs, fields, unit]);

  const [x0, x1] = windowRef.current;
  useEffect(() => {
    // The window's own thinned copy (the x range follows windowRef), then the scale; nothing when the plot was just
    // made for this window.
    const drawnFor = thinnedForRef.current;
    if (drawnFor && drawnFor[0] === x0 && drawnFor[1] === x1) return;
    redrawRef.current?.();
    plotRef.current?.setScale("x", { min: x0, max: x1 });
  }, [x0, x1]);

  useEffect(() => {
    const u = plotRef.current;
    if (!u || !series) return;
    fields.forEach((f, k) => u.setSeries(k + 1, { show: !hidden.has(f) }));
  }, [hidden, series, fields]);

  const toggle = (i: number) =>
    setHidden((prev) => {
      const next = new Set(prev);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });

  return (
    <section
      ref={rootRef}
      className="plot-panel"
      aria-label={group && group.name !== "all" ? `Joint plot ${channel.topic} ${group.name}` : `Joint plot ${channel.topic}`}
      data-topic={channel.topic}
      data-group={group?.name ?? "all"}
      data-unit={unit}
      data-point-count={series ? series.logTimesNs.length : 0}
      data-series={full ? "full" : series ? "overview" : "none"}
    >
      <header className="plot-header">
        <span className="plot-title">{channel.topic}</span>
        {group && group.name !== "all" && <span className="plot-group">{group.name}</span>}
        <span className="muted">{channel.schemaName}</span>
      </header>
      <div className="plot-body">
        <div className="plot-chart" ref={chartRef}>
          {!series && <div className="panel-empty">{error ? `Could not load ${channel.topic}: ${error}` : "loading…"}</div>}
        </div>
        {series && (
          <ul className="plot-legend" aria-label={`Joints of ${channel.topic}`}>
            {fields.map((i, k) => {
              const f = series.fields[i]!;
              return (
                <li key={f.path}>
                  <button
                    type="button"
                    className="legend-item"
                    aria-pressed={!hidden.has(i)}
                    title={`${f.path} — click to ${hidden.has(i) ? "show" : "hide"}`}
                    onClick={() => toggle(i)}
                  >
                    <span className="legend-swatch" style={{ background: seriesColor(i) }} />
                    <span className="legend-label">{f.label}</span>
                    <span
                      className="legend-value"
                      ref={(el) => {
                        valueRefs.current[k] = el;
                      }}
                    />
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
}
