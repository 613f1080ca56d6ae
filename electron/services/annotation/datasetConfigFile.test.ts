import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDatasetConfig } from "./datasetConfigFile.ts";

describe("loadDatasetConfig", () => {
  it("gives the defaults when the dataset has no config", async () => {
    const info = await loadDatasetConfig(await mkdtemp(join(tmpdir(), "episcope-config-")));
    expect(info).toMatchObject({ exists: false, problems: [], file: ".episcope/config.json" });
    expect(info.config.primitives).toContain("transport");
  });

  it("reads a project config, reporting bad fields at their paths and using defaults for them", async () => {
    const root = await mkdtemp(join(tmpdir(), "episcope-config-"));
    await mkdir(join(root, ".episcope"));
    await writeFile(join(root, ".episcope/config.json"), JSON.stringify({ primitives: ["approach", "insert"], snapToleranceMs: "fast" }));
    const info = await loadDatasetConfig(root);
    expect(info.exists).toBe(true);
    expect(info.config.primitives).toEqual(["approach", "insert"]);
    expect(info.config.snapToleranceMs).toBe(150);
    expect(info.problems).toEqual([{ path: "snapToleranceMs", severity: "error", message: expect.stringMatching(/using the default$/) }]);
  });
});
