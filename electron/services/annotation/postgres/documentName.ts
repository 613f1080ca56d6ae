import { posix } from "node:path";
import { EpiscopeError } from "../../../../shared/ipc/contract.ts";

/** Layer ids are folder names in the file store: letters, digits, '.', '_' and '-', never "." or "..". */
export function checkLayerId(annotatorId: string): void {
  if (!/^[A-Za-z0-9._-]+$/.test(annotatorId) || annotatorId === "." || annotatorId === "..") {
    throw new EpiscopeError("invalid-path", `${JSON.stringify(annotatorId)} is not an annotator id`);
  }
}

/**
 * The name a document has in both stores: the file store's path relative to the dataset folder,
 * `.episcope/annotations/<layer>/<episode path without .mcap>.json` (POSIX). The team store reports the same name so
 * results and error messages are identical whichever store serves them.
 * @throws EpiscopeError `invalid-path` when the episode path escapes the dataset folder.
 */
export function documentName(episodePath: string, layer: string): string {
  const base = posix.join(".episcope/annotations", layer);
  const name = posix.normalize(posix.join(base, episodePath.replace(/\.mcap$/i, "") + ".json"));
  if (!name.startsWith(base + "/") || posix.isAbsolute(episodePath) || episodePath.includes("\\")) {
    throw new EpiscopeError("invalid-path", `${episodePath}: episode path escapes the dataset folder`);
  }
  return name;
}
