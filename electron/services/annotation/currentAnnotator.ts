import { userInfo } from "node:os";
import type { Annotator } from "../../../shared/annotation.ts";

/**
 * The annotator whose layer this process writes: `EPISCOPE_ANNOTATOR` (id, or `id:Display Name`) when set, else the
 * OS user name. The id is reduced to the characters allowed in a folder name (letters, digits, `.`, `_`, `-`).
 */
export function currentAnnotator(env: NodeJS.ProcessEnv = process.env): Annotator {
  const raw = env.EPISCOPE_ANNOTATOR?.trim() || safeUserName();
  const [idPart, ...nameParts] = raw.split(":");
  const id = (idPart ?? "").replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 64) || "annotator";
  return { id, name: nameParts.join(":").trim() || id };
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return "annotator";
  }
}
