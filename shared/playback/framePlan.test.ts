import { describe, expect, it } from "vitest";
import { chunkRange, hasKeyframeIn, keyframeAtOrBefore, planDecode } from "./framePlan.ts";

// Keyframes at 0, 5 and 10 of 13 frames.
const keys = new Uint8Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0]);

describe("keyframeAtOrBefore / hasKeyframeIn", () => {
  it("finds the keyframe at or before i", () => {
    expect(keyframeAtOrBefore(keys, 0)).toBe(0);
    expect(keyframeAtOrBefore(keys, 4)).toBe(0);
    expect(keyframeAtOrBefore(keys, 5)).toBe(5);
    expect(keyframeAtOrBefore(keys, 99)).toBe(10);
    expect(keyframeAtOrBefore(new Uint8Array([0, 0, 1]), 1)).toBe(-1);
  });
  it("checks the half-open range (after, upTo]", () => {
    expect(hasKeyframeIn(keys, 0, 4)).toBe(false);
    expect(hasKeyframeIn(keys, 4, 5)).toBe(true);
    expect(hasKeyframeIn(keys, 5, 9)).toBe(false);
  });
});

describe("planDecode", () => {
  it("does nothing when the target is the last frame fed", () => {
    expect(planDecode(3, 3, keys)).toEqual({ kind: "current" });
  });
  it("continues forward within a GOP without reset", () => {
    expect(planDecode(4, 1, keys)).toEqual({ kind: "decode", reset: false, from: 2, to: 4 });
    expect(planDecode(2, 1, keys)).toEqual({ kind: "decode", reset: false, from: 2, to: 2 });
  });
  it("restarts from the keyframe when a keyframe lies between", () => {
    expect(planDecode(7, 3, keys)).toEqual({ kind: "decode", reset: true, from: 5, to: 7 });
    expect(planDecode(5, 4, keys)).toEqual({ kind: "decode", reset: true, from: 5, to: 5 });
  });
  it("restarts from the keyframe when stepping backwards or from a fresh decoder", () => {
    expect(planDecode(3, 4, keys)).toEqual({ kind: "decode", reset: true, from: 0, to: 3 });
    expect(planDecode(12, -1, keys)).toEqual({ kind: "decode", reset: true, from: 10, to: 12 });
  });
  it("reports frames before the first keyframe and out-of-range targets", () => {
    expect(planDecode(1, -1, new Uint8Array([0, 0, 1]))).toEqual({ kind: "no-keyframe" });
    expect(planDecode(-1, -1, keys)).toEqual({ kind: "no-keyframe" });
    expect(planDecode(13, -1, keys)).toEqual({ kind: "no-keyframe" });
  });
});

describe("chunkRange", () => {
  it("splits inclusive ranges", () => {
    expect(chunkRange(0, 0, 10)).toEqual([[0, 0]]);
    expect(chunkRange(3, 12, 4)).toEqual([
      [3, 6],
      [7, 10],
      [11, 12],
    ]);
    expect(() => chunkRange(0, 1, 0)).toThrow(RangeError);
  });
});
