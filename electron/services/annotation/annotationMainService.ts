import { readdir, readFile, rm, stat } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import {
  parseAnnotation,
  serializeAnnotation,
  type AnnotationDocument,
  type Annotator,
} from "../../../shared/annotation.ts";
import { salvageAnnotationText } from "../../../shared/annotation/salvage.ts";
import type { AnnotationStore } from "../../../shared/annotation/annotationStore.ts";
import type { AnnotationFileState, AnnotationFileStatus, AnnotationOpenResult } from "../../../shared/annotation/storeTypes.ts";
import { validateAnnotation } from "../../../shared/annotation/validate.ts";
import { checkSavable } from "./saveChecks.ts";
import { EpiscopeError, type SaveResult } from "../../../shared/ipc/contract.ts";
import { writeFileAtomic } from "./atomicWrite.ts";
import { sha256, WriteAheadJournal } from "./journal.ts";

/** Folder (under the dataset root) that holds every annotator's layer. */
export const ANNOTATIONS_DIR = join(".episcope", "annotations");
/** Folder (under the dataset root) of the backups of damaged documents, one sub-folder per annotator. */
export const BACKUPS_DIR = join(".episcope", "backups");
/** Folder (under the dataset root) of the write-ahead journals, one file per annotator. */
export const JOURNAL_DIR = join(".episcope", "journal");

/** Options of a save. */
export interface SaveOptions {
  /** Replace the file even when it changed on disk or is damaged — only after the user confirmed. */
  overwrite?: boolean;
}

/**
 * The annotation store on plain files (DESIGN §4): one JSON document per episode per annotator at
 * `<root>/.episcope/annotations/<annotator id>/<episode path without .mcap>.json`.
 *
 * - Durability: every save is journalled (write-ahead, fsynced) and then written atomically (temp file, fsync, rename,
 *   fsync of the folder) before it is acknowledged; a kill at any instant leaves the last acknowledged document or the
 *   one being saved, never a torn file. The journal is replayed on first use after a crash.
 * - Conflicts: a save names the revision it was based on (`document.revision`); when the file's revision differs, or
 *   its bytes differ from what this store last read or wrote (a sync tool, a hand edit, another window), the save is
 *   refused with code `conflict` instead of overwriting.
 * - Damage: a file that is not a valid document is read leniently by `open` (what validates is kept, the rest
 *   reported), backed up under `.episcope/backups/`, and never overwritten until a save passes `overwrite`.
 * Each annotator writes only their own folder, so two reviewers on one shared folder never write the same file.
 */
