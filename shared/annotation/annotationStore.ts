/**
 * The annotation-store interface (DESIGN §4): what the IPC handlers need from a store of annotation documents, one
 * layer (annotator) at a time. Implemented by the file store (`AnnotationMainService`, the default: JSON files beside
 * the data) and by the team store on PostgreSQL (`PostgresAnnotationStore`, issue 18). Both give the same guarantees:
 * a save resolves only once durable, one atomic write (file rename / transaction) per save, and a save based on an
 * older revision than the stored one is refused with code `conflict` (same message shape in both).
 */
import type { AnnotationDocument, Annotator } from "../annotation.ts";
import type { SaveResult } from "../ipc/contract.ts";
import type { AnnotationFileStatus, AnnotationOpenResult } from "./storeTypes.ts";

/** Options of `AnnotationStore.save`. */
export interface AnnotationSaveOptions {
  /** Replace the stored document even when it changed since it was loaded or is damaged — only after the user confirmed. */
  overwrite?: boolean;
}

/** A store of annotation documents for one dataset, reading and writing the current annotator's layer. */
export interface AnnotationStore {
  /** The annotator whose layer this store reads and writes. */
  readonly currentAnnotator: Annotator;
  /** Switch to another annotator's layer (after the user set their identity). */
  setAnnotator(annotator: Annotator): void;
  /**
   * The current annotator's document for an episode (relative path, POSIX separators), or null when none was saved.
   * @throws EpiscopeError `bad-annotation` naming the document and the invalid field when it is not a valid document.
   */
  load(episodePath: string): Promise<AnnotationDocument | null>;
  /**
   * Another annotator's document, read-only, or null when they have none.
   * @throws EpiscopeError `invalid-path` for an id that is not `[A-Za-z0-9._-]+`; `bad-annotation` as `load`.
   */
  loadLayer(episodePath: string, annotatorId: string): Promise<AnnotationDocument | null>;
  /** Read leniently: what validates, every problem at its field path, and whether saving needs `overwrite`. */
  open(episodePath: string): Promise<AnnotationOpenResult>;
  /** The stored document now and whether it changed since this store last read or wrote it. */
  status(episodePath: string): Promise<AnnotationFileStatus>;
  /**
   * Save a document for the current annotator; resolves once durable. The stored revision becomes
   * max(stored, given) + 1. Saving exactly what is stored writes nothing and returns the stored revision.
   * @throws EpiscopeError `wrong-episode`, `invalid-annotation`, `conflict` (stored revision differs from
   *   `document.revision`, or the content changed since loaded), `needs-overwrite` (stored document damaged).
   */
  save(episodePath: string, document: AnnotationDocument, options?: AnnotationSaveOptions): Promise<SaveResult>;
}
