/**
 * Named selectors for the stores. Selectors that derive arrays or objects are memoized on their input's identity, so
 * `useStore(store, selector)` sees a stable snapshot and React re-renders only when the input changed.
 */
import type { ChannelSummary, EpisodeEntry, NumericSeries } from "../../../shared/episode.ts";
import type { Segment } from "../../../shared/annotation.ts";
import { primarySegment } from "../../../shared/playback/segmentEdit.ts";
import type { AnnotationState, SaveStatus } from "./annotation.ts";
import type { ClockState, LoopRange } from "./clock.ts";
import type { EpisodeState } from "./episode.ts";

/** Memoize a one-argument function on the identity of its (object) argument. */
function memoOnRef<A extends object, R>(fn: (a: A) => R): (a: A) => R {
  const cache = new WeakMap<A, R>();
  return (a) => {
    if (cache.has(a)) return cache.get(a)!;
    const r = fn(a);
    cache.set(a, r);
    return r;
  };
}

const EMPTY: readonly never[] = Object.freeze([]);

// ---- clock ----

/** True while the clock plays. */
export const selectPlaying = (s: ClockState): boolean => s.playing;
/** Playback rate (0.1–4). */
export const selectSpeed = (s: ClockState): number => s.speed;
/** The camera the per-camera frame step applies to. */
export const selectFocusedTopic = (s: ClockState): string | null => s.focusedTopic;
/** The loop selection (null when none). */
export const selectLoop = (s: ClockState): LoopRange | null => s.loop;
/** True while playback loops inside the selection. */
export const selectLooping = (s: ClockState): boolean => s.looping && s.loop !== null;
/** Log time of the episode start (ns). */
export const selectStartNs = (s: ClockState): bigint => s.startNs;
/** Log time of the episode end (ns). */
export const selectEndNs = (s: ClockState): bigint => s.endNs;
/** Episode duration in ns (0 when nothing is open). */
export const selectDurationNs = (s: ClockState): bigint => s.endNs - s.startNs;

// ---- episode ----

/** The episodes of the listing (empty until loaded). */
export const selectEpisodes = (s: EpisodeState): readonly EpisodeEntry[] => s.listing?.episodes ?? EMPTY;
/** Absolute root folder of the listing (the dataset), or null until loaded. */
export const selectDatasetRoot = (s: EpisodeState): string | null => s.listing?.root ?? null;
/** Loading state of the episode listing. */
export const selectListingStatus = (s: EpisodeState) => s.listingStatus;
/** Why the listing could not be loaded, or null. */
export const selectListingError = (s: EpisodeState) => s.listingError;
/** Absolute path of the listed root folder, or null. */
export const selectListingRoot = (s: EpisodeState): string | null => s.listing?.root ?? null;
/** Relative path of the episode shown or loading, or null. */
export const selectCurrentPath = (s: EpisodeState): string | null => s.currentPath;
/** Loading state of the current episode. */
export const selectEpisodeStatus = (s: EpisodeState) => s.status;
/** Summary of the open episode, or null. */
export const selectSummary = (s: EpisodeState) => s.summary;
/** Why the current episode could not be opened (code and message), or null. */
export const selectEpisodeError = (s: EpisodeState) => s.error;
/** Frame indexes by camera topic (filled as they load). */
export const selectFrameIndexes = (s: EpisodeState) => s.frameIndexes;
/** Why a camera's frame index could not be loaded, by topic. */
export const selectFrameIndexErrors = (s: EpisodeState) => s.frameIndexErrors;
/** Why a channel's series could not be loaded, by topic. */
export const selectSeriesErrors = (s: EpisodeState) => s.seriesErrors;

/** The path of the episode to open when the URL names none: `listing.initial`, else the first episode. */
export const selectDefaultEpisodePath = (s: EpisodeState): string | null =>
  s.listing?.initial ?? s.listing?.episodes[0]?.path ?? null;

/** True when the listing loaded and holds no episode (show the "open a folder" empty state). */
export const selectListingIsEmpty = (s: EpisodeState): boolean =>
  s.listingStatus === "ready" && (s.listing?.episodes.length ?? 0) === 0 && !s.listing?.initial;

const allChannels = memoOnRef((summary: NonNullable<EpisodeState["summary"]>) =>
  [...summary.channels].sort((a, b) => a.topic.localeCompare(b.topic)),
);
const cameraChannels = memoOnRef((summary: NonNullable<EpisodeState["summary"]>) =>
  allChannels(summary).filter((c) => c.kind === "camera" && c.messageCount > 0),
);
/** True for schemas of robot joint data (JointState, JointCommand, …): they come first and drive the overview. */
export function isJointLikeSchema(schemaName: string): boolean {
  return /joint/i.test(schemaName);
}

