/**
 * The dataset being reviewed: its episode rows (indexed on the Node side; refreshed on the `job.progress` events of
 * indexing and on `annotation.changed` from other pages, never polled), the list's filter,
 * sort and saved filters, the overview/table view, and the review queue (next unreviewed, accept / reject / needs
 * fix) that drives the Player and the annotation store. The next episode of the queue is loaded ahead of time by the
 * Player (Player.preload: summary, frame indexes, series, first pictures) so `n` shows it at once; when the queue
 * changes (filter, sort, reviews, the open episode), the episode loaded ahead follows it.
 */
import { useStore } from "zustand";
import { createStore, type StoreApi } from "zustand/vanilla";
import type { AnnotationDocument, ReviewStatus } from "../../../shared/annotation.ts";
import { buildRow, type AnnotatorReview, type DatasetRow, type IndexProgress } from "../../../shared/dataset/datasetRow.ts";
import { nextUnreviewed, previousReadable, type QueueOptions } from "../../../shared/dataset/reviewQueue.ts";
import { EMPTY_FILTER, filterRows, sortRows, toggleFacet, type FacetKey, type RowFilter, type RowSort } from "../../../shared/dataset/rowFilter.ts";
import type { EpisodeListing } from "../../../shared/episode.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { errorMessage } from "../app/errors.ts";
import { player as appPlayer } from "../app/player.ts";
import { api as defaultApi, clientId } from "../ipc/api.ts";
import type { Player } from "../playback/player.ts";
import { annotationStore } from "./annotation.ts";
import { episodeStore } from "./episode.ts";

/** A named filter the user saved (kept in localStorage per dataset folder). */
export interface SavedFilter {
  name: string;
  filter: RowFilter;
  sort: RowSort;
}

/** What the dataset panel shows over the review screen: nothing (review), the full table, the overview, agreement, triage or audit. */
export type DatasetView = "review" | "table" | "overview" | "agreement" | "triage" | "audit";

/** State and actions of the dataset store. */
export interface DatasetState {
  root: string | null;
  /** Every row, in path order. */
  rows: DatasetRow[];
  /** `rows` filtered and sorted: what the list shows and the queue walks. */
  visible: DatasetRow[];
  progress: IndexProgress | null;
  /** Why loading or indexing failed. */
  error: string | null;
  filter: RowFilter;
  sort: RowSort;
  saved: SavedFilter[];
  view: DatasetView;
  /** The annotator this app writes as (its layer is the one edited). */
  annotator: string | null;
  /** A short message for the queue, e.g. that no unreviewed episode is left; cleared by the next queue action. */
  notice: string | null;
  /** The queue (`n`) takes the episodes where annotators disagree first (a lead adjudicating). */
  disagreementsFirst: boolean;
  /** Episode paths in triage order (most worth watching first) when the queue runs in triage order, else null. */
  triageOrder: string[] | null;

  /** Start indexing the dataset (or show the listing only when a single episode was opened), then keep rows fresh. */
  start(listing: EpisodeListing): Promise<void>;
  /** Index now (e.g. after files were added). */
  reindex(): Promise<void>;
  /** Cancel the running indexing job. */
  cancelIndex(): Promise<void>;
  /** Fetch the rows again (reviews of every annotator, metadata). */
  refresh(): Promise<void>;
  setFilterText(text: string): void;
  toggleFacet(key: FacetKey, value: string): void;
  clearFilter(): void;
  setSort(sort: RowSort): void;
  saveFilter(name: string): void;
  applySaved(name: string): void;
  deleteSaved(name: string): void;
  setView(view: DatasetView): void;
  /** Run the list and the queue in triage order (`order`: paths, most worth watching first), or back in list order (null). */
  setTriageOrder(order: string[] | null): void;
  /** Open an episode for review: unreviewed → in progress; prefetch the next one. */
  openForReview(path: string): void;
  setDisagreementsFirst(on: boolean): void;
  /** Whose queue `n` walks: the layer being written (the annotator's own, or `adjudicated`). */
  queueOptions(): QueueOptions;
  /**
   * `n`: open the next readable episode after the current one (list order) that the layer being written has not
   * reviewed — other annotators' reviews do not count; conflicts first with `disagreementsFirst`. False when none is left.
   */
  openNext(): boolean;
  /** Shift+N: open the readable episode before the current one. */
  openPrevious(): boolean;
  /** `a` / `x` / `m`: set the current episode's review status in the current annotator's layer. */
  setStatus(status: ReviewStatus): void;
  /** Apply the current annotator's document to its row (called when the annotation store changes). */
  applyDocument(document: AnnotationDocument): void;
}

