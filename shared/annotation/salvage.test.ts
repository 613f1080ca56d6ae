import { describe, expect, it } from "vitest";
import { emptyAnnotation, serializeAnnotation } from "../annotation.ts";
import { salvageAnnotationText } from "./salvage.ts";

const who = { id: "alice", name: "Alice" };
const fingerprint = { sizeBytes: 5, startNs: 100n, endNs: 900n, messageCount: 3 };

/** The JSON of a document, loosely typed for hand edits. */
interface DocJson {
  [key: string]: unknown;
  review: Record<string, unknown>;
  segments: Record<string, unknown>[];
  instructions: Record<string, unknown>[];
}

function hurt(edit: (json: DocJson) => void): string {
  const doc = emptyAnnotation("ep.mcap", fingerprint, who);
  doc.review = { status: "accepted", outcome: "success", score: 5, flags: ["occlusion"], note: "fine" };
  doc.segments.push(
    { id: "s1", kind: "failure", startNs: 200n, endNs: 300n, note: "", camera: null },
    { id: "s2", kind: "recovery", startNs: 300n, endNs: 400n, note: "", camera: null },
  );
  doc.instructions.push({ id: "i", scope: "episode", text: "stack", paraphrases: [], flags: { negative: false, ambiguous: false }, language: "en" });
  const json = JSON.parse(serializeAnnotation(doc)) as DocJson;
  edit(json);
  return JSON.stringify(json);
}

describe("salvageAnnotation", () => {
  it("returns a valid document untouched with no problems", () => {
    const result = salvageAnnotationText(hurt(() => {}), { path: "ep.mcap", annotator: who });
    expect(result.problems).toEqual([]);
    expect(result.document?.segments).toHaveLength(2);
  });

  it("keeps every part that validates and reports the rest at its path", () => {
    const text = hurt((j) => {
      j.review.score = 9;
      j.segments[1]!.endNs = "soon";
      j.instructions[0]!.text = "";
      j.chunks = "lots";
    });
    const { document, problems } = salvageAnnotationText(text, { path: "ep.mcap", annotator: who });
    expect(problems.map((p) => p.path)).toEqual(["review.score", "segments.1.endNs", "chunks", "instructions.0.text"]);
    expect(document?.review).toEqual({ status: "accepted", outcome: "success", score: null, flags: ["occlusion"], note: "fine" });
    expect(document?.segments.map((s) => s.id)).toEqual(["s1"]);
    expect(document?.chunks).toEqual([]);
    expect(document?.instructions).toEqual([]);
    expect(document?.episode.fingerprint).toEqual(fingerprint);
  });

  it("replaces an unreadable header with the fallback and reports it", () => {
    const text = hurt((j) => {
      j.episode = 3;
      j.annotator = { id: "../x" };
      j.revision = -2;
    });
    const { document, problems } = salvageAnnotationText(text, { path: "ep.mcap", annotator: who, fingerprint });
    expect(problems.map((p) => p.path)).toEqual(["episode", "annotator.id", "annotator.name", "revision"]);
    expect(document?.episode).toEqual({ path: "ep.mcap", fingerprint });
    expect(document?.annotator).toEqual(who);
    expect(document?.revision).toBe(0);
    expect(document?.segments).toHaveLength(2);
  });

  it("reports text that is not JSON, or not an object", () => {
    expect(salvageAnnotationText('{"schema": "episcope.annotation/2", "revi', { path: "a", annotator: who })).toMatchObject({
      document: null,
      problems: [{ path: "(document)", message: expect.stringMatching(/^not valid JSON/) }],
    });
    expect(salvageAnnotationText("[]", { path: "a", annotator: who }).document).toBeNull();
  });
});