export class AnnotationMainService implements AnnotationStore {
  /** SHA-256 of each file's bytes as this store last read or wrote them (null: known to be missing). */
  readonly #known = new Map<string, string | null>();
  #recovery: Promise<void> | null = null;
  /** Saves run one at a time (they share the journal). */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly root: string,
    private annotator: Annotator,
  ) {}

  /** The annotator whose layer this store reads and writes. */
  get currentAnnotator(): Annotator {
    return this.annotator;
  }

  /** Switch to another annotator's layer (after the user set their identity). */
  setAnnotator(annotator: Annotator): void {
    if (annotator.id !== this.annotator.id) {
      this.#known.clear();
      this.#recovery = null;
    }
    this.annotator = annotator;
  }

  /** Absolute path of the current annotator's (or `annotatorId`'s) document for an episode (relative path, POSIX separators). */
  documentPath(episodePath: string, annotatorId: string = this.annotator.id): string {
    const layer = resolve(this.root, ANNOTATIONS_DIR, annotatorId);
    const file = resolve(layer, episodePath.replace(/\.mcap$/i, "") + ".json");
    if (!file.startsWith(layer + sep)) {
      throw new EpiscopeError("invalid-path", `${episodePath}: episode path escapes the dataset folder`);
    }
    return file;
  }

  #relative(file: string): string {
    return relative(this.root, file).split(sep).join("/");
  }

  #journal(): WriteAheadJournal {
    return new WriteAheadJournal(join(this.root, JOURNAL_DIR, `${this.annotator.id}.wal`));
  }

  /**
   * Replay the journal once: a recorded write whose file is missing or holds an older revision is completed.
   * A record for a file that is now damaged is not applied (nothing is overwritten unconfirmed).
   */
  #recover(): Promise<void> {
    this.#recovery ??= (async () => {
      const journal = this.#journal();
      for (const record of await journal.records()) {
        const file = resolve(this.root, record.file);
        const layer = resolve(this.root, ANNOTATIONS_DIR, this.annotator.id);
        if (!file.startsWith(layer + sep)) continue;
        const current = await readText(file);
        let currentRevision = -1;
        if (current !== null) {
          try {
            currentRevision = parseAnnotation(current).revision;
          } catch {
            continue;
          }
        }
        if (record.revision > currentRevision) await writeFileAtomic(file, record.text);
        await removeStaleTempFiles(file);
      }
      await journal.clear();
    })();
    return this.#recovery;
  }

  /**
   * The current annotator's document for an episode, or null when none was saved yet. Version 1 documents are
   * migrated in memory (the file is rewritten as version 2 on the next save).
   * @throws EpiscopeError `bad-annotation` naming the file and the invalid field when the file is not a valid document
   *   (use `open` to read what validates).
   */
  async load(episodePath: string): Promise<AnnotationDocument | null> {
    const file = this.documentPath(episodePath);
    await this.#recover();
    const text = await readText(file);
    this.#known.set(file, text === null ? null : sha256(text));
    if (text === null) return null;
    try {
      return parseAnnotation(text);
    } catch (error) {
      throw new EpiscopeError("bad-annotation", `${this.#relative(file)}: ${(error as Error).message}`);
    }
  }

  /**
   * Another annotator's document for an episode, read-only (to overlay their layer, or to compare), or null when they
   * have none. Version 1 documents are migrated in memory.
   * @throws EpiscopeError `invalid-path` for an id that is not a folder name; `bad-annotation` naming the file and the
   *   invalid field when the file is not a valid document
   */
  async loadLayer(episodePath: string, annotatorId: string): Promise<AnnotationDocument | null> {
    if (!/^[A-Za-z0-9._-]+$/.test(annotatorId) || annotatorId === "." || annotatorId === "..") {
      throw new EpiscopeError("invalid-path", `${JSON.stringify(annotatorId)} is not an annotator id`);
    }
    const file = this.documentPath(episodePath, annotatorId);
    const text = await readText(file);
    if (text === null) return null;
    try {
      return parseAnnotation(text);
    } catch (error) {
      throw new EpiscopeError("bad-annotation", `${this.#relative(file)}: ${(error as Error).message}`);
    }
  }

  /**
   * Read the document leniently (also the way to reload after a `conflict`): a valid file gives its document and its
   * semantic problems; a damaged one gives what validates, every problem at its field path, a backup of the original
   * under `.episcope/backups/<annotator>/`, and `needsOverwrite` (saves are refused until `overwrite`). Never throws
   * for bad content; throws the fs error when the file cannot be read at all.
   */
  async open(episodePath: string): Promise<AnnotationOpenResult> {
    const file = this.documentPath(episodePath);
    await this.#recover();
    const text = await readText(file);
    this.#known.set(file, text === null ? null : sha256(text));
    const state = await this.#state(file, text);
    if (text === null) return { document: null, problems: [], needsOverwrite: false, backup: null, state };
    const { document, problems } = salvageAnnotationText(text, { path: episodePath, annotator: this.annotator });
    if (problems.length === 0 && document) {
      return { document, problems: validateAnnotation(document), needsOverwrite: false, backup: null, state };
    }
    const backup = await this.#backup(file, text);
    const semantic = document ? validateAnnotation(document) : [];
    return { document, problems: [...problems, ...semantic], needsOverwrite: true, backup, state };
  }

  /** The file as it is on disk now and whether it changed since this store last read or wrote it. */
  async status(episodePath: string): Promise<AnnotationFileStatus> {
    const file = this.documentPath(episodePath);
    await this.#recover();
    const text = await readText(file);
    const state = await this.#state(file, text);
    const known = this.#known.get(file);
    return { ...state, changedSinceLoad: known === undefined ? null : known !== state.sha256 };
  }

  /**
   * Save a document for the current annotator. The stored revision becomes max(on-disk, given) + 1, `updatedAt` now,
   * `annotator` the current one; the write is journalled, then atomic; the promise resolves once it is durable.
   * Saving exactly what the file holds (a retry after a lost acknowledgement, or a no-op) writes nothing and returns
   * the file's revision.
   * @throws EpiscopeError `wrong-episode` when the document names another episode; `invalid-annotation` naming the
   *   field when it breaks a rule (times outside the episode, overlapping chunks, …); `conflict` when the file changed
   *   on disk since the document was loaded; `needs-overwrite` when the file on disk is damaged (a backup is kept) —
   *   both unless `options.overwrite`; `save-failed` naming the file and the cause (disk full, read-only folder) when
   *   it cannot be written — nothing is written then, and the journal never completes it later.
   */
  save(episodePath: string, document: AnnotationDocument, options: SaveOptions = {}): Promise<SaveResult> {
    const run = this.#queue.then(() => this.#save(episodePath, document, options));
    this.#queue = run.catch(() => {});
    return run;
  }

  async #save(episodePath: string, document: AnnotationDocument, options: SaveOptions): Promise<SaveResult> {
    const file = this.documentPath(episodePath);
    const rel = this.#relative(file);
    checkSavable(episodePath, document, rel);
    await this.#recover();
    const text = await readText(file);
    let diskRevision = 0;
    if (text !== null) {
      let onDisk: AnnotationDocument | null = null;
      try {
        onDisk = parseAnnotation(text);
      } catch (error) {
        if (!options.overwrite) {
          const backup = await this.#backup(file, text);
          throw new EpiscopeError(
            "needs-overwrite",
            `${rel}: the file on disk is not a valid annotation (${(error as Error).message}); the original is kept at ${backup}. ` +
              "Save with overwrite to replace it.",
          );
        }
      }
      if (onDisk) {
        diskRevision = onDisk.revision;
        // A retry of a save that already reached the disk (its acknowledgement was lost to a crash or the network,
        // or the journal completed it on restart): nothing to write, and no conflict with itself.
        if (serializeAnnotation({ ...document, annotator: this.annotator, revision: onDisk.revision, updatedAt: onDisk.updatedAt }) === text) {
          return { revision: onDisk.revision, updatedAt: onDisk.updatedAt, file: rel };
        }
        const known = this.#known.get(file);
        const changed = known !== undefined && known !== sha256(text);
        if (!options.overwrite && (onDisk.revision !== document.revision || changed)) {
          throw new EpiscopeError(
            "conflict",
            `${rel} changed on disk since it was loaded (revision ${onDisk.revision} on disk, this edit is based on revision ` +
              `${document.revision}${changed && onDisk.revision === document.revision ? ", same revision but different content" : ""}). ` +
              "Reload it, or save with overwrite.",
          );
        }
      }
    }
    const revision = Math.max(diskRevision, document.revision) + 1;
    const updatedAt = new Date().toISOString();
    const stored: AnnotationDocument = { ...document, annotator: this.annotator, revision, updatedAt };
    const out = serializeAnnotation(stored);
    const journal = this.#journal();
    try {
      await journal.append({ file: rel, revision, text: out });
    } catch (error) {
      throw saveFailed(rel, error);
    }
    try {
      await writeFileAtomic(file, out);
    } catch (error) {
      // Reported as failed, so never completed later: the journal must not replay it on the next start.
      await journal.clear().catch(() => undefined);
      throw saveFailed(rel, error);
    }
    this.#known.set(file, sha256(out));
    await journal.clear();
    return { revision, updatedAt, file: rel };
  }

  /** Copy a damaged file's bytes to `.episcope/backups/<annotator>/<name>.<sha8>.json` once; its relative path. */
  async #backup(file: string, text: string): Promise<string> {
    const layer = resolve(this.root, ANNOTATIONS_DIR, this.annotator.id);
    const inLayer = relative(layer, file).replace(/\.json$/i, "");
    const target = join(this.root, BACKUPS_DIR, this.annotator.id, `${inLayer}.${sha256(text).slice(0, 12)}.json`);
    if ((await readText(target)) === null) {
      // The original bytes, not the decoded text (a damaged file may not even be UTF-8).
      const bytes = await readFile(file).catch(() => Buffer.from(text));
      await writeFileAtomic(target, bytes);
    }
    return this.#relative(target);
  }

  async #state(file: string, text: string | null): Promise<AnnotationFileState> {
    const rel = this.#relative(file);
    if (text === null) return { file: rel, exists: false, revision: null, sha256: null, mtimeMs: null };
    let revision: number | null = null;
    try {
      revision = parseAnnotation(text).revision;
    } catch {
      // damaged: no revision
    }
    const info = await stat(file).catch(() => null);
    return { file: rel, exists: true, revision, sha256: sha256(text), mtimeMs: info?.mtimeMs ?? null };
  }
}

