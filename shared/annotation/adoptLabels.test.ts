import { describe, expect, it } from "vitest";
import { emptyAnnotation } from "../annotation.ts";
import { adoptLabels, adoptPart } from "./adoptLabels.ts";

const fp = { sizeBytes: 10, startNs: 0n, endNs: 10_000_000_000n, messageCount: 5 };

describe("adoptLabels", () => {
  it("copies every label but keeps the adopting document's status, episode and annotator; no shared objects", () => {
    const mine = emptyAnnotation("a.mcap", fp, { id: "adjudicated", name: "Lead" });
    mine.review.status = "in_progress";
    const bob = emptyAnnotation("a.mcap", fp, { id: "bob", name: "Bob" });
    bob.review = { status: "accepted", outcome: "failure", score: 2, flags: ["collision"], note: "slips" };
    bob.segments = [{ id: "s1", kind: "failure", startNs: 1n, endNs: 2n, note: "" }] as typeof bob.segments;
    bob.instructions = [{ id: "i", scope: "episode", text: "pick", paraphrases: ["grab"], flags: { negative: false, ambiguous: false }, language: "en" }];
    bob.rewards = { clock: { kind: "rate", hz: 10 }, keyframes: [{ tNs: 0n, value: 0 }], interpolation: "linear", generator: { kind: "custom" }, gamma: 0.9 };
    const out = adoptLabels(mine, bob);
    expect(out.annotator.id).toBe("adjudicated");
    expect(out.review).toEqual({ status: "in_progress", outcome: "failure", score: 2, flags: ["collision"], note: "slips" });
    expect(out.segments).toEqual(bob.segments);
    expect(out.segments[0]).not.toBe(bob.segments[0]);
    expect(out.instructions[0]!.paraphrases).not.toBe(bob.instructions[0]!.paraphrases);
    expect(out.rewards!.keyframes).toEqual(bob.rewards.keyframes);
  });
  it("adopts one part only: the review, the segments or the chunks", () => {
    const mine = emptyAnnotation("a.mcap", fp, { id: "adjudicated", name: "Lead" });
    mine.review = { status: "in_progress", outcome: "success", score: null, flags: [], note: "mine" };
    mine.segments = [{ id: "m", kind: "idle", startNs: 5n, endNs: 6n, note: "", camera: null }];
    const bob = emptyAnnotation("a.mcap", fp, { id: "bob", name: "Bob" });
    bob.review = { status: "accepted", outcome: "failure", score: 2, flags: ["collision"], note: "slips" };
    bob.segments = [{ id: "s1", kind: "failure", startNs: 1n, endNs: 2n, note: "", camera: null }];
    bob.chunks = [{ id: "c", primitive: "reach", startNs: 0n, endNs: 3n, parentId: null, note: "" }];
    const review = adoptPart(mine, bob, "review");
    expect(review.review).toEqual({ status: "in_progress", outcome: "failure", score: 2, flags: ["collision"], note: "slips" });
    expect(review.segments).toBe(mine.segments);
    const segments = adoptPart(mine, bob, "segments");
    expect(segments.segments).toEqual(bob.segments);
    expect(segments.review).toBe(mine.review);
    const chunks = adoptPart(mine, bob, "chunks");
    expect(chunks.chunks).toEqual(bob.chunks);
    expect(chunks.segments).toBe(mine.segments);
  });
});