/** While indexing, rows are fetched again at most this often (ms), as episodes get indexed. */
const ROWS_DURING_INDEX_MS = 1000;
/** Saves of other pages are gathered this long (ms) before the rows are fetched again. */
const CHANGED_ROWS_DELAY_MS = 300;
/** Longest wait for the first episode before indexing starts anyway (ms). */
const INDEX_DELAY_MAX_MS = 3000;

/**
 * Resolves when the episode being opened has its summary and every camera's frame index (or failed), or when none is
 * being opened, or after INDEX_DELAY_MAX_MS.
 */
function firstEpisodeShown(): Promise<void> {
  const shown = () => {
    const s = episodeStore.getState();
    if (s.currentPath === null || s.status === "error") return s.listingStatus !== "loading";
    if (s.status !== "ready" || !s.summary) return false;
    const cameras = s.summary.channels.filter((c) => c.kind === "camera" && c.messageCount > 0);
    return cameras.every((c) => s.frameIndexes[c.topic] || s.frameIndexErrors[c.topic]);
  };
  return new Promise((resolve) => {
    if (typeof window === "undefined" || shown()) return resolve();
    const done = () => {
      unsubscribe();
      clearTimeout(timer);
      resolve();
    };
    const unsubscribe = episodeStore.subscribe(() => {
      if (shown()) done();
    });
    const timer = setTimeout(done, INDEX_DELAY_MAX_MS);
  });
}
const savedKey = (root: string) => `episcope.savedFilters:${root}`;

function loadSaved(root: string): SavedFilter[] {
  try {
    const raw = JSON.parse(localStorage.getItem(savedKey(root)) ?? "[]") as unknown;
    return Array.isArray(raw) ? (raw as SavedFilter[]).filter((s) => s && typeof s.name === "string" && s.filter && s.sort) : [];
  } catch {
    return [];
  }
}

function storeSaved(root: string | null, saved: SavedFilter[]): void {
  if (!root) return;
  try {
    localStorage.setItem(savedKey(root), JSON.stringify(saved));
  } catch {
    // storage full or disabled: saved filters last for this session only
  }
}

/** The number of an indexing job id (`index-7` → 7), to order jobs; 0 for another form. */
function jobNumber(jobId: string): number {
  return Number(/(\d+)$/.exec(jobId)?.[1] ?? 0);
}

/**
 * True when `incoming` is older than the progress shown: an earlier job's, or a reply (start call, rows) that left
 * the server before the events already shown (it never takes an ended job back to running, or its count back).
 */
export function isStale(shown: IndexProgress | null, incoming: IndexProgress): boolean {
  if (!shown) return false;
  if (shown.jobId !== incoming.jobId) return jobNumber(shown.jobId) > jobNumber(incoming.jobId);
  return incoming.state === "running" && (shown.state !== "running" || shown.done > incoming.done);
}

/** Rows for a listing before (or without) indexing: names and sizes only. */
export function rowsFromListing(listing: EpisodeListing): DatasetRow[] {
  return listing.episodes.map((e) => buildRow({ path: e.path, name: e.name, sizeBytes: e.sizeBytes, facts: null, error: null, table: undefined, reviews: [] }));
}

