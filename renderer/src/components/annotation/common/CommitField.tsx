/**
 * A one-line text field that edits a document value on commit, not per keystroke: Enter commits and gives the focus
 * back to the page (so global keys work again), Escape drops the draft, leaving the field commits a changed draft.
 * A refused commit (empty text, bad tag) keeps the focus and shows the reason at the field.
 */
import { useEffect, useId, useRef, useState, type Ref } from "react";

/** Props of a commit field. */
export interface CommitFieldProps {
  /** The document's value (the draft follows it while the field is not being edited). */
  value: string;
  /** Accessible name. */
  label: string;
  placeholder?: string;
  disabled?: boolean;
  className?: string;
  /** Commit the text; return null when accepted, else the message to show at the field. */
  onCommit(text: string): string | null;
  /** Called after the field gave up the focus (commit, Escape or blur). */
  onDone?(): void;
  inputRef?: Ref<HTMLInputElement>;
  /** Extra attributes for tests and styling. */
  testId?: string;
}

/** See the module comment. */
export function CommitField({ value, label, placeholder, disabled, className, onCommit, onDone, inputRef, testId }: CommitFieldProps) {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const editing = useRef(false);
  /** Set when Enter/Escape already handled the text, so the blur they cause does not commit again. */
  const handled = useRef(false);
  const errorId = useId();

  useEffect(() => {
    if (!editing.current) setDraft(value);
  }, [value]);

  const commit = (text: string): boolean => {
    const message = onCommit(text);
    setError(message);
    return message === null;
  };

  return (
    <span className={`commit-field ${className ?? ""}`}>
      <input
        ref={inputRef}
        type="text"
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        data-testid={testId}
        placeholder={placeholder}
        value={draft}
        disabled={disabled}
        onFocus={() => {
          editing.current = true;
          handled.current = false;
        }}
        onChange={(e) => {
          setDraft(e.target.value);
          if (error) setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            if (draft === value && value !== "" && !error) {
              handled.current = true;
              e.currentTarget.blur();
              return;
            }
            if (commit(draft)) {
              handled.current = true;
              e.currentTarget.blur();
            }
          } else if (e.key === "Escape") {
            e.preventDefault();
            handled.current = true;
            setDraft(value);
            setError(null);
            e.currentTarget.blur();
          }
        }}
        onBlur={() => {
          editing.current = false;
          if (!handled.current && draft !== value) {
            if (!commit(draft)) setDraft(value);
          }
          handled.current = false;
          onDone?.();
        }}
      />
      {error && (
        <span id={errorId} role="alert" className="field-error">
          {error}
        </span>
      )}
    </span>
  );
}
