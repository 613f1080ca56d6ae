import type { AnnotationDocument } from "../../../shared/annotation.ts";
import { hasErrors, validateAnnotation } from "../../../shared/annotation/validate.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";

/**
 * The checks every annotation store makes before it writes a save (files and PostgreSQL alike).
 * @param episodePath the episode the save is for (relative to the dataset folder)
 * @param name the document's name in messages (`.episcope/annotations/<layer>/<episode>.json`)
 * @throws EpiscopeError `wrong-episode` when the document names another episode; `invalid-annotation` naming the first
 *   field that breaks a rule (and how many more do).
 */
export function checkSavable(episodePath: string, document: AnnotationDocument, name: string): void {
  if (document.episode.path !== episodePath) {
    throw new EpiscopeError("wrong-episode", `annotation for ${document.episode.path} cannot be saved as ${episodePath}`);
  }
  const problems = validateAnnotation(document);
  if (hasErrors(problems)) {
    const errors = problems.filter((p) => p.severity === "error");
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    throw new EpiscopeError("invalid-annotation", `${name}: ${errors[0]!.path}: ${errors[0]!.message}${more}`);
  }
}
