import { describe, expect, it } from "vitest";
import { emptyAnnotation, type AnnotationDocument } from "../annotation.ts";
import { chunkOfSteps, instructionAt, segmentMasks, stepLabels } from "./stepLabels.ts";

const S = 1_000_000_000n;
function doc(edit: (d: AnnotationDocument) => void): AnnotationDocument {
  const d = emptyAnnotation("ep.mcap", { sizeBytes: 1, startNs: 0n, endNs: 4n * S, messageCount: 1 }, { id: "a", name: "A" });
  edit(d);
  return d;
}
const steps = [0n, S, 2n * S, 3n * S, 4n * S];
const noTopics = () => undefined;

describe("stepLabels", () => {
  it("samples the document's reward curve at each step and discounts the return with its gamma", () => {
    const d = doc((x) => {
      x.review.outcome = "success";
      // linear 0 → 1 over [0, 4 s]: r = 0, .25, .5, .75, 1
      x.rewards = { clock: { kind: "rate", hz: 1 }, keyframes: [{ tNs: 0n, value: 0 }, { tNs: 4n * S, value: 1 }], interpolation: "linear", generator: { kind: "custom" }, gamma: 0.5 };
    });
    const l = stepLabels(d, steps, 0n, 4n * S, noTopics);
    expect(Array.from(l.rewards)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // G_4 = 1, G_3 = .75 + .5, G_2 = .5 + .625, G_1 = .25 + .5625, G_0 = 0 + .40625
    expect(Array.from(l.returns)).toEqual([0.40625, 0.8125, 1.125, 1.25, 1]);
    expect(l.rewardSource).toBe("document");
    expect(Array.from(l.done)).toEqual([0, 0, 0, 0, 1]);
    expect(Array.from(l.success)).toEqual([0, 0, 0, 0, 1]);
    expect(Array.from(l.terminal)).toEqual([0, 0, 0, 0, 1]);
  });
  it("without a rewards section, a success gets a sparse reward of 1 on the last step; a failure is terminal, not a success", () => {
    const ok = stepLabels(doc((x) => (x.review.outcome = "success")), steps, 0n, 4n * S, noTopics);
    expect(Array.from(ok.rewards)).toEqual([0, 0, 0, 0, 1]);
    expect(ok.rewardSource).toBe("outcome");
    const failed = stepLabels(doc((x) => (x.review.outcome = "failure")), steps, 0n, 4n * S, noTopics);
    expect(Array.from(failed.rewards)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(failed.success)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(failed.terminal)).toEqual([0, 0, 0, 0, 1]);
    const partial = stepLabels(doc((x) => (x.review.outcome = "partial")), steps, 0n, 4n * S, noTopics);
    expect(Array.from(partial.terminal)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(partial.done)).toEqual([0, 0, 0, 0, 1]);
  });
  it("no document: zero rewards, done on the last step only", () => {
    const l = stepLabels(null, steps, 0n, 4n * S, noTopics);
    expect(l.rewardSource).toBe("none");
    expect(Array.from(l.rewards)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(l.done)).toEqual([0, 0, 0, 0, 1]);
    expect(l.tasks).toEqual(["", "", "", "", ""]);
  });
  it("a reward clock on a topic the episode lacks is reported naming the topic", () => {
    const d = doc((x) => {
      x.rewards = { clock: { kind: "topic", topic: "/gone" }, keyframes: [], interpolation: "step", generator: { kind: "custom" }, gamma: 1 };
    });
    expect(() => stepLabels(d, steps, 0n, 4n * S, noTopics)).toThrow(/\/gone.*no step clock/);
  });
  it("tasks: range-scoped instructions win inside their range, the episode-scope one elsewhere", () => {
    const d = doc((x) => {
      x.instructions = [
        { id: "i1", scope: "episode", text: "tidy up", paraphrases: [], flags: { negative: false, ambiguous: false }, language: "en" },
        { id: "i2", scope: { startNs: S, endNs: 2n * S }, text: "grasp", paraphrases: [], flags: { negative: false, ambiguous: false }, language: "en" },
      ];
    });
    expect(stepLabels(d, steps, 0n, 4n * S, noTopics).tasks).toEqual(["tidy up", "grasp", "grasp", "tidy up", "tidy up"]);
  });
  it("instructionAt skips negative instructions", () => {
    const neg = { id: "n", scope: "episode" as const, text: "fly", paraphrases: [], flags: { negative: true, ambiguous: false }, language: "en" };
    expect(instructionAt([neg], 0n)).toBeNull();
  });
});

describe("per-step segment masks and action chunks", () => {
  const steps = [0n, S / 2n, S, (3n * S) / 2n, 2n * S];
  it("a mask per asked kind (and per kind present), 1 on the steps inside [start, end)", () => {
    const masks = segmentMasks([{ id: "s", kind: "recovery", startNs: S / 2n, endNs: (3n * S) / 2n, note: "", camera: null }, { id: "t", kind: "slip", startNs: 2n * S, endNs: 3n * S, note: "", camera: null }], steps, ["failure", "recovery"]);
    expect([...masks.keys()]).toEqual(["failure", "recovery", "slip"]);
    expect(Array.from(masks.get("recovery")!)).toEqual([0, 1, 1, 0, 0]);
    expect(Array.from(masks.get("failure")!)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(masks.get("slip")!)).toEqual([0, 0, 0, 0, 1]);
  });
  it("the finest chunks in time order: index and primitive per step, -1 and empty outside", () => {
    const chunks = [
      { id: "task", primitive: "pick", startNs: 0n, endNs: 2n * S, parentId: null, note: "" },
      { id: "b", primitive: "grasp", startNs: S, endNs: 2n * S, parentId: "task", note: "" },
      { id: "a", primitive: "reach", startNs: 0n, endNs: S, parentId: "task", note: "" },
    ];
    const { chunkIndex, primitive } = chunkOfSteps(chunks, steps);
    expect(Array.from(chunkIndex)).toEqual([0, 0, 1, 1, -1]);
    expect(primitive).toEqual(["reach", "reach", "grasp", "grasp", ""]);
  });
});
