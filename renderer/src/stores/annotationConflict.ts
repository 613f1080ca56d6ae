/**
 * Conflict and salvage handling of the annotation document (issue #5 "never silently overwritten"), on top of the
 * annotation store:
 * - a save refused with `conflict` (the file changed on disk) opens the conflict dialog: Reload (what is on disk, via
 *   `annotation.open`) or Overwrite (save this document with `overwrite: true`);
 * - a save refused with `needs-overwrite`, or a document that could not be loaded (`bad-annotation`), opens the
 *   salvage dialog with what `annotation.open` could keep, what it dropped (each problem at its field path) and where
 *   the backup of the original is; nothing replaces the original until the user confirms.
 * The annotation store keeps only the message of a failed save, so the kind is found with `annotation.status`
 * (shared/annotation/saveFailure.ts).
 */
import { useStore } from "zustand";
import { createStore, type StoreApi } from "zustand/vanilla";
import type { AnnotationDocument } from "../../../shared/annotation.ts";
import type { FieldProblem } from "../../../shared/annotation/issues.ts";
import { classifySaveFailure } from "../../../shared/annotation/saveFailure.ts";
import type { EpisodeSummary } from "../../../shared/episode.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { errorMessage } from "../app/errors.ts";
import { api as defaultApi } from "../ipc/api.ts";
import { annotationStore as defaultAnnotationStore, type AnnotationState } from "./annotation.ts";
import { episodeStore } from "./episode.ts";

/** The dialog on screen. */
export type ConflictDialog =
  | { kind: "conflict"; path: string; message: string; diskRevision: number | null; ourRevision: number }
  | {
      kind: "salvage";
      path: string;
      /** Why: the file could not be loaded, or a save found it damaged. */
      reason: string;
      /** What validated (null when nothing could be read). */
      document: AnnotationDocument | null;
      problems: FieldProblem[];
      backup: string | null;
      /** True when a save found the file damaged: the app still holds its own document, which may overwrite it. */
      fromSave: boolean;
    };

/** State and actions of the conflict store. */
export interface ConflictState {
  dialog: ConflictDialog | null;
  busy: boolean;
  /** Why the last action failed, shown in the dialog. */
  error: string | null;
  /** Replace the document with what is on disk (discarding the refused edit). */
  reload(): Promise<void>;
  /** Save the document the app shows over the file on disk (after the user confirmed; a damaged file is backed up). */
  overwrite(): Promise<void>;
  /** Keep what the salvage could read: save it over the damaged original (backup kept), then edit it. */
  acceptSalvage(): Promise<void>;
  /** Close the dialog without touching the file (editing stays off for a damaged file). */
  dismiss(): void;
  /** Look at a failed save or load now (the watcher calls these). */
  checkSave(): Promise<void>;
  checkLoad(): Promise<void>;
}

/** The `layer` field of an annotation request for the layer the annotation store is on (none for the own layer). */
function layerOf(annotation: StoreApi<AnnotationState>): { layer?: "adjudicated" } {
  const layer = annotation.getState().layer;
  return layer ? { layer } : {};
}

/** Create a conflict store for `annotation`, talking to `api`; `summary` gives the open episode. */
export function createConflictStore(
  api: EpiscopeApi = defaultApi,
  annotation: StoreApi<AnnotationState> = defaultAnnotationStore,
  summary: () => EpisodeSummary | null = () => episodeStore.getState().summary,
): StoreApi<ConflictState> {
  return createStore<ConflictState>()((set, get) => {
    const reloadStore = async () => {
      const s = summary();
      if (s && s.path === annotation.getState().path) await annotation.getState().load(s);
    };
    const showSalvage = async (path: string, reason: string, fromSave: boolean) => {
      const opened = await api.annotation.open({ path, ...layerOf(annotation) });
      if (annotation.getState().path !== path) return;
      set({ dialog: { kind: "salvage", path, reason, document: opened.document, problems: opened.problems, backup: opened.backup, fromSave }, error: null });
    };
    const run = async (fn: () => Promise<void>) => {
      if (get().busy) return;
      set({ busy: true, error: null });
      try {
        await fn();
      } catch (e) {
        set({ error: errorMessage(e) });
      } finally {
        set({ busy: false });
      }
    };

    return {
      dialog: null,
      busy: false,
      error: null,

      async checkSave() {
        const { path, document, save } = annotation.getState();
        if (!path || !document || save.kind !== "error" || get().dialog) return;
        const status = await api.annotation.status({ path, ...layerOf(annotation) }).catch(() => null);
        const kind = classifySaveFailure(status, document.revision, save.message);
        if (annotation.getState().path !== path) return;
        if (kind === "conflict") {
          set({ dialog: { kind: "conflict", path, message: save.message, diskRevision: status?.revision ?? null, ourRevision: document.revision }, error: null });
        } else if (kind === "needs-overwrite") {
          await showSalvage(path, save.message, true);
        }
      },
      async checkLoad() {
        const { path, loadStatus, loadError } = annotation.getState();
        if (!path || loadStatus !== "error" || get().dialog) return;
        await showSalvage(path, loadError ?? "the annotation file could not be read", false).catch(() => {});
      },
      reload: () =>
        run(async () => {
          const d = get().dialog;
          if (!d) return;
          const opened = await api.annotation.open({ path: d.path, ...layerOf(annotation) });
          if (opened.needsOverwrite) {
            set({
              dialog: {
                kind: "salvage",
                path: d.path,
                reason: "the file on disk is damaged",
                document: opened.document,
                problems: opened.problems,
                backup: opened.backup,
                fromSave: false,
              },
            });
            return;
          }
          set({ dialog: null });
          await reloadStore();
        }),
      overwrite: () =>
        run(async () => {
          const d = get().dialog;
          const { document, path } = annotation.getState();
          if (!d || !document || path !== d.path) return;
          await api.annotation.save({ path, document, overwrite: true, ...layerOf(annotation) });
          set({ dialog: null });
          // The file now holds exactly this document: the store's retry is acknowledged with the new revision (the
          // server's "already on disk" rule), so the undo history is kept.
          annotation.getState().retrySave();
        }),
      acceptSalvage: () =>
        run(async () => {
          const d = get().dialog;
          if (!d || d.kind !== "salvage") return;
          if (!d.document) throw new Error("nothing could be read from the file; there is nothing to keep");
          await api.annotation.save({ path: d.path, document: d.document, overwrite: true, ...layerOf(annotation) });
          set({ dialog: null });
          await reloadStore();
        }),
      dismiss() {
        set({ dialog: null, error: null });
      },
    };
  });
}

/** The app's conflict store. */
export const conflictStore = createConflictStore();

/**
 * Watch the annotation store: a save that fails, or a load that fails, is looked at once. Returns the unsubscribe
 * function.
 */
export function watchAnnotationConflicts(
  store: StoreApi<ConflictState> = conflictStore,
  annotation: StoreApi<AnnotationState> = defaultAnnotationStore,
): () => void {
  const s0 = annotation.getState();
  if (s0.save.kind === "error") void store.getState().checkSave();
  if (s0.loadStatus === "error") void store.getState().checkLoad();
  return annotation.subscribe((s, prev) => {
    // A new failure (also a failed save that turned into a conflict when another page saved) is looked at.
    if (s.save.kind === "error" && s.save !== prev.save) void store.getState().checkSave();
    if (s.loadStatus === "error" && prev.loadStatus !== "error") void store.getState().checkLoad();
  });
}

/** Read the conflict store in React. */
export function useConflict<T>(selector: (s: ConflictState) => T): T {
  return useStore(conflictStore, selector);
}
