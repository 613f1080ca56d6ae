/**
 * Keyboard commands of the action-chunks tier (keys from the dataset config's hotkeys table): split the chunk under
 * the playhead at the playhead (snapped to a robot event within the tolerance; an episode without chunks first
 * becomes one chunk of the first primitive), give that chunk the next / previous primitive of the vocabulary, and
 * merge it with the next chunk (removing the boundary after it; the last chunk merges with the one before), and move
 * the nearest boundary of the primitive level to the playhead (snapped).
 */
import { chunkBoundaries, cyclePrimitive, editableChunkAt, mergeWithNext, moveBoundarySnapped, nearestBoundary, primitiveLevel, splitAt, type SnapTargets } from "../../../../shared/annotation/chunkEdit.ts";
import { addParentLevel, splitParentAtNearestBoundary } from "../../../../shared/annotation/chunkLevels.ts";
import { useCommand } from "../../keyboard/commandRegistry.ts";
import { annotationStore } from "../../stores/annotation.ts";
import { clockStore } from "../../stores/clock.ts";

const GROUP = "Action chunks";

let chunkCounter = 0;
/** A new chunk id, unique within a session and across sessions in practice. */
export function newChunkId(): string {
  chunkCounter += 1;
  return `chunk-${Date.now().toString(36)}-${chunkCounter.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Register the chunk commands while mounted. */
export function useChunkCommands(primitives: readonly string[], snap: SnapTargets): void {
  useCommand("chunk.split", "Split the action chunk at the playhead (snaps to robot events)", GROUP, () => {
    const { requestNs, startNs, endNs } = clockStore.getState();
    annotationStore.getState().edit((doc) => {
      const r = splitAt(doc.chunks, requestNs, { startNs, endNs }, primitives[0] ?? "reach", newChunkId, snap);
      return r.atNs === null ? doc : { ...doc, chunks: r.chunks };
    });
  });
  const cycle = (direction: 1 | -1) => () => {
    const t = clockStore.getState().requestNs;
    annotationStore.getState().edit((doc) => {
      const chunk = editableChunkAt(doc.chunks, t);
      if (!chunk) return doc;
      const chunks = cyclePrimitive(doc.chunks, chunk.id, primitives, direction);
      return chunks === doc.chunks ? doc : { ...doc, chunks };
    });
  };
  useCommand("chunk.addLevel", "Add a task level above the chunks (the former top level become subtasks)", GROUP, () => {
    const { startNs, endNs } = clockStore.getState();
    annotationStore.getState().edit((doc) => {
      if (doc.chunks.length === 0) return doc;
      const renamed = doc.chunks.map((c) => (c.parentId === null && c.primitive === "task" ? { ...c, primitive: "subtask" } : c));
      return { ...doc, chunks: addParentLevel(renamed, newChunkId(), "task", { startNs, endNs }) };
    });
  });
  useCommand("chunk.splitParent", "Split the subtask/task at the playhead at the nearest primitive boundary", GROUP, () => {
    const t = clockStore.getState().requestNs;
    annotationStore.getState().edit((doc) => {
      const r = splitParentAtNearestBoundary(doc.chunks, t, newChunkId);
      return r.atNs === null ? doc : { ...doc, chunks: r.chunks };
    });
  });
  useCommand("chunk.nextPrimitive", "Next primitive for the chunk at the playhead", GROUP, cycle(1));
  useCommand("chunk.previousPrimitive", "Previous primitive for the chunk at the playhead", GROUP, cycle(-1));
  useCommand("chunk.boundaryToPlayhead", "Move the nearest chunk boundary to the playhead (snaps to robot events)", GROUP, () => {
    const t = clockStore.getState().requestNs;
    annotationStore.getState().edit((doc) => {
      const boundary = nearestBoundary(doc.chunks, primitiveLevel(doc.chunks), t);
      if (!boundary) return doc;
      const chunks = moveBoundarySnapped(doc.chunks, boundary.leftId, t, snap);
      return chunks === doc.chunks ? doc : { ...doc, chunks };
    });
  });
  useCommand("chunk.merge", "Merge the chunk at the playhead with the next one", GROUP, () => {
    const t = clockStore.getState().requestNs;
    annotationStore.getState().edit((doc) => {
      const chunk = editableChunkAt(doc.chunks, t);
      if (!chunk) return doc;
      let chunks = mergeWithNext(doc.chunks, chunk.id);
      if (chunks === doc.chunks) {
        // The last chunk of its parent: remove the boundary before it instead.
        const before = chunkBoundaries(doc.chunks, primitiveLevel(doc.chunks)).find((b) => b.rightId === chunk.id);
        if (before) chunks = mergeWithNext(doc.chunks, before.leftId);
      }
      return chunks === doc.chunks ? doc : { ...doc, chunks };
    });
  });
}
