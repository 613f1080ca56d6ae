import { describe, expect, it } from "vitest";
import { MAX_SERIES_FIELDS, SeriesBuilder } from "./numericSeries.ts";

describe("SeriesBuilder", () => {
  it("JointState: matches joints by name when the order changes, NaN where a joint is missing", () => {
    const builder = new SeriesBuilder("/joints", "sensor_msgs/msg/JointState");
    builder.add(1n, { name: ["a", "b"], position: new Float64Array([1, 2]) });
    builder.add(2n, { name: ["b", "a"], position: new Float64Array([20, 10]) });
    builder.add(3n, { name: ["a"], position: [100] });
    builder.add(4n, { name: [], position: [7, 8, 9] });
    const series = builder.finish();
    expect(series.fields).toEqual([
      { path: "position[0]", label: "a" },
      { path: "position[1]", label: "b" },
      { path: "position[0]", label: "position[0]" },
      { path: "position[1]", label: "position[1]" },
      { path: "position[2]", label: "position[2]" },
    ]);
    expect(series.values.map((v) => Array.from(v))).toEqual([
      [1, 10, 100, NaN],
      [2, 20, NaN, NaN],
      [NaN, NaN, NaN, 7],
      [NaN, NaN, NaN, 8],
      [NaN, NaN, NaN, 9],
    ]);
    expect(Array.from(series.logTimesNs)).toEqual([1n, 2n, 3n, 4n]);
  });

  it("generic messages: flattened paths in order of appearance, bigint as number, capped", () => {
    const builder = new SeriesBuilder("/x", "my/Type");
    builder.add(1n, { header: { seq: 1 }, pose: { x: 1, y: 2 }, n: 5n, label: "a", flag: true });
    builder.add(2n, { pose: { x: 3 }, extra: [4, 5] });
    const series = builder.finish();
    expect(series.fields.map((f) => f.path)).toEqual(["pose.x", "pose.y", "n", "extra[0]", "extra[1]"]);
    expect(series.values.map((v) => Array.from(v))).toEqual([
      [1, 3],
      [2, NaN],
      [5, NaN],
      [NaN, 4],
      [NaN, 5],
    ]);

    const wide = new SeriesBuilder("/wide", "");
    wide.add(1n, { ranges: new Float32Array(500).fill(1) });
    expect(wide.finish().fields).toHaveLength(MAX_SERIES_FIELDS);
  });
});

