/**
 * The current annotator's document for the open episode — or, while a lead adjudicates (`layer: "adjudicated"`), the
 * adjudicated layer's, whatever the annotator identity (DESIGN §9). Every change saves at once through a serialized,
 * latest-wins queue (shared/playback/saveQueue.ts); the save state is shown in the inspector.
 */
import { useStore } from "zustand";
import { createStore, type StoreApi } from "zustand/vanilla";
import { emptyAnnotation, type AnnotationDocument, type Annotator, type Outcome } from "../../../shared/annotation.ts";
import type { EpisodeSummary } from "../../../shared/episode.ts";
import type { EpiscopeApi, SaveResult } from "../../../shared/ipc/contract.ts";
import { SaveQueue } from "../../../shared/playback/saveQueue.ts";
import * as segments from "../../../shared/annotation/segments.ts";
import type { Segment } from "../../../shared/annotation.ts";
import * as edit from "../../../shared/playback/segmentEdit.ts";
import { errorMessage } from "../app/errors.ts";
import { api as defaultApi, clientId } from "../ipc/api.ts";
import * as history from "./annotationHistory.ts";
import { paneView } from "./paneView.ts";

/** Where the document's last save stands. */
export type SaveStatus =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; revision: number }
  | { kind: "error"; message: string };

/** State and actions of the annotation store. */
export interface AnnotationState {
  /** Episode path the document belongs to. */
  path: string | null;
  /**
   * The layer read and written: undefined = the annotator's own, `adjudicated` = the lead's resolution. Set with
   * `setLayer`; a document loaded (`begin`) keeps the layer it was loaded from until the next load.
   */
  layer: WriteLayer;
  document: AnnotationDocument | null;
  loadStatus: "idle" | "loading" | "ready" | "error";
  loadError: string | null;
  save: SaveStatus;
  /** Kind given to a new segment (the kind picker; a kind of the dataset config). */
  newSegmentKind: string;
  /** The segment shown in the inspector and edited by I/O, Delete and the pointer, or null. */
  selectedSegmentId: string | null;
  /**
   * The segment being marked with I/O: created by one key and waiting for the other end (`awaiting`), or null.
   * While it is open, I moves its start and the kind picker changes its kind.
   */
  openSegment: { id: string; awaiting: "in" | "out" } | null;
  /** True when the reviewer picked the selected segment (click, V, a drag): then I edits its start too. */
  segmentPicked: boolean;
  /** Undo/redo history of the document (reset when another episode is loaded). */
  history: history.History;

  /** Read and write `layer` from the next load on (the caller reloads the open episode). */
  setLayer(layer: WriteLayer): void;
  /** Start loading the document of the episode at `path` (as soon as it is being opened). */
  begin(path: string): void;
  /** Finish loading once the episode's summary is known (it gives a new document its fingerprint). */
  attach(summary: EpisodeSummary): Promise<void>;
  /** `begin` + `attach`. */
  load(summary: EpisodeSummary): Promise<void>;
  /** Forget the document (no episode open). */
  clear(): void;
  setOutcome(outcome: Outcome | null): void;
  /**
   * I at `tNs`: moves the start of the open segment (see `openSegment`) or of a picked one (`segmentPicked`); otherwise starts a new segment of
   * `newSegmentKind` there (zero length, selected, open until O).
   */
  setSegmentIn(tNs: bigint): void;
  /**
   * O at `tNs`: sets the end of the selected segment (closing it when it was open); with none selected, starts a new
   * segment of `newSegmentKind` that ends there (open until I).
   */
  setSegmentOut(tNs: bigint): void;
  /** Set both ends of segment `id` (ordered); `group` makes a drag one undo step. */
  setSegmentRange(id: string, aNs: bigint, bNs: bigint, group?: string | null): void;
  /** Pick the kind of new segments; it also changes the kind of the open segment. */
  setSegmentKind(kind: string): void;
  /** Change fields of segment `id` (kind, note, camera, range); `group` merges edits into one undo step. */
  updateSegment(id: string, patch: Partial<Omit<Segment, "id">>, group?: string | null): void;
  /** Add a segment and select it (e.g. dragged out on the segments tier). */
  addSegment(segment: Segment): void;
  /** Select a segment (null: none). */
  selectSegment(id: string | null): void;
  /** Select the next (1) or previous (-1) segment in time order, cycling through none. */
  selectAdjacentSegment(direction: 1 | -1): void;
  /** Delete the selected segment. */
  deleteSegment(): void;
  /** Score 1–5, or null to clear it. */
  setScore(score: number | null): void;
  /** Add the quality flag when absent, remove it when present. */
  toggleFlag(flag: string): void;
  /** Set the free note; calls until `sealHistory()` are one undo step. */
  setNote(note: string): void;
  /** End the open undo group (e.g. the note field lost focus). */
  sealHistory(): void;
  /** Go back one edit (saved like any edit). */
  undo(): void;
  /** Re-apply the last undone edit (saved like any edit). */
  redo(): void;
  /** Save the current document again (after a failed save). */
  retrySave(): void;
  /**
   * Apply any pure edit of the document (returns the same object when nothing changes) and save it; one undo step, or
   * one step for all edits made with the same `group` until `sealHistory()` (e.g. a drag). Edits made while the
   * document loads are applied once it is there.
   */
  edit(fn: (doc: AnnotationDocument) => AnnotationDocument, group?: string | null): void;
}

