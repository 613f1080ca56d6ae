/**
 * Import jobs as the app runs them: progress with the declared total, episodes landing inside the served folder with
 * their imported labels layer, cancel between episodes, and clear refusals.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ImportJobs } from "./importJobs.ts";

const BRIDGE = `${process.env.EPISCOPE_SHARED_DATA}/rlds/bridge_debug/1.0.0`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-import-jobs-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function until(jobs: ImportJobs, jobId: string) {
  for (;;) {
    const p = jobs.status(jobId)!;
    if (p.state !== "running") return p;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("ImportJobs", () => {
  it("imports BridgeData into imports/bridge_debug with progress against the declared total", async () => {
    const root = path.join(tmp, "a");
    fs.mkdirSync(root);
    const jobs = new ImportJobs(root);
    const started = await jobs.start(BRIDGE);
    expect(started).toMatchObject({ state: "running", format: "rlds", outDir: "imports/bridge_debug", total: 50 });
    await expect(jobs.start(BRIDGE)).rejects.toMatchObject({ code: "busy" });
    const done = await until(jobs, started.jobId);
    expect(done.state).toBe("done");
    expect(done.episodes).toHaveLength(50);
    expect(done.episodes[0]).toMatchObject({ status: "ok", steps: 10, output: "imports/bridge_debug/train_episode_000000.mcap" });
    expect(fs.existsSync(path.join(root, "imports/bridge_debug/.episcope/annotations/import.rlds.bridge_dataset/train_episode_000000.json"))).toBe(true);
    expect(jobs.status()).toEqual(done);
  });

  it("cancels between episodes: what was imported stays, the rest is not started", async () => {
    const root = path.join(tmp, "b");
    fs.mkdirSync(root);
    const jobs = new ImportJobs(root);
    const started = await jobs.start(BRIDGE, "cancelled-run");
    const stopped = await jobs.cancel(started.jobId);
    expect(stopped.state).toBe("cancelled");
    expect(stopped.episodes.length).toBeGreaterThan(0);
    expect(stopped.episodes.length).toBeLessThan(50);
    const written = fs.readdirSync(path.join(root, "cancelled-run")).filter((f) => f.endsWith(".mcap"));
    expect(written).toHaveLength(stopped.episodes.length);
  });

  it("refuses relative sources, missing sources, non-datasets and outputs outside the served folder", async () => {
    const root = path.join(tmp, "c");
    fs.mkdirSync(root);
    const jobs = new ImportJobs(root);
    await expect(jobs.start("relative/path")).rejects.toMatchObject({ code: "invalid-path" });
    await expect(jobs.start(path.join(tmp, "missing"))).rejects.toMatchObject({ code: "not-found" });
    await expect(jobs.start(root)).rejects.toMatchObject({ code: "unsupported-source", message: expect.stringContaining(root) });
    await expect(jobs.start(BRIDGE, "../outside")).rejects.toMatchObject({ code: "invalid-path" });
    expect(jobs.status()).toBeNull();
    expect(() => jobs.status("import-9")).toThrow(/no import job import-9/);
  });
});
