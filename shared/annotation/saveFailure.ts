/**
 * Why a save of an annotation document failed, from what the store can see afterwards: the file's status
 * (`annotation.status`) and the error message of the save. The server's codes (electron/services/annotation/
 * annotationMainService.ts): `conflict` — the file changed on disk since it was loaded (another window, a sync tool,
 * a hand edit); `needs-overwrite` — the file on disk is not a valid document (a backup is kept). Anything else (an
 * invalid document, a lost connection) is `other`: retrying or fixing the field is the answer, not a dialog.
 */
import type { AnnotationFileStatus } from "./storeTypes.ts";

/** The kind of a failed save. */
export type SaveFailureKind = "conflict" | "needs-overwrite" | "other";

/**
 * Classify a failed save.
 * @param status the file now (null when the status could not be read)
 * @param documentRevision the revision the failed save was based on
 * @param message the save's error message (the server's messages name the code's cause)
 */
export function classifySaveFailure(status: AnnotationFileStatus | null, documentRevision: number, message: string): SaveFailureKind {
  if (status) {
    if (status.exists && status.revision === null) return "needs-overwrite";
    if (status.exists && (status.changedSinceLoad === true || status.revision !== documentRevision)) return "conflict";
  }
  if (/not a valid annotation|save with overwrite to replace/i.test(message)) return "needs-overwrite";
  if (/changed on disk/i.test(message)) return "conflict";
  return "other";
}
