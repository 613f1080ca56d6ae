/**
 * The app's one Player (playback/player.ts), wired at start to the app's stores: it drives the clock, publishes the
 * open episode to the episode store, and has the annotation store follow the open episode. Everything that opens an
 * episode (the review queue, the list, the Open dialog, startup, reload) goes through it.
 */
import { api } from "../ipc/api.ts";
import { Player } from "../playback/player.ts";
import { annotationStore } from "../stores/annotation.ts";
import { clockStore } from "../stores/clock.ts";
import { episodeStore } from "../stores/episode.ts";
import { holdPanes } from "../stores/paneView.ts";

/** The app's Player. */
export const player = new Player(
  api,
  { clock: clockStore, episodes: episodeStore },
  {
    onOpening: (path) => annotationStore.getState().begin(path),
    onOpened: (summary) => void annotationStore.getState().attach(summary),
    onFailed: () => annotationStore.getState().clear(),
    holdPanes,
  },
);
