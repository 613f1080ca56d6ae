/** A vertical line over the timeline tracks at the clock, moved outside React. */
import { useEffect, useRef } from "react";
import { subscribeTime } from "../../stores/clock.ts";

/**
 * The timeline playhead (positioned in percent of the tracks' width) over the episode, or over the window
 * [startNs, endNs] when given (zoomed rows; hidden when the clock is outside it); `className` replaces the default.
 */
export function Playhead({ className = "timeline-playhead", startNs, endNs }: { className?: string; startNs?: bigint; endNs?: bigint }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(
    () =>
      subscribeTime((t, s) => {
        const a = startNs ?? s.startNs;
        const b = endNs ?? s.endNs;
        const span = Number(b - a);
        const frac = span > 0 ? Number(t - a) / span : 0;
        if (!ref.current) return;
        ref.current.style.left = `${(frac * 100).toFixed(4)}%`;
        ref.current.style.visibility = frac < 0 || frac > 1 ? "hidden" : "visible";
      }),
    [startNs, endNs],
  );
  return <div ref={ref} className={className} aria-hidden="true" />;
}
