/**
 * One camera tile: a canvas sized to the image, and an overlay with topic, frame number, frame time and offset from
 * the clock. Drawing is done by a TilePresenter that follows the clock outside React.
 */
import { useEffect, useRef } from "react";
import type { ChannelSummary } from "../../../../shared/episode.ts";
import { api } from "../../ipc/api.ts";
import { selectFrameIndex } from "../../stores/selectors.ts";
import { useEpisode } from "../../stores/episode.ts";
import { TilePresenter } from "./tilePresenter.ts";

/** Props of a camera tile. */
export interface CameraTileProps {
  channel: ChannelSummary;
  episodeId: string;
  startNs: bigint;
  /** Why the frame index could not be loaded, if it could not. */
  indexError?: string;
}

/** A camera tile (root has `aria-label` = topic, `data-topic`, `data-frame-index`). */
export function CameraTile({ channel, episodeId, startNs, indexError }: CameraTileProps) {
  const index = useEpisode(selectFrameIndex(channel.topic));
  const rootRef = useRef<HTMLElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  const frameRef = useRef<HTMLSpanElement>(null);
  const timeRef = useRef<HTMLSpanElement>(null);
  const offsetRef = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (!index) return;
    const presenter = new TilePresenter(api, episodeId, channel, index, startNs, {
      root: rootRef.current!,
      canvas: canvasRef.current!,
      message: messageRef.current!,
      frameLabel: frameRef.current!,
      timeLabel: timeRef.current!,
      offsetLabel: offsetRef.current!,
    });
    presenter.start();
    return () => presenter.dispose();
  }, [index, episodeId, channel, startNs]);

  const format = index ? `${index.format}` : (channel.cameraPayload ?? "");
  return (
    <section ref={rootRef} className="tile" aria-label={channel.topic} data-topic={channel.topic} data-frame-index="-1">
      <canvas ref={canvasRef} className="tile-canvas" style={{ visibility: "hidden" }} />
      {/* Owned by the presenter (text set outside React). */}
      <div ref={messageRef} className="tile-message" hidden />
      {!index && (
        <div className="tile-message" data-tone={indexError ? "error" : "info"}>
          {indexError ? `frame index failed: ${indexError}` : "loading frame index…"}
        </div>
      )}
      <div className="tile-overlay tile-overlay-top">
        <span className="tile-topic">{channel.topic}</span>
        <span className="tile-format">{format}</span>
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
