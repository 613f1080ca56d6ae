import fs from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateDataset, type FixtureEpisode } from "../../scripts/dataset-fixture/generateDataset.ts";
import { runIndex, type IndexSummaryLine } from "./index.ts";
import { writeThreeAnnotatorLayers } from "./threeAnnotatorLayers.ts";

let root: string;
let episodes: FixtureEpisode[];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "episcope-index-cli-"));
  episodes = await generateDataset(root, { episodes: 6, seed: 9, damaged: 1 });
}, 60_000);

async function run(args: string[]): Promise<{ code: number; out: string[]; err: string }> {
  const out: string[] = [];
  let err = "";
  const code = await runIndex(args, (l) => out.push(l), (t) => (err += t));
  return { code, out, err };
}

describe("episcope index", () => {
  it("builds the cache and prints one summary per episode as JSON, progress on stderr", async () => {
    const { code, out, err } = await run([root, "--json"]);
    expect(code).toBe(0);
    expect(err).toMatch(/indexing 6\/6 \(0 cached, 1 unreadable\)/);
    const report = JSON.parse(out.join("\n")) as { dataset: string; episodes: IndexSummaryLine[]; progress: { cached: number } };
    expect(report.dataset).toBe(root);
    expect(report.episodes.map((e) => e.path)).toEqual(episodes.map((e) => e.path));
    for (const [i, e] of report.episodes.entries()) {
      const truth = episodes[i]!;
      if (truth.damaged) {
        expect(e.error).toMatch(new RegExp(`${truth.path}: truncated`));
        continue;
      }
      expect(e).toMatchObject({ operator: truth.operator, task: truth.task, cameras: ["/cam_high", "/cam_wrist"], error: null });
      expect(e.durationSec).toBeCloseTo(truth.durationSec, 1);
    }
    expect(fs.existsSync(path.join(root, ".episcope/cache/episode-summaries.json"))).toBe(true);
  }, 60_000);

  it("refreshes from the cache and prints a table", async () => {
    const { code, out } = await run([root]);
    expect(code).toBe(0);
    expect(out).toHaveLength(7);
    expect(out.at(-1)).toMatch(/^6 episodes, 1 unreadable, 6 from cache/);
    const bad = episodes.find((e) => e.damaged)!;
    expect(out.find((l) => l.startsWith(bad.path))).toMatch(/\tunreadable\t.*truncated/);
    const good = episodes.find((e) => !e.damaged)!;
    expect(out.find((l) => l.startsWith(good.path))!.split("\t")).toEqual(
      expect.arrayContaining([`2 cam`, good.operator, good.task]),
    );
  }, 60_000);

  it("lists each layer's outcome and marks a conflict (never the last writer)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "episcope-index-conflict-"));
    const eps = await generateDataset(dir, { episodes: 6, seed: 4, damaged: 0, annotations: false });
    await writeThreeAnnotatorLayers(dir, eps.map((e) => e.path));
    const out: string[] = [];
    await runIndex([dir, "--json"], (l) => out.push(l), () => {});
    const lines = (JSON.parse(out.join("\n")) as { episodes: IndexSummaryLine[] }).episodes;
    const conflicts = lines.filter((l) => l.conflict);
    expect(conflicts.length).toBeGreaterThan(0);
    for (const l of lines) {
      const annotators = Object.fromEntries(Object.entries(l.annotators).filter(([id]) => id !== "adjudicated"));
      const outcomes = new Set(Object.values(annotators).filter((o) => o !== null));
      if (l.annotators.adjudicated) {
        expect(l).toMatchObject({ conflict: false, outcome: l.annotators.adjudicated });
      } else if (outcomes.size > 1) {
        expect(l).toMatchObject({ conflict: true, status: "conflict", outcome: null });
      }
    }
  }, 60_000);

  it("rejects a missing folder and bad arguments", async () => {
    await expect(run([path.join(root, "nope")])).rejects.toThrow(/no such folder/);
    await expect(run([])).rejects.toThrow(/expected one DATASET/);
  });
});
