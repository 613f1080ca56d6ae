import { userInfo } from "node:os";
import type { Annotator } from "../../../shared/annotation.ts";
import type { AnnotatorSource } from "../../../shared/annotation/storeTypes.ts";
import { readSettings, settingsFile } from "./settings.ts";

/** The effective annotator and where it came from. */
export interface ResolvedAnnotator {
  annotator: Annotator;
  source: AnnotatorSource;
  /** The annotator stored in the settings file, if any. */
  stored: Annotator | null;
}

/**
 * The annotator whose layer this process writes, in order: `EPISCOPE_ANNOTATOR` (id, or `id:Display Name`), the
 * annotator stored in the app settings file (`file`, default `settingsFile(env)`), the OS user name. The id is reduced
 * to the characters allowed in a folder name (letters, digits, `.`, `_`, `-`).
 */
export function resolveAnnotator(env: NodeJS.ProcessEnv = process.env, file: string = settingsFile(env)): ResolvedAnnotator {
  const stored = readSettings(file).settings.annotator ?? null;
  const fromEnv = env.EPISCOPE_ANNOTATOR?.trim();
  if (fromEnv) return { annotator: parseAnnotatorSpec(fromEnv), source: "env", stored };
  if (stored) return { annotator: stored, source: "settings", stored };
  return { annotator: parseAnnotatorSpec(safeUserName()), source: "os", stored };
}

/** `resolveAnnotator(env, file).annotator`. */
export function currentAnnotator(env: NodeJS.ProcessEnv = process.env, file?: string): Annotator {
  return resolveAnnotator(env, file).annotator;
}

/** `id` or `id:Display Name` → an annotator with a folder-safe id (the name defaults to the id). */
export function parseAnnotatorSpec(raw: string): Annotator {
  const [idPart, ...nameParts] = raw.split(":");
  // Folder-safe (shared/ipc/identifiers.ts): no separators, no leading '.', so never '.', '..' or a hidden folder.
  const id = (idPart ?? "").trim().replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "_").slice(0, 64) || "annotator";
  return { id, name: nameParts.join(":").trim() || id };
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return "annotator";
  }
}
