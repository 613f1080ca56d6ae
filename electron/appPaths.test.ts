import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sampleDir, unpackedPath } from "./appPaths.ts";

describe("app paths", () => {
  it("maps a path inside a packaged app's ASAR archive to the unpacked copy beside it, and leaves others alone", () => {
    expect(unpackedPath("/opt/Episcope/resources/app.asar/assets/sample")).toBe("/opt/Episcope/resources/app.asar.unpacked/assets/sample");
    expect(unpackedPath("C:\\Episcope\\resources\\app.asar\\assets\\sample")).toBe("C:\\Episcope\\resources\\app.asar.unpacked\\assets\\sample");
    expect(unpackedPath("/home/me/app.asar.d/assets")).toBe("/home/me/app.asar.d/assets");
    expect(unpackedPath("/home/me/episcope/assets/sample")).toBe("/home/me/episcope/assets/sample");
  });

  it("finds the bundled samples from the sources", () => {
    expect(existsSync(join(sampleDir(), "pick_cube_001.mcap"))).toBe(true);
    expect(existsSync(join(sampleDir(), "pick_cube_002.mcap"))).toBe(true);
  });
});
