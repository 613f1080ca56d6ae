/**
 * The conflict dialog (the file changed on disk: Reload or Overwrite) and the salvage dialog (the file is damaged:
 * what was kept, what was dropped, where the backup is; the original is replaced only after confirmation). Both
 * watch the annotation store through stores/annotationConflict.ts.
 */
import "../annotation.css";
import { useEffect } from "react";
import { conflictStore, useConflict, watchAnnotationConflicts } from "../../../stores/annotationConflict.ts";

/** Mount once: watches saves and loads, shows the dialog when one is needed. */
export function ConflictDialogs() {
  const dialog = useConflict((s) => s.dialog);
  const busy = useConflict((s) => s.busy);
  const error = useConflict((s) => s.error);
  useEffect(() => watchAnnotationConflicts(), []);
  if (!dialog) return null;
  const actions = conflictStore.getState();

  if (dialog.kind === "conflict") {
    return (
      <div className="annotation-dialog blocking" role="alertdialog" aria-modal="true" aria-labelledby="conflict-title" aria-describedby="conflict-text">
        <h2 id="conflict-title">The annotation changed on disk</h2>
        <p id="conflict-text">
          <code>{dialog.path}</code>: another window, a sync tool or a hand edit changed this annotation
          {dialog.diskRevision === null
            ? ""
            : dialog.diskRevision === dialog.ourRevision
              ? ` (same revision ${dialog.diskRevision}, different content)`
              : ` (revision ${dialog.diskRevision} on disk, yours is based on ${dialog.ourRevision})`}
          . Your last edit
          was not saved.
        </p>
        <p className="muted">Reload shows what is on disk (your unsaved edit is dropped). Overwrite replaces the file with what you see.</p>
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => void actions.overwrite()}>
            Overwrite
          </button>
          <button type="button" className="primary" disabled={busy} autoFocus onClick={() => void actions.reload()}>
            Reload
          </button>
        </div>
      </div>
    );
  }

  const dropped = dialog.problems.filter((p) => p.severity === "error");
  const warnings = dialog.problems.filter((p) => p.severity === "warning");
  return (
    <div className="annotation-dialog blocking" role="alertdialog" aria-modal="true" aria-labelledby="salvage-title" aria-describedby="salvage-text">
      <h2 id="salvage-title">The annotation file is damaged</h2>
      <p id="salvage-text">
        <code>{dialog.path}</code>: {dialog.reason}
      </p>
      {dialog.backup && (
        <p>
          The original is kept at <code data-testid="salvage-backup">{dialog.backup}</code>.
        </p>
      )}
      {dropped.length > 0 && (
        <>
          <p>Dropped or reset ({dropped.length}):</p>
          <ul className="problem-list" aria-label="Dropped parts">
            {dropped.map((p, i) => (
              <li key={i}>
                <code>{p.path}</code>: {p.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {warnings.length > 0 && <p className="warn-text">{warnings.length} warning(s): {warnings.slice(0, 3).map((w) => `${w.path}: ${w.message}`).join("; ")}</p>}
      <p className="muted">
        {dialog.fromSave
          ? "Your last edit was not saved. Overwrite the damaged file with what you see, or keep what could be read from it (the backup stays either way)."
          : dialog.document
            ? "Keep what could be read: the damaged file is replaced by it (the backup stays). Until you confirm, nothing is written and editing is off."
            : "Nothing could be read from the file. It stays untouched; fix it by hand or remove it."}
      </p>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => actions.dismiss()}>
          Leave the file untouched
        </button>
        {dialog.document && (
          <button type="button" className={dialog.fromSave ? "" : "primary"} disabled={busy} onClick={() => void actions.acceptSalvage()}>
            Keep salvaged and overwrite
          </button>
        )}
        {dialog.fromSave && (
          <button type="button" className="primary" disabled={busy} onClick={() => void actions.overwrite()}>
            Overwrite with what you see
          </button>
        )}
      </div>
    </div>
  );
}
