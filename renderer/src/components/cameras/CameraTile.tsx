/**
 * One camera tile: a canvas sized to the image, and an overlay with topic, frame number, frame time, offset from the
 * clock and a warning badge for gaps. The tile hands its DOM nodes to the Player (attachTile), which draws them
 * outside React, in step with the clock.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import type { ChannelSummary } from "../../../../shared/episode.ts";
import { DEPTH_COLORMAPS, type DepthColormap } from "../../../../shared/playback/colormap.ts";
import type { FrameStamps } from "../../../../shared/playback/headerStamp.ts";
import { errorMessage } from "../../app/errors.ts";
import type { TileSyncBy } from "./tileLayout.ts";
import { player } from "../../app/player.ts";
import { api } from "../../ipc/api.ts";
import { tileColormap } from "../../playback/cameraPipeline.ts";
import { clockStore, useClock } from "../../stores/clock.ts";
import { selectFrameIndex, selectFocusedTopic } from "../../stores/selectors.ts";
import { useEpisodeNow } from "../../stores/episode.ts";
import { gapWarning } from "../../playback/tileOverlay.ts";

/** Props of a camera tile. */
export interface CameraTileProps {
  channel: ChannelSummary;
  episodeId: string;
  /** Why the frame index could not be loaded, if it could not. */
  indexError?: string;
  /** Layout controls rendered in the tile's top bar. */
  controls?: React.ReactNode;
  /** Depth colormap chosen for this camera (absent: the encoding's default). */
  colormap?: DepthColormap;
  /** The user picked another colormap (shown only for 16-bit and float raw images). */
  onColormapChange?: (colormap: DepthColormap) => void;
  /** Sync by log time (default) or by the frames' header stamps. */
  syncBy?: TileSyncBy;
  onSyncByChange?: (syncBy: TileSyncBy) => void;
}

/** A camera tile (root has `aria-label` = topic, `data-topic`, `data-frame-index`, `data-frame-ns`). */
export function CameraTile({ channel, episodeId, indexError, controls, colormap, onColormapChange, syncBy = "log", onSyncByChange }: CameraTileProps) {
  const index = useEpisodeNow(selectFrameIndex(channel.topic));
  const focused = useClock(selectFocusedTopic) === channel.topic;
  const rootRef = useRef<HTMLElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  const progressRef = useRef<HTMLDivElement>(null);
  const frameRef = useRef<HTMLSpanElement>(null);
  const timeRef = useRef<HTMLSpanElement>(null);
  const offsetRef = useRef<HTMLSpanElement>(null);
  const warning = useMemo(() => (index ? gapWarning(index.logTimesNs) : null), [index]);
  // Header stamps, fetched when the camera is synced by them; until they arrive the tile waits (no log-time flash).
  const [stamps, setStamps] = useState<FrameStamps | null>(null);
  useEffect(() => {
    setStamps(null);
    if (syncBy !== "header" || !index) return;
    let live = true;
    api.episode.frameStamps({ episodeId, topic: channel.topic }).then(
      (s) => live && setStamps(s),
      (e: unknown) => live && setStamps({ topic: channel.topic, stampsNs: null, reason: errorMessage(e) }),
    );
    return () => {
      live = false;
    };
  }, [syncBy, index, episodeId, channel.topic]);
  const waitingForStamps = syncBy === "header" && stamps === null;
  const stampTimes = syncBy === "header" ? (stamps?.stampsNs ?? undefined) : undefined;
  const stampProblem = syncBy === "header" ? (stamps?.reason ?? null) : null;
  const shownColormap = index ? tileColormap(index, colormap) : undefined;

  useEffect(() => {
    if (!index || waitingForStamps) return;
    return player.attachTile(
      episodeId,
      channel.topic,
      {
        root: rootRef.current!,
        canvas: canvasRef.current!,
        message: messageRef.current!,
        frameLabel: frameRef.current!,
        timeLabel: timeRef.current!,
        offsetLabel: offsetRef.current!,
        progress: progressRef.current!,
      },
      { colormap: shownColormap, times: stampTimes },
    );
  }, [index, episodeId, channel.topic, shownColormap, waitingForStamps, stampTimes]);

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
      {/* Decoding progress of a slow seek, owned by the TileSync. */}
      <div ref={progressRef} className="tile-progress" role="status" hidden />
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
        {index && (
          <select
            className="tile-select"
            aria-label={`Sync ${channel.topic} by`}
            value={syncBy}
            title="place frames on the clock by MCAP log time, or by the capture time in each message's header"
            onChange={(e) => onSyncByChange?.(e.target.value as TileSyncBy)}
          >
            <option value="log">log time</option>
            <option value="header">header stamp</option>
          </select>
        )}
        {stampProblem && (
          <span className="tile-warning" role="status" title={stampProblem}>
            ⚠ log time: {stampProblem}
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