const jointChannels = memoOnRef((summary: NonNullable<EpisodeState["summary"]>) => {
  const plotted = allChannels(summary).filter((c) => c.kind === "joints" && c.messageCount > 0);
  return [...plotted.filter((c) => isJointLikeSchema(c.schemaName)), ...plotted.filter((c) => !isJointLikeSchema(c.schemaName))];
});

/** Every channel of the open episode, sorted by topic. */
export const selectChannels = (s: EpisodeState): readonly ChannelSummary[] => (s.summary ? allChannels(s.summary) : EMPTY);
/** Camera channels that have frames (one tile each), sorted by topic. */
export const selectCameraChannels = (s: EpisodeState): readonly ChannelSummary[] =>
  s.summary ? cameraChannels(s.summary) : EMPTY;
/** Plottable ("joints") channels that have messages (one plot each): joint-like schemas first, then by topic. */
export const selectJointChannels = (s: EpisodeState): readonly ChannelSummary[] =>
  s.summary ? jointChannels(s.summary) : EMPTY;

const seriesList = memoOnRef((series: EpisodeState["series"]) =>
  Object.keys(series)
    .sort()
    .map((k) => series[k]!),
);
/** The loaded joint series, sorted by topic. */
export const selectSeriesList = (s: EpisodeState): readonly NumericSeries[] => seriesList(s.series);

const jointSeries = memoOnRef((series: EpisodeState["series"]) => {
  const cache = new WeakMap<NonNullable<EpisodeState["summary"]>, readonly NumericSeries[]>();
  return (summary: NonNullable<EpisodeState["summary"]>) => {
    let r = cache.get(summary);
    if (!r) {
      r = jointChannels(summary)
        .filter((c) => isJointLikeSchema(c.schemaName) && series[c.topic])
        .map((c) => series[c.topic]!);
      cache.set(summary, r);
    }
    return r;
  };
});
/** Loaded series of joint-like channels (JointState, …): what the overview's speed waveform is computed from. */
export const selectJointSeries = (s: EpisodeState): readonly NumericSeries[] =>
  s.summary ? jointSeries(s.series)(s.summary) : EMPTY;

/** Selector factory: the frame index of one camera topic, or null until loaded. */
export const selectFrameIndex = (topic: string) => (s: EpisodeState) => s.frameIndexes[topic] ?? null;
/** Selector factory: the series of one joints topic, or null until loaded. */
export const selectSeries = (topic: string) => (s: EpisodeState) => s.series[topic] ?? null;
/**
 * Selector factory: what a whole-episode plot of one joints topic draws — the full series once loaded, its overview
 * (min/max per time bucket) before that, else null.
 */
export const selectPlotSeries = (topic: string) => (s: EpisodeState) => s.series[topic] ?? s.seriesOverviews[topic] ?? null;

// ---- annotation ----

/** The annotation document, or null. */
export const selectDocument = (s: AnnotationState) => s.document;
/** The review outcome, or null. */
export const selectOutcome = (s: AnnotationState) => s.document?.review.outcome ?? null;
/** Where the last save stands. */
export const selectSaveStatus = (s: AnnotationState): SaveStatus => s.save;
/** The kind picker's value (kind of new segments). */
export const selectNewSegmentKind = (s: AnnotationState) => s.newSegmentKind;
/** Why the annotation document could not be loaded, or null. */
export const selectAnnotationLoadError = (s: AnnotationState) => s.loadError;
/** True when the document is loaded and edits will be saved. */
export const selectCanEdit = (s: AnnotationState): boolean => s.loadStatus === "ready" && s.document !== null;

const primaryOf = memoOnRef((doc: NonNullable<AnnotationState["document"]>) => primarySegment(doc));
/** The review's failure/recovery segment, or null. */
export const selectPrimarySegment = (s: AnnotationState): Segment | null => (s.document ? primaryOf(s.document) : null);

/** The text of the save indicator. */
export function saveStatusLabel(s: SaveStatus): string {
  switch (s.kind) {
    case "idle":
      return "Not saved yet";
    case "saving":
      return "Saving…";
    case "saved":
      return `Saved ✓ rev ${s.revision}`;
    case "error":
      return `Save failed: ${s.message}`;
  }
}
/** The save indicator's text for the store (a string, so it is a stable snapshot). */
export const selectSaveLabel = (s: AnnotationState): string =>
  s.loadStatus === "idle" && !s.document
    ? "No episode open"
    : s.loadStatus === "loading"
      ? "Loading…"
      : s.loadStatus === "error"
        ? `Load failed: ${s.loadError}`
        : saveStatusLabel(s.save);

/** True when the last save failed: what the screen shows is not on disk (shown as unsaved until a save succeeds). */
export const selectUnsaved = (s: AnnotationState): boolean => s.save.kind === "error";
