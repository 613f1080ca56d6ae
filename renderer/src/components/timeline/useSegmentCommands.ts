/**
 * Keyboard commands of the segments tier (keys from the dataset config's hotkeys table): next segment kind, select
 * the next / previous segment (the playhead jumps to its start; I / O then edit its ends), delete the selected one.
 * I / O (in / out at the playhead) are in the built-in keymap.
 */
import { cycleValue } from "../../../../shared/annotation/segments.ts";
import { useCommand } from "../../keyboard/commandRegistry.ts";
import { annotationStore } from "../../stores/annotation.ts";
import { selectSelectedSegment } from "../../stores/annotationSelectors.ts";
import { clockStore } from "../../stores/clock.ts";

const GROUP = "Segments";

/** Register the segment commands while mounted; `kinds` is the config's segment kinds. */
export function useSegmentCommands(kinds: readonly string[]): void {
  const store = () => annotationStore.getState();
  useCommand("segment.nextKind", "Next segment kind (for new segments and the one being marked)", GROUP, () =>
    store().setSegmentKind(cycleValue(kinds, store().newSegmentKind)),
  );
  const select = (direction: 1 | -1) => () => {
    store().selectAdjacentSegment(direction);
    const segment = selectSelectedSegment(store());
    if (segment) clockStore.getState().seek(segment.startNs);
  };
  useCommand("segment.selectNext", "Select the next segment (and go to its start)", GROUP, select(1));
  useCommand("segment.selectPrevious", "Select the previous segment (and go to its start)", GROUP, select(-1));
  useCommand("segment.delete", "Delete the selected segment", GROUP, () => store().deleteSegment());
}
