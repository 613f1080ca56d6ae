import { describe, expect, it } from "vitest";
import { derivative, filterFields } from "./seriesMath.ts";

const groups = [
  { topic: "/joint_states", fields: [{ path: "position[0]", label: "left_waist" }, { path: "velocity[0]", label: "left_waist" }] },
  { topic: "/gripper", fields: [{ path: "effort", label: "effort" }] },
];

describe("filterFields", () => {
  it("matches every word against topic, path and label", () => {
    expect(filterFields(groups, "waist pos")).toEqual([{ topic: "/joint_states", fields: [groups[0]!.fields[0]] }]);
    expect(filterFields(groups, "GRIPPER")).toEqual([groups[1]]);
    expect(filterFields(groups, "nothing")).toEqual([]);
    expect(filterFields(groups, "  ")).toHaveLength(2);
  });
});

describe("derivative", () => {
  it("is exact for a line and handles ends, NaN and zero steps", () => {
    expect(Array.from(derivative([0, 1, 2, 3], [0, 2, 4, 6]))).toEqual([2, 2, 2, 2]);
    const d = derivative([0, 1, 1, 2], [0, Number.NaN, 1, 1]);
    expect(Number.isNaN(d[0]!)).toBe(true);
    expect(d[3]).toBe(0);
  });
});
