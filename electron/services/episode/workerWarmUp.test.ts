import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { EpisodeWorkerPool } from "./episodeWorkerPool.ts";
import { LoadedEpisode } from "./loadedEpisode.ts";
import { WARM_UP_ROUNDS, warmUpRead, warmUpWorker } from "./workerWarmUp.ts";

const SAMPLE = fileURLToPath(new URL("../../../assets/sample/pick_cube_002.mcap", import.meta.url));
const OTHER = fileURLToPath(new URL("../../../assets/sample/pick_cube_001.mcap", import.meta.url));
const pool = new EpisodeWorkerPool(2);
afterAll(() => pool.close());

/** Steps of one warm-up read of `absPath`: the open, one per camera, one per 512 messages of each joints channel. */
async function stepsOfOneRead(absPath: string): Promise<number> {
  const episode = await LoadedEpisode.open({ episodeId: "x", absPath, relPath: "x.mcap" });
  try {
    const { channels } = episode.summary;
    const cameras = channels.filter((c) => c.kind === "camera" && c.messageCount > 0).length;
    const seriesSteps = channels.filter((c) => c.kind === "joints").reduce((sum, c) => sum + Math.ceil(c.messageCount / 512), 0);
    return 1 + cameras + seriesSteps;
  } finally {
    episode.close();
  }
}

describe("episode worker warm-up", () => {
  it("reads the samples in turn as an open does — every camera's frame index and first frame, every joints series — WARM_UP_ROUNDS times in all", async () => {
    const perRead = await stepsOfOneRead(SAMPLE);
    expect(perRead).toBeGreaterThan(4); // 3 cameras and two joints channels at least
    expect(await warmUpRead(SAMPLE, async () => true)).toBe(perRead);
    expect(await warmUpWorker([SAMPLE], () => false)).toBe(perRead * WARM_UP_ROUNDS);
    const perOther = await stepsOfOneRead(OTHER);
    expect(perOther).not.toBe(perRead); // 12 s and 16 s: the steps tell which one was read
    expect(await warmUpWorker([SAMPLE, OTHER], () => false)).toBe((perRead + perOther) * (WARM_UP_ROUNDS / 2));
    expect(await warmUpWorker([], () => false)).toBe(0);
  });

  it("stops at the worker's first request: one step (the open) when it has come already, the step it is in otherwise", async () => {
    expect(await warmUpWorker([SAMPLE], () => true)).toBe(1);
    let proceeds = 0;
    const steps = await warmUpRead(SAMPLE, async () => ++proceeds < 3);
    expect(proceeds).toBe(3);
    expect(steps).toBe(3);
    expect(steps).toBeLessThan(await stepsOfOneRead(SAMPLE));
  });

  it("a missing or unreadable warm-up episode is no warm-up, not an error", async () => {
    expect(await warmUpWorker([path.join(path.dirname(SAMPLE), "missing.mcap")], () => false)).toBe(0);
    expect(await warmUpWorker([path.dirname(SAMPLE)], () => false)).toBe(0);
  });

  it("a pool warming its workers answers requests made at once, equal to in-process reads", async () => {
    pool.warm([SAMPLE, OTHER]);
    const local = await LoadedEpisode.open({ episodeId: "x", absPath: OTHER, relPath: "other.mcap" });
    try {
      const [opened, series, frames] = await Promise.all([
        pool.open(OTHER, "other.mcap"),
        pool.series(OTHER, "other.mcap", "/joint_states"),
        pool.frames(OTHER, "other.mcap", "/cam_high", 0, 2),
      ]);
      expect(opened.summary.messageCount).toBe(local.summary.messageCount);
      expect(series).toEqual(local.series("/joint_states"));
      expect(frames.map((f) => f.data)).toEqual(local.frames("/cam_high", 0, 2).map((f) => f.data));
    } finally {
      local.close();
    }
  });
});
