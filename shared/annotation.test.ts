import { describe, expect, it } from "vitest";
import { emptyAnnotation, parseAnnotation, serializeAnnotation } from "./annotation.ts";

const fingerprint = { sizeBytes: 10, startNs: 1_750_000_000_000_000_001n, endNs: 1_750_000_010_000_000_000n, messageCount: 5 };

describe("annotation document", () => {
  it("serializes ns as decimal strings and parses them back exactly", () => {
    const doc = emptyAnnotation("ep.mcap", fingerprint, { id: "alice", name: "Alice" });
    doc.review.outcome = "partial";
    doc.segments.push({ id: "a", kind: "failure", startNs: fingerprint.startNs, endNs: fingerprint.endNs, note: "slip", camera: "/cam_high" });
    const text = serializeAnnotation(doc);
    expect(text).toContain('"startNs": "1750000000000000001"');
    expect(parseAnnotation(text)).toEqual(doc);
  });

  it("names the invalid field", () => {
    const doc = emptyAnnotation("ep.mcap", fingerprint, { id: "alice", name: "Alice" });
    const bad = JSON.parse(serializeAnnotation(doc));
    bad.review.outcome = "great";
    expect(() => parseAnnotation(JSON.stringify(bad))).toThrow(/^review\.outcome: /);
    bad.review.outcome = null;
    bad.segments = [{ id: "s", kind: "failure", startNs: "20", endNs: "10" }];
    expect(() => parseAnnotation(JSON.stringify(bad))).toThrow(/segments\.0: segment endNs must not be before startNs/);
    expect(() => parseAnnotation("{")).toThrow(/not valid JSON/);
  });

  it("rejects annotator ids that are not safe folder names", () => {
    const doc = JSON.parse(serializeAnnotation(emptyAnnotation("ep.mcap", fingerprint, { id: "alice", name: "Alice" })));
    doc.annotator.id = "../bob";
    expect(() => parseAnnotation(JSON.stringify(doc))).toThrow(/annotator\.id/);
  });
});
