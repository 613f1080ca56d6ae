/**
 * The reviewer's timeline preferences for this session: the snap tolerance of chunk boundaries (ms; null = the dataset
 * config's `snapToleranceMs`) and which annotation tiers are collapsed.
 */
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";

/** Ids of the annotation tiers of the timeline. */
export type TierId = "quality" | "segments" | "chunks" | "instructions" | "reward";

/** State and actions of the preferences store. */
export interface AnnotationPrefsState {
  /** Chunk boundaries snap to robot events at most this far (ms); null uses the dataset config's value. */
  snapToleranceMs: number | null;
  /** Tiers shown as a collapsed header only. */
  collapsed: Readonly<Record<TierId, boolean>>;
  /** Set the snap tolerance (ms, ≥ 0; NaN or null goes back to the config's value). */
  setSnapToleranceMs(ms: number | null): void;
  /** Collapse an expanded tier, expand a collapsed one. */
  toggleTier(id: TierId): void;
}

/** The app's timeline preferences. */
export const annotationPrefsStore = createStore<AnnotationPrefsState>()((set, get) => ({
  snapToleranceMs: null,
  collapsed: { quality: false, segments: false, chunks: false, instructions: false, reward: false },
  setSnapToleranceMs(ms) {
    set({ snapToleranceMs: ms === null || !Number.isFinite(ms) ? null : Math.min(10_000, Math.max(0, ms)) });
  },
  toggleTier(id) {
    set({ collapsed: { ...get().collapsed, [id]: !get().collapsed[id] } });
  },
}));

/** Read the preferences in React. */
export function useAnnotationPrefs<T>(selector: (s: AnnotationPrefsState) => T): T {
  return useStore(annotationPrefsStore, selector);
}
