import { describe, expect, it } from "vitest";
import { emptyAnnotation, type Chunk } from "../annotation.ts";
import { chunkBoundaries, cyclePrimitive, editableChunkAt, levelCount, mergeWithNext, moveBoundarySnapped, nearestBoundary, primitiveLevel, splitAt } from "./chunkEdit.ts";
import { validateAnnotation } from "./validate.ts";

const c = (id: string, startNs: bigint, endNs: bigint, parentId: string | null = null, primitive = "reach"): Chunk => ({ id, primitive, startNs, endNs, parentId, note: "" });
const ids = () => {
  let n = 0;
  return () => `n${++n}`;
};
const episode = { startNs: 0n, endNs: 1000n };
const noSnap = { eventTimesNs: [], toleranceNs: 0n };
const VOCAB = ["reach", "grasp", "lift"];

describe("chunk levels for editing", () => {
  it("finds the primitive (deepest) level and the chunk under a time", () => {
    const tree = [c("task", 0n, 1000n, null, "pick"), c("s1", 0n, 600n, "task", "grab"), c("s2", 600n, 1000n, "task", "put"), c("p1", 0n, 300n, "s1"), c("p2", 300n, 600n, "s1", "grasp")];
    expect(primitiveLevel(tree)).toBe(2);
    expect(levelCount(tree)).toBe(3);
    expect(levelCount([])).toBe(0);
    expect(editableChunkAt(tree, 350n)?.id).toBe("p2");
    expect(editableChunkAt(tree, 700n)?.id).toBe("s2"); // no primitive there: the subtask
    expect(editableChunkAt(tree, 1000n)?.id).toBe("s2");
    expect(editableChunkAt(tree, 2000n)).toBeNull();
  });
});

describe("splitAt", () => {
  it("starts the partition as one chunk of the first primitive and splits it at t", () => {
    const r = splitAt([], 400n, episode, "reach", ids(), noSnap);
    expect(r.atNs).toBe(400n);
    expect(r.chunks).toEqual([c("n1", 0n, 400n), c("n2", 400n, 1000n)]);
  });

  it("snaps the split to the nearest robot event within the tolerance, and only then", () => {
    const snap = { eventTimesNs: [100n, 430n, 800n], toleranceNs: 50n };
    expect(splitAt([c("a", 0n, 1000n)], 400n, episode, "reach", ids(), snap).atNs).toBe(430n);
    expect(splitAt([c("a", 0n, 1000n)], 600n, episode, "reach", ids(), snap).atNs).toBe(600n);
    expect(splitAt([c("a", 0n, 1000n)], 480n, episode, "reach", ids(), snap).atNs).toBe(430n);
  });

  it("does nothing on an existing boundary or outside the episode", () => {
    const chunks = [c("a", 0n, 400n), c("b", 400n, 1000n)];
    const r = splitAt(chunks, 410n, episode, "reach", ids(), { eventTimesNs: [400n], toleranceNs: 20n });
    expect(r).toEqual({ chunks, atNs: null });
    expect(r.chunks).toBe(chunks);
    expect(splitAt(chunks, 1500n, episode, "reach", ids(), noSnap).atNs).toBeNull();
    expect(splitAt(chunks, 0n, episode, "reach", ids(), noSnap).atNs).toBeNull();
  });

  it("splits the primitive under t, not its parent, and four splits make five valid chunks", () => {
    const tree = [c("task", 0n, 1000n, null, "pick"), c("p", 0n, 1000n, "task")];
    const r = splitAt(tree, 500n, episode, "reach", ids(), noSnap);
    expect(r.chunks.find((x) => x.id === "task")).toEqual(tree[0]);
    expect(r.chunks.filter((x) => x.parentId === "task").map((x) => [x.startNs, x.endNs])).toEqual([
      [0n, 500n],
      [500n, 1000n],
    ]);
    let chunks: Chunk[] = [];
    const newId = ids();
    for (const t of [200n, 400n, 600n, 800n]) chunks = splitAt(chunks, t, episode, "reach", newId, noSnap).chunks;
    expect(chunks).toHaveLength(5);
    const doc = { ...emptyAnnotation("ep.mcap", { sizeBytes: 1, startNs: 0n, endNs: 1000n, messageCount: 1 }, { id: "a", name: "A" }), chunks };
    expect(validateAnnotation(doc).filter((p) => p.severity === "error")).toEqual([]);
  });
});

