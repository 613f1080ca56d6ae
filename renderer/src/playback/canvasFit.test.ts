import { describe, expect, it } from "vitest";
import { fitCanvasSize } from "./canvasFit.ts";

describe("fitCanvasSize", () => {
  it("scales down to the box, keeping the aspect ratio, never up", () => {
    expect(fitCanvasSize(1920, 1080, 960, 800, 1)).toEqual({ width: 960, height: 540 });
    expect(fitCanvasSize(1920, 1080, 960, 270, 1)).toEqual({ width: 480, height: 270 });
    expect(fitCanvasSize(1280, 720, 640, 480, 2)).toEqual({ width: 1280, height: 720 });
    expect(fitCanvasSize(640, 480, 200, 100, 1)).toEqual({ width: 133, height: 100 });
    expect(fitCanvasSize(1280, 720, 509, 170, 1)).toEqual({ width: 302, height: 170 });
    expect(fitCanvasSize(320, 240, 1000, 1000, 1)).toEqual({ width: 320, height: 240 });
  });
  it("uses the image size when the box is unknown, and 1×1 for an empty image", () => {
    expect(fitCanvasSize(320, 240, 0, 0, 1)).toEqual({ width: 320, height: 240 });
    expect(fitCanvasSize(0, 240, 100, 100, 1)).toEqual({ width: 1, height: 1 });
  });
});
