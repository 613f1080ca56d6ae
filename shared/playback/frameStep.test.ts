import { describe, expect, it } from "vitest";
import { advanceClock, cameraStepTime, clampSpeed, nextFrameTime, prevFrameTime, stepSpeed } from "./frameStep.ts";

const t = (xs: number[]) => BigInt64Array.from(xs.map((x) => BigInt(x)));
const camA = t([0, 33, 66, 100]);
const camB = t([10, 50, 90]);

describe("nextFrameTime / prevFrameTime", () => {
  it("steps to the next frame of any camera", () => {
    expect(nextFrameTime([camA, camB], 0n)).toBe(10n);
    expect(nextFrameTime([camA, camB], 10n)).toBe(33n);
    expect(nextFrameTime([camA, camB], 95n)).toBe(100n);
    expect(nextFrameTime([camA, camB], 100n)).toBeNull();
    expect(nextFrameTime([], 0n)).toBeNull();
  });
  it("steps to the previous frame of any camera", () => {
    expect(prevFrameTime([camA, camB], 33n)).toBe(10n);
    expect(prevFrameTime([camA, camB], 40n)).toBe(33n);
    expect(prevFrameTime([camA, camB], 0n)).toBeNull();
    expect(prevFrameTime([camA, camB], 1000n)).toBe(100n);
  });
});

describe("advanceClock", () => {
  it("advances by wall time × speed and clamps at the end", () => {
    expect(advanceClock(0n, 16, 1, 1_000_000_000n)).toEqual({ tNs: 16_000_000n, ended: false });
    expect(advanceClock(0n, 16, 0.25, 1_000_000_000n)).toEqual({ tNs: 4_000_000n, ended: false });
    expect(advanceClock(990_000_000n, 16, 4, 1_000_000_000n)).toEqual({ tNs: 1_000_000_000n, ended: true });
    expect(advanceClock(5n, -3, 1, 10n)).toEqual({ tNs: 5n, ended: false });
  });
});

describe("clampSpeed", () => {
  it("keeps speeds in 0.1–4", () => {
    expect(clampSpeed(0.05)).toBe(0.1);
    expect(clampSpeed(0.1)).toBe(0.1);
    expect(clampSpeed(8)).toBe(4);
    expect(clampSpeed(2)).toBe(2);
    expect(clampSpeed(Number.NaN)).toBe(1);
  });
});

describe("stepSpeed", () => {
  it("moves through the offered speeds and stays at the ends", () => {
    expect(stepSpeed(1, 1)).toBe(2);
    expect(stepSpeed(4, 1)).toBe(4);
    expect(stepSpeed(1, -1)).toBe(0.5);
    expect(stepSpeed(0.25, -1)).toBe(0.1);
    expect(stepSpeed(0.1, -1)).toBe(0.1);
    expect(stepSpeed(1.5, 1)).toBe(2);
  });
});

describe("cameraStepTime", () => {
  const times = BigInt64Array.from([10n, 20n, 30n]);
  it("steps one camera from the frame it shows at t", () => {
    expect(cameraStepTime(times, 25n, 1)).toBe(30n);
    expect(cameraStepTime(times, 25n, -1)).toBe(10n);
    expect(cameraStepTime(times, 5n, 1)).toBe(10n);
    expect(cameraStepTime(times, 30n, 1)).toBeNull();
    expect(cameraStepTime(times, 10n, -1)).toBeNull();
  });
});