describe("primitives and boundaries", () => {
  it("cycles the primitive through the vocabulary", () => {
    const chunks = [c("a", 0n, 400n), c("b", 400n, 1000n, null, "lift")];
    expect(cyclePrimitive(chunks, "a", VOCAB)[0]!.primitive).toBe("grasp");
    expect(cyclePrimitive(chunks, "b", VOCAB)[1]!.primitive).toBe("reach");
    expect(cyclePrimitive(chunks, "a", VOCAB, -1)[0]!.primitive).toBe("lift");
    expect(cyclePrimitive([c("x", 0n, 1n, null, "wave")], "x", VOCAB)[0]!.primitive).toBe("reach");
    expect(cyclePrimitive(chunks, "missing", VOCAB)).toBe(chunks);
    expect(cyclePrimitive(chunks, "a", [])).toBe(chunks);
  });

  it("lists boundaries of a level and moves one, snapped", () => {
    const chunks = [c("a", 0n, 400n), c("b", 400n, 700n), c("d", 700n, 1000n)];
    expect(chunkBoundaries(chunks, 0)).toEqual([
      { leftId: "a", rightId: "b", tNs: 400n },
      { leftId: "b", rightId: "d", tNs: 700n },
    ]);
    const snap = { eventTimesNs: [520n], toleranceNs: 30n };
    expect(moveBoundarySnapped(chunks, "a", 500n, snap).map((x) => [x.startNs, x.endNs])).toEqual([
      [0n, 520n],
      [520n, 700n],
      [700n, 1000n],
    ]);
    expect(moveBoundarySnapped(chunks, "a", 400n, snap)).toBe(chunks);
    expect(() => moveBoundarySnapped(chunks, "d", 900n, snap)).toThrow(RangeError);
  });
});

describe("mergeWithNext", () => {
  it("removes a boundary: the left chunk takes the right one's end and children", () => {
    const tree = [c("a", 0n, 400n), c("b", 400n, 1000n, null, "lift"), c("a1", 0n, 400n, "a"), c("b1", 400n, 700n, "b"), c("b2", 700n, 1000n, "b")];
    const out = mergeWithNext(tree, "a");
    expect(out.map((x) => [x.id, x.startNs, x.endNs, x.parentId, x.primitive])).toEqual([
      ["a", 0n, 1000n, null, "reach"],
      ["a1", 0n, 400n, "a", "reach"],
      ["b1", 400n, 700n, "a", "reach"],
      ["b2", 700n, 1000n, "a", "reach"],
    ]);
    expect(mergeWithNext(tree, "b")).toBe(tree);
    expect(mergeWithNext(tree, "missing")).toBe(tree);
    // Undoing a split: split then merge gives the original partition back.
    const split = splitAt([c("x", 0n, 1000n)], 300n, episode, "reach", ids(), noSnap).chunks;
    expect(mergeWithNext(split, "x")).toEqual([c("x", 0n, 1000n)]);
  });
});

describe("nearestBoundary", () => {
  it("finds the boundary of a level closest to t, the earlier on a tie", () => {
    const chunks = [c("a", 0n, 400n), c("b", 400n, 700n), c("d", 700n, 1000n)];
    expect(nearestBoundary(chunks, 0, 100n)?.leftId).toBe("a");
    expect(nearestBoundary(chunks, 0, 560n)?.leftId).toBe("b");
    expect(nearestBoundary(chunks, 0, 550n)?.leftId).toBe("a");
    expect(nearestBoundary([c("a", 0n, 1000n)], 0, 500n)).toBeNull();
  });
});
