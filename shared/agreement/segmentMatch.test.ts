import { describe, expect, it } from "vitest";
import { episodeInstruction, instructionsMatch } from "./instructionMatch.ts";
import { chunkBoundaries, matchBoundaries, matchSegments, median, rangeIoU, summarizeCounts, unmatchedRanges } from "./segmentMatch.ts";

const s = (kind: string, startS: number, endS: number) => ({ kind, startNs: BigInt(Math.round(startS * 1e9)), endNs: BigInt(Math.round(endS * 1e9)) });
const TOL = 500_000_000n;

describe("segment matching", () => {
  it("matches same-kind segments whose both boundaries are within the tolerance, one to one", () => {
    const a = [s("failure", 1, 3), s("failure", 10, 12), s("recovery", 3, 4)];
    const b = [s("failure", 1.2, 3.4), s("failure", 10.6, 12), s("failure", 20, 21), s("recovery", 3, 4)];
    const c = matchSegments(a, b, "failure", TOL);
    // 1–3 vs 1.2–3.4 match (errors 0.2, 0.4); 10–12 vs 10.6–12 does not (start 0.6 s off); 20–21 unmatched.
    expect(c).toMatchObject({ matched: 1, inA: 2, inB: 3 });
    const sum = summarizeCounts(c, "failure segments");
    expect(sum.f1).toBeCloseTo((2 * 1) / 5, 12);
    expect(sum.precision).toBeCloseTo(1 / 3, 12);
    expect(sum.recall).toBeCloseTo(1 / 2, 12);
    // IoU of [1,3] and [1.2,3.4]: ∩ = 1.8, ∪ = 2.4.
    expect(sum.meanIoU).toBeCloseTo(1.8 / 2.4, 9);
    expect(sum.medianBoundaryErrorS).toBeCloseTo(0.3, 9);
  });
  it("pairs greedily by the smallest boundary error, so a closer candidate wins", () => {
    const a = [s("idle", 0, 2)];
    const b = [s("idle", 0.4, 2.4), s("idle", 0.1, 2.1)];
    const c = matchSegments(a, b, "idle", TOL);
    expect(c.matched).toBe(1);
    expect(c.boundaryErrorsS.map((e) => Number(e.toFixed(3)))).toEqual([0.1, 0.1]);
  });
  it("lists the ranges without a partner, for the side-by-side overlay", () => {
    const a = [s("failure", 1, 3), s("recovery", 3, 4), s("idle", 8, 9)];
    const b = [s("failure", 1.1, 3), s("failure", 3, 4), s("idle", 8, 9.4)];
    expect(unmatchedRanges(a, b, TOL)).toEqual({ onlyA: new Set([1]), onlyB: new Set([1]) });
  });
  it("reports nothing to compare instead of NaN", () => {
    const sum = summarizeCounts(matchSegments([], [], "failure", TOL), "failure segments");
    expect(sum).toMatchObject({ f1: null, meanIoU: null, medianBoundaryErrorS: null, reason: "no failure segments in either layer" });
    expect(summarizeCounts(matchSegments([s("failure", 0, 1)], [], "failure", TOL), "x")).toMatchObject({ f1: 0, recall: 0, precision: null, meanIoU: null });
  });
  it("IoU of ranges and instants", () => {
    expect(rangeIoU(s("a", 0, 2), s("a", 1, 3))).toBeCloseTo(1 / 3, 12);
    expect(rangeIoU(s("a", 0, 1), s("a", 2, 3))).toBe(0);
    expect(rangeIoU(s("a", 1, 1), s("a", 1, 1))).toBe(1);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1, 2, 3, 4])).toBe(2.5);
  });
});

describe("action chunk boundaries", () => {
  const ns = (x: number) => BigInt(Math.round(x * 1e9));
  const chunk = (id: string, a: number, b: number, parentId: string | null = null) => ({ id, startNs: ns(a), endNs: ns(b), parentId });
  it("takes the distinct boundaries of the finest chunks and matches them within the tolerance", () => {
    const a = chunkBoundaries([chunk("t", 0, 6), chunk("1", 0, 2, "t"), chunk("2", 2, 4, "t"), chunk("3", 4, 6, "t")]);
    expect(a).toEqual([0, 2, 4, 6].map(ns));
    const b = chunkBoundaries([chunk("1", 0, 2.3), chunk("2", 2.3, 5), chunk("3", 5, 6)]);
    const c = matchBoundaries(a, b, TOL);
    // 0↔0, 2↔2.3, 6↔6 match; 4 and 5 are 1 s apart.
    expect(c).toMatchObject({ matched: 3, inA: 4, inB: 4 });
    expect(summarizeCounts(c, "action chunks", false)).toMatchObject({ f1: 0.75, meanIoU: null });
  });
});

describe("instruction exact match", () => {
  it("compares the episode instruction after whitespace and case normalization, keeping punctuation", () => {
    expect(instructionsMatch("  Pick up the  red cube", "pick up the red cube ")).toBe(true);
    expect(instructionsMatch("pick up the red cube", "pick up the red cube.")).toBe(false);
    const instr = (scope: "episode" | { startNs: bigint; endNs: bigint }, text: string) => ({ id: text, scope, text, paraphrases: [], flags: { negative: false, ambiguous: false }, language: "en" });
    expect(episodeInstruction([instr({ startNs: 0n, endNs: 1n }, "grasp"), instr("episode", "stack")] as never)).toBe("stack");
    expect(episodeInstruction([])).toBeNull();
  });
});
