/**
 * The export's output folder: everything is written under a temp folder beside it (`<out>.tmp-<pid>-<n>`) and renamed
 * to `<out>` at the end, so a reader never sees a half export under the final name. An existing `<out>` is replaced
 * only with `force`, only when it is an earlier Episcope export (it holds `episcope-export.json`: `force` never deletes
 * a folder Episcope did not create), and only after the new export is complete, by rename. A sharded export's part
 * folder (exportShard.ts) is marked by its part file instead.
 */
import fs from "node:fs";
import path from "node:path";

let counter = 0;

/** The manifest every export writes at its top: it marks a folder `force` may replace. */
export const MANIFEST_FILE = "episcope-export.json";

/**
 * Refuse to replace `out` unless it is an earlier export.
 * @param marker the file that marks an earlier export (its manifest, or a part's part file)
 * @throws Error naming `out` when it holds no `marker`
 */
function assertReplaceable(out: string, marker: string): void {
  if (!fs.existsSync(path.join(out, marker))) {
    throw new Error(`${out} exists and is not an Episcope export (no ${marker}): not replaced, even with --force; choose another folder`);
  }
}

/** A temp folder that becomes the output folder on commit. */
export class OutputFolder {
  readonly out: string;
  readonly tmp: string;
  readonly #force: boolean;
  readonly #marker: string;

  /**
   * @param marker the file an earlier output holds for `force` to replace it (default: the export manifest)
   * @throws Error when `out` exists and `force` is not set, `out` exists and is not a folder, or it is not an export.
   */
  constructor(out: string, force: boolean, marker: string = MANIFEST_FILE) {
    this.out = path.resolve(out);
    this.#force = force;
    this.#marker = marker;
    if (fs.existsSync(this.out)) {
      if (!fs.statSync(this.out).isDirectory()) throw new Error(`${this.out} exists and is not a folder`);
      if (!force) throw new Error(`${this.out} already exists: choose another --out or pass --force to replace it`);
      assertReplaceable(this.out, marker);
    }
    fs.mkdirSync(path.dirname(this.out), { recursive: true });
    this.tmp = `${this.out}.tmp-${process.pid}-${counter++}`;
    fs.rmSync(this.tmp, { recursive: true, force: true });
    fs.mkdirSync(this.tmp);
  }

  /** Absolute path of `rel` (POSIX separators) inside the temp folder; its parent folders are created. */
  file(rel: string): string {
    const abs = path.join(this.tmp, ...rel.split("/"));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    return abs;
  }

  /** Rename the temp folder to the output name (replacing an old output when forced). */
  commit(): void {
    if (fs.existsSync(this.out)) {
      if (!this.#force) throw new Error(`${this.out} appeared during the export: not replaced (pass --force)`);
      assertReplaceable(this.out, this.#marker);
      const old = `${this.out}.old-${process.pid}-${counter++}`;
      fs.renameSync(this.out, old);
      fs.renameSync(this.tmp, this.out);
      fs.rmSync(old, { recursive: true, force: true });
    } else {
      fs.renameSync(this.tmp, this.out);
    }
  }

  /** Remove the temp folder (failed or cancelled export). */
  discard(): void {
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}

/** Total size (bytes) of the files under `dir`. */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}
