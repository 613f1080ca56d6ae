/** "Saving…" / "Saved ✓ rev N" / "Save failed: …" (data-testid="save-state"), with a retry after a failure. */
import { annotationStore, useAnnotation } from "../../stores/annotation.ts";
import { selectSaveLabel, selectSaveStatus } from "../../stores/selectors.ts";

/** The save state of the annotation document. */
export function SaveIndicator() {
  const label = useAnnotation(selectSaveLabel);
  const status = useAnnotation(selectSaveStatus);
  return (
    <div className="save-row">
      <div className="save-state" data-testid="save-state" data-state={status.kind} role="status" aria-live="polite">
        {label}
      </div>
      {status.kind === "error" && (
        <button type="button" className="text-button" onClick={() => annotationStore.getState().retrySave()}>
          Retry save
        </button>
      )}
    </div>
  );
}
