/**
 * The modal shell of the long-job dialogs (import, export): a backdrop, a labelled dialog whose keys never reach the
 * review screen's hotkeys, and Escape to close unless the job is running.
 */
import "../import/importDialog.css";
import type { ReactNode } from "react";

/** Props of the shell. */
export interface JobDialogProps {
  /** Element id of the title (`aria-labelledby`). */
  titleId: string;
  title: string;
  /** While true, Escape does not close (cancel the job first). */
  busy: boolean;
  onClose(): void;
  children: ReactNode;
}

/** A modal dialog for a long job. */
export function JobDialog({ titleId, title, busy, onClose, children }: JobDialogProps) {
  return (
    <div className="import-backdrop">
      <div
        className="import-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={(e) => {
          if (e.key === "Escape" && !busy) {
            e.preventDefault();
            onClose();
          }
          e.stopPropagation(); // typing here never drives the review screen's keys
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}
