/** A vertical line over the timeline tracks at the clock, moved outside React. */
import { useEffect, useRef } from "react";
import { subscribeTime } from "../../stores/clock.ts";

/** Steps of the playhead's position across the track (finer than any screen's pixels). */
const POSITION_STEPS = 8192;

/**
 * The timeline playhead over the episode, or over the window [startNs, endNs] when given (zoomed rows; hidden when the
 * clock is outside it); `className` replaces the default line style. The line sits in a track as wide as its row that
 * is moved with a transform (translateX in percent of its own, i.e. the row's, width): the compositor moves it without
 * layout or repaint of the row, and nothing is touched while the position does not change.
 */
export function Playhead({ className = "timeline-playhead", startNs, endNs }: { className?: string; startNs?: bigint; endNs?: bigint }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let shown = Number.NaN;
    return subscribeTime((t, s) => {
      const a = startNs ?? s.startNs;
      const b = endNs ?? s.endNs;
      const span = Number(b - a);
      const frac = span > 0 ? Number(t - a) / span : 0;
      const step = frac < 0 || frac > 1 ? -1 : Math.round(frac * POSITION_STEPS);
      const el = ref.current;
      if (!el || step === shown) return;
      shown = step;
      el.style.visibility = step < 0 ? "hidden" : "visible";
      if (step >= 0) el.style.transform = `translateX(${((step / POSITION_STEPS) * 100).toFixed(3)}%)`;
    });
  }, [startNs, endNs]);
  return (
    <div ref={ref} className="playhead-track" aria-hidden="true">
      <div className={className} />
    </div>
  );
}
