/**
 * The free note of the review. Saved after a short pause in typing and on blur; everything typed between focus and
 * blur is one undo step.
 */
import { useEffect, useRef, useState } from "react";
import { annotationStore, useAnnotation } from "../../stores/annotation.ts";
import { selectCanEdit } from "../../stores/selectors.ts";

/** Milliseconds of no typing before the note is saved. */
export const NOTE_DEBOUNCE_MS = 600;

/** The note text area. */
export function NoteField() {
  const saved = useAnnotation((s) => s.document?.review.note ?? "");
  const canEdit = useAnnotation(selectCanEdit);
  const [draft, setDraft] = useState(saved);
  const editing = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Follow the document (load, undo, redo) unless the reviewer is typing.
  useEffect(() => {
    if (!editing.current) setDraft(saved);
  }, [saved]);

  const flush = (text: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    annotationStore.getState().setNote(text);
  };
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  return (
    <textarea
      className="note-field"
      aria-label="Note"
      placeholder="Note (saved as you type)"
      rows={3}
      value={draft}
      disabled={!canEdit}
      onFocus={() => {
        editing.current = true;
      }}
      onChange={(e) => {
        const text = e.target.value;
        setDraft(text);
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => flush(text), NOTE_DEBOUNCE_MS);
      }}
      onBlur={(e) => {
        editing.current = false;
        flush(e.target.value);
        annotationStore.getState().sealHistory();
      }}
    />
  );
}
