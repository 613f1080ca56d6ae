import { describe, expect, it } from "vitest";
import type { EpiscopeApi, Subscribe } from "../../../shared/ipc/contract.ts";
import { EventHub } from "../../../shared/ipc/eventHub.ts";
import type { ExportJobProgress } from "../../../shared/export/exportJob.ts";
import type { IndexProgress } from "../../../shared/dataset/datasetRow.ts";
import { jobFollower } from "./jobEvents.ts";
import { isStale } from "./dataset.ts";

/** The events side of an api, fed by a real EventHub (what the transports deliver). */
function eventsApi() {
  const hub = new EventHub();
  const on: Subscribe = (event, listener) => hub.subscribe((m) => m.event === event && listener(m.payload as never));
  return { hub, api: { on } as Pick<EpiscopeApi, "on"> };
}

const exportProgress = (jobId: string, state: ExportJobProgress["state"], done: number): ExportJobProgress => ({
  jobId,
  format: "json",
  out: "/tmp/out",
  state,
  done,
  total: 2,
  current: null,
  summary: null,
  error: null,
});

describe("jobFollower (job.progress events, no status requests)", () => {
  it("follows the started job to its end once, ignoring other jobs and kinds", () => {
    const { hub, api } = eventsApi();
    const seen: string[] = [];
    const ended: string[] = [];
    const follow = jobFollower(api, "export", (p) => seen.push(`${p.jobId}:${p.state}:${p.done}`), (p) => ended.push(p.jobId));
    follow(exportProgress("export-1", "running", 0));
    hub.publish("job.progress", { kind: "export", progress: exportProgress("export-1", "running", 1) });
    hub.publish("job.progress", { kind: "export", progress: exportProgress("export-9", "running", 1) });
    hub.publish("job.progress", { kind: "import", progress: { ...exportProgress("export-1", "done", 2) } as never });
    hub.publish("job.progress", { kind: "export", progress: exportProgress("export-1", "done", 2) });
    hub.publish("job.progress", { kind: "export", progress: exportProgress("export-1", "done", 2) });
    expect(seen).toEqual(["export-1:running:0", "export-1:running:1", "export-1:done:2"]);
    expect(ended).toEqual(["export-1"]);
  });

  it("a job that ended before its start call returned is shown ended at once", () => {
    const { hub, api } = eventsApi();
    const ended: ExportJobProgress[] = [];
    const follow = jobFollower(api, "export", () => {}, (p) => ended.push(p));
    hub.publish("job.progress", { kind: "export", progress: exportProgress("export-2", "running", 0) });
    hub.publish("job.progress", { kind: "export", progress: exportProgress("export-2", "done", 2) });
    follow(exportProgress("export-2", "running", 0)); // the start call's (older) reply
    expect(ended).toMatchObject([{ jobId: "export-2", state: "done", done: 2 }]);
  });
});

describe("dataset progress ordering (isStale)", () => {
  const p = (jobId: string, state: IndexProgress["state"], done: number): IndexProgress => ({ jobId, state, total: 9, done, cached: 0, failed: 0, elapsedMs: 0, error: null });
  it("never lets an older reply or an earlier job replace newer progress", () => {
    expect(isStale(null, p("index-1", "running", 0))).toBe(false);
    expect(isStale(p("index-1", "done", 9), p("index-1", "running", 0))).toBe(true); // the start call's late reply
    expect(isStale(p("index-1", "running", 5), p("index-1", "running", 3))).toBe(true);
    expect(isStale(p("index-1", "running", 3), p("index-1", "running", 5))).toBe(false);
    expect(isStale(p("index-2", "running", 0), p("index-1", "done", 9))).toBe(true);
    expect(isStale(p("index-1", "done", 9), p("index-2", "running", 0))).toBe(false);
  });
});
