import { describe, expect, it } from "vitest";
import { emptyAnnotation, type AnnotationDocument, type Outcome } from "../annotation.ts";
import { agreementReport } from "./agreementReport.ts";

const fp = { sizeBytes: 1, startNs: 0n, endNs: 10_000_000_000n, messageCount: 1 };
function doc(annotator: string, path: string, outcome: Outcome | null, extra: Partial<AnnotationDocument> & { flags?: string[] } = {}): AnnotationDocument {
  const d = emptyAnnotation(path, fp, { id: annotator, name: annotator });
  return { ...d, ...extra, review: { ...d.review, status: outcome ? "accepted" : "in_progress", outcome, flags: extra.flags ?? [] } };
}
const seg = (kind: string, a: number, b: number) => ({ id: `${kind}${a}`, kind, startNs: BigInt(a * 1e9), endNs: BigInt(b * 1e9), note: "", camera: null });

describe("agreement report", () => {
  it("computes pairwise and Fleiss kappa, segment F1, disagreements and who won them", () => {
    const layers = [
      { annotator: "alice", documents: [doc("alice", "e1.mcap", "success", { segments: [seg("failure", 1, 2)] }), doc("alice", "e2.mcap", "failure", { flags: ["blur"] }), doc("alice", "e3.mcap", "success")] },
      { annotator: "bob", documents: [doc("bob", "e1.mcap", "success", { segments: [seg("failure", 1, 2)] }), doc("bob", "e2.mcap", "success"), doc("bob", "e3.mcap", "success")] },
      { annotator: "carol", documents: [doc("carol", "e1.mcap", "failure"), doc("carol", "e3.mcap", null)] },
      { annotator: "adjudicated", documents: [doc("adjudicated", "e2.mcap", "failure")] },
      { annotator: "import.lerobot.x", documents: [doc("import.lerobot.x", "e1.mcap", "partial")] },
    ];
    const r = agreementReport(layers);
    expect(r.annotators).toEqual(["alice", "bob", "carol"]);
    const ab = r.outcome.pairs.find((p) => p.a === "alice" && p.b === "bob")!;
    // alice/bob: (s,s), (f,s), (s,s): pₒ = 2/3; alice 2/3 s, bob 1 s → pₑ = 2/3 → κ = 0.
    expect(ab.n).toBe(3);
    expect(ab.kappa).toBeCloseTo(0, 12);
    const ac = r.outcome.pairs.find((p) => p.a === "alice" && p.b === "carol")!;
    // alice/carol overlap on e1 only (carol has no outcome on e3): s vs f, pₒ = 0, pₑ = 0 → κ = 0.
    expect(ac.n).toBe(1);
    expect(r.outcome.fleissN).toBe(3);
    expect(r.disagreements).toEqual(["e1.mcap", "e2.mcap"]);
    expect(r.disagreementDetails[1]).toEqual({ path: "e2.mcap", outcomes: { alice: "failure", bob: "success" }, adjudicated: "failure" });
    expect(r.perAnnotator.find((p) => p.annotator === "alice")).toMatchObject({ episodesLabelled: 3, disagreementsAdjudicated: 1, disagreementsWon: 1, wonShare: 1, timeSpentS: null });
    expect(r.perAnnotator.find((p) => p.annotator === "bob")).toMatchObject({ disagreementsWon: 0, wonShare: 0 });
    expect(r.perAnnotator.find((p) => p.annotator === "carol")).toMatchObject({ episodesLabelled: 1, wonShare: null });
    // failure segments: alice and bob agree on e1; carol labelled e1 with none → pooled 2·1 / (1+1 + 1+0 + 1+0) = 0.5.
    expect(r.segments.failure!.f1).toBeCloseTo(0.5, 12);
    expect(r.segments.failure!.meanIoU).toBe(1);
    expect(r.segments.failure!.medianBoundaryErrorS).toBe(0);
    // blur: alice on e2, bob not → present/absent table over 3 episodes.
    expect(r.flags.blur!.pairs.find((p) => p.a === "alice" && p.b === "bob")!.n).toBe(3);
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });
  it("says why everything is undefined with one annotator or identical labels", () => {
    const one = agreementReport([{ annotator: "alice", documents: [doc("alice", "e1.mcap", "success")] }]);
    expect(one.outcome).toMatchObject({ pairs: [], fleissKappa: null, fleissReason: "only one annotator" });
    expect(one.instructions.reason).toBe("only one annotator");
    const same = agreementReport([
      { annotator: "a", documents: [doc("a", "e1.mcap", "success"), doc("a", "e2.mcap", "success")] },
      { annotator: "b", documents: [doc("b", "e1.mcap", "success"), doc("b", "e2.mcap", "success")] },
    ]);
    expect(same.outcome.pairs[0]).toMatchObject({ n: 2, kappa: null, ci95: null });
    expect(same.outcome.pairs[0]!.reason).toMatch(/same/);
    expect(same.outcome.fleissReason).toMatch(/same/);
    const apart = agreementReport([
      { annotator: "a", documents: [doc("a", "e1.mcap", "success")] },
      { annotator: "b", documents: [doc("b", "e2.mcap", "failure")] },
    ]);
    expect(apart.outcome.pairs[0]).toMatchObject({ n: 0, kappa: null, reason: "no episode labelled by both annotators" });
    expect(() => agreementReport([], { toleranceS: -1 })).toThrow(/tolerance/);
  });
});
