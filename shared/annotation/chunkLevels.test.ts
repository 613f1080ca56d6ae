import { describe, expect, it } from "vitest";
import type { Chunk } from "../annotation.ts";
import { chunkLevel, chunksAtLevel } from "./chunks.ts";
import { addParentLevel, splitParentAtNearestBoundary } from "./chunkLevels.ts";

const c = (id: string, primitive: string, startNs: bigint, endNs: bigint, parentId: string | null = null): Chunk => ({ id, primitive, startNs, endNs, parentId, note: "" });
const episode = { startNs: 0n, endNs: 100n };
const flat = [c("a", "reach", 0n, 30n), c("b", "grasp", 30n, 60n), c("d", "lift", 60n, 100n)];

describe("chunk levels", () => {
  it("adds a task level over the primitives, then subtasks split at primitive boundaries", () => {
    const tree = addParentLevel(flat, "t", "task", episode);
    expect(tree[0]).toEqual(c("t", "task", 0n, 100n));
    expect(tree.filter((x) => x.id !== "t").every((x) => x.parentId === "t")).toBe(true);
    expect(chunksAtLevel(tree, 1).map((x) => x.id)).toEqual(["a", "b", "d"]);
    // The playhead at 55: the nearest primitive boundary is 60; the task splits there into two subtasks.
    let n = 0;
    const split = splitParentAtNearestBoundary(tree, 55n, () => `t${++n}`);
    expect(split.atNs).toBe(60n);
    const parents = chunksAtLevel(split.chunks, 0);
    expect(parents.map((p) => [p.id, p.startNs, p.endNs])).toEqual([
      ["t", 0n, 60n],
      ["t1", 60n, 100n],
    ]);
    expect(split.chunks.find((x) => x.id === "d")!.parentId).toBe("t1");
    expect(split.chunks.find((x) => x.id === "b")!.parentId).toBe("t");
    // A third level on top: task → subtask → primitive.
    const three = addParentLevel(split.chunks, "T", "task", episode);
    expect(chunkLevel(three, three.find((x) => x.id === "a")!)).toBe(2);
  });
  it("does nothing without chunks, without a parent level, or without a boundary inside the parent", () => {
    expect(addParentLevel([], "t", "task", episode)).toEqual([]);
    expect(splitParentAtNearestBoundary(flat, 50n, () => "x").atNs).toBeNull();
    const single = addParentLevel([c("a", "reach", 0n, 100n)], "t", "task", episode);
    expect(splitParentAtNearestBoundary(single, 50n, () => "x")).toEqual({ chunks: single, atNs: null });
  });
});
