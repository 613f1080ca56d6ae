/** The loop selection drawn over the timeline tracks (positioned in percent of their width). */
import { useClock } from "../../stores/clock.ts";
import { selectEndNs, selectLoop, selectLooping, selectStartNs } from "../../stores/selectors.ts";

/** A translucent band from the loop's in to its out point; dimmer while looping is off. Over `view` when given. */
export function LoopBand({ view }: { view?: { startNs: bigint; endNs: bigint } }) {
  const loop = useClock(selectLoop);
  const looping = useClock(selectLooping);
  const episodeStart = useClock(selectStartNs);
  const episodeEnd = useClock(selectEndNs);
  const startNs = view?.startNs ?? episodeStart;
  const endNs = view?.endNs ?? episodeEnd;
  const span = Number(endNs - startNs);
  if (!loop || span <= 0) return null;
  const left = (Number(loop.inNs - startNs) / span) * 100;
  const width = (Number(loop.outNs - loop.inNs) / span) * 100;
  return (
    <div
      className="timeline-loop"
      data-looping={looping ? "true" : "false"}
      style={{ left: `${left.toFixed(4)}%`, width: `${width.toFixed(4)}%` }}
      title="Loop selection"
      aria-hidden="true"
    />
  );
}
