import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RecentFiles } from "./recentFiles.ts";

describe("RecentFiles", () => {
  it("keeps the newest first, without duplicates, at most 10, on disk", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "episcope-recent-")), "recent.json");
    const recent = new RecentFiles(file);
    expect(await recent.list()).toEqual([]);
    for (let i = 0; i < 12; i++) await recent.add(`/data/ep_${i}.mcap`);
    await recent.add("/data/ep_5.mcap");
    const list = await new RecentFiles(file).list();
    expect(list[0]).toBe("/data/ep_5.mcap");
    expect(list).toHaveLength(10);
    expect(new Set(list).size).toBe(10);
    await recent.clear();
    expect(await recent.list()).toEqual([]);
  });
});
