/**
 * The team store's change feed on a real PostgreSQL: another process's save reaches this process's feed within a
 * second (measured), this process's own saves are not delivered, and after the feed's connection is killed
 * (`pg_terminate_backend`) it reconnects and resyncs what it missed.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { RemoteAnnotationChange } from "../../../../shared/annotation/remoteChange.ts";
import { alice, marked } from "../annotationStoreSuite.ts";
import { ChangeFeed } from "./changeFeed.ts";
import type { TeamStore } from "./teamStore.ts";
import { postgresForTests } from "./testTeamStores.ts";

const postgres = postgresForTests();

const team = (dataset: string, origin: string): Promise<TeamStore> => postgres.open(dataset, 2, origin);

/** Resolves with the first change `accept` takes (rejects after `ms`). */
function next(source: { onRemoteChange: TeamStore["onRemoteChange"] }, accept: (c: RemoteAnnotationChange) => boolean, ms = 5_000) {
  return new Promise<RemoteAnnotationChange>((resolve, reject) => {
    const timer = setTimeout(() => (stop(), reject(new Error(`no change in ${ms} ms`))), ms);
    const stop = source.onRemoteChange((c) => {
      if (!accept(c)) return;
      clearTimeout(timer);
      stop();
      resolve(c);
    });
  });
}

describe("ChangeFeed", () => {
  it("delivers another store's save, not its own; what was stored before it started is not a change", async () => {
    const a = await team("two", "origin-a");
    const b = await team("two", "origin-b");
    await a.store(alice).save("old.mcap", marked("old.mcap"));
    await Promise.all([a.changes.start(), b.changes.start()]);
    const seenByA: RemoteAnnotationChange[] = [];
    a.onRemoteChange((c) => seenByA.push(c));
    const seenByB: RemoteAnnotationChange[] = [];
    b.onRemoteChange((c) => seenByB.push(c));
    const arrived = next(b, (c) => c.episode === "ep.mcap");
    await a.store(alice).save("ep.mcap", marked("ep.mcap"));
    expect(await arrived).toEqual({ layer: "alice", episode: "ep.mcap", revision: 1, actor: "alice", resync: false });
    // B saves too: A sees it, B does not see its own.
    const back = next(a, (c) => c.layer === "bob");
    await b.store({ id: "bob", name: "Bob" }).save("ep.mcap", marked("ep.mcap", { id: "bob", name: "Bob" }));
    expect(await back).toMatchObject({ layer: "bob", episode: "ep.mcap", revision: 1, actor: "bob" });
    await new Promise((r) => setTimeout(r, 200));
    expect(seenByA.map((c) => c.layer)).toEqual(["bob"]);
    expect(seenByB.map((c) => `${c.layer} ${c.episode}`)).toEqual(["alice ep.mcap"]);
  });

  it("another process's saves arrive within a second (latency measured from the writer's acknowledgement)", async () => {
    const feed = await team("process", "origin-test");
    await feed.changes.start();
    const arrivals = new Map<number, number>();
    feed.onRemoteChange((c) => arrivals.set(c.revision, performance.timeOrigin + performance.now()));
    const child = fileURLToPath(new URL("./changeFeedChild.ts", import.meta.url));
    const proc = spawn(process.execPath, ["--import", "tsx", child, postgres.url, "process", "20", "50"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
    proc.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => proc.once("exit", resolve));
    expect(code, err).toBe(0);
    await new Promise((r) => setTimeout(r, 1_000));
    const acks = out.trim().split("\n").map((line) => line.split(" ").map(Number) as [number, number, number]);
    expect(acks).toHaveLength(20);
    // Delivered after the ack is printed or slightly before it (NOTIFY goes out at COMMIT, before the writer's
    // client gets the COMMIT reply): the latency is arrival − ack, floored at 0.
    const latencies = acks.map(([, revision, ackedAt]) => {
      const at = arrivals.get(revision);
      expect(at, `revision ${revision} delivered`).toBeDefined();
      return Math.max(0, at! - ackedAt);
    });
    latencies.sort((x, y) => x - y);
    const median = latencies[10]!;
    const max = latencies.at(-1)!;
    console.log(`change feed latency over 20 saves from another process: median ${median.toFixed(1)} ms, max ${max.toFixed(1)} ms`);
    expect(max).toBeLessThan(1_000);
  }, 60_000);

  it("reconnects after pg_terminate_backend and resyncs the saves it missed, each once", async () => {
    const writer = await team("killed", "origin-writer");
    // The feed under test: slow first retry, so saves certainly land while it is disconnected.
    const feed = new ChangeFeed(postgres.url, "killed", "origin-feed", { minMs: 1_000, maxMs: 2_000 });
    try {
      await feed.start();
      const got: RemoteAnnotationChange[] = [];
      feed.onRemoteChange((c) => got.push(c));
      await writer.store(alice).save("a.mcap", marked("a.mcap"));
      await expect.poll(() => got.length).toBe(1);
      const pid = await feed.backendPid();
      await writer.pool.query("SELECT pg_terminate_backend($1)", [pid]);
      await expect.poll(() => feed.backendPid()).toBeNull();
      // Missed while disconnected: a new revision of a.mcap and a new document b.mcap.
      const doc = (await writer.store(alice).load("a.mcap"))!;
      await writer.store(alice).save("a.mcap", { ...doc, review: { ...doc.review, note: "while down" } });
      await writer.store(alice).save("b.mcap", marked("b.mcap"));
      await expect.poll(() => got.length, { timeout: 10_000 }).toBe(3);
      expect(got.slice(1).sort((x, y) => x.episode.localeCompare(y.episode))).toEqual([
        { layer: "alice", episode: "a.mcap", revision: 2, actor: "alice", resync: true },
        { layer: "alice", episode: "b.mcap", revision: 1, actor: "alice", resync: true },
      ]);
      expect(feed.connections).toBe(2);
      // Live again afterwards.
      await writer.store(alice).save("c.mcap", marked("c.mcap"));
      await expect.poll(() => got.length).toBe(4);
      expect(got[3]).toMatchObject({ episode: "c.mcap", resync: false });
    } finally {
      await feed.close();
    }
  }, 30_000);
});
