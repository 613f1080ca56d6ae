/**
 * Editing the task → subtask → primitive tree of action chunks (DESIGN §4) from the keyboard: add a level above the
 * current top (one chunk spanning the episode that becomes everyone's parent), and split the chunk of the level just
 * above the primitives at the primitive boundary nearest the playhead, so every level stays a contiguous partition
 * aligned with the primitives.
 */
import type { Chunk } from "../annotation.ts";
import { chunkAt, splitChunk } from "./chunks.ts";
import { primitiveLevel } from "./chunkEdit.ts";

/**
 * A new top level: one chunk named `name` over [startNs, endNs) whose children are the current top-level chunks.
 * The same array when there are no chunks (split the episode into primitives first).
 */
export function addParentLevel(chunks: readonly Chunk[], newId: string, name: string, episode: { startNs: bigint; endNs: bigint }): Chunk[] {
  if (chunks.length === 0) return chunks as Chunk[];
  const root: Chunk = { id: newId, primitive: name, startNs: episode.startNs, endNs: episode.endNs, parentId: null, note: "" };
  return [root, ...chunks.map((c) => (c.parentId === null ? { ...c, parentId: newId } : c))];
}

/**
 * Split the parent (the level just above the primitives) under t at the primitive boundary nearest t, when that
 * boundary lies strictly inside it. Returns the new chunks and where the split landed, or the same array and null
 * (no parent level, or no primitive boundary inside the parent).
 */
export function splitParentAtNearestBoundary(chunks: readonly Chunk[], tNs: bigint, newId: () => string): { chunks: Chunk[]; atNs: bigint | null } {
  const level = primitiveLevel(chunks);
  if (level === 0) return { chunks: chunks as Chunk[], atNs: null };
  const parent = chunkAt(chunks, level - 1, tNs);
  if (!parent) return { chunks: chunks as Chunk[], atNs: null };
  // The boundaries between this parent's children (their start times after the first), nearest to t.
  let best: bigint | null = null;
  for (const child of chunks) {
    if (child.parentId !== parent.id || child.startNs <= parent.startNs || child.startNs >= parent.endNs) continue;
    const d = child.startNs > tNs ? child.startNs - tNs : tNs - child.startNs;
    if (best === null || d < (best > tNs ? best - tNs : tNs - best) || (d === (best > tNs ? best - tNs : tNs - best) && child.startNs < best)) best = child.startNs;
  }
  if (best === null) return { chunks: chunks as Chunk[], atNs: null };
  return { chunks: splitChunk(chunks, parent.id, best, newId), atNs: best };
}
