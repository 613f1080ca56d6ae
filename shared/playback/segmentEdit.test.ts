import { describe, expect, it } from "vitest";
import { emptyAnnotation, type AnnotationDocument } from "../annotation.ts";
import {
  deleteSegment,
  primarySegment,
  setOutcome,
  setSegmentIn,
  setSegmentKind,
  setSegmentOut,
  setSegmentRange,
} from "./segmentEdit.ts";

const doc = (): AnnotationDocument =>
  emptyAnnotation("ep.mcap", { sizeBytes: 1, startNs: 0n, endNs: 100n, messageCount: 1 }, { id: "me", name: "Me" });

describe("segment editing", () => {
  it("creates a zero-length segment on the first in or out", () => {
    expect(primarySegment(setSegmentIn(doc(), 10n, "failure", "s1"))).toMatchObject({ id: "s1", kind: "failure", startNs: 10n, endNs: 10n });
    expect(primarySegment(setSegmentOut(doc(), 20n, "recovery", "s2"))).toMatchObject({ id: "s2", kind: "recovery", startNs: 20n, endNs: 20n });
  });
  it("moves in and out, keeping start ≤ end", () => {
    let d = setSegmentIn(doc(), 10n, "failure", "s1");
    d = setSegmentOut(d, 50n, "failure", "x");
    expect(primarySegment(d)).toMatchObject({ id: "s1", startNs: 10n, endNs: 50n });
    d = setSegmentIn(d, 70n, "failure", "x");
    expect(primarySegment(d)).toMatchObject({ startNs: 70n, endNs: 70n });
    d = setSegmentOut(d, 5n, "failure", "x");
    expect(primarySegment(d)).toMatchObject({ startNs: 5n, endNs: 5n });
    expect(d.segments).toHaveLength(1);
  });
  it("sets range, kind and deletes, leaving other segments alone", () => {
    const base = { ...doc(), segments: [{ id: "h", kind: "hesitation", startNs: 1n, endNs: 2n, note: "", camera: null }] };
    let d = setSegmentIn(base, 10n, "failure", "s1");
    d = setSegmentRange(d, 40n, 20n);
    expect(primarySegment(d)).toMatchObject({ startNs: 20n, endNs: 40n });
    d = setSegmentKind(d, "recovery");
    expect(primarySegment(d)?.kind).toBe("recovery");
    d = deleteSegment(d);
    expect(primarySegment(d)).toBeNull();
    expect(d.segments).toEqual(base.segments);
    expect(setSegmentKind(base, "failure")).toBe(base);
    expect(setSegmentRange(base, 1n, 2n)).toBe(base);
    expect(deleteSegment(base)).toBe(base);
  });
  it("does not mutate its input", () => {
    const d = doc();
    setSegmentIn(d, 10n, "failure", "s1");
    setOutcome(d, "success");
    expect(d.segments).toEqual([]);
    expect(d.review.outcome).toBeNull();
  });
});

describe("setOutcome", () => {
  it("sets and clears the outcome", () => {
    const d = setOutcome(doc(), "partial");
    expect(d.review.outcome).toBe("partial");
    expect(d.review.status).toBe("unreviewed");
    expect(setOutcome(d, null).review.outcome).toBeNull();
  });
});
