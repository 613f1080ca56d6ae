/**
 * The episode being reviewed, as a read model: the listing of the root folder, the opened episode's summary, and the
 * per-channel data every panel needs (frame indexes of cameras, joint series). The Player (playback/player.ts) opens
 * episodes and publishes here; components read. When the open episode's file changes on disk (the
 * `episode.fileChanged` event), the store says so (`fileChanged`) until the episode is reloaded.
 */
import { useStore } from "zustand";
import { createStore, type StoreApi } from "zustand/vanilla";
import type { EpisodeListing, EpisodeSummary, FrameIndex, NumericSeries } from "../../../shared/episode.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { errorMessage } from "../app/errors.ts";
import { api as defaultApi } from "../ipc/api.ts";
import { paneView } from "./paneView.ts";

/** Loading state of something fetched. */
export type LoadStatus = "idle" | "loading" | "ready" | "error";

/** State and actions of the episode store. */
export interface EpisodeState {
  listing: EpisodeListing | null;
  listingStatus: LoadStatus;
  listingError: string | null;

  /** Relative path of the episode being shown (or loading). */
  currentPath: string | null;
  status: LoadStatus;
  summary: EpisodeSummary | null;
  /** Why the episode could not be opened (names the file and problem). */
  error: { code: string; message: string } | null;

  /** Per camera topic. */
  frameIndexes: Readonly<Record<string, FrameIndex>>;
  frameIndexErrors: Readonly<Record<string, string>>;
  /**
   * Per joints topic: the series reduced to the minimum and maximum of each time bucket (EpisodeLoad.overviews), in
   * before the full series; for drawing a whole-episode plot only (step times, events and values read `series`).
   */
  seriesOverviews: Readonly<Record<string, NumericSeries>>;
  /** Per joints topic. */
  series: Readonly<Record<string, NumericSeries>>;
  seriesErrors: Readonly<Record<string, string>>;
  /** Why the open episode must be reloaded: its file changed on disk (names the file and what changed); else null. */
  fileChanged: string | null;

  /** Fetch the episode listing. */
  loadListing(): Promise<void>;
}

/** The open-episode part of the state with nothing loaded yet (what the store starts with, and a new open resets to). */
export const NO_EPISODE_LOADED = {
  summary: null,
  error: null,
  frameIndexes: {},
  frameIndexErrors: {},
  seriesOverviews: {},
  series: {},
  seriesErrors: {},
  fileChanged: null,
} as const satisfies Partial<EpisodeState>;

/** Create an episode store talking to `api`. */
export function createEpisodeStore(api: EpiscopeApi = defaultApi): StoreApi<EpisodeState> {
  const store = createStore<EpisodeState>()((set) => ({
    listing: null,
    listingStatus: "idle",
    listingError: null,
    currentPath: null,
    status: "idle",
    ...NO_EPISODE_LOADED,

    async loadListing() {
      set({ listingStatus: "loading", listingError: null });
      try {
        const listing = await api.episode.list({});
        set({ listing, listingStatus: "ready" });
      } catch (e) {
        set({ listingStatus: "error", listingError: errorMessage(e) });
      }
    },
  }));
  api.on("episode.fileChanged", (change) => {
    const { currentPath, summary } = store.getState();
    if (change.path === currentPath && (change.episodeId === null || summary === null || change.episodeId === summary.episodeId)) {
      store.setState({ fileChanged: change.message });
    }
  });
  return store;
}

/** The app's episode store. */
export const episodeStore = createEpisodeStore();

/** What the panes render from: the episode store, held back one paint while the Player shows a switch (paneView.ts). */
const episodeView = paneView(episodeStore);

/** Read the episode store in React (a pane: during a switch it follows one paint after the cameras; see paneView.ts). */
export function useEpisode<T>(selector: (s: EpisodeState) => T): T {
  return useStore(episodeView, selector);
}

/** Read the episode store in React as it is now, never held back: for the camera tiles, which the Player draws first. */
export function useEpisodeNow<T>(selector: (s: EpisodeState) => T): T {
  return useStore(episodeStore, selector);
}
