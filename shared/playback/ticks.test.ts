import { describe, expect, it } from "vitest";
import { frameGaps, frameTickColumns, TICK_FRAME, TICK_KEYFRAME, TICK_NONE } from "./ticks.ts";

const t = (xs: number[]) => BigInt64Array.from(xs.map((x) => BigInt(x)));

describe("frameTickColumns", () => {
  it("marks frames and keyframes per column and leaves gaps empty", () => {
    const cols = frameTickColumns(t([0, 10, 20, 70, 100]), new Uint8Array([1, 0, 0, 1, 0]), 0n, 100n, 10);
    expect(Array.from(cols)).toEqual([
      TICK_KEYFRAME, TICK_FRAME, TICK_FRAME, TICK_NONE, TICK_NONE, TICK_NONE, TICK_NONE, TICK_KEYFRAME, TICK_NONE, TICK_FRAME,
    ]);
  });
  it("ignores frames outside the range and handles zero-length ranges", () => {
    expect(Array.from(frameTickColumns(t([-5, 5, 500]), null, 0n, 10n, 2))).toEqual([TICK_NONE, TICK_FRAME]);
    expect(Array.from(frameTickColumns(t([7]), null, 7n, 7n, 3))).toEqual([TICK_FRAME, TICK_NONE, TICK_NONE]);
    expect(frameTickColumns(t([1]), null, 0n, 1n, 0).length).toBe(0);
  });
});

describe("frameGaps", () => {
  it("finds intervals much longer than the median", () => {
    expect(frameGaps(t([0, 10, 20, 30, 100, 110]))).toEqual([[3, 4]]);
    expect(frameGaps(t([0, 10]))).toEqual([]);
  });
});