/** Create a dataset store talking to `api`, opening and preloading episodes through `player`. */
export function createDatasetStore(api: EpiscopeApi = defaultApi, player: Pick<Player, "open" | "preload"> = appPlayer): StoreApi<DatasetState> {
  let lastRefresh = 0;
  let subscribed = false;
  let changedTimer: ReturnType<typeof setTimeout> | null = null;

  const store = createStore<DatasetState>()((set, get) => {
    const view = (rows: DatasetRow[], filter = get().filter, sort = get().sort, order = get().triageOrder) => {
      const sorted = sortRows(filterRows(rows, filter), sort);
      if (!order) return sorted;
      const rank = new Map(order.map((p, i) => [p, i]));
      return sorted.map((r, i) => ({ r, k: rank.get(r.path) ?? order.length + i })).sort((a, b) => a.k - b.k).map(({ r }) => r);
    };
    const setRows = (rows: DatasetRow[]) => set({ rows, visible: view(rows) });

    /** Keep the current annotator's live edits over what the server last said (its save may still be in flight). */
    const mergeLive = (rows: DatasetRow[]): DatasetRow[] => {
      const doc = annotationStore.getState().document;
      return doc ? rows.map((r) => (r.path === doc.episode.path ? withReview(r, doc) : r)) : rows;
    };

    /** An indexing job's progress (ours or one another page started): show it, and the rows as they get indexed. */
    const onIndexProgress = (progress: IndexProgress) => {
      if (isStale(get().progress, progress)) return;
      set({ progress });
      if (progress.state !== "running") {
        void get().refresh();
      } else if (Date.now() - lastRefresh > ROWS_DURING_INDEX_MS) {
        lastRefresh = Date.now();
        void get().refresh();
      }
    };

    /** Follow indexing and other pages' saves through events (once per store). */
    const subscribe = () => {
      if (subscribed) return;
      subscribed = true;
      api.on("job.progress", (event) => {
        if (event.kind === "index") onIndexProgress(event.progress);
      });
      api.on("annotation.changed", (change) => {
        if (change.origin === clientId) return; // our own save: its row is already live (applyDocument)
        if (changedTimer !== null) return;
        changedTimer = setTimeout(() => {
          changedTimer = null;
          void get().refresh();
        }, CHANGED_ROWS_DELAY_MS);
      });
    };

    return {
      root: null,
      rows: [],
      visible: [],
      progress: null,
      error: null,
      filter: EMPTY_FILTER,
      sort: { key: "path", dir: "asc" },
      saved: [],
      view: "review",
      annotator: null,
      notice: null,
      disagreementsFirst: false,
      triageOrder: null,

      async start(listing) {
        set({ root: listing.root, saved: loadSaved(listing.root), error: null });
        setRows(rowsFromListing(listing));
        void api.app.info({}).then(
          (info) => set({ annotator: info.annotator.id }),
          () => {},
        );
        if (!subscribed && typeof window !== "undefined") {
          subscribe();
          // Reviewers on another server or app on the same folder publish no events here: their verdicts show on focus.
          window.addEventListener("focus", () => void get().refresh());
        }
        // A single episode was opened (its folder is not a dataset the user chose): list, do not index.
        if (listing.initial !== null) {
          await get().refresh();
          return;
        }
        // The episode being opened first gets the machine: indexing (every episode summarized in worker threads)
        // starts once its pictures can be fetched, or after INDEX_DELAY_MAX_MS.
        await firstEpisodeShown();
        await get().reindex();
      },

      async reindex() {
        try {
          subscribe();
          const progress = await api.dataset.index({});
          set({ error: null });
          onIndexProgress(progress);
        } catch (e) {
          set({ error: errorMessage(e) });
        }
      },

      async cancelIndex() {
        const job = get().progress;
        if (!job || job.state !== "running") return;
        try {
          set({ progress: await api.dataset.cancelIndex({ jobId: job.jobId }) });
          await get().refresh();
        } catch (e) {
          set({ error: errorMessage(e) });
        }
      },

      async refresh() {
        try {
          const result = await api.dataset.rows({});
          const fresh = result.progress && !isStale(get().progress, result.progress);
          set({ root: result.root, ...(fresh ? { progress: result.progress } : {}) });
          setRows(mergeLive(result.rows));
        } catch (e) {
          set({ error: errorMessage(e) });
        }
      },

      setFilterText(text) {
        const filter = { ...get().filter, text };
        set({ filter, visible: view(get().rows, filter) });
      },
      toggleFacet(key, value) {
        const filter = toggleFacet(get().filter, key, value);
        set({ filter, visible: view(get().rows, filter) });
      },
      clearFilter() {
        set({ filter: EMPTY_FILTER, visible: view(get().rows, EMPTY_FILTER) });
      },
      setSort(sort) {
        set({ sort, visible: view(get().rows, get().filter, sort) });
      },
      saveFilter(name) {
        const trimmed = name.trim();
        if (!trimmed) return;
        const saved = [...get().saved.filter((s) => s.name !== trimmed), { name: trimmed, filter: get().filter, sort: get().sort }];
        set({ saved });
        storeSaved(get().root, saved);
      },
      applySaved(name) {
        const s = get().saved.find((x) => x.name === name);
        if (s) set({ filter: s.filter, sort: s.sort, visible: view(get().rows, s.filter, s.sort) });
      },
      deleteSaved(name) {
        const saved = get().saved.filter((s) => s.name !== name);
        set({ saved });
        storeSaved(get().root, saved);
      },
      setTriageOrder(order) {
        set({ triageOrder: order, visible: view(get().rows, get().filter, get().sort, order) });
      },

      setView(v) {
        set({ view: v });
      },

      openForReview(path) {
        set({ view: "review", notice: null });
        void player.open(path);
        // The annotation store began loading this episode's document synchronously; the edit applies once loaded.
        annotationStore.getState().edit((d) => (d.review.status === "unreviewed" ? { ...d, review: { ...d.review, status: "in_progress" } } : d));
      },

      setDisagreementsFirst(on) {
        set({ disagreementsFirst: on });
      },
      queueOptions() {
        return { annotator: annotationStore.getState().layer ?? get().annotator, disagreementsFirst: get().disagreementsFirst };
      },

      openNext() {
        const options = get().queueOptions();
        const next = nextUnreviewed(get().visible, episodeStore.getState().currentPath, options);
        if (!next) {
          const who = options.annotator === null ? "" : ` for ${options.annotator}`;
          set({ notice: get().visible.length < get().rows.length ? `No unreviewed episode left${who} in this filter.` : `No unreviewed episode left${who}.` });
          return false;
        }
        get().openForReview(next.path);
        return true;
      },

      openPrevious() {
        const previous = previousReadable(get().visible, episodeStore.getState().currentPath);
        if (!previous) {
          set({ notice: "This is the first episode of the list." });
          return false;
        }
        get().openForReview(previous.path);
        return true;
      },

      setStatus(status) {
        annotationStore.getState().edit((d) => (d.review.status === status ? d : { ...d, review: { ...d.review, status } }));
      },

      applyDocument(document) {
        const rows = get().rows;
        const at = rows.findIndex((r) => r.path === document.episode.path);
        if (at < 0) return;
        const row = withReview(rows[at]!, document);
        if (sameReview(row, rows[at]!)) return;
        const next = rows.slice();
        next[at] = row;
        setRows(next);
      },
    };
  });
  followQueue(store, player);
  return store;
}

