/** A vertical line over the timeline tracks at the clock, moved outside React. */
import { useEffect, useRef } from "react";
import { subscribeTime } from "../../stores/clock.ts";

/** The timeline playhead (positioned in percent of the tracks' width); `className` replaces the default class. */
export function Playhead({ className = "timeline-playhead" }: { className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(
    () =>
      subscribeTime((t, s) => {
        const span = Number(s.endNs - s.startNs);
        const frac = span > 0 ? Number(t - s.startNs) / span : 0;
        if (ref.current) ref.current.style.left = `${(frac * 100).toFixed(4)}%`;
      }),
    [],
  );
  return <div ref={ref} className={className} aria-hidden="true" />;
}
