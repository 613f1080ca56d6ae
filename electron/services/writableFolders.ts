import fs from "node:fs";
import path from "node:path";
import { EpiscopeError } from "../../shared/ipc/contract.ts";

/**
 * Where `episcope serve` may write besides the dataset's own `.episcope/` files: inside the served folder and inside
 * the folders named at start with `--writable DIR`. Imports and exports ask `check` before they create anything, so a
 * request (even with the token) cannot make serve write elsewhere on the machine. The desktop app has none (the user
 * picks folders in the OS dialog). Paths are compared after resolving symbolic links.
 */
export class WritableFolders {
  /** The served folder, resolved. */
  readonly root: string;
  /** The `--writable` folders, resolved, in the order given. */
  readonly extra: readonly string[];

  /**
   * @param root the served folder
   * @param extra the `--writable` folders
   * @throws Error naming a `--writable` folder that does not exist or is not a folder
   */
  constructor(root: string, extra: readonly string[] = []) {
    this.root = fs.realpathSync(root);
    this.extra = extra.map((dir) => {
      const stat = fs.statSync(dir, { throwIfNoEntry: false });
      if (!stat?.isDirectory()) throw new Error(`--writable ${dir}: no such folder`);
      return fs.realpathSync(dir);
    });
  }

  /** Where a relative export output goes: inside the first `--writable` folder, or null (then beside the dataset). */
  get exportBase(): string | null {
    return this.extra[0] ?? null;
  }

  /**
   * Check that `target` (absolute; it need not exist yet) lies strictly inside the served folder or a `--writable`
   * folder once links are resolved.
   * @returns the resolved target
   * @throws EpiscopeError `not-writable` naming the request `field` and the target
   */
  check(target: string, field: string): string {
    const resolved = resolveThroughLinks(path.resolve(target));
    const inside = resolved !== null && [this.root, ...this.extra].some((dir) => {
      const rel = path.relative(dir, resolved);
      return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
    });
    if (!inside) {
      throw new EpiscopeError(
        "not-writable",
        `${field}: ${target} is outside the folders serve may write (the served folder${this.extra.length ? ` and ${this.extra.join(", ")}` : ""}); ` +
          "start episcope serve with --writable DIR to allow another folder",
      );
    }
    return resolved!;
  }
}

/**
 * `target` with its deepest existing ancestor's symbolic links resolved (the rest appended as given); null when that
 * ancestor is a dangling link (writing through it would land wherever it points).
 */
function resolveThroughLinks(target: string): string | null {
  let existing = target;
  const tail: string[] = [];
  while (!fs.lstatSync(existing, { throwIfNoEntry: false })) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    tail.unshift(path.basename(existing));
    existing = parent;
  }
  try {
    return path.join(fs.realpathSync(existing), ...tail);
  } catch {
    return null;
  }
}
