/**
 * Adjudication (a lead's layer, DESIGN §4): the app writes as annotator `adjudicated` while a lead reconciles the
 * annotators' layers, adopting one layer's labels (overlaid read-only on the timeline) into it and editing them. The
 * lead's own identity is remembered so "stop adjudicating" returns to it.
 */
import type { AnnotationDocument } from "../../../shared/annotation.ts";
import { adoptLabels } from "../../../shared/annotation/adoptLabels.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { api as defaultApi } from "../ipc/api.ts";
import { annotationStore } from "./annotation.ts";
import { datasetStore } from "./dataset.ts";
import { episodeStore } from "./episode.ts";

/** The adjudicated layer's annotator id (what `episcope export --annotator adjudicated` takes). */
export const ADJUDICATED_ID = "adjudicated";
const PREVIOUS_KEY = "episcope.adjudication.previousAnnotator";

/** Copy `other`'s labels into the current document (one undo step). */
export function adopt(other: AnnotationDocument): void {
  annotationStore.getState().edit((doc) => adoptLabels(doc, other));
}

/** Write as `id` from now on, and show that layer's document for the open episode. */
async function switchTo(api: EpiscopeApi, id: string, name: string): Promise<void> {
  await api.settings.setAnnotator({ id, name });
  datasetStore.setState({ annotator: id });
  const summary = episodeStore.getState().summary;
  if (summary) await annotationStore.getState().load(summary);
  void datasetStore.getState().refresh();
}

/** Start writing the adjudicated layer (remembering the current identity), or return to it. */
export async function toggleAdjudication(api: EpiscopeApi = defaultApi): Promise<void> {
  const current = await api.settings.get({});
  if (current.annotator.id === ADJUDICATED_ID) {
    const previous = JSON.parse(localStorage.getItem(PREVIOUS_KEY) ?? "null") as { id: string; name: string } | null;
    await switchTo(api, previous?.id ?? "annotator", previous?.name ?? "");
    localStorage.removeItem(PREVIOUS_KEY);
  } else {
    localStorage.setItem(PREVIOUS_KEY, JSON.stringify(current.annotator));
    await switchTo(api, ADJUDICATED_ID, `Adjudicated by ${current.annotator.name || current.annotator.id}`);
  }
}
