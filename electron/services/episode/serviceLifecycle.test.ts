/**
 * EpisodeMainService's lifecycle (issue 20): a review of 200 episodes in a row keeps memory and open file descriptors
 * flat and the calling thread's event loop free (every parse runs in the worker pool); a file truncated or replaced
 * while open is reported as "the file changed on disk — reload" and the service keeps serving.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, describe, expect, it } from "vitest";
import { findRepoRoot } from "./mmapAddon.ts";
import { EpisodeMainService } from "./episodeMainService.ts";

const SAMPLE = path.join(findRepoRoot()!, "assets", "sample");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-lifecycle-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function openFds(): number {
  return fs.readdirSync("/proc/self/fd").length;
}

function rssMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage.rss() / 1e6;
}

describe("reviewing 200 episodes in a row", () => {
  it("keeps memory and open file descriptors flat, and the longest event-loop stall under 50 ms", async () => {
    const dir = path.join(tmp, "review");
    fs.mkdirSync(dir);
    const sources = ["pick_cube_001.mcap", "pick_cube_002.mcap"];
    for (let i = 0; i < 200; i++) fs.copyFileSync(path.join(SAMPLE, sources[i % 2]!), path.join(dir, `ep_${String(i).padStart(3, "0")}.mcap`));
    const service = new EpisodeMainService(dir, null);
    const stalls = monitorEventLoopDelay({ resolution: 5 });
    const samples: { rss: number; fds: number }[] = [];
    try {
      const { episodes } = await service.list();
      expect(episodes).toHaveLength(200);
      for (const [i, episode] of episodes.entries()) {
        if (i === 20) stalls.enable(); // after the workers started and the decoders loaded
        const summary = await service.open(episode.path);
        // The review queue prefetches the next one.
        const next = episodes[i + 1];
        const prefetch = next ? service.open(next.path) : Promise.resolve(null);
        const cameras = summary.channels.filter((c) => c.kind === "camera");
        expect(cameras.length).toBeGreaterThan(0);
        await Promise.all(
          cameras.map(async (camera) => {
            const index = await service.frameIndex(summary.episodeId, camera.topic);
            const last = index.logTimesNs.length - 1;
            for (const at of [0, Math.floor(last / 2), last]) {
              const [frame] = await service.frames(summary.episodeId, camera.topic, at, at);
              expect(frame!.data.byteLength).toBeGreaterThan(0);
            }
          }),
        );
        const series = await service.series(summary.episodeId, "/joint_states");
        expect(series.logTimesNs.length).toBe(summary.channels.find((c) => c.topic === "/joint_states")!.messageCount);
        await service.seriesRange(summary.episodeId, "/joint_states", summary.startNs, summary.endNs, 400);
        await prefetch;
        if (i % 2 === 1) service.closeEpisode(summary.episodeId); // the app closes what it leaves; the LRU bounds the rest
        if (i === 30 || i === 199) {
          stalls.disable(); // the test's own full GC (to measure what is retained) is not the service's stall
          samples.push({ rss: rssMb(), fds: openFds() });
          stalls.enable();
        }
      }
      stalls.disable();
      expect(service.openEpisodeIds.length).toBeLessThanOrEqual(8);
      const [early, late] = samples as [{ rss: number; fds: number }, { rss: number; fds: number }];
      // Workers close asynchronously: allow the few descriptors of episodes being closed right now.
      expect(late.fds - early.fds).toBeLessThanOrEqual(4);
      expect(late.rss - early.rss).toBeLessThan(100);
      // A stall is wall-clock time: on a machine loaded past its cores (the shared CI box often runs at load 15 on 2
      // cores) the thread simply is not scheduled for tens of ms, whatever it runs. The 50 ms bound holds when the
      // machine has room; under overload only a gross stall (a parse on this thread) fails.
      const overloaded = os.loadavg()[0]! > os.cpus().length;
      const longest = stalls.max / 1e6;
      expect(longest, `longest event-loop stall ${longest.toFixed(1)} ms (load ${os.loadavg()[0]!.toFixed(1)})`).toBeLessThan(overloaded ? 1000 : 50);
    } finally {
      service.close();
    }
  }, 300_000);
});

describe("a file changed while open", () => {
  it("is reported as changed on disk (truncated, then replaced) and the service keeps serving", async () => {
    const dir = path.join(tmp, "changed");
    fs.mkdirSync(dir);
    const file = path.join(dir, "a.mcap");
    fs.copyFileSync(path.join(SAMPLE, "pick_cube_001.mcap"), file);
    fs.copyFileSync(path.join(SAMPLE, "pick_cube_002.mcap"), path.join(dir, "b.mcap"));
    const service = new EpisodeMainService(dir, null);
    try {
      const a = await service.open("a.mcap");
      const b = await service.open("b.mcap");
      const index = await service.frameIndex(a.episodeId, "/cam_left_wrist");
      const last = index.logTimesNs.length - 1;
      expect((await service.frames(a.episodeId, "/cam_left_wrist", last, last))[0]!.data.byteLength).toBeGreaterThan(0);

      // Truncated under the open mapping: no SIGBUS, a clear error, and the episode is closed.
      fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
      const changed = { code: "file-changed", message: expect.stringMatching(/a\.mcap: the file changed on disk \(.+\) — reload$/) };
      await expect(service.frames(a.episodeId, "/cam_left_wrist", last, last)).rejects.toMatchObject(changed);
      await expect(service.series(a.episodeId, "/joint_states")).rejects.toMatchObject({ code: "unknown-episode" });
      // The other episode is still served.
      expect((await service.series(b.episodeId, "/joint_states")).logTimesNs.length).toBe(b.channels.find((c) => c.topic === "/joint_states")!.messageCount);

      // Reopened: the cut file opens with what is readable and says where it was cut.
      const cut = await service.open("a.mcap");
      expect(cut.episodeId).not.toBe(a.episodeId);
      expect(cut.problems.some((p) => p.severity === "error" && /truncated/.test(p.message))).toBe(true);

      // Replaced by another file (rename over it): detected by inode.
      const replacement = path.join(dir, "a.mcap.new");
      fs.copyFileSync(path.join(SAMPLE, "pick_cube_002.mcap"), replacement);
      fs.renameSync(replacement, file);
      await expect(service.frameIndex(cut.episodeId, "/cam_high")).rejects.toMatchObject({
        code: "file-changed",
        message: expect.stringContaining("replaced by another file"),
      });
      const reopened = await service.open("a.mcap");
      expect(reopened.sizeBytes).toBe(fs.statSync(file).size);
      expect(reopened.problems.filter((p) => p.severity === "error")).toEqual([]);
    } finally {
      service.close();
    }
  });
});
