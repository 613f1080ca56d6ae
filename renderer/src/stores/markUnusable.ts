/**
 * Mark an episode unusable from the episode list — the way to give a verdict on an unreadable episode, which cannot
 * be opened for review: its annotation document (the current layer's; a new one when there is none) gets the outcome
 * `unusable` and is saved. A document needs the episode's fingerprint; for a file nothing could be read from, that is
 * its size with no messages (startNs = endNs = 0, messageCount 0), which the document schema allows. When the episode
 * is the one open in the annotation store (a damaged file opened with what was readable), the edit goes through that
 * store instead (undo, save queue and conflict handling as for the key 4).
 */
import { emptyAnnotation } from "../../../shared/annotation.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { setOutcome } from "../../../shared/playback/segmentEdit.ts";
import { errorMessage } from "../app/errors.ts";
import { api as defaultApi } from "../ipc/api.ts";
import { annotationStore } from "./annotation.ts";
import { datasetStore } from "./dataset.ts";

/**
 * Give episode `path` (of `sizeBytes` bytes) the outcome `unusable` in the current layer and save it. Resolves to null
 * when saved, or the error message (naming the file and cause) when not; the row shows the outcome once saved.
 */
export async function markUnusable(path: string, sizeBytes: number, api: EpiscopeApi = defaultApi): Promise<string | null> {
  const open = annotationStore.getState();
  if (open.path === path && open.document) {
    open.setOutcome("unusable");
    return null;
  }
  try {
    const layer = open.layer;
    const existing = await api.annotation.load({ path, layer });
    const base = existing ?? emptyAnnotation(path, { sizeBytes, startNs: 0n, endNs: 0n, messageCount: 0 }, (await api.app.info({})).annotator);
    const document = setOutcome(base, "unusable");
    const saved = await api.annotation.save({ path, document, layer });
    datasetStore.getState().applyDocument({ ...document, revision: saved.revision, updatedAt: saved.updatedAt });
    return null;
  } catch (e) {
    return `${path}: not marked unusable: ${errorMessage(e)}`;
  }
}

/**
 * Mark the dataset row at `path` unusable (markUnusable, with the row's size) and say so — or why not — in the
 * episode list's notice. Does nothing for a path that is not a row.
 */
export async function markRowUnusable(path: string): Promise<void> {
  const row = datasetStore.getState().rows.find((r) => r.path === path);
  if (!row) return;
  const error = await markUnusable(row.path, row.sizeBytes);
  datasetStore.setState({ notice: error ?? `${row.path}: marked unusable.` });
}
