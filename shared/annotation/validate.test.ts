import { describe, expect, it } from "vitest";
import { emptyAnnotation, type AnnotationDocument } from "../annotation.ts";
import { defaultDatasetConfig } from "./datasetConfig.ts";
import { hasErrors, validateAnnotation } from "./validate.ts";

const S = 1_000_000_000n; // 1 s
const start = 1_750_000_000n * S;
const fingerprint = { sizeBytes: 1, startNs: start, endNs: start + 10n * S, messageCount: 1 };

function doc(): AnnotationDocument {
  const d = emptyAnnotation("ep.mcap", fingerprint, { id: "a", name: "A" });
  d.segments.push({ id: "s1", kind: "failure", startNs: start + S, endNs: start + 2n * S, note: "", camera: null });
  d.chunks.push(
    { id: "c1", primitive: "reach", startNs: start, endNs: start + 3n * S, parentId: null, note: "" },
    { id: "c2", primitive: "grasp", startNs: start + 3n * S, endNs: start + 10n * S, parentId: null, note: "" },
  );
  d.instructions.push({ id: "i1", scope: "episode", text: "pick up the cube", paraphrases: ["grab the cube", "lift the cube", "take the block"], flags: { negative: false, ambiguous: false }, language: "en" });
  d.rewards = { clock: { kind: "rate", hz: 10 }, keyframes: [{ tNs: start, value: 0 }, { tNs: start + 10n * S, value: 1 }], interpolation: "linear", generator: { kind: "custom" }, gamma: 0.99 };
  return d;
}

describe("validateAnnotation", () => {
  it("accepts a consistent document", () => {
    expect(validateAnnotation(doc(), { config: defaultDatasetConfig() })).toEqual([]);
  });

  it("refuses times outside the episode at the field", () => {
    const d = doc();
    d.segments[0]!.endNs = start + 11n * S;
    d.instructions[0]!.scope = { startNs: start - S, endNs: start };
    d.rewards!.keyframes[1]!.tNs = start + 12n * S;
    const problems = validateAnnotation(d);
    expect(problems).toEqual([
      { path: "segments.0.endNs", severity: "error", message: "time 11.000 s is outside the episode (0.000 s – 10.000 s)" },
      { path: "instructions.0.scope.startNs", severity: "error", message: "time -1.000 s is outside the episode (0.000 s – 10.000 s)" },
      { path: "rewards.keyframes.1.tNs", severity: "error", message: "time 12.000 s is outside the episode (0.000 s – 10.000 s)" },
    ]);
    expect(hasErrors(problems)).toBe(true);
    // Another range (the episode as opened) takes precedence over the fingerprint.
    expect(validateAnnotation(doc(), { range: { startNs: start, endNs: start + 5n * S } }).map((p) => p.path)).toEqual([
      "chunks.1.endNs",
      "rewards.keyframes.1.tNs",
    ]);
  });

  it("refuses overlapping and non-contiguous chunks per level, orphan children and children outside their parent", () => {
    const overlap = doc();
    overlap.chunks[1]!.startNs = start + 2n * S;
    expect(validateAnnotation(overlap)).toEqual([
      { path: "chunks.1.startNs", severity: "error", message: "chunk [2.000 s, 10.000 s] overlaps chunks.0 [0.000 s, 3.000 s]" },
    ]);
    const gap = doc();
    gap.chunks[1]!.startNs = start + 4n * S;
    expect(validateAnnotation(gap)[0]).toMatchObject({ path: "chunks.1.startNs", message: expect.stringMatching(/leaves a gap after chunks\.0.*contiguous/) });
    const nested = doc();
    nested.chunks.push(
      { id: "k1", primitive: "reach", startNs: start, endNs: start + 2n * S, parentId: "c1", note: "" },
      { id: "k2", primitive: "grasp", startNs: start + 2n * S, endNs: start + 4n * S, parentId: "c1", note: "" },
      { id: "k3", primitive: "lift", startNs: start, endNs: start + S, parentId: "nope", note: "" },
    );
    expect(validateAnnotation(nested).map((p) => `${p.path}: ${p.message}`)).toEqual([
      "chunks.3: chunk [2.000 s, 4.000 s] is not inside its parent chunks.0 [0.000 s, 3.000 s]",
      'chunks.4.parentId: no chunk has id "nope"',
    ]);
    const cycle = doc();
    cycle.chunks[0]!.parentId = "c2";
    cycle.chunks[1]!.parentId = "c1";
    expect(validateAnnotation(cycle).filter((p) => p.message === "parentId forms a cycle").map((p) => p.path)).toEqual(["chunks.0.parentId", "chunks.1.parentId"]);
  });

  it("refuses duplicate ids and keyframes out of time order", () => {
    const d = doc();
    d.chunks[1]!.id = "c1";
    d.rewards!.keyframes = [{ tNs: start + S, value: 0 }, { tNs: start + S, value: 1 }];
    expect(validateAnnotation(d).map((p) => p.path)).toEqual(["chunks.1.id", "rewards.keyframes.1.tNs"]);
  });

  it("warns (without refusing) about vocabulary and too few paraphrases", () => {
    const d = doc();
    d.chunks[0]!.primitive = "wave";
    d.review.flags = ["hesitation", "sneezed"];
    d.segments[0]!.kind = "coffee-break";
    d.instructions[0]!.paraphrases = ["pick up the cube"];
    const problems = validateAnnotation(d, { config: defaultDatasetConfig() });
    expect(problems.map((p) => [p.path, p.severity])).toEqual([
      ["review.flags.1", "warning"],
      ["segments.0.kind", "warning"],
      ["chunks.0.primitive", "warning"],
      ["instructions.0.paraphrases", "warning"],
      ["instructions.0.paraphrases.0", "warning"],
    ]);
    expect(problems[3]!.message).toBe("1 paraphrase(s); the dataset asks for at least 3");
    expect(hasErrors(problems)).toBe(false);
  });
});
