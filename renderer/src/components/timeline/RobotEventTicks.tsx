/**
 * The robot events the chunk boundaries snap to, as ticks along the bottom edge of the chunks tier, drawn on one
 * canvas at the track's pixel width: a long episode has thousands of events (8,186 velocity zero crossings and gripper
 * events in a 306 s bimanual episode), and one DOM element each cost the page ~100 ms of compositing per frame and
 * ~300 ms of React work on open. Gripper open/close are taller yellow ticks, the rest grey 1 px ticks; several events
 * in one pixel column draw once.
 *
 * DOM contract for tests: `.robot-events` has `data-event-count` (events drawn) and `data-gripper-count`.
 */
import { useEffect, useRef } from "react";
import type { RobotEvent } from "../../../../shared/annotation/robotEvents.ts";
import { fractionOfTime } from "./timeAxis.ts";

/** Props: the events and the track's time axis (log time, ns). */
export interface RobotEventTicksProps {
  events: readonly RobotEvent[];
  startNs: bigint;
  endNs: bigint;
}

const GRIPPER = "#ffd166";
const OTHER = "#6f7d93";
const isGripperEdge = (e: RobotEvent) => e.kind === "gripper-open" || e.kind === "gripper-close";

/** Draw `events` on `canvas` at its CSS size × devicePixelRatio (grey ticks first, gripper ticks over them). */
function draw(canvas: HTMLCanvasElement, events: readonly RobotEvent[], startNs: bigint, endNs: bigint): void {
  const dpr = window.devicePixelRatio || 1;
  const cssWidth = canvas.clientWidth;
  const cssHeight = canvas.clientHeight;
  const width = Math.max(1, Math.round(cssWidth * dpr));
  const height = Math.max(1, Math.round(cssHeight * dpr));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.clearRect(0, 0, width, height);
  for (const gripper of [false, true]) {
    const tickWidth = Math.max(1, Math.round((gripper ? 2 : 1) * dpr));
    const tickHeight = Math.round((gripper ? 6 : 4) * dpr);
    ctx.fillStyle = gripper ? GRIPPER : OTHER;
    let lastX = -1;
    for (const e of events) {
      if (isGripperEdge(e) !== gripper) continue;
      const f = fractionOfTime(e.tNs, startNs, endNs);
      if (f < 0 || f > 1) continue;
      const x = Math.min(width - tickWidth, Math.round(f * width));
      if (x === lastX) continue; // events come in time order per kind pass: one tick per pixel column
      lastX = x;
      ctx.fillRect(x, height - tickHeight, tickWidth, tickHeight);
    }
  }
}

/** Ticks of the robot events along the bottom of a track. */
export function RobotEventTicks({ events, startNs, endNs }: RobotEventTicksProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    draw(canvas, events, startNs, endNs);
    const ro = new ResizeObserver(() => draw(canvas, events, startNs, endNs));
    ro.observe(canvas);
    return () => ro.disconnect();
  }, [events, startNs, endNs]);
  return (
    <canvas
      ref={ref}
      className="robot-events"
      aria-label={`${events.length} robot events`}
      role="img"
      data-event-count={events.length}
      data-gripper-count={events.filter(isGripperEdge).length}
    />
  );
}
