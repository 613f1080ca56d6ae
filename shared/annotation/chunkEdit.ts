/**
 * Keyboard and pointer edits of action chunks on the timeline (DESIGN §4), on top of the primitives of chunks.ts: the
 * primitive level is the deepest level of the task → subtask → primitive tree; an episode without chunks starts as one
 * chunk spanning it; split points and dragged boundaries snap to robot events (log times, ns) within a tolerance (ns).
 * Every function returns a new array (or the same one when nothing changes) and leaves its input untouched.
 */
import type { Chunk } from "../annotation.ts";
import { chunkAt, chunkLevel, chunksAtLevel, moveChunkBoundary, snapTime, splitChunk } from "./chunks.ts";

/** Where chunk boundaries may snap: sorted event log times (ns) and the largest distance (ns) that snaps. */
export interface SnapTargets {
  eventTimesNs: readonly bigint[];
  toleranceNs: bigint;
}

/** The deepest level present (the primitive level): 0 for a flat list and for no chunks. */
export function primitiveLevel(chunks: readonly Chunk[]): number {
  let deepest = 0;
  for (const c of chunks) deepest = Math.max(deepest, chunkLevel(chunks, c));
  return deepest;
}

/** How many levels there are (0 when there are no chunks). */
export function levelCount(chunks: readonly Chunk[]): number {
  return chunks.length === 0 ? 0 : primitiveLevel(chunks) + 1;
}

/** One chunk of `primitive` spanning the episode [startNs, endNs) (the partition before any split). */
export function wholeEpisodeChunk(id: string, primitive: string, startNs: bigint, endNs: bigint): Chunk {
  return { id, primitive, startNs, endNs, parentId: null, note: "" };
}

/**
 * The chunk to edit at t: the deepest chunk whose [startNs, endNs) holds t (the primitive under the playhead), or null.
 */
export function editableChunkAt(chunks: readonly Chunk[], tNs: bigint): Chunk | null {
  for (let level = primitiveLevel(chunks); level >= 0; level--) {
    const c = chunkAt(chunks, level, tNs);
    if (c) return c;
  }
  return null;
}

/** What `splitAt` did: the new chunks and where the split landed (null when it did nothing). */
export interface SplitResult {
  chunks: Chunk[];
  atNs: bigint | null;
}

/**
 * Split the chunk under t at t snapped to the nearest robot event within the tolerance. Without chunks, the episode
 * [startNs, endNs) first becomes one chunk of `firstPrimitive` (id from `newId`). Nothing happens (same array, atNs
 * null) when the snapped time is outside the episode or on an existing boundary.
 */
export function splitAt(
  chunks: readonly Chunk[],
  tNs: bigint,
  episode: { startNs: bigint; endNs: bigint },
  firstPrimitive: string,
  newId: () => string,
  snap: SnapTargets,
): SplitResult {
  const at = snapTime(tNs, snap.eventTimesNs, snap.toleranceNs);
  const base = chunks.length === 0 ? [wholeEpisodeChunk(newId(), firstPrimitive, episode.startNs, episode.endNs)] : [...chunks];
  const target = editableChunkAt(base, at);
  if (!target || at <= target.startNs || at >= target.endNs) return { chunks: chunks as Chunk[], atNs: null };
  return { chunks: splitChunk(base, target.id, at, newId), atNs: at };
}

/**
 * Give chunk `id` the next primitive of `vocabulary` (wrapping; `direction` -1 goes back; a primitive outside the
 * vocabulary becomes its first entry). The same array when there is no such chunk or the vocabulary is empty.
 */
export function cyclePrimitive(chunks: readonly Chunk[], id: string, vocabulary: readonly string[], direction: 1 | -1 = 1): Chunk[] {
  const chunk = chunks.find((c) => c.id === id);
  if (!chunk || vocabulary.length === 0) return chunks as Chunk[];
  const i = vocabulary.indexOf(chunk.primitive);
  const primitive = i < 0 ? vocabulary[0]! : vocabulary[(i + direction + vocabulary.length) % vocabulary.length]!;
  return primitive === chunk.primitive ? (chunks as Chunk[]) : chunks.map((c) => (c.id === id ? { ...c, primitive } : c));
}

/** A boundary between two neighbouring chunks of one level: the left chunk's id and the time (ns). */
export interface ChunkBoundary {
  leftId: string;
  rightId: string;
  tNs: bigint;
}

/** The boundaries between contiguous siblings on `level`, in time order. */
export function chunkBoundaries(chunks: readonly Chunk[], level: number): ChunkBoundary[] {
  const row = chunksAtLevel(chunks, level);
  const out: ChunkBoundary[] = [];
  for (let i = 1; i < row.length; i++) {
    const left = row[i - 1]!;
    const right = row[i]!;
    if (left.endNs === right.startNs && left.parentId === right.parentId) out.push({ leftId: left.id, rightId: right.id, tNs: left.endNs });
  }
  return out;
}

/**
 * Move the boundary after chunk `leftId` to t snapped to a robot event within the tolerance (then clamped strictly
 * inside both neighbours by moveChunkBoundary). The same array when the boundary does not move.
 * @throws RangeError when there is no such chunk or it has no right-hand sibling (from moveChunkBoundary).
 */
export function moveBoundarySnapped(chunks: readonly Chunk[], leftId: string, tNs: bigint, snap: SnapTargets): Chunk[] {
  const next = moveChunkBoundary(chunks, leftId, snapTime(tNs, snap.eventTimesNs, snap.toleranceNs));
  const same = next.every((c, i) => c.startNs === chunks[i]!.startNs && c.endNs === chunks[i]!.endNs);
  return same ? (chunks as Chunk[]) : next;
}

/**
 * Merge chunk `leftId` with the sibling that starts where it ends (removing the boundary): the left chunk keeps its id,
 * primitive and note and takes the right one's end; the right one's children move under it. The same array when
 * there is no such chunk or no right-hand sibling.
 */
export function mergeWithNext(chunks: readonly Chunk[], leftId: string): Chunk[] {
  const left = chunks.find((c) => c.id === leftId);
  const right = left && chunks.find((c) => c.id !== leftId && c.parentId === left.parentId && c.startNs === left.endNs);
  if (!left || !right) return chunks as Chunk[];
  return chunks
    .filter((c) => c.id !== right.id)
    .map((c) => (c.id === leftId ? { ...c, endNs: right.endNs } : c.parentId === right.id ? { ...c, parentId: leftId } : c));
}

/** The boundary of `level` nearest to t (ties: the earlier one), or null when the level has none. */
export function nearestBoundary(chunks: readonly Chunk[], level: number, tNs: bigint): ChunkBoundary | null {
  let best: ChunkBoundary | null = null;
  let bestDistance = 0n;
  for (const b of chunkBoundaries(chunks, level)) {
    const d = b.tNs > tNs ? b.tNs - tNs : tNs - b.tNs;
    if (best === null || d < bestDistance) {
      best = b;
      bestDistance = d;
    }
  }
  return best;
}
