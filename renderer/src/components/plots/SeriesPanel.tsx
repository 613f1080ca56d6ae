/**
 * A plot panel with user-picked series (FieldPicker): data through `episode.seriesRange`, min/max-downsampled by the
 * engine to one bucket per pixel of the visible range (extremes exact at every zoom), re-fetched when the shared plot
 * view zooms. Cursor line at the clock, click to seek, drag to zoom (all panels), double-click to reset, hover readout
 * (uPlot's live legend), and a derivative (velocity, units/s) toggle.
 *
 * DOM contract for tests: root `section.series-panel` with `data-series-count` and `data-point-count`.
 */
import { useEffect, useRef, useState } from "react";
import uPlot from "uplot";
import type { ChannelSummary } from "../../../../shared/episode.ts";
import { derivative } from "../../../../shared/playback/seriesMath.ts";
import { secondsToNs } from "../../../../shared/time.ts";
import { errorMessage } from "../../app/errors.ts";
import { api } from "../../ipc/api.ts";
import { clockStore, subscribeTime } from "../../stores/clock.ts";
import { plotViewStore, selectPlotRange, usePlotView } from "../../stores/plotView.ts";
import { FieldPicker, type SeriesPick } from "./FieldPicker.tsx";
import { seriesColor } from "./palette.ts";

/** Props of a series panel. */
export interface SeriesPanelProps {
  index: number;
  episodeId: string;
  startNs: bigint;
  endNs: bigint;
  channels: readonly ChannelSummary[];
  onRemove(): void;
}

const AXIS = { stroke: "#aab3c2", grid: { stroke: "#262b35", width: 1 }, ticks: { stroke: "#363c48", width: 1 }, font: "11px system-ui, sans-serif" };

/** Fetch the picked series over [a, b] with `buckets` buckets and join them on one x axis (s since `startNs`). */
async function loadColumns(episodeId: string, picks: readonly SeriesPick[], a: bigint, b: bigint, buckets: number, startNs: bigint): Promise<uPlot.AlignedData> {
  const byTopic = new Map<string, SeriesPick[]>();
  for (const p of picks) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p]);
  const tables: uPlot.AlignedData[] = [];
  const order: SeriesPick[] = [];
  for (const [topic, ps] of byTopic) {
    const s = await api.episode.seriesRange({ episodeId, topic, startNs: a, endNs: b, buckets, fields: ps.map((p) => p.path) });
    const x = Array.from(s.logTimesNs, (t) => Number(t - startNs) / 1e9);
    const cols = ps.map((p) => {
      const k = s.fields.findIndex((f) => f.path === p.path);
      return k >= 0 ? Array.from(s.values[k]!) : x.map(() => Number.NaN);
    });
    tables.push([x, ...cols] as uPlot.AlignedData);
    order.push(...ps);
  }
  if (tables.length === 1) return tables[0]!;
  return uPlot.join(tables as uPlot.AlignedData[]);
}

/** One user-configured plot panel. */
export function SeriesPanel({ index, episodeId, startNs, endNs, channels, onRemove }: SeriesPanelProps) {
  const [picks, setPicks] = useState<SeriesPick[]>([]);
  const [velocity, setVelocity] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [points, setPoints] = useState(0);
  const range = usePlotView(selectPlotRange);
  const chartRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = chartRef.current;
    if (!el || picks.length === 0) return;
    let live = true;
    let plot: uPlot | null = null;
    let unsubscribe = () => {};
    const a = range?.startNs ?? startNs;
    const b = range?.endNs ?? endNs;
    const width = Math.max(50, el.clientWidth);
    void loadColumns(episodeId, picks, a, b, Math.max(16, Math.round(width)), startNs)
      .then((data) => {
        if (!live) return;
        const x = data[0] as ArrayLike<number>;
        const ys = data.slice(1).map((y) => (velocity ? Array.from(derivative(x, Array.from(y as ArrayLike<number | null>, (v) => v ?? Number.NaN))) : y));
        const line = document.createElement("div");
        line.className = "plot-playhead";
        const place = (t: bigint) => {
          if (!plot) return;
          const px = plot.valToPos(Number(t - startNs) / 1e9, "x");
          line.style.transform = `translateX(${Math.round(px)}px)`;
          line.hidden = !Number.isFinite(px) || px < 0 || px > plot.over.clientWidth;
        };
        const opts: uPlot.Options = {
          width,
          height: Math.max(60, el.clientHeight - 24),
          scales: { x: { time: false, range: [Number(a - startNs) / 1e9, Number(b - startNs) / 1e9] } },
          axes: [{ ...AXIS, values: (_u, splits) => splits.map((v) => `${+v.toFixed(3)} s`) }, { ...AXIS, size: 52, space: 18 }],
          series: [
            { label: "t (s)", value: (_u, v) => (v == null ? "—" : `${v.toFixed(3)} s`) },
            ...picks.map((p, i) => ({ label: velocity ? `d/dt ${p.label}` : p.label, stroke: seriesColor(i), width: 1.25, spanGaps: true, points: { show: false } })),
          ],
          cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false }, y: false },
          legend: { show: true, live: true },
          hooks: {
            draw: [() => place(clockStore.getState().tNs)],
            setSelect: [
              (u) => {
                if (u.select.width < 3) return;
                const x0 = u.posToVal(u.select.left, "x");
                const x1 = u.posToVal(u.select.left + u.select.width, "x");
                u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
                plotViewStore.getState().zoomTo(startNs + secondsToNs(Math.max(0, x0)), startNs + secondsToNs(Math.max(0, x1)));
              },
            ],
          },
        };
        plot = new uPlot(opts, [x, ...ys] as uPlot.AlignedData, el);
        plot.over.appendChild(line);
        unsubscribe = subscribeTime((t) => place(t));
        const p = plot;
        p.over.addEventListener("click", (e) => {
          const v = p.posToVal(e.offsetX, "x");
          if (Number.isFinite(v)) clockStore.getState().seek(startNs + secondsToNs(Math.max(0, v)));
        });
        p.over.addEventListener("dblclick", () => plotViewStore.getState().reset());
        setPoints(x.length);
        setError(null);
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
      unsubscribe();
      plot?.destroy();
    };
  }, [episodeId, picks, velocity, range, startNs, endNs]);

  const toggle = (p: SeriesPick) =>
    setPicks((prev) => (prev.some((q) => q.topic === p.topic && q.path === p.path) ? prev.filter((q) => q.topic !== p.topic || q.path !== p.path) : [...prev, p]));

  return (
    <section className="series-panel" aria-label={`Plot ${index + 1}`} data-series-count={picks.length} data-point-count={picks.length ? points : 0}>
      <header className="plot-header">
        <span className="plot-title">Plot {index + 1}</span>
        <label className="velocity-toggle">
          <input type="checkbox" checked={velocity} onChange={(e) => setVelocity(e.target.checked)} /> velocity (d/dt)
        </label>
        <button type="button" className="text-button" onClick={() => plotViewStore.getState().reset()} aria-label={`Reset zoom of plot ${index + 1}`}>
          reset zoom
        </button>
        <button type="button" className="text-button" onClick={onRemove} aria-label={`Remove plot ${index + 1}`}>
          ✕
        </button>
      </header>
      <div className="series-body">
        <FieldPicker episodeId={episodeId} channels={channels} picked={picks} onToggle={toggle} />
        <div className="series-chart" ref={chartRef}>
          {picks.length === 0 && <div className="panel-empty">Pick series on the left (search by name).</div>}
          {error && <div className="panel-empty" role="alert">Could not load the series: {error}</div>}
        </div>
      </div>
    </section>
  );
}
