import { describe, expect, it } from "vitest";
import { buildRow, effectiveReview } from "./datasetRow.ts";
import { fieldsFromMetadata } from "./episodeFacts.ts";

describe("fieldsFromMetadata", () => {
  it("takes fields from any record, the `episode` record first, exact keys over _id/_name aliases", () => {
    expect(
      fieldsFromMetadata([
        { name: "recording", entries: { operator: "from_recording", Robot_Name: "aloha", scene: "lab" } },
        { name: "episode", entries: { operator_id: "op_7", OPERATOR: "op_3", task: "pick", session: " " } },
      ]),
    ).toEqual({ operator: "op_3", task: "pick", robot: "aloha", session: null, scene: "lab", condition: null });
    expect(fieldsFromMetadata(undefined).operator).toBeNull();
  });
});

describe("rows", () => {
  it("lets the metadata table override MCAP fields", () => {
    const row = buildRow({
      path: "a.mcap",
      name: "a",
      sizeBytes: 1,
      facts: { durationSec: 1, startedAt: null, messageCount: 1, cameras: [], fields: { operator: "mcap_op", task: "t", robot: null, session: null, scene: null, condition: null }, problemCount: 0 },
      error: null,
      table: { operator: "table_op", scene: "" },
      reviews: [],
    });
    expect(row.fields.operator).toBe("table_op");
    expect(row.fields.task).toBe("t");
    expect(row.overridden).toEqual(["operator"]);
    expect(row.status).toBe("unreviewed");
  });
  it("shows the adjudicated layer, else what the decided annotators share, else a conflict — never the last writer", () => {
    const r = (annotator: string, status: "accepted" | "in_progress" | "rejected" | "needs_fix", outcome: "success" | "failure" | "partial" | null, updatedAt = "2025-01-01", flags: string[] = []) =>
      ({ annotator, status, outcome, score: null, flags, segmentKinds: [], updatedAt });
    // The case: failure (A), success (B), partial (the lead) → conflict, whatever was saved last.
    expect(effectiveReview([r("a", "rejected", "failure", "2025-01-01"), r("b", "accepted", "success", "2025-03-01"), r("lead", "accepted", "partial", "2025-02-01")])).toMatchObject({
      status: "conflict",
      outcome: null,
      conflict: true,
      agreement: "conflict",
    });
    // Same outcome, different status: still a conflict, the shared outcome shows.
    expect(effectiveReview([r("a", "accepted", "success"), r("b", "needs_fix", "success")])).toMatchObject({ status: "conflict", outcome: "success", conflict: true });
    // Agreement: the shared value and the flags all set; an in-progress reviewer does not count.
    expect(effectiveReview([r("a", "accepted", "success", "1", ["blur", "dark"]), r("b", "accepted", "success", "2", ["blur"]), r("c", "in_progress", "failure", "3")])).toEqual({
      status: "accepted",
      outcome: "success",
      score: null,
      flags: ["blur"],
      conflict: false,
      agreement: "agree",
    });
    expect(effectiveReview([r("a", "rejected", "failure")])).toMatchObject({ status: "rejected", agreement: "single" });
    // The adjudicated layer settles it (also when only its outcome is set).
    expect(effectiveReview([r("a", "rejected", "failure"), r("b", "accepted", "success"), r("adjudicated", "in_progress", "partial")])).toMatchObject({
      status: "in_progress",
      outcome: "partial",
      conflict: false,
      agreement: "adjudicated",
    });
    // An opened but empty adjudicated document does not.
    expect(effectiveReview([r("a", "rejected", "failure"), r("b", "accepted", "success"), r("adjudicated", "in_progress", null)]).status).toBe("conflict");
    expect(effectiveReview([r("c", "in_progress", null, "2025-03-01")]).status).toBe("in_progress");
    expect(effectiveReview([])).toMatchObject({ status: "unreviewed", agreement: "none" });
  });
});
