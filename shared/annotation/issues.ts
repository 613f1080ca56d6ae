/**
 * Problems found in a user-authored file, reported at a field path (e.g. `chunks.2.endNs`), and the conversion of zod
 * issues into them.
 */

/** One problem with a document or config, at the field it concerns. */
export interface FieldProblem {
  /** Dotted field path, e.g. `instructions.0.paraphrases.1`; `(document)` for the whole document. */
  path: string;
  message: string;
  /** `error`: the value is refused; `warning`: accepted but worth a look. */
  severity: "error" | "warning";
}

/** A zod issue path as a dotted string; `(document)` when empty. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.length > 0 ? path.map((p) => String(p)).join(".") : "(document)";
}

/** Minimal shape of a zod issue (v3 and v4 alike). */
interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * Every zod issue as an error-level FieldProblem, with `prefix` (a path) prepended.
 * @param prefix path of the validated value inside the document, e.g. `segments.3`; empty for the root.
 */
export function problemsFromIssues(issues: readonly IssueLike[], prefix: readonly PropertyKey[] = []): FieldProblem[] {
  return issues.map((issue) => ({ path: issuePath([...prefix, ...issue.path]), message: issue.message, severity: "error" }));
}
