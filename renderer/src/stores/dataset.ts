/**
 * The dataset being reviewed: its episode rows (indexed on the Node side, polled while indexing), the list's filter,
 * sort and saved filters, the overview/table view, and the review queue (next unreviewed, accept / reject / needs
 * fix) that drives the episode and annotation stores. The next episode in the queue is opened on the Node side ahead
 * of time (prefetch) so switching to it is instant.
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
import { api as defaultApi } from "../ipc/api.ts";
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

const POLL_MS = 250;
/** Other reviewers' verdicts (their own server or app on the same folder) show up at least this often. */
const REFRESH_MS = 15_000;
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

/** Rows for a listing before (or without) indexing: names and sizes only. */
export function rowsFromListing(listing: EpisodeListing): DatasetRow[] {
  return listing.episodes.map((e) => buildRow({ path: e.path, name: e.name, sizeBytes: e.sizeBytes, facts: null, error: null, table: undefined, reviews: [] }));
}

/** Create a dataset store talking to `api`. */
export function createDatasetStore(api: EpiscopeApi = defaultApi): StoreApi<DatasetState> {
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  const prefetched = new Set<string>();
  let lastRefresh = 0;
  let refreshTimer: ReturnType<typeof setInterval> | null = null;

  return createStore<DatasetState>()((set, get) => {
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

    const poll = async (jobId: string) => {
      pollTimer = null;
      try {
        const progress = await api.dataset.indexStatus({ jobId });
        set({ progress });
        if (progress?.state === "running") {
          // Show indexed rows as they arrive, at most once a second.
          if (Date.now() - lastRefresh > 1000) {
            lastRefresh = Date.now();
            await get().refresh();
          }
          pollTimer = setTimeout(() => void poll(jobId), POLL_MS);
          return;
        }
        await get().refresh();
      } catch (e) {
        set({ error: errorMessage(e) });
      }
    };

    const prefetchNext = (fromPath: string) => {
      const next = nextUnreviewed(get().visible, fromPath, get().queueOptions());
      if (!next || prefetched.has(next.path)) return;
      prefetched.add(next.path);
      // Open it on the Node side (summary cached there) and read its camera frame indexes (cached too).
      void api.episode
        .open({ path: next.path })
        .then((summary) =>
          Promise.all(
            summary.channels
              .filter((c) => c.kind === "camera" && c.messageCount > 0)
              .map((c) => api.episode.frameIndex({ episodeId: summary.episodeId, topic: c.topic }).catch(() => null)),
          ),
        )
        .catch(() => prefetched.delete(next.path));
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
        if (refreshTimer === null && typeof window !== "undefined") {
          refreshTimer = setInterval(() => {
            if (get().progress?.state !== "running") void get().refresh();
          }, REFRESH_MS);
          window.addEventListener("focus", () => void get().refresh());
        }
        // A single episode was opened (its folder is not a dataset the user chose): list, do not index.
        if (listing.initial !== null) {
          await get().refresh();
          return;
        }
        await get().reindex();
      },

      async reindex() {
        try {
          const progress = await api.dataset.index({});
          set({ progress, error: null });
          if (pollTimer) clearTimeout(pollTimer);
          await poll(progress.jobId);
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
          set({ root: result.root, ...(result.progress ? { progress: result.progress } : {}) });
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
        void episodeStore.getState().openEpisode(path);
        // The annotation store began loading this episode's document synchronously; the edit applies once loaded.
        annotationStore.getState().edit((d) => (d.review.status === "unreviewed" ? { ...d, review: { ...d.review, status: "in_progress" } } : d));
        prefetchNext(path);
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
