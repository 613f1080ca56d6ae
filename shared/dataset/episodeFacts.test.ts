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
  it("shows the latest decided verdict of all annotators", () => {
    const r = (annotator: string, status: "accepted" | "in_progress" | "rejected", updatedAt: string) =>
      ({ annotator, status, outcome: status === "rejected" ? ("failure" as const) : ("success" as const), score: null, flags: [], updatedAt });
    expect(effectiveReview([r("a", "accepted", "2025-01-01"), r("b", "rejected", "2025-02-01"), r("c", "in_progress", "2025-03-01")])).toMatchObject({ status: "rejected", outcome: "failure" });
    expect(effectiveReview([r("c", "in_progress", "2025-03-01")]).status).toBe("in_progress");
    expect(effectiveReview([]).status).toBe("unreviewed");
  });
});
