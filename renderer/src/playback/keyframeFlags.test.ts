/** Listeners of an index's keyframe flags hear once that they are complete; unsubscribed ones do not. */
import { describe, expect, it } from "vitest";
import type { FrameIndex } from "../../../shared/episode.ts";
import { keyframesCompleted, onKeyframesComplete } from "./keyframeFlags.ts";

const index = (): FrameIndex => ({ topic: "/cam", payload: "video", format: "h264", logTimesNs: new BigInt64Array(4), keyframes: new Uint8Array([1, 0, 0, 0]), keyframesKnown: 2 });

describe("keyframe flags", () => {
  it("tells the listeners of that index, once, and not those who left or listen to another index", () => {
    const a = index();
    const b = index();
    const heard: string[] = [];
    onKeyframesComplete(a, () => heard.push("a1"));
    const leave = onKeyframesComplete(a, () => heard.push("gone"));
    onKeyframesComplete(b, () => heard.push("b"));
    leave();
    keyframesCompleted(a);
    keyframesCompleted(a);
    expect(heard).toEqual(["a1"]);
  });
});
