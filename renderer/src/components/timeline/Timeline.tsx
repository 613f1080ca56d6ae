/**
 * The bottom timeline: the overview waveform of the whole episode (segments as regions, the zoomed window as a band),
 * then the detail rows on the zoomed window — one frame-tick row per camera, the loop selection, and the annotation
 * tiers. The window is the plots' zoom (plotView store), so zooming the timeline (=, -, 0 or the buttons) zooms every
 * plot and the other way round; while playing, the window pages along with the playhead.
 */
import { lazy, Suspense, useEffect } from "react";
import { followTime, zoomAround, type TimeWindow } from "../../../../shared/playback/timeView.ts";
import { useCommand } from "../../keyboard/commandRegistry.ts";
import { clockStore, subscribeTime } from "../../stores/clock.ts";
import { useEpisode } from "../../stores/episode.ts";
import { plotViewStore, selectPlotRange, usePlotView } from "../../stores/plotView.ts";
import { selectCameraChannels, selectFrameIndexes, selectJointChannels, selectSummary } from "../../stores/selectors.ts";
import { AnnotationTiers } from "./AnnotationTiers.tsx";
import { CameraTicksRow } from "./CameraTicksRow.tsx";
import { LoopBand } from "./LoopBand.tsx";
import { Playhead } from "./Playhead.tsx";

/**
 * The overview lane (wavesurfer.js): loaded after the app started, so the first picture does not wait for it; until
 * then its place is kept empty at its size.
 */
const Overview = lazy(() => import("./Overview.tsx").then((m) => ({ default: m.Overview })));

/** Zoom the window by `factor` around the playhead (factor < 1 zooms in). */
function zoom(factor: number): void {
  const { startNs, endNs, tNs } = clockStore.getState();
  if (endNs <= startNs) return;
  const episode = { startNs, endNs };
  const next = zoomAround(plotViewStore.getState().range ?? episode, episode, tNs, factor);
  if (next) plotViewStore.getState().zoomTo(next.startNs, next.endNs);
  else plotViewStore.getState().reset();
}

/** The zoom commands (keys from the hotkeys table) and the window following the playhead. */
function useTimelineZoom(episode: TimeWindow | null): void {
  useCommand("timeline.zoomIn", "Zoom the timeline and plots in around the playhead", "Timeline", () => zoom(0.5));
  useCommand("timeline.zoomOut", "Zoom the timeline and plots out", "Timeline", () => zoom(2));
  useCommand("timeline.zoomReset", "Show the whole episode on the timeline and plots", "Timeline", () => plotViewStore.getState().reset());
  const episodeStart = episode?.startNs;
  const episodeEnd = episode?.endNs;
  useEffect(() => {
    if (episodeStart === undefined || episodeEnd === undefined) return;
    return subscribeTime((t) => {
      const range = plotViewStore.getState().range;
      if (!range) return;
      const next = followTime(range, { startNs: episodeStart, endNs: episodeEnd }, t);
      if (next !== range) plotViewStore.getState().zoomTo(next.startNs, next.endNs);
    });
  }, [episodeStart, episodeEnd]);
}

/** The zoomed window drawn on the overview. */
function ViewportBand({ view, episode }: { view: TimeWindow; episode: TimeWindow }) {
  const span = Number(episode.endNs - episode.startNs);
  const left = (Number(view.startNs - episode.startNs) / span) * 100;
  const width = (Number(view.endNs - view.startNs) / span) * 100;
  return <div className="timeline-viewport" style={{ left: `${left.toFixed(4)}%`, width: `${width.toFixed(4)}%` }} title="The zoomed window" aria-hidden="true" />;
}

/** The timeline of the open episode. */
export function Timeline() {
  const summary = useEpisode(selectSummary);
  const cameras = useEpisode(selectCameraChannels);
  const indexes = useEpisode(selectFrameIndexes);
  const range = usePlotView(selectPlotRange);
  const noJoints = useEpisode(selectJointChannels).length === 0;
  const episode = summary && summary.endNs > summary.startNs ? { startNs: summary.startNs, endNs: summary.endNs } : null;
  useTimelineZoom(episode);
  if (!summary) return null;
  const { startNs, endNs } = summary;
  const view = range && episode ? range : { startNs, endNs };
  return (
    <div
      className="timeline"
      role="group"
      aria-label="Timeline"
      data-view-start-ns={String(view.startNs)}
      data-view-end-ns={String(view.endNs)}
    >
      <div className="timeline-labels">
        <div className="timeline-label timeline-label-overview" data-compact={noJoints ? "true" : undefined}>
          <span aria-hidden="true" title={noJoints ? "No joints channel in this episode: no speed to draw" : "Joint speed ‖q̇‖ over the episode"}>
            {noJoints ? "time" : "joint speed"}
          </span>
          <div className="timeline-zoom" role="group" aria-label="Timeline zoom">
          <button type="button" className="tile-button" aria-label="Zoom in (=)" onClick={() => zoom(0.5)}>
            +
          </button>
          <button type="button" className="tile-button" aria-label="Zoom out (-)" onClick={() => zoom(2)} disabled={!range}>
            −
          </button>
          <button type="button" className="tile-button" aria-label="Whole episode (0)" onClick={() => plotViewStore.getState().reset()} disabled={!range}>
            ⟷
          </button>
          </div>
        </div>
        {cameras.map((c) => (
          <div key={c.topic} className="timeline-label" title={c.topic} aria-hidden="true">
            {c.topic}
          </div>
        ))}
      </div>
      <div className="timeline-tracks">
        <div className="timeline-overview-area">
          {episode ? (
            <Suspense fallback={<div className="overview" data-compact={noJoints ? "true" : undefined} aria-busy="true" />}>
              <Overview key={summary.episodeId} startNs={startNs} endNs={endNs} compact={noJoints} />
            </Suspense>
          ) : (
            <div className="overview overview-empty">episode has no duration</div>
          )}
          {episode && range && <ViewportBand view={range} episode={episode} />}
          <Playhead />
        </div>
        <div className="timeline-detail">
          {cameras.map((c) => (
            <CameraTicksRow key={c.topic} topic={c.topic} index={indexes[c.topic] ?? null} startNs={view.startNs} endNs={view.endNs} />
          ))}
          <LoopBand view={view} />
          <Playhead startNs={view.startNs} endNs={view.endNs} />
        </div>
      </div>
      {episode && <AnnotationTiers key={summary.episodeId} startNs={view.startNs} endNs={view.endNs} />}
    </div>
  );
}
