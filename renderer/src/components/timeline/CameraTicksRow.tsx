/**
 * One timeline row per camera: a tick per frame (keyframes brighter and taller) so drops and gaps are visible; drawn
 * again when a video camera's full keyframe flags arrive (playback/keyframeFlags.ts). Click to seek.
 */
import { useEffect, useRef } from "react";
import type { FrameIndex } from "../../../../shared/episode.ts";
import { frameTickColumns, TICK_KEYFRAME, TICK_NONE } from "../../../../shared/playback/ticks.ts";
import { secondsToNs } from "../../../../shared/time.ts";
import { onKeyframesComplete } from "../../playback/keyframeFlags.ts";
import { clockStore } from "../../stores/clock.ts";

/** Props of a camera tick row. */
export interface CameraTicksRowProps {
  topic: string;
  index: FrameIndex | null;
  startNs: bigint;
  endNs: bigint;
}

/** A canvas of frame ticks spanning the episode. */
export function CameraTicksRow({ topic, index, startNs, endNs }: CameraTicksRowProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const draw = () => {
      const dpr = window.devicePixelRatio || 1;
      const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
      const h = Math.max(1, Math.round(canvas.clientHeight * dpr));
      canvas.width = w;
      canvas.height = h;
      const ctx = canvas.getContext("2d");
      if (!ctx) return;
      ctx.clearRect(0, 0, w, h);
      if (!index) return;
      const cols = frameTickColumns(index.logTimesNs, index.payload === "video" ? index.keyframes : null, startNs, endNs, w);
      for (let x = 0; x < cols.length; x++) {
        const v = cols[x]!;
        if (v === TICK_NONE) continue;
        if (v === TICK_KEYFRAME) {
          ctx.fillStyle = "#e6e9ef";
          ctx.fillRect(x, 0, 1, h);
        } else {
          ctx.fillStyle = "#5b8fd6";
          ctx.fillRect(x, Math.round(h * 0.25), 1, Math.round(h * 0.5));
        }
      }
    };
    draw();
    const ro = new ResizeObserver(draw);
    ro.observe(canvas);
    // Only the first frames' keyframe flags may be known yet: draw again when the rest arrive.
    const stop = index && index.keyframesKnown !== undefined ? onKeyframesComplete(index, draw) : () => undefined;
    return () => {
      ro.disconnect();
      stop();
    };
  }, [index, startNs, endNs]);

  const onClick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const frac = Math.min(1, Math.max(0, (e.clientX - rect.left) / rect.width));
    clockStore.getState().seek(startNs + secondsToNs((frac * Number(endNs - startNs)) / 1e9));
  };

  return (
    <canvas
      ref={canvasRef}
      className="ticks-row"
      data-topic={topic}
      aria-label={`Frames of ${topic}${index ? `: ${index.logTimesNs.length}` : ""}`}
      role="img"
      onClick={onClick}
    />
  );
}
