import { describe, expect, it } from "vitest";
import { datasetOverview, durationHistogram } from "./overview.ts";
import { makeRow } from "./testRows.ts";

describe("datasetOverview", () => {
  it("counts by status (every status listed), outcome, operator and task", () => {
    const o = datasetOverview([
      makeRow({ path: "a.mcap", operator: "op_1", task: "t", status: "accepted", outcome: "success" }),
      makeRow({ path: "b.mcap", operator: "op_1", task: "t", status: "rejected", outcome: "failure" }),
      makeRow({ path: "c.mcap", operator: "op_2", task: "u" }),
      makeRow({ path: "d.mcap", error: true }),
    ]);
    expect(o.total).toBe(4);
    expect(o.byStatus).toEqual([
      { label: "unreviewed", count: 2 },
      { label: "in_progress", count: 0 },
      { label: "accepted", count: 1 },
      { label: "rejected", count: 1 },
      { label: "needs_fix", count: 0 },
      { label: "conflict", count: 0 },
    ]);
    expect(o.byOutcome.find((c) => c.label === "(none)")?.count).toBe(2);
    expect(o.byOperator).toEqual([
      { label: "(none)", count: 1 },
      { label: "op_1", count: 2 },
      { label: "op_2", count: 1 },
    ]);
    expect(o.withoutDuration).toBe(1);
    expect(o.durations.reduce((s, b) => s + b.count, 0)).toBe(3);
  });
});

describe("durationHistogram", () => {
  it("uses nice equal-width bins covering every duration", () => {
    const bins = durationHistogram([3, 4.5, 9.9, 20], 12);
    expect(bins[0]!.fromSec).toBe(2);
    expect(bins.every((b) => b.toSec - b.fromSec === 2)).toBe(true);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(4);
    expect(bins.at(-1)!.toSec).toBeGreaterThanOrEqual(20);
    expect(durationHistogram([])).toEqual([]);
    expect(durationHistogram([5, 5]).reduce((s, b) => s + b.count, 0)).toBe(2);
  });
});
