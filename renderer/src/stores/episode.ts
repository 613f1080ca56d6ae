/**
 * The episode being reviewed: the listing of the root folder, the opened episode's summary, and the per-channel data
 * every panel needs (frame indexes of cameras, joint series). Opening is latest-wins: a click on another episode while
 * one is loading drops the first. When the open episode's file changes on disk (the `episode.fileChanged` event), the
 * store says so (`fileChanged`) until the episode is reloaded.
 */
import { useStore } from "zustand";
import { createStore, type StoreApi } from "zustand/vanilla";
import type { EpisodeListing, EpisodeSummary, FrameIndex, NumericSeries } from "../../../shared/episode.ts";
import { secondsToNs } from "../../../shared/time.ts";
import { defaultPlayhead } from "../../../shared/playback/initialTime.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { clockStore } from "./clock.ts";
import { annotationStore } from "./annotation.ts";
import { errorMessage } from "../app/errors.ts";
import { api as defaultApi } from "../ipc/api.ts";

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
  /** Per joints topic. */
  series: Readonly<Record<string, NumericSeries>>;
  seriesErrors: Readonly<Record<string, string>>;
  /** Why the open episode must be reloaded: its file changed on disk (names the file and what changed); else null. */
  fileChanged: string | null;

  /** Open the current episode again (after its file changed on disk), at the same playhead. */
  reload(): Promise<void>;
  /** Fetch the episode listing. */
  loadListing(): Promise<void>;
  /**
   * Open an episode and put the playhead `tSeconds` after its start; without a time, at the first moment every camera
   * has a frame (see defaultPlayhead).
   */
  openEpisode(path: string, tSeconds?: number | null): Promise<void>;
}

/** Create an episode store talking to `api`. */
export function createEpisodeStore(api: EpiscopeApi = defaultApi): StoreApi<EpisodeState> {
  let openToken = 0;
  /** Cancels the series reads of the episode opened before (switching episodes stops them on the Node side). */
  let reads: AbortController | null = null;
  const store = createStore<EpisodeState>()((set, get) => ({
    listing: null,
    listingStatus: "idle",
    listingError: null,
    currentPath: null,
    status: "idle",
    summary: null,
    error: null,
    frameIndexes: {},
    frameIndexErrors: {},
    series: {},
    seriesErrors: {},
    fileChanged: null,

    async reload() {
      const { currentPath, summary } = get();
      if (!currentPath) return;
      const { tNs } = clockStore.getState();
      const t = summary ? Number(tNs - summary.startNs) / 1e9 : null;
      await get().openEpisode(currentPath, t);
    },

    async loadListing() {
      set({ listingStatus: "loading", listingError: null });
      try {
        const listing = await api.episode.list({});
        set({ listing, listingStatus: "ready" });
      } catch (e) {
        set({ listingStatus: "error", listingError: errorMessage(e) });
      }
    },

    async openEpisode(path, tSeconds) {
      const token = ++openToken;
      const stale = () => token !== openToken;
      reads?.abort();
      const { signal } = (reads = new AbortController());
      clockStore.getState().pause();
      annotationStore.getState().begin(path);
      set({
        currentPath: path,
        status: "loading",
        summary: null,
        error: null,
        frameIndexes: {},
        frameIndexErrors: {},
        series: {},
        seriesErrors: {},
        fileChanged: null,
      });
      let summary: EpisodeSummary;
      try {
        summary = await api.episode.open({ path });
      } catch (e) {
        if (stale()) return;
        const code = (e as { code?: unknown }).code;
        set({ status: "error", summary: null, error: { code: typeof code === "string" ? code : "error", message: errorMessage(e) } });
        clockStore.getState().reset(0n, 0n);
        annotationStore.getState().clear();
        return;
      }
      if (stale()) return;
      const t = tSeconds != null && Number.isFinite(tSeconds) ? summary.startNs + secondsToNs(tSeconds) : defaultPlayhead(summary);
      clockStore.getState().reset(summary.startNs, summary.endNs, t);
      set({ summary, status: "ready" });
      void annotationStore.getState().attach(summary);

      const cameras = summary.channels.filter((c) => c.kind === "camera" && c.messageCount > 0);
      const joints = summary.channels.filter((c) => c.kind === "joints" && c.messageCount > 0);
      const indexJobs = cameras.map(async (c) => {
        try {
          const index = await api.episode.frameIndex({ episodeId: summary.episodeId, topic: c.topic });
          if (!stale()) set({ frameIndexes: { ...get().frameIndexes, [c.topic]: index } });
        } catch (e) {
          if (!stale()) set({ frameIndexErrors: { ...get().frameIndexErrors, [c.topic]: errorMessage(e) } });
        }
      });
      const seriesJobs = joints.map(async (c) => {
        try {
          const series = await api.episode.series({ episodeId: summary.episodeId, topic: c.topic }, { signal });
          if (!stale()) set({ series: { ...get().series, [c.topic]: series } });
        } catch (e) {
          if (!stale()) set({ seriesErrors: { ...get().seriesErrors, [c.topic]: errorMessage(e) } });
        }
      });
      await Promise.all(indexJobs);
      if (stale()) return;
      clockStore.getState().setCameraTimes(Object.fromEntries(Object.entries(get().frameIndexes).map(([topic, f]) => [topic, f.logTimesNs])));
      await Promise.all(seriesJobs);
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

/** Read the episode store in React. */
export function useEpisode<T>(selector: (s: EpisodeState) => T): T {
  return useStore(episodeStore, selector);
}
