/**
 * The services publish the contract's events (what the Electron and serve transports forward): a save publishes
 * `annotation.changed` with the caller's origin (a refused save publishes nothing), indexing publishes `job.progress`
 * from start to end, and an open episode whose file is truncated on disk publishes `episode.fileChanged` without
 * anybody reading it (the file watcher). Real services, real files, the real dispatcher.
 */
import { cp, mkdtemp, truncate } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { emptyAnnotation } from "../../shared/annotation.ts";
import type { EventMessage } from "../../shared/ipc/contract.ts";
import { closeServices, createHandlers, createServices, type EpiscopeServices } from "./createHandlers.ts";
import { dispatchIpc, uncancelled } from "./ipcDispatcher.ts";

const SAMPLE_EPISODE = fileURLToPath(new URL("../../assets/sample/pick_cube_001.mcap", import.meta.url));

let services: EpiscopeServices | undefined;
afterEach(async () => {
  if (services) await closeServices(services);
  services = undefined;
});

async function setup() {
  const root = await mkdtemp(join(tmpdir(), "episcope-service-events-"));
  await cp(SAMPLE_EPISODE, join(root, "ep.mcap"));
  services = createServices(root, null, { id: "alice", name: "Alice" }, "serve", "0.0.0", join(root, "settings.json"));
  const events: EventMessage[] = [];
  services.events.subscribe((m) => events.push(m));
  return { root, s: services, events, handlers: createHandlers(() => services!) };
}

const until = async (check: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("service events", () => {
  it("a save publishes annotation.changed with the caller's origin; a refused save publishes nothing", async () => {
    const { s, events, handlers } = await setup();
    const summary = await s.episodes.open("ep.mcap");
    const fingerprint = { sizeBytes: summary.sizeBytes, startNs: summary.startNs, endNs: summary.endNs, messageCount: summary.messageCount };
    const doc = emptyAnnotation("ep.mcap", fingerprint, { id: "alice", name: "Alice" });
    const saved = await dispatchIpc(handlers, "annotation.save", { path: "ep.mcap", document: doc }, uncancelled("page-a"));
    expect(saved).toMatchObject({ ok: true, value: { revision: 1 } });
    expect(events.filter((e) => e.event === "annotation.changed")).toEqual([
      { event: "annotation.changed", payload: { episodePath: "ep.mcap", layer: "alice", revision: 1, origin: "page-a" } },
    ]);
    // Another edit based on revision 0 again: a conflict, and no event.
    const stale = { ...doc, review: { ...doc.review, outcome: "failure" as const } };
    const refused = await dispatchIpc(handlers, "annotation.save", { path: "ep.mcap", document: stale }, uncancelled("page-b"));
    expect(refused).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(events.filter((e) => e.event === "annotation.changed")).toHaveLength(1);
    // The adjudicated layer is named as such.
    await dispatchIpc(handlers, "annotation.save", { path: "ep.mcap", document: doc, layer: "adjudicated" }, uncancelled("page-b"));
    expect(events.at(-1)).toMatchObject({ event: "annotation.changed", payload: { layer: "adjudicated", origin: "page-b" } });
  });

  it("indexing publishes job.progress from start to end", async () => {
    const { events, handlers } = await setup();
    await dispatchIpc(handlers, "dataset.index", {});
    await until(() => events.some((e) => e.event === "job.progress" && (e.payload as { progress: { state: string } }).progress.state === "done"));
    const progress = events.filter((e) => e.event === "job.progress").map((e) => e.payload as { kind: string; progress: { state: string; done: number } });
    expect(progress[0]).toMatchObject({ kind: "index", progress: { state: "running" } });
    expect(progress.at(-1)).toMatchObject({ kind: "index", progress: { state: "done", done: 1 } });
  });

  it("an open episode truncated on disk publishes episode.fileChanged without being read", async () => {
    const { root, s, events } = await setup();
    const { episodeId } = await s.episodes.open("ep.mcap");
    await truncate(join(root, "ep.mcap"), 1000);
    await until(() => events.some((e) => e.event === "episode.fileChanged"));
    const change = events.find((e) => e.event === "episode.fileChanged")!;
    expect(change.payload).toMatchObject({ path: "ep.mcap", episodeId, message: expect.stringMatching(/ep\.mcap: the file changed on disk \(its size went from \d+ to 1000 bytes\) — reload$/) });
    expect(s.episodes.openEpisodeIds).not.toContain(episodeId);
    // Told once.
    await expect(s.episodes.frameIndex(episodeId, "/cam_high")).rejects.toMatchObject({ code: "unknown-episode" });
    expect(events.filter((e) => e.event === "episode.fileChanged")).toHaveLength(1);
  });
});
