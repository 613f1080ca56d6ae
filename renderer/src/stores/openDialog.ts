/**
 * The Open dialog of `episcope serve` (the desktop app has File › Open): browse the folders under the served folder,
 * type a path, or pick a recent one. Recent paths are kept in localStorage per served folder (newest first, at most
 * 10). A dropped file is matched to a served episode by name and size (a browser never tells a page where a dropped
 * file lies on disk); one that matches nothing is named in `notice` with what to do instead.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import { useStore } from "zustand";
import type { DroppedOpenResult, EpiscopeApi } from "../../../shared/ipc/contract.ts";
import type { EpisodeEntry, FolderListing } from "../../../shared/episode.ts";
import { errorMessage } from "../app/errors.ts";
import { api as defaultApi } from "../ipc/api.ts";
import { player } from "../app/player.ts";
import { episodeStore } from "./episode.ts";

/** Recent paths kept per served folder. */
export const MAX_RECENT_PATHS = 10;

/** State and actions of the Open dialog. */
export interface OpenDialogState {
  open: boolean;
  /** The folder being shown, or null before the first answer. */
  listing: FolderListing | null;
  loading: boolean;
  /** Why the last browse or open failed (names the path). */
  error: string | null;
  /** Recent paths (relative to the served folder), newest first. */
  recent: string[];
  /** A message about dropped files (what was opened, or why nothing could be), shown outside the dialog. */
  notice: { kind: "info" | "error"; text: string } | null;
  show(): void;
  hide(): void;
  /** Show folder `dir` (relative; "" = the served folder). */
  browse(dir: string): Promise<void>;
  /**
   * Open what `typed` names: an episode (opened, remembered in recent paths, dialog closed) or a folder (browsed).
   * Accepts paths relative to the served folder, `./`-prefixed, or absolute ones inside it.
   */
  openPath(typed: string): Promise<void>;
  /** Open dropped files: each `.mcap` whose name and size match a served episode (the first one is opened). */
  openDropped(files: ReadonlyArray<{ name: string; size: number; isFolder: boolean }>): void;
  /** Desktop: say what main did with a drop (the opened path, each refused one with its reason, or the failure). */
  noteDesktopDrop(result: DroppedOpenResult | Error): void;
  dismissNotice(): void;
}

const recentKey = (root: string) => `episcope.openRecent:${root}`;

function loadRecent(root: string | null): string[] {
  if (!root || typeof localStorage === "undefined") return [];
  try {
    const raw = JSON.parse(localStorage.getItem(recentKey(root)) ?? "[]") as unknown;
    return Array.isArray(raw) ? raw.filter((p): p is string => typeof p === "string").slice(0, MAX_RECENT_PATHS) : [];
  } catch {
    return [];
  }
}

/**
 * `typed` as a path relative to `root`: separators made `/`, `./` and trailing `/` dropped, an absolute path inside
 * `root` made relative. Returns null for an absolute path outside `root`.
 */
export function relativeToRoot(typed: string, root: string): string | null {
  let p = typed.trim().replace(/\\/g, "/");
  const base = root.replace(/\\/g, "/").replace(/\/+$/, "");
  if (p.startsWith("/") || /^[A-Za-z]:/.test(p)) {
    if (p === base) return "";
    if (!p.startsWith(`${base}/`)) return null;
    p = p.slice(base.length + 1);
  }
  return p
    .split("/")
    .filter((s) => s !== "" && s !== ".")
    .join("/");
}

/**
 * The served episode a dropped file is, matched by file name and size (null when none, or more than one, matches).
 */
export function matchDropped(file: { name: string; size: number }, episodes: readonly EpisodeEntry[]): EpisodeEntry | null {
  const matches = episodes.filter((e) => (e.path.split("/").pop() ?? e.path) === file.name && e.sizeBytes === file.size);
  return matches.length === 1 ? matches[0]! : null;
}

