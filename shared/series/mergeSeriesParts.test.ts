import { describe, expect, it } from "vitest";
import { mergeSeriesParts } from "./mergeSeriesParts.ts";

describe("mergeSeriesParts", () => {
  it("joins consecutive row ranges, fields by first appearance, NaN where a part lacks a field", () => {
    const merged = mergeSeriesParts([
      { topic: "/j", fields: [{ path: "position[0]", label: "a" }], logTimesNs: new BigInt64Array([1n, 2n]), values: [new Float64Array([10, 11])] },
      {
        topic: "/j",
        fields: [
          { path: "position[0]", label: "b" },
          { path: "position[1]", label: "a" },
        ],
        logTimesNs: new BigInt64Array([3n]),
        values: [new Float64Array([20]), new Float64Array([12])],
      },
    ]);
    expect(merged.fields).toEqual([
      { path: "position[0]", label: "a" },
      { path: "position[0]", label: "b" },
    ]);
    expect(Array.from(merged.logTimesNs)).toEqual([1n, 2n, 3n]);
    expect(Array.from(merged.values[0]!)).toEqual([10, 11, 12]);
    expect(Array.from(merged.values[1]!)).toEqual([NaN, NaN, 20]);
  });
  it("refuses no parts and parts of different topics", () => {
    expect(() => mergeSeriesParts([])).toThrow(/no parts/);
    const part = (topic: string) => ({ topic, fields: [], logTimesNs: new BigInt64Array(0), values: [] });
    expect(() => mergeSeriesParts([part("/a"), part("/b")])).toThrow(/\/b among parts of \/a/);
  });
});
