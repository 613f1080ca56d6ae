/**
 * Loop selection controls: set the loop's in / out point at the playhead (`[` / `]`), loop on/off (`\`), clear.
 */
import { formatClock } from "../../../../shared/time.ts";
import { clockStore, useClock } from "../../stores/clock.ts";
import { selectLoop, selectLooping, selectStartNs } from "../../stores/selectors.ts";

/** The loop buttons and the selection's span. */
export function LoopControls({ disabled }: { disabled: boolean }) {
  const loop = useClock(selectLoop);
  const looping = useClock(selectLooping);
  const startNs = useClock(selectStartNs);
  const c = () => clockStore.getState();
  return (
    <div className="loop-controls" role="group" aria-label="Loop">
      <button type="button" className="text-button" disabled={disabled} onClick={() => c().setLoopIn()} aria-label="Loop in at playhead ([)" title="Loop in at playhead ([)">
        [
      </button>
      <button
        type="button"
        className="text-button"
        disabled={disabled || !loop}
        onClick={() => c().toggleLooping()}
        aria-pressed={looping}
        aria-label="Loop selection (\)"
        title="Loop selection (\)"
      >
        ⟲ {loop ? `${formatClock(loop.inNs - startNs)}–${formatClock(loop.outNs - startNs)}` : "loop"}
      </button>
      <button type="button" className="text-button" disabled={disabled} onClick={() => c().setLoopOut()} aria-label="Loop out at playhead (])" title="Loop out at playhead (])">
        ]
      </button>
      {loop && (
        <button type="button" className="text-button" onClick={() => c().clearLoop()} aria-label="Clear loop">
          ✕
        </button>
      )}
    </div>
  );
}
