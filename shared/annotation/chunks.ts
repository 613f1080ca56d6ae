/**
 * Editing action chunks (DESIGN §4): a contiguous partition of the episode into primitives, nested through parentId
 * (task → subtask → primitive). Every function returns a new array and leaves its input untouched.
 */
import type { Chunk } from "../annotation.ts";

/** Depth of a chunk: 0 on the top level (parentId null), 1 for its children, … Unknown parents count as the top. */
export function chunkLevel(chunks: readonly Chunk[], chunk: Chunk): number {
  const byId = new Map(chunks.map((c) => [c.id, c] as const));
  let level = 0;
  for (let p = chunk.parentId; p !== null && level < chunks.length; level++) p = byId.get(p)?.parentId ?? null;
  return level;
}

/** The chunks of one level (0 = top), in time order. */
export function chunksAtLevel(chunks: readonly Chunk[], level: number): Chunk[] {
  return chunks.filter((c) => chunkLevel(chunks, c) === level).sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
}

/** The chunk of `level` with startNs ≤ t < endNs (the last chunk also holds its endNs), or null. */
export function chunkAt(chunks: readonly Chunk[], level: number, tNs: bigint): Chunk | null {
  const row = chunksAtLevel(chunks, level);
  return row.find((c, i) => c.startNs <= tNs && (tNs < c.endNs || (i === row.length - 1 && tNs === c.endNs))) ?? null;
}

/**
 * Split chunk `id` at t into [start, t) and [t, end): the left part keeps the id, the right part gets `newId()` and
 * the same primitive, parent and note. Children wholly after t move to the right part; a child that spans t is split
 * the same way (recursively), so every level stays a contiguous partition.
 * @throws RangeError when there is no chunk `id` or t is not strictly inside it.
 */
export function splitChunk(chunks: readonly Chunk[], id: string, tNs: bigint, newId: () => string): Chunk[] {
  return splitWithChildren(chunks, id, tNs, newId).chunks;
}

function splitWithChildren(chunks: readonly Chunk[], id: string, tNs: bigint, newId: () => string): { chunks: Chunk[]; rightId: string } {
  const target = chunks.find((c) => c.id === id);
  if (!target) throw new RangeError(`no chunk has id ${JSON.stringify(id)}`);
  if (!(tNs > target.startNs && tNs < target.endNs)) {
    throw new RangeError(`cannot split chunk ${id} at ${tNs}: not strictly inside [${target.startNs}, ${target.endNs}]`);
  }
  const rightId = newId();
  let out = chunks.flatMap((c) => (c.id === id ? [{ ...c, endNs: tNs }, { ...c, id: rightId, startNs: tNs }] : [c]));
  for (const child of chunks.filter((c) => c.parentId === id)) {
    if (child.startNs >= tNs) out = out.map((c) => (c.id === child.id ? { ...c, parentId: rightId } : c));
    else if (child.endNs > tNs) {
      const inner = splitWithChildren(out, child.id, tNs, newId);
      out = inner.chunks.map((c) => (c.id === inner.rightId ? { ...c, parentId: rightId } : c));
    }
  }
  return { chunks: out, rightId };
}

/**
 * Move the boundary between chunk `leftId` and the sibling that starts where it ends to t, so both stay contiguous;
 * children ending / starting on that boundary move with it. t is clamped strictly inside both chunks.
 * @throws RangeError when there is no such chunk or it has no right-hand sibling.
 */
export function moveChunkBoundary(chunks: readonly Chunk[], leftId: string, tNs: bigint): Chunk[] {
  const left = chunks.find((c) => c.id === leftId);
  if (!left) throw new RangeError(`no chunk has id ${JSON.stringify(leftId)}`);
  const right = chunks.find((c) => c.id !== leftId && c.parentId === left.parentId && c.startNs === left.endNs);
  if (!right) throw new RangeError(`chunk ${leftId} has no sibling after it`);
  const lo = left.startNs + 1n;
  const hi = right.endNs - 1n;
  const t = tNs < lo ? lo : tNs > hi ? hi : tNs;
  const old = left.endNs;
  // Every chunk in the subtree of either side whose edge lies on the old boundary.
  const inSubtree = (c: Chunk, root: Chunk): boolean => {
    for (let p: Chunk | undefined = c; p; p = p.parentId === null ? undefined : chunks.find((x) => x.id === p!.parentId)) {
      if (p.id === root.id) return true;
    }
    return false;
  };
  return chunks.map((c) => {
    if (inSubtree(c, left) && c.endNs === old) {
      return { ...c, endNs: t };
    }
    if (inSubtree(c, right) && c.startNs === old) {
      return { ...c, startNs: t };
    }
    return c;
  });
}

/**
 * Snap t to the nearest of `eventTimesNs` (ascending) within `toleranceNs` (inclusive); t itself when none is that
 * close. Ties go to the earlier event.
 */
export function snapTime(tNs: bigint, eventTimesNs: readonly bigint[], toleranceNs: bigint): bigint {
  let lo = 0;
  let hi = eventTimesNs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (eventTimesNs[mid]! < tNs) lo = mid + 1;
    else hi = mid;
  }
  let best: bigint | null = null;
  let bestDistance = toleranceNs;
  for (const i of [lo - 1, lo]) {
    const e = eventTimesNs[i];
    if (e === undefined) continue;
    const d = e > tNs ? e - tNs : tNs - e;
    if (d <= bestDistance && (best === null || d < bestDistance)) {
      best = e;
      bestDistance = d;
    }
  }
  return best ?? tNs;
}
