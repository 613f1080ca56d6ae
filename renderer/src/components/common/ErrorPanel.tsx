import type { ReactNode } from "react";

/** A visible error (role="alert"): the episode could not be opened; other episodes still can. */
export interface ErrorPanelProps {
  title: string;
  message: string;
  code?: string;
  /** What can still be done about it (buttons). */
  actions?: ReactNode;
}

/** The error panel. */
export function ErrorPanel({ title, message, code, actions }: ErrorPanelProps) {
  return (
    <div className="error-panel" role="alert">
      <h2>{title}</h2>
      <p className="error-message">{message}</p>
      {code && <p className="muted small">code: {code}</p>}
      {actions && <p>{actions}</p>}
      <p className="muted small">Pick another episode in the list; the app keeps running.</p>
    </div>
  );
}
