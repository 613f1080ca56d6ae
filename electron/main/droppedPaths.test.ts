import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideDrop, MAX_DROPPED_PATHS } from "./droppedPaths.ts";

describe("decideDrop (desktop drag-and-drop)", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "episcope-drop-"));
    await mkdir(join(dir, "dataset"));
    await writeFile(join(dir, "dataset", "ep1.mcap"), "x");
    await writeFile(join(dir, "notes.txt"), "x");
    await mkdir(join(dir, "fake.mcap")); // a folder named like an episode is a folder
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("opens a dropped .mcap file and a dropped folder", async () => {
    expect(await decideDrop([join(dir, "dataset", "ep1.mcap")])).toEqual({ open: join(dir, "dataset", "ep1.mcap"), refused: [] });
    expect(await decideDrop([join(dir, "dataset")])).toEqual({ open: join(dir, "dataset"), refused: [] });
    expect((await decideDrop([join(dir, "fake.mcap")])).open).toBe(join(dir, "fake.mcap"));
  });

  it("opens the first openable path and says why each other one was not opened", async () => {
    const d = await decideDrop([
      "",
      "relative/ep.mcap",
      join(dir, "notes.txt"),
      join(dir, "missing.mcap"),
      join(dir, "dataset", "ep1.mcap"),
      join(dir, "dataset"),
      42,
    ]);
    expect(d.open).toBe(join(dir, "dataset", "ep1.mcap"));
    expect(d.refused.map((r) => r.reason)).toEqual([
      "not a file on this computer",
      "not a file on this computer",
      "not an .mcap episode or a folder of episodes",
      "it no longer exists",
      `only one episode or folder opens at a time: ${join(dir, "dataset", "ep1.mcap")} was opened`,
      "not a file on this computer",
    ]);
  });

  it("opens nothing when nothing is openable, and bounds the paths it looks at", async () => {
    expect(await decideDrop([])).toEqual({ open: null, refused: [] });
    const many = Array.from({ length: MAX_DROPPED_PATHS + 5 }, () => join(dir, "notes.txt"));
    const d = await decideDrop(many);
    expect(d.open).toBeNull();
    expect(d.refused).toHaveLength(MAX_DROPPED_PATHS + 1);
    expect(d.refused.at(-1)!.path).toBe("5 more");
  });
});
