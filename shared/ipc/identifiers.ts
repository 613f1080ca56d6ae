/**
 * The one rule for names that become file or folder names on the Node side (annotator ids, label-layer names) and for
 * episode paths in requests. Both the IPC contract (zod v3) and the annotation document schema (zod v4) call these,
 * so a name the contract accepts is a name the store can use as one folder, and nothing else.
 */

/** Longest annotator id / layer name (characters). */
export const MAX_NAME_LENGTH = 64;

/** The whole name rule as one pattern (for JSON Schema): no leading `.`, then letters, digits, `.`, `_`, `-`. */
export const NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** The name rule in words. */
export const NAME_RULE = "may hold only letters, digits, '.', '_' and '-', and must not start with '.'";

/** Control characters (C0, DEL, C1): never in a name or a path. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Why `name` cannot be an annotator id or a layer name, or null when it can: 1–64 of letters, digits, `.`, `_`, `-`,
 * not starting with `.` (so never `.`, `..` or a hidden folder), hence no separators and no control characters.
 */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return "must not be empty";
  if (name.length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters`;
  return NAME_PATTERN.test(name) ? null : NAME_RULE;
}

/**
 * Why `path` cannot be an episode path of a request, or null when it can: relative to the dataset folder with `/`
 * separators, each segment non-empty and neither `.` nor `..`, no backslash, drive letter or control character, at
 * most 4096 characters. (That the episode exists, and that symlinks stay inside the folder, is checked on the Node side.)
 */
export function episodePathProblem(path: string): string | null {
  if (path.length === 0) return "must not be empty";
  if (path.length > 4096) return "must be at most 4096 characters";
  if (CONTROL.test(path)) return "must not hold control characters";
  if (path.includes("\\")) return "must use '/' separators";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "must be relative to the dataset folder";
  if (path.split("/").some((s) => s === "" || s === "." || s === "..")) return "must be a path relative to the dataset folder, without empty, '.' or '..' segments";
  return null;
}