/**
 * Have `player` load ahead of time the episode `n` would open next (nextUnreviewed after the open one), and follow
 * the queue: whenever the rows shown, their order, the queue options or the open episode change, the episode loaded
 * ahead is the new next one (or none).
 */
function followQueue(store: StoreApi<DatasetState>, player: Pick<Player, "preload">): void {
  const preloadNext = () => {
    const s = store.getState();
    if (s.visible.length === 0) return;
    const current = episodeStore.getState().currentPath;
    if (current === null) return;
    player.preload(nextUnreviewed(s.visible, current, s.queueOptions())?.path ?? null);
  };
  store.subscribe((s, prev) => {
    if (s.visible !== prev.visible || s.disagreementsFirst !== prev.disagreementsFirst || s.annotator !== prev.annotator) preloadNext();
  });
  episodeStore.subscribe((s, prev) => {
    if (s.currentPath !== prev.currentPath) preloadNext();
  });
  annotationStore.subscribe((s, prev) => {
    if (s.layer !== prev.layer) preloadNext();
  });
}

/** `row` with `document`'s review as its annotator's entry. */
function withReview(row: DatasetRow, document: AnnotationDocument): DatasetRow {
  const mine: AnnotatorReview = {
    annotator: document.annotator.id,
    status: document.review.status,
    outcome: document.review.outcome,
    score: document.review.score,
    flags: [...document.review.flags],
    segmentKinds: [...new Set(document.segments.map((s) => s.kind))].sort(),
    // The save time (set by the store when a save lands); an unsaved first edit is the newest verdict.
    updatedAt: document.revision > 0 ? document.updatedAt : new Date().toISOString(),
  };
  const others = row.reviews.filter((r) => r.annotator !== mine.annotator);
  const empty = mine.status === "unreviewed" && mine.outcome === null && mine.score === null && mine.flags.length === 0 && document.revision === 0;
  return buildRow({
    path: row.path,
    name: row.name,
    sizeBytes: row.sizeBytes,
    facts: row.facts,
    error: row.error,
    table: Object.fromEntries(row.overridden.map((f) => [f, row.fields[f]])),
    reviews: empty ? others : [...others, mine],
  });
}

function sameReview(a: DatasetRow, b: DatasetRow): boolean {
  return a.status === b.status && a.conflict === b.conflict && a.outcome === b.outcome && a.score === b.score && a.flags.join() === b.flags.join() && a.annotators.join() === b.annotators.join();
}

/** The app's dataset store. */
export const datasetStore = createDatasetStore();

// Every change of the current annotator's document shows in its row at once.
annotationStore.subscribe((s, prev) => {
  if (s.document && s.document !== prev.document) datasetStore.getState().applyDocument(s.document);
});

/** Read the dataset store in React. */
export function useDataset<T>(selector: (s: DatasetState) => T): T {
  return useStore(datasetStore, selector);
}
