import { describe, expect, it } from "vitest";
import { emptyAnnotation, type Rewards } from "../annotation.ts";
import {
  applyGeneratedCurve,
  defaultStepClock,
  editRewards,
  emptyRewards,
  insertKeyframe,
  moveKeyframe,
  neighbourStep,
  nudgeKeyframeValue,
  removeKeyframe,
  rewardValueRange,
  setKeyframeValue,
  stepKeyframe,
} from "./rewardEdit.ts";

const curve = (...kf: Array<[bigint, number]>): Rewards => ({
  ...emptyRewards({ kind: "rate", hz: 10 }, 0.9),
  keyframes: kf.map(([tNs, value]) => ({ tNs, value })),
});
const pairs = (r: Rewards) => r.keyframes.map((k) => [k.tNs, k.value]);

describe("reward curve edits", () => {
  it("picks the action topic as the step clock, else 10 Hz", () => {
    expect(defaultStepClock(["/joint_states", "/action", "/cam"])).toEqual({ kind: "topic", topic: "/action" });
    expect(defaultStepClock(["/robot/policy_actions"])).toEqual({ kind: "topic", topic: "/robot/policy_actions" });
    expect(defaultStepClock(["/joint_states", "/transaction"])).toEqual({ kind: "rate", hz: 10 });
  });

  it("creates the curve on the first edit and leaves the document alone on a no-op", () => {
    const doc = emptyAnnotation("e.mcap", { sizeBytes: 1, startNs: 0n, endNs: 100n, messageCount: 1 }, { id: "a", name: "A" });
    const defaults = { clock: { kind: "rate" as const, hz: 5 }, gamma: 0.5 };
    expect(editRewards(doc, defaults, (r) => r)).toBe(doc);
    const d = editRewards(doc, defaults, (r) => insertKeyframe(r, 10n, 1).rewards);
    expect(d.rewards).toEqual({ clock: { kind: "rate", hz: 5 }, keyframes: [{ tNs: 10n, value: 1 }], interpolation: "linear", generator: { kind: "custom" }, gamma: 0.5 });
    expect(editRewards(d, defaults, (r) => r)).toBe(d);
  });

  it("inserts keyframes in time order and replaces the value at an existing time", () => {
    let r = curve([10n, 0], [30n, 1]);
    const a = insertKeyframe(r, 20n, 0.5);
    expect(a.index).toBe(1);
    r = a.rewards;
    expect(pairs(r)).toEqual([[10n, 0], [20n, 0.5], [30n, 1]]);
    const b = insertKeyframe(r, 5n, 0.25);
    expect(b.index).toBe(0);
    const c = insertKeyframe(r, 30n, 0.75);
    expect(c.index).toBe(2);
    expect(pairs(c.rewards)).toEqual([[10n, 0], [20n, 0.5], [30n, 0.75]]);
    expect(insertKeyframe(r, 40n, 1).index).toBe(3);
  });

  it("nudges values by hand-computed steps without float drift", () => {
    let r = curve([0n, 0.5]);
    r = nudgeKeyframeValue(r, 0, 0.1); // 0.6
    r = nudgeKeyframeValue(r, 0, 0.1); // 0.7
    r = nudgeKeyframeValue(r, 0, -0.01); // 0.69
    expect(r.keyframes[0]!.value).toBe(0.69);
    r = nudgeKeyframeValue(curve([0n, 0.1]), 0, 0.2);
    expect(r.keyframes[0]!.value).toBe(0.3); // 0.1 + 0.2 would be 0.30000000000000004 unrounded
    const same = curve([0n, 1]);
    expect(setKeyframeValue(same, 0, 1)).toBe(same);
    expect(nudgeKeyframeValue(same, 3, 1)).toBe(same);
  });

  it("moves a keyframe clamped inside the episode and strictly between its neighbours", () => {
    const r = curve([10n, 0], [20n, 0.5], [30n, 1]);
    expect(pairs(moveKeyframe(r, 1, 25n, 0n, 100n))[1]).toEqual([25n, 0.5]);
    expect(pairs(moveKeyframe(r, 1, 99n, 0n, 100n))[1]).toEqual([29n, 0.5]);
    expect(pairs(moveKeyframe(r, 1, 0n, 0n, 100n))[1]).toEqual([11n, 0.5]);
    expect(pairs(moveKeyframe(r, 0, -50n, 5n, 100n))[0]).toEqual([5n, 0]);
    expect(moveKeyframe(r, 1, 20n, 0n, 100n)).toBe(r);
  });

  it("steps a keyframe to the neighbouring step of the clock", () => {
    const steps = [0n, 20n, 40n, 60n, 80n];
    expect(neighbourStep(steps, 40n, 1)).toBe(60n);
    expect(neighbourStep(steps, 40n, -1)).toBe(20n);
    expect(neighbourStep(steps, 45n, -1)).toBe(40n);
    expect(neighbourStep(steps, 45n, 1)).toBe(60n);
    expect(neighbourStep(steps, 80n, 1)).toBeNull();
    expect(neighbourStep(steps, 0n, -1)).toBeNull();
    const r = curve([0n, 0], [45n, 0.5], [80n, 1]);
    expect(pairs(stepKeyframe(r, 1, steps, -1))[1]).toEqual([40n, 0.5]);
    expect(pairs(stepKeyframe(r, 1, steps, 1))[1]).toEqual([60n, 0.5]);
    // The next step (80) is the next keyframe's time: refused.
    const tight = curve([0n, 0], [60n, 0.5], [80n, 1]);
    expect(stepKeyframe(tight, 1, steps, 1)).toBe(tight);
  });

  it("removes keyframes and applies generated curves", () => {
    const r = curve([10n, 0], [20n, 0.5]);
    expect(pairs(removeKeyframe(r, 0))).toEqual([[20n, 0.5]]);
    expect(removeKeyframe(r, 2)).toBe(r);
    const g = applyGeneratedCurve(r, { keyframes: [{ tNs: 0n, value: 0 }, { tNs: 9n, value: 1 }], interpolation: "step" }, { kind: "sparse-success", successValue: 1 });
    expect(g).toMatchObject({ interpolation: "step", generator: { kind: "sparse-success" }, gamma: 0.9 });
    expect(pairs(g)).toEqual([[0n, 0], [9n, 1]]);
  });

  it("plots at least the value range [0, 1]", () => {
    expect(rewardValueRange([])).toEqual([0, 1]);
    expect(rewardValueRange(curve([0n, -0.5], [1n, 2]).keyframes)).toEqual([-0.5, 2]);
  });
});
