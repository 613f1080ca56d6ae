/**
 * Checked document edits for the annotation panels: the edit is tried on the current document first, so a refused
 * edit (empty text, bad language tag — an `InstructionEditError`) returns its message for the field instead of
 * reaching the store; an accepted one goes through the store's `edit` (saved at once, one undo step or one `group`).
 */
import type { AnnotationDocument } from "../../../shared/annotation.ts";
import { InstructionEditError } from "../../../shared/annotation/instructionEdit.ts";
import { annotationStore } from "./annotation.ts";

let counter = 0;
/** A new id for an instruction (`ins-…`) or other annotation item, unique in practice across sessions. */
export function newAnnotationId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * Apply `fn` to the open document. Returns null when applied (or a no-op), else the message of why it was refused
 * (the document is not loaded, or `fn` threw an InstructionEditError). Other errors propagate.
 */
export function tryEdit(fn: (doc: AnnotationDocument) => AnnotationDocument, group: string | null = null): string | null {
  const s = annotationStore.getState();
  if (!s.document || s.loadStatus !== "ready") return "the annotation is not loaded yet";
  try {
    fn(s.document);
  } catch (e) {
    if (e instanceof InstructionEditError) return e.message;
    throw e;
  }
  s.edit((d) => {
    try {
      return fn(d);
    } catch {
      return d;
    }
  }, group);
  return null;
}
