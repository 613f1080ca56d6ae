/**
 * Quality flags as toggle chips: the dataset config's vocabulary, plus any flag the document already holds.
 * Keyboard: F (command `review.focusFlags`) focuses the first chip; ←/→ move between chips, Enter or Space toggles,
 * Escape leaves.
 */
import { useRef } from "react";
import { useCommand } from "../../keyboard/commandRegistry.ts";
import { annotationStore, useAnnotation } from "../../stores/annotation.ts";
import { useDatasetFlags } from "../../stores/annotationConfig.ts";
import { useEpisode } from "../../stores/episode.ts";
import { selectCanEdit } from "../../stores/selectors.ts";

const NO_FLAGS: readonly string[] = [];

/** The flag chips. */
export function QualityFlags() {
  const root = useEpisode((s) => s.listing?.root ?? null);
  const vocabulary = useDatasetFlags(root);
  const active = useAnnotation((s) => s.document?.review.flags ?? NO_FLAGS);
  const canEdit = useAnnotation(selectCanEdit);
  const groupRef = useRef<HTMLDivElement>(null);
  const shown = [...vocabulary, ...active.filter((f) => !vocabulary.includes(f))];
  useCommand("review.focusFlags", "Focus the quality flags (←/→ move, Enter toggles, Esc leaves)", "Review", () =>
    groupRef.current?.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus(),
  );

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const chips = [...(groupRef.current?.querySelectorAll<HTMLButtonElement>("button") ?? [])];
    const i = chips.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0 || e.ctrlKey || e.altKey || e.metaKey) return;
    const move = e.key === "ArrowRight" || e.key === "ArrowDown" ? 1 : e.key === "ArrowLeft" || e.key === "ArrowUp" ? -1 : 0;
    if (move !== 0) chips[(i + move + chips.length) % chips.length]!.focus();
    else if (e.key === "Enter" || e.key === " ") chips[i]!.click();
    else if (e.key === "Escape") chips[i]!.blur();
    else return;
    // Handled here: the window's hotkeys (frame step, play) skip prevented events.
    e.preventDefault();
  };

  return (
    <div className="flag-chips" role="group" aria-label="Quality flags" ref={groupRef} onKeyDown={onKeyDown}>
      {shown.map((flag) => (
        <button
          key={flag}
          type="button"
          className="flag-chip"
          aria-pressed={active.includes(flag)}
          disabled={!canEdit}
          onClick={() => annotationStore.getState().toggleFlag(flag)}
        >
          {flag}
        </button>
      ))}
    </div>
  );
}
