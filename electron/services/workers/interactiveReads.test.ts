import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { auditEpisode } from "../dataset/episodeAuditReader.ts";
import { IndexWorkerPool } from "../dataset/indexWorkerPool.ts";
import { EpisodeWorkerPool } from "../episode/episodeWorkerPool.ts";
import { LoadedEpisode } from "../episode/loadedEpisode.ts";
import { InteractiveReads, interactiveReads, yieldToInteractive } from "./interactiveReads.ts";

const SAMPLE = fileURLToPath(new URL("../../../assets/sample/pick_cube_002.mcap", import.meta.url));
const episodes = new EpisodeWorkerPool(2);
const indexing = new IndexWorkerPool(1);
afterAll(async () => {
  episodes.close();
  await indexing.close();
});

/** Wait until the process's count is back to 0 (its grace period), failing after 2 s. */
async function until0(): Promise<void> {
  const t = performance.now();
  while (interactiveReads.count > 0) {
    if (performance.now() - t > 2000) throw new Error(`interactive reads still counted: ${interactiveReads.count}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const settleState = (p: Promise<unknown>) => {
  let settled = false;
  void p.then(
    () => (settled = true),
    () => (settled = true),
  );
  return () => settled;
};

describe("interactive reads go first", () => {
  it("counts a read until its grace period after it left", async () => {
    const reads = new InteractiveReads(100);
    reads.enter()();
    expect(reads.count).toBe(1);
    await new Promise((r) => setTimeout(r, 40));
    expect(reads.count).toBe(1);
    await new Promise((r) => setTimeout(r, 120));
    expect(reads.count).toBe(0);
  });

  it("counts each read until it leaves, once, and a wait ends when the count is 0 or after its longest wait", async () => {
    const reads = new InteractiveReads();
    const a = reads.enter();
    const b = reads.enter();
    expect(reads.count).toBe(2);
    a();
    a();
    expect(reads.count).toBe(1);
    const waited = settleState(yieldToInteractive(reads.shared, 10_000));
    await new Promise((r) => setTimeout(r, 60));
    expect(waited()).toBe(false);
    b();
    await new Promise((r) => setTimeout(r, 40));
    expect(waited()).toBe(true);
    const held = reads.enter();
    const t = performance.now();
    await yieldToInteractive(reads.shared, 80);
    expect(performance.now() - t).toBeGreaterThanOrEqual(75); // bounded: held back, never stopped
    held();
    await yieldToInteractive(undefined);
  });

  it("the episode workers count an open, a frame index and a series while they run, not frames", async () => {
    expect(interactiveReads.count).toBe(0);
    const opening = episodes.open(SAMPLE, "a.mcap");
    expect(interactiveReads.count).toBe(1);
    await opening;
    expect(interactiveReads.count).toBe(1); // counts on a while after it ended: the next read of the open follows
    await until0();
    const index = episodes.frameIndex(SAMPLE, "a.mcap", "/cam_high");
    const series = episodes.series(SAMPLE, "a.mcap", "/joint_states");
    expect(interactiveReads.count).toBe(2);
    await Promise.all([index, series]);
    await until0();
    const frames = episodes.frames(SAMPLE, "a.mcap", "/cam_high", 0, 2);
    expect(interactiveReads.count).toBe(0);
    await frames;
    // A cancelled read leaves too.
    const cancel = new AbortController();
    const cancelled = episodes.series(SAMPLE, "a.mcap", "/action", cancel.signal).catch(() => "cancelled");
    expect(interactiveReads.count).toBe(1);
    cancel.abort();
    await cancelled;
    await until0();
  });

  it("the indexing pass waits while an episode is being opened, then measures the episode as before", async () => {
    const leave = interactiveReads.enter();
    const summarizing = indexing.summarize(SAMPLE, "a.mcap", { jointTopic: null, actionTopic: null, idleRatio: 0.05, minPauseS: 0.3 });
    const done = settleState(summarizing);
    await new Promise((r) => setTimeout(r, 400));
    expect(done()).toBe(false);
    leave();
    const { facts, audit } = await summarizing;
    expect(facts.messageCount).toBeGreaterThan(0);
    const local = await LoadedEpisode.open({ episodeId: "x", absPath: SAMPLE, relPath: "a.mcap" });
    try {
      expect(audit).toEqual(await auditEpisode(local));
    } finally {
      local.close();
    }
  });

  it("the audit awaits its pause between the series' parts and the cameras' first frames, with the same result", async () => {
    // Read from the file, not from the episode cache an earlier test may have filled.
    const cache = process.env.EPISCOPE_EPISODE_CACHE;
    process.env.EPISCOPE_EPISODE_CACHE = "off";
    onTestFinished(() => {
      if (cache === undefined) delete process.env.EPISCOPE_EPISODE_CACHE;
      else process.env.EPISCOPE_EPISODE_CACHE = cache;
    });
    const stepped = await LoadedEpisode.open({ episodeId: "x", absPath: SAMPLE, relPath: "a.mcap" });
    const whole = await LoadedEpisode.open({ episodeId: "y", absPath: SAMPLE, relPath: "a.mcap" });
    try {
      let pauses = 0;
      const facts = await auditEpisode(stepped, undefined, async () => void pauses++);
      const cameras = whole.summary.channels.filter((c) => c.kind === "camera").length;
      expect(pauses).toBeGreaterThan(cameras + 2); // before each part of two series and each camera
      expect(facts).toEqual(await auditEpisode(whole));
      const fresh = await LoadedEpisode.open({ episodeId: "z", absPath: SAMPLE, relPath: "a.mcap" });
      try {
        let parts = 0;
        const series = await fresh.seriesInSteps("/joint_states", async () => void parts++, 100);
        expect(parts).toBe(Math.ceil(fresh.messageCount("/joint_states") / 100) + 1);
        expect(series).toEqual(whole.series("/joint_states"));
      } finally {
        fresh.close();
      }
    } finally {
      stepped.close();
      whole.close();
    }
  });
});
