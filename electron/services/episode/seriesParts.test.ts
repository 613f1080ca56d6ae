/**
 * A channel's series read in parts (ranges of messages, or the steps a worker reads a pass in) and joined equals the
 * single-pass series: for the JointState CDR fast path (the bundled sample), the general decoder, and through
 * EpisodeMainService's worker.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { mergeSeriesParts } from "../../../shared/series/mergeSeriesParts.ts";
import { EpisodeMainService } from "./episodeMainService.ts";
import { LoadedEpisode } from "./loadedEpisode.ts";
import { loadMmapAddon } from "./mmapAddon.ts";
import { evenTimes, writeTestMcap } from "./testMcapWriter.ts";

const SAMPLE = fileURLToPath(new URL("../../../assets/sample/pick_cube_001.mcap", import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-series-parts-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("series in parts", () => {
  it("joins parts of the JointState fast path and of the general decoder into the single-pass series", async () => {
    const episode = await LoadedEpisode.open({ episodeId: "s", absPath: SAMPLE, relPath: "pick_cube_001.mcap" });
    try {
      for (const topic of ["/joint_states", "/action"]) {
        const whole = episode.series(topic);
        const n = whole.logTimesNs.length;
        const [a, b] = [Math.floor(n / 3) + 1, Math.floor((2 * n) / 3)];
        const parts = [episode.seriesRows(topic, 0, a), episode.seriesRows(topic, a, b), episode.seriesRows(topic, b, Number.MAX_SAFE_INTEGER)];
        expect(parts[2]!.logTimesNs.length).toBe(n - b);
        expect(mergeSeriesParts(parts)).toEqual(whole);
      }
      expect(() => episode.seriesRows("/action", 5, 2)).toThrow(RangeError);
    } finally {
      episode.close();
    }
  });

  it.skipIf(!loadMmapAddon())("seriesSteps reads a pass in parts through one reader: each batch read once, the parts join into the single pass", async () => {
    // 5,000 records of ~700 bytes: longer than the batched reader's first guess of a record's length (512), so a new
    // reader per part (as the worker had) read each part's batch twice.
    const file = path.join(tmp, "wide.mcap");
    const times = evenTimes(1_700_000_000_000_000_000n, 5_000_000n, 5_000);
    await writeTestMcap(file, {
      channels: [{ topic: "/wide", schemaName: "demo.Wide" }],
      messages: times.map((logTimeNs, i) => ({ topic: "/wide", logTimeNs, json: { value: i, note: "x".repeat(660) } })),
    });
    const episode = await LoadedEpisode.open({ episodeId: "w", absPath: file, relPath: "wide.mcap" });
    const reads = vi.spyOn(loadMmapAddon()!, "readScattered");
    try {
      const parts = [...episode.seriesSteps("/wide", 0, 5_000, 2_048)];
      // Three batches of 2,048, the first read again once with a guess that fits.
      expect(reads).toHaveBeenCalledTimes(4);
      expect(parts.map((p) => p.logTimesNs.length)).toEqual([2_048, 2_048, 904]);
      expect(mergeSeriesParts(parts)).toEqual(episode.seriesRows("/wide", 0, 5_000));
      expect([...episode.seriesSteps("/wide", 7, 7, 2_048)].map((p) => p.logTimesNs.length)).toEqual([0]);
    } finally {
      reads.mockRestore();
      episode.close();
    }
  });

  it("EpisodeMainService reads a long channel in its worker in steps, equal to one pass", async () => {
    const root = path.join(tmp, "long");
    fs.mkdirSync(root);
    const times = evenTimes(1_700_000_000_000_000_000n, 5_000_000n, 25_000);
    await writeTestMcap(path.join(root, "long.mcap"), {
      channels: [{ topic: "/force", schemaName: "demo.Force" }],
      // A field that appears only in the second half tests the join's NaN filling.
      messages: times.map((logTimeNs, i) => ({ topic: "/force", logTimeNs, json: i < 20_000 ? { fz: i * 0.5 } : { fz: i * 0.5, tz: -i } })),
    });
    const service = new EpisodeMainService(root, null);
    try {
      const summary = await service.open("long.mcap");
      const series = await service.series(summary.episodeId, "/force");
      const local = await LoadedEpisode.open({ episodeId: "l", absPath: path.join(root, "long.mcap"), relPath: "long.mcap" });
      try {
        expect(series).toEqual(local.series("/force"));
      } finally {
        local.close();
      }
      expect(series.fields.map((f) => f.label)).toEqual(["fz", "tz"]);
      expect(series.values[1]![19_999]).toBeNaN();
      expect(series.values[1]![24_999]).toBe(-24_999);
    } finally {
      service.close();
    }
  });
});
