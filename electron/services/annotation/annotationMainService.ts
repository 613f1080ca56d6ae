import { readFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import {
  parseAnnotation,
  serializeAnnotation,
  type AnnotationDocument,
  type Annotator,
} from "../../../shared/annotation.ts";
import { EpiscopeError, type SaveResult } from "../../../shared/ipc/contract.ts";
import { writeFileAtomic } from "./atomicWrite.ts";

/** Folder (under the dataset root) that holds every annotator's layer. */
export const ANNOTATIONS_DIR = join(".episcope", "annotations");

/**
 * The annotation store on plain files (DESIGN §4): one JSON document per episode per annotator at
 * `<root>/.episcope/annotations/<annotator id>/<episode path without .mcap>.json`, written atomically.
 * Each annotator writes only their own folder, so two reviewers on one shared folder never write the same file.
 */
export class AnnotationMainService {
  constructor(
    private readonly root: string,
    private readonly annotator: Annotator,
  ) {}

  /** Absolute path of the current annotator's document for an episode (relative path, POSIX separators). */
  documentPath(episodePath: string): string {
    const layer = resolve(this.root, ANNOTATIONS_DIR, this.annotator.id);
    const file = resolve(layer, episodePath.replace(/\.mcap$/i, "") + ".json");
    if (!file.startsWith(layer + sep)) {
      throw new EpiscopeError("invalid-path", `${episodePath}: episode path escapes the dataset folder`);
    }
    return file;
  }

  /**
   * The current annotator's document for an episode, or null when none was saved yet.
   * @throws EpiscopeError `bad-annotation` naming the file and the invalid field when the file is not a valid document.
   */
  async load(episodePath: string): Promise<AnnotationDocument | null> {
    const file = this.documentPath(episodePath);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    try {
      return parseAnnotation(text);
    } catch (error) {
      throw new EpiscopeError("bad-annotation", `${relative(this.root, file)}: ${(error as Error).message}`);
    }
  }

  /**
   * Save a document for the current annotator: the stored revision becomes max(on-disk, given) + 1, `updatedAt`
   * now, `annotator` the current one; the write is atomic (temp file, fsync, rename).
   * @throws EpiscopeError `wrong-episode` when the document names another episode.
   */
  async save(episodePath: string, document: AnnotationDocument): Promise<SaveResult> {
    if (document.episode.path !== episodePath) {
      throw new EpiscopeError(
        "wrong-episode",
        `annotation for ${document.episode.path} cannot be saved as ${episodePath}`,
      );
    }
    const file = this.documentPath(episodePath);
    const previous = await this.load(episodePath).catch(() => null);
    const revision = Math.max(previous?.revision ?? 0, document.revision) + 1;
    const updatedAt = new Date().toISOString();
    const stored: AnnotationDocument = { ...document, annotator: this.annotator, revision, updatedAt };
    await writeFileAtomic(file, serializeAnnotation(stored));
    return { revision, updatedAt, file: relative(this.root, file).split(sep).join("/") };
  }
}
