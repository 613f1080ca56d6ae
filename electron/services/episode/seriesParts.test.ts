/**
 * A channel's series read in parts (one per worker) and joined equals the single-pass series: for the JointState CDR
 * fast path (the bundled sample), the general decoder, and through EpisodeMainService, which splits long channels.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { mergeSeriesParts } from "../../../shared/series/mergeSeriesParts.ts";
import { EpisodeMainService } from "./episodeMainService.ts";
import { LoadedEpisode } from "./loadedEpisode.ts";
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

  it("EpisodeMainService reads a long channel in two worker parts, equal to one pass", async () => {
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
