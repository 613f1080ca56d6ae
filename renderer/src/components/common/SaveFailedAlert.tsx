/**
 * A failed save, impossible to miss: a banner fixed at the top of the window (role="alert"), naming the file and the
 * cause the server gave (read-only folder, disk full), with Retry. It stays until a save succeeds; the labels stay
 * marked unsaved meanwhile (selectUnsaved).
 */
import { annotationStore, useAnnotation } from "../../stores/annotation.ts";
import { selectSaveStatus } from "../../stores/selectors.ts";
import "../../styles/floatingAlert.css";
import "../../styles/saveFailedAlert.css";

/** The save-failure banner (nothing while saves succeed). */
export function SaveFailedAlert() {
  const status = useAnnotation(selectSaveStatus);
  if (status.kind !== "error") return null;
  return (
    <div className="floating-alert save-failed-alert" role="alert" data-testid="save-failed-alert">
      <strong>Not saved.</strong>
      <span className="floating-alert-message">{status.message}</span>
      <span className="save-failed-note">Your latest changes exist only in this window until a save succeeds.</span>
      <button type="button" onClick={() => annotationStore.getState().retrySave()}>
        Retry save
      </button>
    </div>
  );
}