/**
 * Remove the temp files a killed `writeFileAtomic` of `file` left behind (`.<name>.<pid>.<random>.tmp` whose process
 * is gone). Temp files of a live process are kept (it may still be writing).
 */
async function removeStaleTempFiles(file: string): Promise<void> {
  const dir = dirname(file);
  const prefix = `.${basename(file)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = name.startsWith(prefix) && name.endsWith(".tmp") ? Number(name.slice(prefix.length).split(".")[0]) : NaN;
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    await rm(join(dir, name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A file's text, or null when it does not exist. */
async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    // ENOTDIR: a file stands where a folder of the path should be — there is no such document either.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw error;
  }
}

/** Why the file system refused a save, in words, by its code. */
const FS_CAUSES: Record<string, string> = {
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
  EROFS: "the file system is read-only",
  EACCES: "no permission to write there (read-only folder?)",
  EPERM: "no permission to write there (read-only folder?)",
  ENOTDIR: "a file stands where its folder should be",
  EISDIR: "a folder stands where the file should be",
};

/** A failed write as EpiscopeError `save-failed` naming the document (`rel`, relative to the dataset) and the cause. */
function saveFailed(rel: string, error: unknown): EpiscopeError {
  const e = error as NodeJS.ErrnoException;
  const cause = (e.code && FS_CAUSES[e.code]) ?? e.message;
  return new EpiscopeError("save-failed", `${rel}: not saved: ${cause}${e.code ? ` (${e.code})` : ""}`);
}
