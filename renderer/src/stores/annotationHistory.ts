/**
 * Undo/redo history of whole annotation documents. Pure: every function returns a new history.
 * Edits of one named group (e.g. typing a note until it is blurred) are one step until the group is sealed.
 */
import type { AnnotationDocument } from "../../../shared/annotation.ts";

/** How many steps are kept. */
export const HISTORY_LIMIT = 200;

/** Documents before (`past`, oldest first) and after (`future`, next redo last) the current one. */
export interface History {
  past: AnnotationDocument[];
  future: AnnotationDocument[];
  /** Group of the last recorded edit while it is still open, else null. */
  openGroup: string | null;
}

/** A history with nothing to undo or redo. */
export function emptyHistory(): History {
  return { past: [], future: [], openGroup: null };
}

/** Record an edit that replaced `before`; an edit of the still-open `group` joins the previous step. */
export function record(h: History, before: AnnotationDocument, group: string | null = null): History {
  if (group !== null && h.openGroup === group) return { ...h, future: [] };
  const past = [...h.past, before].slice(-HISTORY_LIMIT);
  return { past, future: [], openGroup: group };
}

/** Close the open group: the next edit starts a new step. */
export function seal(h: History): History {
  return h.openGroup === null ? h : { ...h, openGroup: null };
}

/** Step back from `current`: the document to show and the new history, or null when there is nothing to undo. */
export function undo(h: History, current: AnnotationDocument): { document: AnnotationDocument; history: History } | null {
  const previous = h.past.at(-1);
  if (!previous) return null;
  return { document: previous, history: { past: h.past.slice(0, -1), future: [...h.future, current], openGroup: null } };
}

/** Step forward from `current`: the document to show and the new history, or null when there is nothing to redo. */
export function redo(h: History, current: AnnotationDocument): { document: AnnotationDocument; history: History } | null {
  const next = h.future.at(-1);
  if (!next) return null;
  return { document: next, history: { past: [...h.past, current], future: h.future.slice(0, -1), openGroup: null } };
}
