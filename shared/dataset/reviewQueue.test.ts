import { describe, expect, it } from "vitest";
import { formatPosition, nextUnreviewed, previousReadable, queuePosition } from "./reviewQueue.ts";
import { buildRow, type AnnotatorReview } from "./datasetRow.ts";
import { makeRow } from "./testRows.ts";

const rows = [
  makeRow({ path: "e1.mcap", status: "accepted" }),
  makeRow({ path: "e2.mcap" }),
  makeRow({ path: "e3.mcap", error: true }),
  makeRow({ path: "e4.mcap", status: "in_progress" }),
  makeRow({ path: "e5.mcap" }),
];

describe("review queue", () => {
  it("opens the first unreviewed readable episode, then the next after the current one, wrapping", () => {
    expect(nextUnreviewed(rows, null)?.path).toBe("e2.mcap");
    expect(nextUnreviewed(rows, "e2.mcap")?.path).toBe("e5.mcap"); // skips unreadable e3 and in-progress e4
    expect(nextUnreviewed(rows, "e5.mcap")?.path).toBe("e2.mcap");
    expect(nextUnreviewed(rows, "gone.mcap")?.path).toBe("e2.mcap");
    expect(nextUnreviewed([makeRow({ path: "x.mcap", status: "accepted" }), makeRow({ path: "y.mcap", error: true })], null)).toBeNull();
  });
  it("is per annotator: bob's queue skips only what bob reviewed; a lead can take disagreements first", () => {
    const review = (annotator: string, status: AnnotatorReview["status"], outcome: AnnotatorReview["outcome"]): AnnotatorReview => ({ annotator, status, outcome, score: null, flags: [], segmentKinds: [], updatedAt: "" });
    const row = (path: string, reviews: AnnotatorReview[]) => buildRow({ path, name: path, sizeBytes: 1, facts: null, error: null, table: undefined, reviews });
    const list = [
      row("a.mcap", [review("alice", "accepted", "success")]),
      row("b.mcap", [review("alice", "accepted", "success"), review("bob", "accepted", "success")]),
      row("c.mcap", [review("bob", "in_progress", null)]),
      row("d.mcap", [review("alice", "rejected", "failure"), review("bob", "accepted", "success")]),
      row("e.mcap", []),
    ];
    expect(nextUnreviewed(list, null, { annotator: "bob" })?.path).toBe("a.mcap");
    expect(nextUnreviewed(list, "a.mcap", { annotator: "bob" })?.path).toBe("e.mcap");
    expect(nextUnreviewed(list, null, { annotator: "alice" })?.path).toBe("c.mcap");
    expect(nextUnreviewed(list, "c.mcap", { annotator: "alice" })?.path).toBe("e.mcap");
    // Anyone's review skips the row when the annotator is unknown (the old shared queue).
    expect(nextUnreviewed(list, null)?.path).toBe("e.mcap");
    expect(nextUnreviewed(list, null, { annotator: "adjudicated", disagreementsFirst: true })?.path).toBe("d.mcap");
    expect(nextUnreviewed(list, "d.mcap", { annotator: "adjudicated", disagreementsFirst: true })?.path).toBe("e.mcap");
  });
  it("goes back to the previous readable episode", () => {
    expect(previousReadable(rows, "e4.mcap")?.path).toBe("e2.mcap");
    expect(previousReadable(rows, "e1.mcap")).toBeNull();
    expect(previousReadable(rows, null)?.path).toBe("e5.mcap");
  });
  it("counts the position", () => {
    const p = queuePosition(rows);
    expect(p).toEqual({ reviewed: 1, inProgress: 1, unreviewed: 2, unreadable: 1, total: 5 });
    expect(formatPosition(p)).toBe("1 / 5 reviewed");
  });
});
