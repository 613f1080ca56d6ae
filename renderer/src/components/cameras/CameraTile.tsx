/**
 * One camera tile: a canvas sized to the image, and an overlay with topic, frame number, frame time, offset from the
 * clock and a warning badge for gaps. Drawing is done by a TileSync registered with the grid's SyncPresenter, outside
 * React, in step with the clock.
 */
import { useEffect, useMemo, useRef } from "react";
import type { ChannelSummary } from "../../../../shared/episode.ts";
import { DEPTH_COLORMAPS, defaultColormap, type DepthColormap } from "../../../../shared/playback/colormap.ts";
import { api } from "../../ipc/api.ts";
import type { SyncPresenter } from "../../playback/syncPresenter.ts";
import { TileSync } from "../../playback/tileSync.ts";
import { clockStore, useClock } from "../../stores/clock.ts";
import { selectFrameIndex, selectFocusedTopic } from "../../stores/selectors.ts";
import { useEpisode } from "../../stores/episode.ts";
import { gapWarning } from "./tileOverlay.ts";

/** Props of a camera tile. */
export interface CameraTileProps {
  channel: ChannelSummary;
  episodeId: string;
  startNs: bigint;
  presenter: SyncPresenter;
  /** Why the frame index could not be loaded, if it could not. */
  indexError?: string;
  /** Layout controls rendered in the tile's top bar. */
  controls?: React.ReactNode;
  /** Depth colormap chosen for this camera (absent: the encoding's default). */
  colormap?: DepthColormap;
  /** The user picked another colormap (shown only for 16-bit and float raw images). */
  onColormapChange?: (colormap: DepthColormap) => void;
}

/** Raw encodings whose pixels are values (depth, 16-bit gray) rather than colours: they get a colormap choice. */
const VALUE_ENCODINGS = new Set(["16UC1", "mono16", "32FC1"]);

/** A camera tile (root has `aria-label` = topic, `data-topic`, `data-frame-index`, `data-frame-ns`). */
export function CameraTile({ channel, episodeId, startNs, presenter, indexError, controls, colormap, onColormapChange }: CameraTileProps) {
  const index = useEpisode(selectFrameIndex(channel.topic));
  const focused = useClock(selectFocusedTopic) === channel.topic;
  const rootRef = useRef<HTMLElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  const frameRef = useRef<HTMLSpanElement>(null);
  const timeRef = useRef<HTMLSpanElement>(null);
  const offsetRef = useRef<HTMLSpanElement>(null);
  const warning = useMemo(() => (index ? gapWarning(index.logTimesNs) : null), [index]);
  const valueImage = index?.payload === "raw" && VALUE_ENCODINGS.has(index.format);
  const shownColormap = valueImage ? (colormap ?? defaultColormap(index.format)) : undefined;

  useEffect(() => {
    if (!index) return;
    const tile = new TileSync(
      api,
      episodeId,
      index,
      startNs,
      {
        root: rootRef.current!,
        canvas: canvasRef.current!,
        message: messageRef.current!,
        frameLabel: frameRef.current!,
        timeLabel: timeRef.current!,
        offsetLabel: offsetRef.current!,
      },
      () => undefined,
      shownColormap,
    );
    const unregister = presenter.register(channel.topic, tile);
    return () => {
      unregister();
      tile.dispose();
    };
  }, [index, episodeId, startNs, presenter, channel.topic, shownColormap]);

  const format = index ? `${index.format}` : (channel.cameraPayload ?? "");
  return (
    <section
      ref={rootRef}
      className="tile"
      aria-label={channel.topic}
      data-topic={channel.topic}
      data-frame-index="-1"
      data-focused={focused ? "true" : undefined}
      tabIndex={0}
      onFocus={() => clockStore.getState().setFocusedTopic(channel.topic)}
      onPointerDown={() => clockStore.getState().setFocusedTopic(channel.topic)}
    >
      <canvas ref={canvasRef} className="tile-canvas" style={{ visibility: "hidden" }} />
      {/* Owned by the TileSync (text set outside React). */}
      <div ref={messageRef} className="tile-message" hidden />
      {!index && (
        <div className="tile-message" data-tone={indexError ? "error" : "info"}>
          {indexError ? `frame index failed: ${indexError}` : "loading frame index…"}
        </div>
      )}
      <div className="tile-overlay tile-overlay-top">
        <span className="tile-topic">{channel.topic}</span>
        <span className="tile-format">{format}</span>
        {warning && (
          <span className="tile-warning" role="status" title={`${channel.topic}: ${warning}`}>
            ⚠ {warning}
          </span>
        )}
        {shownColormap && (
          <select
            className="tile-select"
            aria-label={`Colormap of ${channel.topic}`}
            value={shownColormap}
            onChange={(e) => onColormapChange?.(e.target.value as DepthColormap)}
          >
            {DEPTH_COLORMAPS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        )}
        {controls}
      </div>
      <div className="tile-overlay tile-overlay-bottom" aria-live="off">
        <span>
          frame <span ref={frameRef} />
        </span>
        <span ref={timeRef} />
        <span ref={offsetRef} className="tile-offset" />
      </div>
    </section>
  );
}
