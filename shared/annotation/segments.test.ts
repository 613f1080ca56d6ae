import { describe, expect, it } from "vitest";
import { emptyAnnotation, type Segment } from "../annotation.ts";
import {
  addSegment,
  adjacentSegmentId,
  cycleValue,
  dragSegmentRange,
  removeSegment,
  segmentsInTimeOrder,
  setSegmentEnd,
  setSegmentStart,
  updateSegment,
} from "./segments.ts";
import { validateAnnotation } from "./validate.ts";

const fingerprint = { sizeBytes: 10, startNs: 0n, endNs: 1000n, messageCount: 1 };
const doc0 = emptyAnnotation("ep.mcap", fingerprint, { id: "a", name: "A" });
const seg = (id: string, kind: string, startNs: bigint, endNs: bigint): Segment => ({ id, kind, startNs, endNs, note: "", camera: null });

describe("segment edits", () => {
  it("adds overlapping segments of different kinds, ordered and valid", () => {
    let d = addSegment(doc0, seg("f", "failure", 500n, 200n));
    d = addSegment(d, seg("r", "recovery", 400n, 700n));
    expect(d.segments.map((s) => [s.id, s.startNs, s.endNs])).toEqual([
      ["f", 200n, 500n],
      ["r", 400n, 700n],
    ]);
    expect(doc0.segments).toEqual([]);
    expect(validateAnnotation(d).filter((p) => p.severity === "error")).toEqual([]);
  });

  it("updates, moves edges past each other in order, and removes by id", () => {
    const d = addSegment(addSegment(doc0, seg("f", "failure", 200n, 500n)), seg("h", "hesitation", 100n, 150n));
    expect(updateSegment(d, "f", { note: "slipped", camera: "/cam_wrist" }).segments[0]).toMatchObject({ note: "slipped", camera: "/cam_wrist" });
    expect(updateSegment(d, "f", { note: "" })).toBe(d);
    expect(updateSegment(d, "missing", { note: "x" })).toBe(d);
    expect(updateSegment(d, "f", { startNs: 600n }).segments[0]).toMatchObject({ startNs: 500n, endNs: 600n });
    expect(setSegmentStart(d, "f", 700n).segments[0]).toMatchObject({ startNs: 700n, endNs: 700n });
    expect(setSegmentEnd(d, "f", 100n).segments[0]).toMatchObject({ startNs: 100n, endNs: 100n });
    expect(setSegmentEnd(d, "f", 300n).segments[0]).toMatchObject({ startNs: 200n, endNs: 300n });
    expect(removeSegment(d, "f").segments.map((s) => s.id)).toEqual(["h"]);
    expect(removeSegment(d, "missing")).toBe(d);
  });

  it("drags a body keeping its length and edges never past the other edge, inside the episode", () => {
    const o = { startNs: 200n, endNs: 500n };
    expect(dragSegmentRange(o, "move", 100n, 0n, 1000n)).toEqual({ startNs: 300n, endNs: 600n });
    expect(dragSegmentRange(o, "move", -900n, 0n, 1000n)).toEqual({ startNs: 0n, endNs: 300n });
    expect(dragSegmentRange(o, "move", 900n, 0n, 1000n)).toEqual({ startNs: 700n, endNs: 1000n });
    expect(dragSegmentRange(o, "start", 400n, 0n, 1000n)).toEqual({ startNs: 500n, endNs: 500n });
    expect(dragSegmentRange(o, "start", -50n, 0n, 1000n)).toEqual({ startNs: 150n, endNs: 500n });
    expect(dragSegmentRange(o, "end", -400n, 0n, 1000n)).toEqual({ startNs: 200n, endNs: 200n });
    expect(dragSegmentRange(o, "end", 600n, 0n, 1000n)).toEqual({ startNs: 200n, endNs: 1000n });
  });

  it("selects segments in time order, cycling through none", () => {
    const list = [seg("b", "failure", 300n, 400n), seg("a", "recovery", 100n, 900n), seg("c", "idle", 300n, 350n)];
    expect(segmentsInTimeOrder(list).map((s) => s.id)).toEqual(["a", "c", "b"]);
    expect(adjacentSegmentId(list, null, 1)).toBe("a");
    expect(adjacentSegmentId(list, "a", 1)).toBe("c");
    expect(adjacentSegmentId(list, "b", 1)).toBeNull();
    expect(adjacentSegmentId(list, null, -1)).toBe("b");
    expect(adjacentSegmentId(list, "a", -1)).toBeNull();
    expect(adjacentSegmentId([], null, 1)).toBeNull();
  });

  it("cycles a value through a list, wrapping", () => {
    const kinds = ["failure", "recovery", "idle"];
    expect(cycleValue(kinds, "failure")).toBe("recovery");
    expect(cycleValue(kinds, "idle")).toBe("failure");
    expect(cycleValue(kinds, "failure", -1)).toBe("idle");
    expect(cycleValue(kinds, "custom")).toBe("failure");
    expect(cycleValue([], "x")).toBe("x");
  });
});
