/**
 * The transport's time readout: a `role="timer"` element with seconds since the episode start (ms precision, e.g.
 * `12.345`; its `data-clock-ns` attribute is the exact presented log time in ns), then `mm:ss.mmm / duration`. Updated
 * outside React, in the same task as the camera tiles are drawn.
 */
import { useEffect, useRef } from "react";
import { formatClock, formatSeconds } from "../../../../shared/time.ts";
import { setText } from "../../app/setText.ts";
import { subscribeTime } from "../../stores/clock.ts";

/** Current playback time. */
export function ClockReadout() {
  const secondsRef = useRef<HTMLSpanElement>(null);
  const clockRef = useRef<HTMLSpanElement>(null);
  useEffect(
    () =>
      subscribeTime((t, s) => {
        const rel = t - s.startNs;
        if (secondsRef.current) {
          setText(secondsRef.current, formatSeconds(rel));
          secondsRef.current.dataset.clockNs = String(t);
        }
        if (clockRef.current) setText(clockRef.current, `${formatClock(rel)} / ${formatClock(s.endNs - s.startNs)}`);
      }),
    [],
  );
  return (
    <div className="clock-readout">
      <span ref={secondsRef} role="timer" aria-label="Playback time in seconds since the episode start" className="clock-seconds" />
      <span className="clock-unit">s</span>
      <span ref={clockRef} className="clock-mmss" aria-label="Playback time and duration" />
    </div>
  );
}
