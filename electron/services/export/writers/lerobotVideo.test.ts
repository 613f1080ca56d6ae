import { describe, expect, it } from "vitest";
import type { StepCamera } from "../episodeStepTable.ts";
import { videoFramesForSteps } from "../cameras/remuxRun.ts";
import { videoKey } from "./lerobotWriter.ts";

function camera(times: bigint[], keyframes: number[], frameOfStep: number[], format = "h264"): StepCamera {
  return {
    topic: "/cam",
    frameIndex: { topic: "/cam", payload: format === "h264" ? "video" : "image", format, logTimesNs: BigInt64Array.from(times), keyframes: Uint8Array.from(keyframes) },
    frameOfStep: Int32Array.from(frameOfStep),
  };
}

describe("videoFramesForSteps", () => {
  const steps = [1_000_000_000n, 1_100_000_000n, 1_200_000_000n];
  it("takes the run of frames shown at the steps (latest ≤ step time), tolerating 0.1 ms of timestamp jitter", () => {
    // frame 1 is 1 ns after step 0 (strict latest ≤ would pick frame 0): within the tolerance it is the one shown
    const cam = camera([900_000_000n, 1_000_000_001n, 1_099_999_999n, 1_200_050_000n], [1, 1, 0, 0], [0, 2, 3]);
    expect(videoFramesForSteps(cam, steps)).toEqual({ first: 1 });
    // a camera lagging the steps by 3 ms (inter-camera skew): step k still shows its own frame k
    const lagging = camera([997_000_000n, 1_097_000_000n, 1_197_000_000n], [1, 0, 0], [0, 1, 2]);
    expect(videoFramesForSteps(lagging, steps)).toEqual({ first: 0 });
  });
  it("refuses a camera at another rate, a non-keyframe start, or a non-H.264 camera, saying why", () => {
    expect(videoFramesForSteps(camera([1_000_000_000n, 1_050_000_000n, 1_100_000_000n, 1_150_000_000n], [1, 0, 0, 0], [0, 2, 3]), steps)).toEqual({
      mismatch: "/cam: frames do not line up with the steps (step 1 shows frame 2, not 1)",
    });
    expect(videoFramesForSteps(camera([1_000_000_000n, 1_100_000_000n, 1_200_000_000n], [0, 1, 0], [0, 1, 2]), steps)).toEqual({ mismatch: "/cam: the frame at the first step is not a keyframe" });
    expect(videoFramesForSteps(camera([1_000_000_000n], [1], [0, 0, 0], "jpeg"), steps)).toEqual({ mismatch: "/cam is jpeg image, not H.264 video" });
  });
});

describe("videoKey", () => {
  it("prefixes camera topics, keeps LeRobot keys", () => {
    expect(videoKey("/cam_high")).toBe("observation.images.cam_high");
    expect(videoKey("/observation.images.top")).toBe("observation.images.top");
  });
});
