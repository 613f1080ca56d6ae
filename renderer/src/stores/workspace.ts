/**
 * The workspace's arrangement state (read model for App and the layout controls): the named layout in use, focus mode
 * (cameras take the whole window), whether a camera tile is maximized (it then takes the whole workspace), and which
 * side panes are collapsed. Pane sizes themselves live in react-resizable-panels and paneLayouts.ts.
 */
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import { loadLayoutName, saveLayoutName, type LayoutName } from "./paneLayouts.ts";

/** State and actions of the workspace arrangement. */
export interface WorkspaceState {
  layoutName: LayoutName;
  /** Cameras take the whole window (transport bar kept). */
  focus: boolean;
  /** A camera tile is maximized: the workspace shows only the cameras, like focus mode. */
  tileMaximized: boolean;
  sidebarCollapsed: boolean;
  inspectorCollapsed: boolean;
  setLayoutName(name: LayoutName): void;
  toggleFocus(): void;
  /** Leave focus mode (Esc). */
  exitFocus(): void;
  setTileMaximized(maximized: boolean): void;
  setCollapsed(pane: "sidebar" | "inspector", collapsed: boolean): void;
}

const storage = typeof localStorage === "undefined" ? undefined : localStorage;

/** The workspace arrangement store. */
export const workspaceStore = createStore<WorkspaceState>()((set) => ({
  layoutName: loadLayoutName(storage),
  focus: false,
  tileMaximized: false,
  sidebarCollapsed: false,
  inspectorCollapsed: false,
  setLayoutName(name) {
    saveLayoutName(storage, name);
    set({ layoutName: name });
  },
  toggleFocus() {
    set((s) => ({ focus: !s.focus }));
  },
  exitFocus() {
    set({ focus: false });
  },
  setTileMaximized(maximized) {
    set({ tileMaximized: maximized });
  },
  setCollapsed(pane, collapsed) {
    set(pane === "sidebar" ? { sidebarCollapsed: collapsed } : { inspectorCollapsed: collapsed });
  },
}));

/** Read the workspace arrangement in React. */
export function useWorkspace<T>(selector: (s: WorkspaceState) => T): T {
  return useStore(workspaceStore, selector);
}

/** True when only the cameras are shown (focus mode or a maximized tile). */
export const selectCamerasOnly = (s: WorkspaceState) => s.focus || s.tileMaximized;
