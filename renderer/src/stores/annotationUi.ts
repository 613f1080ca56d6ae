/**
 * What the instruction and reward editors have selected, and focus requests from their keys (`t`, `Shift+P`, `r`):
 * a command sets a request, the editor that owns the field focuses it once rendered.
 */
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";

/** A field a key asks to focus. */
export type FocusTarget = "instruction-text" | "new-paraphrase";

/** State and actions of the editors' UI store. */
export interface AnnotationUiState {
  /** Instruction shown in the editor; null = the episode instruction (or its draft when there is none). */
  selectedInstructionId: string | null;
  /** Selected reward keyframe index, or null. */
  selectedKeyframe: number | null;
  /** Latest focus request; `nonce` changes on every request. */
  focus: { target: FocusTarget; nonce: number } | null;
  selectInstruction(id: string | null): void;
  selectKeyframe(index: number | null): void;
  requestFocus(target: FocusTarget): void;
  /** The editor handled the request (so a remount does not focus again). */
  clearFocus(): void;
}

let focusNonce = 0;

/** The app's editor UI store. */
export const annotationUiStore = createStore<AnnotationUiState>()((set, get) => ({
  selectedInstructionId: null,
  selectedKeyframe: null,
  focus: null,
  selectInstruction(id) {
    set({ selectedInstructionId: id });
  },
  selectKeyframe(index) {
    set({ selectedKeyframe: index });
  },
  requestFocus(target) {
    set({ focus: { target, nonce: ++focusNonce } });
  },
  clearFocus() {
    if (get().focus) set({ focus: null });
  },
}));

/** Read the editor UI store in React. */
export function useAnnotationUi<T>(selector: (s: AnnotationUiState) => T): T {
  return useStore(annotationUiStore, selector);
}