let segmentCounter = 0;
/** A new segment id, unique within a session and across sessions in practice. */
export function newSegmentId(): string {
  segmentCounter += 1;
  return `seg-${Date.now().toString(36)}-${segmentCounter.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

const FALLBACK_ANNOTATOR: Annotator = { id: "anonymous", name: "Anonymous" };

/** The layer the annotation store reads and writes: the annotator's own (undefined) or the adjudicated one. */
export type WriteLayer = "adjudicated" | undefined;

/** Create an annotation store talking to `api`. */
export function createAnnotationStore(api: EpiscopeApi = defaultApi): StoreApi<AnnotationState> {
  let annotator: Promise<Annotator> | null = null;
  const getAnnotator = () =>
    (annotator ??= api.app.info({}).then(
      (info) => info.annotator,
      () => FALLBACK_ANNOTATOR,
    ));
  let queue: SaveQueue<AnnotationDocument, SaveResult> | null = null;
  let loadToken = 0;
  let inflight: { token: number; path: string; layer: WriteLayer; loading: Promise<[AnnotationDocument | null, Annotator]> } | null = null;
  /** Edits made while the document loads, applied in order once it is there. */
  let pendingEdits: Array<(doc: AnnotationDocument) => AnnotationDocument> = [];
  /** The episode the document was attached to (to load it again when it changed elsewhere). */
  let attached: EpisodeSummary | null = null;

  const store = createStore<AnnotationState>()((set, get) => {
    const makeQueue = (path: string, layer: WriteLayer) =>
      new SaveQueue<AnnotationDocument, SaveResult>(
        (document) => api.annotation.save({ path, document, ...(layer ? { layer } : {}) }),
        {
          onStart: () => {
            if (get().path === path) set({ save: { kind: "saving" } });
          },
          onSaved: (result, _value, pending) => {
            const s = get();
            if (s.path !== path || !s.document) return;
            set({
              document: { ...s.document, revision: result.revision, updatedAt: result.updatedAt },
              save: pending ? { kind: "saving" } : { kind: "saved", revision: result.revision },
            });
          },
          onError: (error, _value, pending) => {
            if (get().path !== path || pending) return;
            set({ save: { kind: "error", message: errorMessage(error) } });
          },
        },
        (doc, last) => (last ? { ...doc, revision: last.revision, updatedAt: last.updatedAt } : doc),
      );

    /** Show `next` and save it, keeping the revision the store already knows. */
    const commit = (current: AnnotationDocument, next: AnnotationDocument, h: history.History) => {
      const shown = { ...next, revision: current.revision, updatedAt: current.updatedAt };
      set({ document: shown, history: h, save: { kind: "saving" } });
      queue!.push(shown);
    };

    /** Apply an edit; save when it changed the document. `group`: edits of one open group are one undo step. */
    const update = (fn: (doc: AnnotationDocument) => AnnotationDocument, group: string | null = null) => {
      const { document, loadStatus } = get();
      if (loadStatus === "loading") {
        pendingEdits.push(fn);
        return;
      }
      if (!document || loadStatus !== "ready" || !queue) return;
      const next = fn(document);
      if (next === document) return;
      commit(document, next, history.record(get().history, document, group));
    };

    /** Undo or redo: move through the history and save the document it lands on. */
    const travel = (step: typeof history.undo) => {
      const { document, loadStatus } = get();
      if (!document || loadStatus !== "ready" || !queue) return;
      const moved = step(get().history, document);
      if (moved) commit(document, moved.document, moved.history);
    };

    /** The selected segment's id while it exists in the document (or while the document loads), else null. */
    const liveSelectedId = (): string | null => {
      const { selectedSegmentId: id, document } = get();
      if (id === null) return null;
      return !document || document.segments.some((x) => x.id === id) ? id : null;
    };
    /** The open segment while it is still the selected one and exists, else null. */
    const liveOpenSegment = () => {
      const open = get().openSegment;
      return open && open.id === liveSelectedId() ? open : null;
    };
    /** Start a new zero-length segment of the picked kind at t, selected and open until its other end is set. */
    const startSegment = (tNs: bigint, awaiting: "in" | "out") => {
      const id = newSegmentId();
      const kind = get().newSegmentKind;
      set({ selectedSegmentId: id, openSegment: { id, awaiting }, segmentPicked: false });
      update((d) => segments.addSegment(d, { id, kind, startNs: tNs, endNs: tNs, note: "", camera: null }));
    };

    return {
      path: null,
      layer: undefined,
      document: null,
      loadStatus: "idle",
      loadError: null,
      save: { kind: "idle" },
      newSegmentKind: "failure",
      selectedSegmentId: null,
      openSegment: null,
      segmentPicked: false,
      history: history.emptyHistory(),

      setLayer(layer) {
        set({ layer });
      },
      begin(path) {
        const token = ++loadToken;
        queue = null;
        pendingEdits = [];
        // Asked again for every episode: the annotator can change (first-run prompt).
        annotator = null;
        const layer = get().layer;
        const loading = Promise.all([
          api.annotation.load({ path, ...(layer ? { layer } : {}) }),
          layer ? Promise.resolve<Annotator>({ id: layer, name: layer }) : getAnnotator(),
        ]);
        loading.catch(() => {}); // reported by attach()
        inflight = { token, path, layer, loading };
        set({ path, document: null, loadStatus: "loading", loadError: null, save: { kind: "idle" }, history: history.emptyHistory(), selectedSegmentId: null, openSegment: null, segmentPicked: false });
      },
      async attach(summary) {
        attached = summary;
        if (!inflight || inflight.path !== summary.path) get().begin(summary.path);
        const { token, path, layer, loading } = inflight!;
        try {
          const [loaded, who] = await loading;
          if (token !== loadToken) return;
          const fingerprint = {
            sizeBytes: summary.sizeBytes,
            startNs: summary.startNs,
            endNs: summary.endNs,
            messageCount: summary.messageCount,
          };
          let document = loaded ?? emptyAnnotation(path, fingerprint, who);
          queue = makeQueue(path, layer);
          // Edits made while the document was loading (e.g. a key pressed right after the episode appeared).
          const edits = pendingEdits;
          pendingEdits = [];
          const edited = edits.reduce((d, fn) => fn(d), document);
          const changed = edited !== document;
          document = edited;
          set({
            document,
            loadStatus: "ready",
            save: changed ? { kind: "saving" } : loaded ? { kind: "saved", revision: loaded.revision } : { kind: "idle" },
          });
          if (changed) queue.push(document);
        } catch (e) {
          if (token !== loadToken) return;
          pendingEdits = [];
          set({ loadStatus: "error", loadError: errorMessage(e) });
        }
      },
      async load(summary) {
        get().begin(summary.path);
        await get().attach(summary);
      },
      clear() {
        loadToken++;
        attached = null;
        queue = null;
        inflight = null;
        pendingEdits = [];
        set({ path: null, document: null, loadStatus: "idle", loadError: null, save: { kind: "idle" }, history: history.emptyHistory(), selectedSegmentId: null, openSegment: null, segmentPicked: false });
      },
      setOutcome(outcome) {
        update((d) => (d.review.outcome === outcome ? d : edit.setOutcome(d, outcome)));
      },
      setSegmentIn(tNs) {
        const open = liveOpenSegment();
        if (open) {
          update((d) => segments.setSegmentStart(d, open.id, tNs));
          if (open.awaiting === "in") set({ openSegment: null });
          return;
        }
        const picked = get().segmentPicked ? liveSelectedId() : null;
        if (picked) {
          update((d) => segments.setSegmentStart(d, picked, tNs));
          return;
        }
        startSegment(tNs, "out");
      },
      setSegmentOut(tNs) {
        const selected = liveSelectedId();
        if (selected) {
          update((d) => segments.setSegmentEnd(d, selected, tNs));
          const open = get().openSegment;
          if (open?.id === selected && open.awaiting === "out") set({ openSegment: null });
          return;
        }
        startSegment(tNs, "in");
      },
      setSegmentRange(id, aNs, bNs, group = null) {
        const [startNs, endNs] = aNs <= bNs ? [aNs, bNs] : [bNs, aNs];
        update((d) => segments.updateSegment(d, id, { startNs, endNs }), group);
      },
      setSegmentKind(kind) {
        set({ newSegmentKind: kind });
        const open = liveOpenSegment();
        if (open) update((d) => segments.updateSegment(d, open.id, { kind }));
      },
      updateSegment(id, patch, group = null) {
        update((d) => segments.updateSegment(d, id, patch), group);
      },
      addSegment(segment) {
        set({ selectedSegmentId: segment.id, openSegment: null, segmentPicked: true });
        update((d) => segments.addSegment(d, segment));
      },
      selectSegment(id) {
        const open = get().openSegment;
        const stillOpen = open && open.id === id ? open : null;
        set({ selectedSegmentId: id, openSegment: stillOpen, segmentPicked: id !== null && !stillOpen });
      },
      selectAdjacentSegment(direction) {
        const doc = get().document;
        if (!doc) return;
        const id = segments.adjacentSegmentId(doc.segments, liveSelectedId(), direction);
        set({ selectedSegmentId: id, openSegment: null, segmentPicked: id !== null });
      },
      deleteSegment() {
        const selected = liveSelectedId();
        if (!selected) return;
        set({ selectedSegmentId: null, openSegment: null, segmentPicked: false });
        update((d) => segments.removeSegment(d, selected));
      },
      setScore(score) {
        update((d) => (d.review.score === score ? d : { ...d, review: { ...d.review, score } }));
      },
      toggleFlag(flag) {
        update((d) => {
          const flags = d.review.flags.includes(flag) ? d.review.flags.filter((f) => f !== flag) : [...d.review.flags, flag];
          return { ...d, review: { ...d.review, flags } };
        });
      },
      setNote(note) {
        update((d) => (d.review.note === note ? d : { ...d, review: { ...d.review, note } }), "note");
      },
      sealHistory() {
        set({ history: history.seal(get().history) });
      },
      undo() {
        travel(history.undo);
      },
      redo() {
        travel(history.redo);
      },
      edit(fn, group = null) {
        update(fn, group);
      },
      retrySave() {
        const { document, loadStatus } = get();
        if (!document || loadStatus !== "ready" || !queue) return;
        set({ save: { kind: "saving" } });
        queue.push(document);
      },
    };
  });

  /**
   * Another page (another tab on this server, another window) saved the open document's layer: without unsaved
   * edits the document is loaded again; with them the edits are kept and the save is marked failed with a conflict
   * (the conflict dialog of annotationConflict.ts offers Reload or Overwrite). A save still in flight is refused by the
   * server as a conflict by itself.
   */
  api.on("annotation.changed", (change) => {
    const s = store.getState();
    if (change.origin === clientId || !attached || change.episodePath !== s.path || !s.document || s.loadStatus !== "ready") return;
    if (change.layer !== (s.layer ?? s.document.annotator.id) || change.revision <= s.document.revision) return;
    if (s.save.kind === "saving" || queue?.busy) return;
    if (s.save.kind === "error") {
      store.setState({
        save: {
          kind: "error",
          message: `${change.episodePath}: the annotation changed on disk (saved elsewhere as revision ${change.revision}); your edits are not saved`,
        },
      });
      return;
    }
    void s.load(attached);
  });
  return store;
}

/** The app's annotation store. */
export const annotationStore = createAnnotationStore();

/** What the panes render from: the annotation store, held back one paint while the Player shows a switch (paneView.ts). */
const annotationView = paneView(annotationStore);

/** Read the annotation store in React (during a switch it follows one paint after the cameras; see paneView.ts). */
export function useAnnotation<T>(selector: (s: AnnotationState) => T): T {
  return useStore(annotationView, selector);
}
