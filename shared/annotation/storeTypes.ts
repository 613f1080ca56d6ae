/**
 * What the annotation store reports besides documents (the AnnotationService half of the IPC contract): the state of
 * a document's file, what opening a possibly damaged file found, and the app settings that name the annotator.
 */
import type { AnnotationDocument, Annotator } from "../annotation.ts";
import type { DatasetConfig } from "./datasetConfig.ts";
import type { FieldProblem } from "./issues.ts";

/** A document file as it is on disk now. */
export interface AnnotationFileState {
  /** Path relative to the dataset folder (POSIX separators). */
  file: string;
  exists: boolean;
  /** The document's revision; null when the file is missing or unreadable. */
  revision: number | null;
  /** SHA-256 (hex) of the file's bytes; null when missing. */
  sha256: string | null;
  /** Last modification (ms since the epoch); null when missing. */
  mtimeMs: number | null;
}

/** `annotation.status`: the file now, and whether it changed since this server last loaded or saved it. */
export interface AnnotationFileStatus extends AnnotationFileState {
  /** True when the bytes differ from what this server last read or wrote; null when it never did. */
  changedSinceLoad: boolean | null;
}

/** `annotation.open`: a document read leniently (load what validates, report the rest). */
export interface AnnotationOpenResult {
  /** The document (salvaged when damaged), or null when there is none or nothing could be read. */
  document: AnnotationDocument | null;
  /** Parts that did not validate (dropped or defaulted) and semantic problems, each at its field path. */
  problems: FieldProblem[];
  /** True when the file on disk is not a valid document: saves are refused (code `needs-overwrite`) until a save
   * passes `overwrite: true` after the user confirmed. */
  needsOverwrite: boolean;
  /** Backup of the damaged original (relative path), or null when the file is valid. */
  backup: string | null;
  state: AnnotationFileState;
}

/** `dataset.config`: the dataset's config with defaults applied, and what was wrong with the file. */
export interface DatasetConfigInfo {
  config: DatasetConfig;
  problems: FieldProblem[];
  /** `.episcope/config.json` (relative to the dataset folder). */
  file: string;
  exists: boolean;
}

/** Where the effective annotator came from. */
export type AnnotatorSource = "env" | "settings" | "os" | "account";

/** `settings.get` / `settings.setAnnotator`. */
export interface AnnotatorSettings {
  /** The annotator this app writes as. */
  annotator: Annotator;
  /** `env`: EPISCOPE_ANNOTATOR (wins over the settings); `settings`: the settings file; `os`: the OS user name (first
   * run — the UI should ask for a name); `account`: the signed-in account of a shared server (`serve --store`; cannot
   * be changed). */
  source: AnnotatorSource;
  /** The app settings file ("" for an account). */
  file: string;
  /** The annotator stored in the settings file, if any (differs from `annotator` when the environment wins). */
  stored: Annotator | null;
}
