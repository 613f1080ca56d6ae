/** Undo / Redo buttons for annotation edits (Ctrl+Z; Ctrl+Shift+Z or Ctrl+Y). */
import { REDO_KEYS, UNDO_KEYS } from "../../keyboard/keymap.ts";
import { annotationStore, useAnnotation } from "../../stores/annotation.ts";
import { selectCanEdit } from "../../stores/selectors.ts";

/** The undo/redo pair. */
export function HistoryButtons() {
  const canEdit = useAnnotation(selectCanEdit);
  const canUndo = useAnnotation((s) => s.history.past.length > 0);
  const canRedo = useAnnotation((s) => s.history.future.length > 0);
  return (
    <div className="history-buttons" role="group" aria-label="Edit history">
      <button
        type="button"
        className="text-button"
        aria-keyshortcuts={UNDO_KEYS}
        title="Undo (Ctrl+Z)"
        disabled={!canEdit || !canUndo}
        onClick={() => annotationStore.getState().undo()}
      >
        Undo
      </button>
      <button
        type="button"
        className="text-button"
        aria-keyshortcuts={REDO_KEYS}
        title="Redo (Ctrl+Shift+Z or Ctrl+Y)"
        disabled={!canEdit || !canRedo}
        onClick={() => annotationStore.getState().redo()}
      >
        Redo
      </button>
    </div>
  );
}