/** Create the Open dialog store talking to `api`. */
export function createOpenDialogStore(api: EpiscopeApi = defaultApi): StoreApi<OpenDialogState> {
  let browseToken = 0;
  const root = () => episodeStore.getState().listing?.root ?? null;
  const remember = (path: string) => {
    const r = root();
    const recent = [path, ...loadRecent(r).filter((p) => p !== path)].slice(0, MAX_RECENT_PATHS);
    if (r && typeof localStorage !== "undefined") localStorage.setItem(recentKey(r), JSON.stringify(recent));
    return recent;
  };
  const openEpisode = (path: string) => {
    store.setState({ recent: remember(path) });
    void player.open(path);
  };
  const store = createStore<OpenDialogState>()((set, get) => ({
    open: false,
    listing: null,
    loading: false,
    error: null,
    recent: [],
    notice: null,

    show() {
      set({ open: true, error: null, recent: loadRecent(root()) });
      void get().browse(get().listing?.dir ?? "");
    },

    hide() {
      set({ open: false });
    },

    async browse(dir) {
      const token = ++browseToken;
      set({ loading: true, error: null });
      try {
        const listing = await api.episode.browse({ dir });
        if (token === browseToken) set({ listing, loading: false });
      } catch (e) {
        if (token === browseToken) set({ loading: false, error: errorMessage(e) });
      }
    },

    async openPath(typed) {
      const r = root() ?? "";
      const rel = relativeToRoot(typed, r);
      if (rel === null) {
        set({ error: `${typed.trim()} is outside the served folder ${r}: only episodes under it can be opened (serve that folder instead: episcope serve <folder>)` });
        return;
      }
      // Look the path up in its folder's listing first: a wrong path is named here, the open episode stays.
      const parent = rel.includes("/") ? rel.slice(0, rel.lastIndexOf("/")) : "";
      const token = ++browseToken;
      set({ loading: true, error: null });
      try {
        const folder = rel === "" ? null : await api.episode.browse({ dir: parent });
        if (token !== browseToken) return;
        const entry = folder?.entries.find((e) => e.path === rel);
        if (entry?.kind === "episode") {
          set({ loading: false, open: false });
          openEpisode(rel);
        } else if (entry || rel === "") {
          const listing = await api.episode.browse({ dir: rel });
          if (token === browseToken) set({ listing, loading: false });
        } else if (folder?.single) {
          set({ loading: false, error: `${rel} is not served: episcope serves only ${folder.entries[0]?.path ?? "one file"} (one file was named, not its folder)` });
        } else {
          set({ loading: false, error: `${rel}: no episode or folder of that name in ${parent ? `${r}/${parent}` : r}` });
        }
      } catch (e) {
        if (token === browseToken) set({ loading: false, error: errorMessage(e) });
      }
    },

    openDropped(files) {
      const listing = episodeStore.getState().listing;
      const r = listing?.root ?? "the served folder";
      const opened: string[] = [];
      const refused: string[] = [];
      for (const file of files) {
        const match = !file.isFolder && /\.mcap$/i.test(file.name) ? matchDropped(file, listing?.episodes ?? []) : null;
        if (match) opened.push(match.path);
        else refused.push(file.isFolder ? `${file.name}/` : file.name);
      }
      if (opened[0]) openEpisode(opened[0]);
      const parts: string[] = [];
      if (opened.length > 0) parts.push(`Opened ${opened[0]} (the served episode with the dropped file's name and size).`);
      if (refused.length > 0) {
        parts.push(
          `${refused.join(", ")}: not an episode of the served folder ${r}. A browser cannot open a dropped file by its path — copy it into ${r}, or run episcope serve on its folder, then open it with Ctrl+O.`,
        );
      }
      set({ notice: parts.length > 0 ? { kind: refused.length > 0 ? "error" : "info", text: parts.join(" ") } : null });
    },

    noteDesktopDrop(result) {
      if (result instanceof Error) {
        set({ notice: { kind: "error", text: `Could not open the dropped files: ${errorMessage(result)}` } });
        return;
      }
      const parts: string[] = [];
      if (result.opened) parts.push(`Opening ${result.opened}.`);
      if (result.refused.length > 0) {
        parts.push(`Not opened: ${result.refused.map((r) => `${r.path} (${r.reason})`).join("; ")}.`);
      }
      set({ notice: parts.length > 0 ? { kind: result.refused.length > 0 ? "error" : "info", text: parts.join(" ") } : null });
    },

    dismissNotice() {
      set({ notice: null });
    },
  }));
  return store;
}

/** The app's Open dialog store. */
export const openDialogStore = createOpenDialogStore();

/** Read the Open dialog store in React. */
export function useOpenDialog<T>(selector: (s: OpenDialogState) => T): T {
  return useStore(openDialogStore, selector);
}
