/**
 * Adjudication mode (DESIGN §9): while a lead adjudicates a dataset, the annotation store reads and writes the
 * `adjudicated` layer whatever the annotator identity — also when that identity is an annotator's own id — and the
 * identity itself never changes, so leaving the mode returns to the lead's own layer. The mode is remembered per
 * dataset folder (localStorage), never globally: another dataset opens in the lead's own layer.
 *
 * Adopting an overlaid annotator's labels (all, or the outcome, the segments or the action chunks) is one edit of the
 * adjudicated document: one undo step.
 */
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import type { AnnotationDocument } from "../../../shared/annotation.ts";
import { adoptPart, type AdoptPart } from "../../../shared/annotation/adoptLabels.ts";
import { ADJUDICATED_ANNOTATOR } from "../../../shared/dataset/datasetRow.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { api as defaultApi } from "../ipc/api.ts";
import { annotationStore } from "./annotation.ts";
import { overlayStore } from "./annotationOverlay.ts";
import { datasetStore } from "./dataset.ts";
import { episodeStore } from "./episode.ts";

/** The adjudicated layer's annotator id (what `episcope export --annotator adjudicated` takes). */
export const ADJUDICATED_ID = ADJUDICATED_ANNOTATOR;
/** Where an older version kept the identity to return to (it switched the identity, globally). */
const LEGACY_PREVIOUS_KEY = "episcope.adjudication.previousAnnotator";
const modeKey = (root: string) => `episcope.adjudicating:${root}`;

/** State of the mode. */
export interface AdjudicationState {
  /** True while edits go to the adjudicated layer of the open dataset. */
  active: boolean;
}

/** The app's adjudication state. */
export const adjudicationStore = createStore<AdjudicationState>()(() => ({ active: false }));

/** Read the adjudication state in React. */
export function useAdjudication<T>(selector: (s: AdjudicationState) => T): T {
  return useStore(adjudicationStore, selector);
}

/** Point the annotation store at the layer of `active` and reload the open episode's document from it. */
function apply(active: boolean): void {
  adjudicationStore.setState({ active });
  const annotation = annotationStore.getState();
  if (annotation.layer === (active ? ADJUDICATED_ID : undefined)) return;
  annotation.setLayer(active ? ADJUDICATED_ID : undefined);
  const { path } = annotationStore.getState();
  if (path) {
    annotationStore.getState().begin(path);
    const summary = episodeStore.getState().summary;
    if (summary?.path === path) void annotationStore.getState().attach(summary);
  }
  if (active && overlayStore.getState().annotator === null) overlayNext(1);
  datasetStore.setState({ notice: null, disagreementsFirst: active });
}

/** Start (true) or leave (false) adjudicating the open dataset; remembered for this dataset folder only. */
export function setAdjudicating(active: boolean): void {
  const root = datasetStore.getState().root;
  if (root) {
    try {
      if (active) localStorage.setItem(modeKey(root), "1");
      else localStorage.removeItem(modeKey(root));
    } catch {
      // storage disabled: the mode lasts for this session
    }
  }
  apply(active);
}

/** Start adjudicating, or leave it. */
export function toggleAdjudication(): void {
  setAdjudicating(!adjudicationStore.getState().active);
}

/** True when the dataset folder `root` was left in adjudication mode. */
function rememberedFor(root: string | null): boolean {
  if (!root) return false;
  try {
    return localStorage.getItem(modeKey(root)) === "1";
  } catch {
    return false;
  }
}

/**
 * Undo what an older version did: it made `adjudicated` the stored identity (for every dataset). Restore the identity
 * it remembered, once.
 */
async function repairLegacyIdentity(api: EpiscopeApi): Promise<void> {
  const raw = localStorage.getItem(LEGACY_PREVIOUS_KEY);
  if (raw === null) return;
  localStorage.removeItem(LEGACY_PREVIOUS_KEY);
  const settings = await api.settings.get({});
  if (settings.stored?.id !== ADJUDICATED_ID) return;
  const previous = JSON.parse(raw) as { id?: unknown; name?: unknown } | null;
  if (previous && typeof previous.id === "string" && previous.id !== ADJUDICATED_ID) {
    const info = await api.settings.setAnnotator({ id: previous.id, name: typeof previous.name === "string" ? previous.name : previous.id });
    datasetStore.setState({ annotator: info.annotator.id });
  }
}

/** The annotators whose layers can be overlaid on the open episode (not the layer being edited). */
export function overlayCandidates(): string[] {
  const path = episodeStore.getState().currentPath;
  const row = datasetStore.getState().rows.find((r) => r.path === path);
  const editing = adjudicationStore.getState().active ? ADJUDICATED_ID : datasetStore.getState().annotator;
  return (row?.annotators ?? []).filter((a) => a !== editing);
}

/** Overlay the next (1) or previous (-1) annotator's layer beside the edited one. */
export function overlayNext(direction: 1 | -1): void {
  const list = overlayCandidates();
  if (list.length === 0) return;
  const current = overlayStore.getState().annotator;
  const at = current === null ? (direction === 1 ? -1 : 0) : list.indexOf(current);
  overlayStore.getState().show(list[(at + direction + list.length) % list.length]!);
}

/** Copy `part` of `other`'s labels into the edited document (one undo step). */
export function adopt(other: AnnotationDocument, part: AdoptPart = "all"): void {
  annotationStore.getState().edit((doc) => adoptPart(doc, other, part));
}

/** Adopt `part` of the overlaid layer's labels; false when no layer with a document is overlaid. */
export function adoptOverlaid(part: AdoptPart): boolean {
  const doc = overlayStore.getState().document;
  if (!doc) {
    datasetStore.setState({ notice: "Overlay an annotator's layer first (Alt+L), then adopt its labels." });
    return false;
  }
  adopt(doc, part);
  return true;
}

/** Follow the dataset: each folder opens in the mode it was left in. */
export function watchAdjudication(api: EpiscopeApi = defaultApi): () => void {
  void repairLegacyIdentity(api).catch(() => {});
  const initial = rememberedFor(datasetStore.getState().root);
  if (initial !== adjudicationStore.getState().active) apply(initial);
  return datasetStore.subscribe((s, prev) => {
    if (s.root !== prev.root) apply(rememberedFor(s.root));
  });
}
