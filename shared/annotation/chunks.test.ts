import { describe, expect, it } from "vitest";
import type { Chunk } from "../annotation.ts";
import { chunkAt, chunkLevel, chunksAtLevel, moveChunkBoundary, snapTime, splitChunk } from "./chunks.ts";
import { validateAnnotation } from "./validate.ts";
import { emptyAnnotation } from "../annotation.ts";

const c = (id: string, startNs: bigint, endNs: bigint, parentId: string | null = null, primitive = "reach"): Chunk => ({ id, primitive, startNs, endNs, parentId, note: "" });
const ids = () => {
  let n = 0;
  return () => `new${++n}`;
};
const byId = (chunks: Chunk[]) => Object.fromEntries(chunks.map((x) => [x.id, [x.startNs, x.endNs, x.parentId]]));

describe("chunk levels", () => {
  const chunks = [c("task", 0n, 100n), c("sub1", 0n, 60n, "task"), c("sub2", 60n, 100n, "task"), c("p1", 0n, 30n, "sub1")];
  it("counts depth through parentId and lists a level in time order", () => {
    expect(chunkLevel(chunks, chunks[3]!)).toBe(2);
    expect(chunksAtLevel(chunks, 1).map((x) => x.id)).toEqual(["sub1", "sub2"]);
    expect(chunkAt(chunks, 1, 60n)?.id).toBe("sub2");
    expect(chunkAt(chunks, 1, 100n)?.id).toBe("sub2");
    expect(chunkAt(chunks, 2, 50n)).toBeNull();
  });
});

describe("splitChunk", () => {
  it("splits at t into two contiguous chunks with the same primitive", () => {
    const out = splitChunk([c("a", 0n, 100n, null, "grasp")], "a", 40n, ids());
    expect(out).toEqual([c("a", 0n, 40n, null, "grasp"), c("new1", 40n, 100n, null, "grasp")]);
  });

  it("moves later children to the right part and splits a child that spans t, keeping every level contiguous", () => {
    const chunks = [c("task", 0n, 100n), c("s1", 0n, 30n, "task"), c("s2", 30n, 70n, "task"), c("s3", 70n, 100n, "task"), c("p", 30n, 70n, "s2")];
    const out = splitChunk(chunks, "task", 50n, ids());
    expect(byId(out)).toEqual({
      task: [0n, 50n, null],
      new1: [50n, 100n, null],
      s1: [0n, 30n, "task"],
      s2: [30n, 50n, "task"],
      new2: [50n, 70n, "new1"],
      s3: [70n, 100n, "new1"],
      p: [30n, 50n, "s2"],
      new3: [50n, 70n, "new2"],
    });
    const doc = emptyAnnotation("e.mcap", { sizeBytes: 1, startNs: 0n, endNs: 100n, messageCount: 1 }, { id: "a", name: "a" });
    expect(validateAnnotation({ ...doc, chunks: out })).toEqual([]);
  });

  it("refuses a time that is not strictly inside", () => {
    expect(() => splitChunk([c("a", 0n, 10n)], "a", 0n, ids())).toThrow(/not strictly inside/);
    expect(() => splitChunk([c("a", 0n, 10n)], "b", 5n, ids())).toThrow(/no chunk has id "b"/);
  });
});

describe("moveChunkBoundary", () => {
  it("moves the shared edge of two siblings and of the children on it, clamped inside both", () => {
    const chunks = [c("a", 0n, 50n), c("b", 50n, 100n), c("a1", 0n, 50n, "a"), c("b1", 50n, 80n, "b"), c("b2", 80n, 100n, "b")];
    expect(byId(moveChunkBoundary(chunks, "a", 60n))).toEqual({
      a: [0n, 60n, null],
      b: [60n, 100n, null],
      a1: [0n, 60n, "a"],
      b1: [60n, 80n, "b"],
      b2: [80n, 100n, "b"],
    });
    const clamped = moveChunkBoundary(chunks, "a", 500n);
    expect(clamped.find((x) => x.id === "a")?.endNs).toBe(99n);
    expect(() => moveChunkBoundary(chunks, "b", 90n)).toThrow(/no sibling after it/);
  });
});

describe("snapTime", () => {
  const events = [100n, 200n, 260n];
  it("snaps to the nearest event within the tolerance, inclusive", () => {
    expect(snapTime(120n, events, 30n)).toBe(100n);
    expect(snapTime(130n, events, 30n)).toBe(100n);
    expect(snapTime(131n, events, 30n)).toBe(131n);
    expect(snapTime(235n, events, 50n)).toBe(260n); // 35 from 200, 25 from 260
    expect(snapTime(230n, events, 50n)).toBe(200n); // a tie goes to the earlier event
    expect(snapTime(5n, [], 1000n)).toBe(5n);
    expect(snapTime(1000n, events, 10n)).toBe(1000n);
  });
});
