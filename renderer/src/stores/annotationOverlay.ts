/**
 * Another annotator's layer shown read-only on the timeline (DESIGN §4: each annotator owns their files; leads read
 * all layers): which annotator, and their document for the open episode, fetched again when the episode changes.
 */
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import type { AnnotationDocument } from "../../../shared/annotation.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { errorMessage } from "../app/errors.ts";
import { api as defaultApi } from "../ipc/api.ts";
import { episodeStore } from "./episode.ts";

/** State and actions of the overlay. */
export interface OverlayState {
  /** The overlaid annotator, or null (no overlay). */
  annotator: string | null;
  /** Their document for the open episode (null: none, or not loaded yet). */
  document: AnnotationDocument | null;
  /** Why it could not be read (names the file and field). */
  error: string | null;
  /** Overlay `annotator`'s layer, or remove the overlay when it is already shown. */
  toggle(annotator: string): void;
  /** Overlay `annotator`'s layer (replacing any other). */
  show(annotator: string): void;
  hide(): void;
}

/** Create the store (tests pass their own api). */
export function createOverlayStore(api: EpiscopeApi = defaultApi) {
  const store = createStore<OverlayState>()((set, get) => {
    let token = 0;
    const load = async () => {
      const { annotator } = get();
      const path = episodeStore.getState().currentPath;
      const mine = ++token;
      if (!annotator || !path) return set({ document: null, error: null });
      try {
        const document = await api.annotation.layer({ path, annotator });
        if (mine === token) set({ document, error: null });
      } catch (e) {
        if (mine === token) set({ document: null, error: errorMessage(e) });
      }
    };
    episodeStore.subscribe((s, prev) => {
      if (s.currentPath !== prev.currentPath && get().annotator) void load();
    });
    return {
      annotator: null,
      document: null,
      error: null,
      toggle(annotator) {
        set({ annotator: get().annotator === annotator ? null : annotator, document: null, error: null });
        void load();
      },
      show(annotator) {
        if (get().annotator === annotator) return;
        set({ annotator, document: null, error: null });
        void load();
      },
      hide() {
        token++;
        set({ annotator: null, document: null, error: null });
      },
    };
  });
  return store;
}

/** The app's overlay store. */
export const overlayStore = createOverlayStore();

/** Read the overlay in React. */
export function useOverlay<T>(selector: (s: OverlayState) => T): T {
  return useStore(overlayStore, selector);
}
