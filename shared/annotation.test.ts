import { describe, expect, it } from "vitest";
import { ANNOTATION_SCHEMA_ID, emptyAnnotation, parseAnnotation, serializeAnnotation, type AnnotationDocument } from "./annotation.ts";

const fingerprint = { sizeBytes: 10, startNs: 1_750_000_000_000_000_001n, endNs: 1_750_000_010_000_000_000n, messageCount: 5 };
const who = { id: "alice", name: "Alice" };

function full(): AnnotationDocument {
  const doc = emptyAnnotation("ep.mcap", fingerprint, who);
  const s = fingerprint.startNs;
  doc.review = { status: "accepted", outcome: "partial", score: 4, flags: ["hesitation", "occlusion"], note: "ok" };
  doc.segments.push({ id: "a", kind: "failure", startNs: s, endNs: fingerprint.endNs, note: "slip", camera: "/cam_high" });
  doc.chunks.push(
    { id: "c1", primitive: "reach", startNs: s, endNs: s + 1_000n, parentId: null, note: "" },
    { id: "c2", primitive: "grasp", startNs: s + 1_000n, endNs: s + 2_000n, parentId: null, note: "" },
  );
  doc.instructions.push({
    id: "i1",
    scope: { startNs: s, endNs: s + 5n },
    text: "pick up the cube",
    paraphrases: ["lift the cube", "grab the block", "take the cube"],
    flags: { negative: false, ambiguous: true },
    language: "en",
  });
  doc.rewards = {
    clock: { kind: "rate", hz: 10 },
    keyframes: [{ tNs: s, value: 0 }, { tNs: fingerprint.endNs, value: 1 }],
    interpolation: "step",
    generator: { kind: "progress-from-chunks", level: 0 },
    gamma: 0.9,
  };
  return doc;
}

describe("annotation document", () => {
  it("serializes ns as decimal strings and parses every section back exactly", () => {
    const doc = full();
    const text = serializeAnnotation(doc);
    expect(text).toContain('"startNs": "1750000000000000001"');
    expect(text).toContain(`"schema": "${ANNOTATION_SCHEMA_ID}"`);
    expect(parseAnnotation(text)).toEqual(doc);
  });

  it("reads a version 1 document and migrates it to version 2 without losing anything", () => {
    const v1 = {
      schema: "episcope.annotation/1",
      episode: { path: "ep.mcap", fingerprint: { sizeBytes: 10, startNs: "1", endNs: "9", messageCount: 5 } },
      annotator: who,
      revision: 7,
      updatedAt: "2026-01-01T00:00:00.000Z",
      review: { status: "in_progress", outcome: "failure", score: null, flags: ["collision"], note: "n" },
      segments: [{ id: "s", kind: "recovery", startNs: "2", endNs: "4", note: "", camera: null }],
    };
    const doc = parseAnnotation(JSON.stringify(v1));
    expect(doc.schema).toBe("episcope.annotation/2");
    expect(doc.revision).toBe(7);
    expect(doc.review.flags).toEqual(["collision"]);
    expect(doc.segments[0]).toEqual({ id: "s", kind: "recovery", startNs: 2n, endNs: 4n, note: "", camera: null });
    expect(doc.chunks).toEqual([]);
    expect(doc.instructions).toEqual([]);
    expect(doc.rewards).toBeNull();
  });

  it("names the invalid field", () => {
    const bad = JSON.parse(serializeAnnotation(full()));
    bad.review.outcome = "great";
    expect(() => parseAnnotation(JSON.stringify(bad))).toThrow(/^review\.outcome: /);
    bad.review.outcome = null;
    bad.segments = [{ id: "s", kind: "failure", startNs: "20", endNs: "10" }];
    expect(() => parseAnnotation(JSON.stringify(bad))).toThrow(/^segments\.0\.endNs: segment endNs must not be before startNs/);
    bad.segments = [];
    bad.instructions[0].text = "   ";
    expect(() => parseAnnotation(JSON.stringify(bad))).toThrow(/^instructions\.0\.text: instruction text must not be empty/);
    bad.instructions[0].text = "x";
    bad.chunks[1].endNs = bad.chunks[1].startNs;
    expect(() => parseAnnotation(JSON.stringify(bad))).toThrow(/^chunks\.1\.endNs: chunk endNs must be after startNs/);
    bad.chunks = [];
    bad.rewards.gamma = 1.5;
    expect(() => parseAnnotation(JSON.stringify(bad))).toThrow(/^rewards\.gamma: /);
    bad.rewards.gamma = 0.5;
    bad.rewards.keyframes[0].tNs = 12.5;
    expect(() => parseAnnotation(JSON.stringify(bad))).toThrow(/^rewards\.keyframes\.0\.tNs: expected integer nanoseconds/);
    bad.rewards.keyframes[0].tNs = "soon";
    expect(() => parseAnnotation(JSON.stringify(bad))).toThrow(/^rewards\.keyframes\.0\.tNs: expected integer nanoseconds/);
    expect(() => parseAnnotation("{")).toThrow(/not valid JSON/);
    expect(() => parseAnnotation(JSON.stringify({ ...bad, schema: "episcope.annotation/9" }))).toThrow(/^schema: unsupported schema/);
  });

  it("rejects annotator ids that are not safe folder names", () => {
    const doc = JSON.parse(serializeAnnotation(emptyAnnotation("ep.mcap", fingerprint, who)));
    doc.annotator.id = "../bob";
    expect(() => parseAnnotation(JSON.stringify(doc))).toThrow(/annotator\.id/);
  });
});
