/**
 * The timeline overview (wavesurfer.js v7): joint speed drawn as a waveform over the whole episode (from `peaks`, no
 * audio), a time ruler, click/drag to seek, and every segment as a draggable, resizable region (click selects it).
 * The played part is tinted by a composited layer scaled to the clock, not by wavesurfer's progress: its progress is a
 * second waveform clipped to the time, whose every change is a layout and repaint of the waveform (software rendering
 * here), measured at ~8 ms on the path of every seek.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import WaveSurfer from "wavesurfer.js";
import { afterPaint } from "../../app/afterPaint.ts";
import { cspNonce } from "../../app/cspNonce.ts";
import RegionsPlugin, { type Region } from "wavesurfer.js/dist/plugins/regions.esm.js";
import TimelinePlugin from "wavesurfer.js/dist/plugins/timeline.esm.js";
import { speedPeaks } from "../../../../shared/playback/peaks.ts";
import { secondsToNs } from "../../../../shared/time.ts";
import { annotationStore, useAnnotation } from "../../stores/annotation.ts";
import { clockStore, subscribeTime } from "../../stores/clock.ts";
import { useEpisode } from "../../stores/episode.ts";
import { selectSegments, selectSelectedSegmentId } from "../../stores/annotationSelectors.ts";
import { selectJointSeries } from "../../stores/selectors.ts";
import { segmentColor } from "./segmentColors.ts";

/** Buckets of the speed waveform (wavesurfer stretches them to the width). */
const PEAK_BUCKETS = 1200;

/** The waveform's colour; wavesurfer's progress is drawn the same (the played part is a tint above it). */
const waveColor = (flat: boolean) => (flat ? "#3a4150" : "#5f7fa8");

/** Props of the overview. */
export interface OverviewProps {
  startNs: bigint;
  endNs: bigint;
  /** The episode has no joints channel: no speed to draw, so only a thin seek strip with the ruler and regions. */
  compact?: boolean;
}

/** The overview waveform with the segment regions. */
export function Overview({ startNs, endNs, compact = false }: OverviewProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const regionsRef = useRef<RegionsPlugin | null>(null);
  const wsRef = useRef<WaveSurfer | null>(null);
  /** Bumped when wavesurfer has laid out its duration: regions added before that are drawn with zero width. */
  const [readyCount, setReadyCount] = useState(0);
  const seriesList = useEpisode(selectJointSeries);
  const segments = useAnnotation(selectSegments);
  const selectedId = useAnnotation(selectSelectedSegmentId);
  const durationS = Number(endNs - startNs) / 1e9;
  const peaks = useMemo(() => speedPeaks(seriesList, startNs, endNs, PEAK_BUCKETS), [seriesList, startNs, endNs]);
  const flat = seriesList.length === 0;

  useEffect(() => {
    const container = containerRef.current;
    if (!container || !(durationS > 0)) return;
    const regions = RegionsPlugin.create();
    const ws = WaveSurfer.create({
      container,
      cspNonce: cspNonce(),
      height: compact ? 14 : 56,
      peaks: [peaks],
      duration: durationS,
      normalize: false,
      waveColor: waveColor(flat),
      progressColor: waveColor(flat),
      cursorWidth: 0,
      barWidth: 2,
      barGap: 1,
      barMinHeight: 1,
      interact: true,
      dragToSeek: true,
      hideScrollbar: true,
      autoScroll: false,
      plugins: [
        regions,
        TimelinePlugin.create({
          height: 16,
          style: { color: "#aab3c2", fontSize: "10px" },
          formatTimeCallback: (s) => `${Math.round(s * 100) / 100}s`,
        }),
      ],
    });
    regionsRef.current = regions;
    wsRef.current = ws;
    const seekTo = (seconds: number) => clockStore.getState().seek(startNs + secondsToNs(Math.max(0, seconds)));
    ws.on("interaction", seekTo);
    // Fired once at the end of a drag or resize: one undo step.
    regions.on("region-updated", (region: Region) => {
      annotationStore.getState().setSegmentRange(region.id, startNs + secondsToNs(region.start), startNs + secondsToNs(region.end));
    });
    regions.on("region-clicked", (region: Region) => annotationStore.getState().selectSegment(region.id));
    ws.on("ready", () => setReadyCount((n) => n + 1));
    const played = document.createElement("div");
    played.className = "overview-played";
    container.appendChild(played);
    // Move the tint only when it moves by a pixel (at 1× a 30 s episode moves < 1 px per display frame).
    let width = container.clientWidth;
    const resize = new ResizeObserver(() => (width = container.clientWidth));
    resize.observe(container);
    let shownPx = Number.NaN;
    const place = (t: bigint) => {
      const fraction = Math.min(1, Math.max(0, Number(t - startNs) / 1e9 / durationS));
      const px = Math.round(fraction * width);
      if (px === shownPx) return;
      shownPx = px;
      played.style.transform = `scaleX(${fraction})`;
    };
    place(clockStore.getState().tNs);
    const unsubscribe = subscribeTime(place);
    return () => {
      unsubscribe();
      played.remove();
      resize.disconnect();
      regionsRef.current = null;
      wsRef.current = null;
      ws.destroy();
    };
    // Created once per time range; new peaks (each joint series as it arrives) are set below without re-creating it,
    // so the segment region and the playhead are not torn down while the episode loads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [durationS, startNs, compact]);

  useEffect(() => {
    const ws = wsRef.current;
    if (!ws) return;
    // After the page painted what came with these peaks (the joint plots drawn from the same series): the waveform's
    // redraw (~50 ms on the 1.56 GB bench episode) comes second. setOptions({ peaks }) only swaps the data without
    // redrawing it; load() with peaks redraws (no audio is fetched) and fires "ready", which re-adds the segment region.
    return afterPaint(() => {
      ws.setOptions({ waveColor: waveColor(flat), progressColor: waveColor(flat) });
      void ws.load("", [peaks], durationS);
    });
  }, [peaks, durationS, flat]);

  // Mirror the segments into regions (re-created on every change: a marker and a span render differently).
  useEffect(() => {
    const regions = regionsRef.current;
    if (!regions || readyCount === 0) return;
    regions.clearRegions();
    for (const segment of segments) {
      const label = document.createElement("span");
      label.className = "region-label";
      label.textContent = segment.kind;
      regions.addRegion({
        id: segment.id,
        start: Number(segment.startNs - startNs) / 1e9,
        end: Number(segment.endNs - startNs) / 1e9,
        color: segmentColor(segment.kind, segment.id === selectedId ? 0.4 : 0.22),
        drag: true,
        resize: true,
        content: label,
      });
    }
  }, [segments, selectedId, startNs, readyCount]);

  return (
    <div
      className="overview"
      data-compact={compact ? "true" : undefined}
      ref={containerRef}
      role="group"
      aria-label="Timeline overview (joint speed); click or drag to seek"
      title={flat ? "No joint data: flat overview" : "Joint speed over the episode"}
    />
  );
}
