import { describe, expect, it } from "vitest";
import { EMPTY_FILTER, facetCounts, filterRows, isEmptyFilter, sortRows, toggleFacet } from "./rowFilter.ts";
import { makeRow, syntheticRows } from "./testRows.ts";

const rows = [
  makeRow({ path: "a/ep_10.mcap", operator: "op_01", task: "pick_cube", durationSec: 12, status: "accepted", outcome: "success", score: 4 }),
  makeRow({ path: "a/ep_2.mcap", operator: "op_02", task: "pick_cube", durationSec: 5, status: "rejected", outcome: "failure", flags: ["hesitation"] }),
  makeRow({ path: "b/ep_3.mcap", operator: "op_01", task: "fold_towel", durationSec: 20 }),
  makeRow({ path: "b/broken.mcap", error: true }),
];

describe("filterRows", () => {
  it("keeps every row for the empty filter", () => {
    expect(filterRows(rows, EMPTY_FILTER)).toHaveLength(4);
    expect(isEmptyFilter(EMPTY_FILTER)).toBe(true);
  });
  it("matches every free term, case-insensitively, anywhere", () => {
    expect(filterRows(rows, { text: "OP_01", facets: {} }).map((r) => r.path)).toEqual(["a/ep_10.mcap", "b/ep_3.mcap"]);
    expect(filterRows(rows, { text: "op_01 towel", facets: {} }).map((r) => r.path)).toEqual(["b/ep_3.mcap"]);
    expect(filterRows(rows, { text: "hesitation", facets: {} }).map((r) => r.path)).toEqual(["a/ep_2.mcap"]);
    expect(filterRows(rows, { text: "truncated", facets: {} }).map((r) => r.path)).toEqual(["b/broken.mcap"]);
  });
  it("matches key:value terms on one column only", () => {
    expect(filterRows(rows, { text: "status:unreviewed", facets: {} }).map((r) => r.path)).toEqual(["b/ep_3.mcap", "b/broken.mcap"]);
    expect(filterRows(rows, { text: "task:pick path:ep_2", facets: {} }).map((r) => r.path)).toEqual(["a/ep_2.mcap"]);
    expect(filterRows(rows, { text: "operator:towel", facets: {} })).toEqual([]);
  });
  it("applies facets: any selected value of a facet, all facets together", () => {
    const f = toggleFacet(toggleFacet(EMPTY_FILTER, "operator", "op_01"), "status", "accepted");
    expect(filterRows(rows, f).map((r) => r.path)).toEqual(["a/ep_10.mcap"]);
    const both = toggleFacet(f, "status", "unreviewed");
    expect(filterRows(rows, both).map((r) => r.path)).toEqual(["a/ep_10.mcap", "b/ep_3.mcap"]);
    expect(filterRows(rows, toggleFacet(EMPTY_FILTER, "readable", "unreadable")).map((r) => r.path)).toEqual(["b/broken.mcap"]);
    expect(toggleFacet(both, "status", "accepted").facets.status).toEqual(["unreviewed"]);
  });
});

describe("facetCounts", () => {
  it("counts values over rows passing the other facets, keeping selected values", () => {
    const f = toggleFacet(EMPTY_FILTER, "operator", "op_01");
    const counts = facetCounts(rows, f, ["operator", "status"]);
    // operator counts ignore the operator facet itself
    expect(counts.operator).toEqual([
      { value: "op_01", count: 2 },
      { value: "(none)", count: 1 },
      { value: "op_02", count: 1 },
    ]);
    expect(counts.status).toEqual([
      { value: "accepted", count: 1 },
      { value: "unreviewed", count: 1 },
    ]);
    expect(facetCounts(rows, toggleFacet(EMPTY_FILTER, "task", "nothing"), ["task"]).task).toContainEqual({ value: "nothing", count: 0 });
  });
});

describe("facetCounts at scale", () => {
  it("equals counting each facet over the rows that pass every other facet", () => {
    const many = syntheticRows(2000, 5);
    let f = toggleFacet(toggleFacet(EMPTY_FILTER, "status", "accepted"), "status", "rejected");
    f = toggleFacet(toggleFacet(f, "operator", "op_03"), "task", "pick_cube");
    f = { ...f, text: "session_01" };
    const counts = facetCounts(many, f, ["status", "operator", "task", "outcome"]);
    for (const key of ["status", "operator", "task", "outcome"] as const) {
      const others = filterRows(many, { ...f, facets: { ...f.facets, [key]: [] } });
      const naive = new Map<string, number>();
      for (const r of others) {
        const v = key === "outcome" ? (r.outcome ?? "(none)") : key === "status" ? r.status : (r.fields[key] ?? "(none)");
        naive.set(v, (naive.get(v) ?? 0) + 1);
      }
      for (const v of f.facets[key] ?? []) if (!naive.has(v)) naive.set(v, 0);
      expect(new Map(counts[key].map((c) => [c.value, c.count]))).toEqual(naive);
    }
  });
});

describe("sortRows", () => {
  it("sorts names numerically, missing values last either way, ties by path", () => {
    expect(sortRows(rows, { key: "name", dir: "asc" }).map((r) => r.name)).toEqual(["broken", "ep_2", "ep_3", "ep_10"]);
    expect(sortRows(rows, { key: "duration", dir: "desc" }).map((r) => r.path)).toEqual(["b/ep_3.mcap", "a/ep_10.mcap", "a/ep_2.mcap", "b/broken.mcap"]);
    expect(sortRows(rows, { key: "duration", dir: "asc" }).map((r) => r.path)).toEqual(["a/ep_2.mcap", "a/ep_10.mcap", "b/ep_3.mcap", "b/broken.mcap"]);
    expect(sortRows(rows, { key: "score", dir: "desc" }).map((r) => r.path)[0]).toBe("a/ep_10.mcap");
    expect(sortRows(rows, { key: "status", dir: "asc" }).map((r) => r.status)).toEqual(["unreviewed", "unreviewed", "rejected", "accepted"]);
  });
});
