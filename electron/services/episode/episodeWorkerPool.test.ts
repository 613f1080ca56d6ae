import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EpisodeWorkerPool } from "./episodeWorkerPool.ts";
import { LoadedEpisode } from "./loadedEpisode.ts";
import { evenTimes, writeTestMcap } from "./testMcapWriter.ts";

const ZOO = `${process.env.EPISCOPE_SHARED_DATA}/mcap/ros2_message_zoo.mcap`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-workers-"));
const pool = new EpisodeWorkerPool(1);
afterAll(async () => {
  await pool.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("EpisodeWorkerPool", () => {
  it("reads a series and a frame index in a worker, equal to the in-process reads", async () => {
    const local = await LoadedEpisode.open({ episodeId: "x", absPath: ZOO, relPath: "zoo.mcap" });
    try {
      const [series, index, scan] = await Promise.all([
        pool.series(ZOO, "zoo.mcap", "/joint_state"),
        pool.frameIndex(ZOO, "zoo.mcap", "/compressed_image"),
        pool.scan(ZOO, "zoo.mcap"),
      ]);
      expect(series).toEqual(local.series("/joint_state"));
      expect(series.values[0]).toBeInstanceOf(Float64Array);
      expect(index).toEqual(local.frameIndex("/compressed_image"));
      expect(scan.messages).toBe(local.summary.messageCount);
    } finally {
      local.close();
    }
  });

  it("errors keep their code and message", async () => {
    await expect(pool.series(ZOO, "zoo.mcap", "/nope")).rejects.toMatchObject({ code: "unknown-topic", message: expect.stringContaining('"/nope"') });
    await expect(pool.series(path.join(tmp, "missing.mcap"), "missing.mcap", "/x")).rejects.toMatchObject({ code: "not-found" });
  });

  it("with several workers, an episode is read in the worker that opened it, the next one in an idle worker; both answer before and after a close", async () => {
    const two = new EpisodeWorkerPool(2);
    const other = path.join(tmp, "other.mcap");
    await writeTestMcap(other, {
      channels: [{ topic: "/v", schemaName: "demo.Value" }],
      messages: evenTimes(1_000_000_000n, 1_000_000n, 200_000).map((logTimeNs, i) => ({ topic: "/v", logTimeNs, json: { value: i } })),
    });
    try {
      const local = await LoadedEpisode.open({ episodeId: "x", absPath: ZOO, relPath: "zoo.mcap" });
      try {
        const opened = await two.open(ZOO, "zoo.mcap");
        expect(opened.summary.messageCount).toBe(local.summary.messageCount);
        const asked = () => Promise.all([two.frameIndex(ZOO, "zoo.mcap", "/compressed_image"), two.series(ZOO, "zoo.mcap", "/joint_state")]);
        expect(await asked()).toEqual([local.frameIndex("/compressed_image"), local.series("/joint_state")]);
        expect(two.episodesPerWorker).toEqual([1]); // every read of it went to the one worker
        // While the zoo's worker is busy with a long series of its own, another episode opens in the idle worker.
        await two.open(other, "other.mcap");
        const long = two.series(other, "other.mcap", "/v");
        const zooWhileBusy = asked();
        expect(two.episodesPerWorker).toEqual([1, 1]);
        expect(await zooWhileBusy).toEqual([local.frameIndex("/compressed_image"), local.series("/joint_state")]);
        expect((await long).logTimesNs).toHaveLength(200_000);
        two.closeEpisode(ZOO); // every worker closes it: the next requests open it again in an idle worker
        expect(two.episodesPerWorker).toEqual([0, 1]);
        expect(await asked()).toEqual([local.frameIndex("/compressed_image"), local.series("/joint_state")]);
        expect(two.episodesPerWorker.reduce((a, b) => a + b)).toBe(2);
      } finally {
        local.close();
      }
    } finally {
      await two.close();
    }
  });

  it("a newer request for the same episode + topic + kind cancels the older one", async () => {
    const file = path.join(tmp, "long.mcap");
    await writeTestMcap(file, {
      channels: [{ topic: "/v", schemaName: "demo.Value" }],
      messages: evenTimes(1_000_000_000n, 1_000_000n, 20_000).map((logTimeNs, i) => ({ topic: "/v", logTimeNs, json: { value: i } })),
    });
    const first = pool.series(file, "long.mcap", "/v");
    const other = pool.series(file, "long.mcap", "/other-topic"); // a different key: not cancelled
    const second = pool.series(file, "long.mcap", "/v");
    await expect(first).rejects.toMatchObject({ code: "cancelled", message: "long.mcap: the series read of /v was superseded by a newer request" });
    await expect(other).rejects.toMatchObject({ code: "unknown-topic" });
    const series = await second;
    expect(series.logTimesNs).toHaveLength(20_000);
    expect(series.values[0]![19_999]).toBe(19_999);
    expect(pool.pendingCount).toBe(0);
  });
});
