import fs from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../../scripts/dataset-fixture/generateDataset.ts";
import { evenTimes, writeTestMcap } from "../episode/testMcapWriter.ts";
import { DatasetMainService } from "./datasetMainService.ts";
import { CACHE_FILE, readSummaryCache } from "./summaryCache.ts";

let template: string;
const services: DatasetMainService[] = [];

/** A fresh copy of a generated 12-episode dataset (2 damaged, annotations of two annotators). */
async function dataset(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "episcope-dataset-"));
  fs.cpSync(template, root, { recursive: true });
  return root;
}

function service(root: string): DatasetMainService {
  const s = new DatasetMainService(root, { workers: 2 });
  services.push(s);
  return s;
}

beforeAll(async () => {
  template = await mkdtemp(path.join(tmpdir(), "episcope-dataset-template-"));
  await generateDataset(template, { episodes: 12, seed: 3, damaged: 2 });
}, 60_000);

afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

describe("DatasetMainService", () => {
  it("indexes every episode in workers, lists damaged ones with their error, and fills rows", async () => {
    const root = await dataset();
    const s = service(root);
    const progress = await s.index();
    expect(progress).toMatchObject({ state: "done", total: 12, done: 12, cached: 0, failed: 2, error: null });
    const { rows } = await s.rows();
    expect(rows).toHaveLength(12);
    const bad = rows.filter((r) => r.error);
    expect(bad).toHaveLength(2);
    expect(bad[0]!.error!.message).toContain(bad[0]!.path);
    expect(bad[0]!.error!.code).toBe("truncated");
    const good = rows.find((r) => !r.error)!;
    expect(good.facts!.cameras).toEqual(["/cam_high", "/cam_wrist"]);
    expect(good.facts!.durationSec).toBeGreaterThan(2);
    expect(good.fields.operator).toMatch(/^op_\d\d$/);
    expect(good.fields.task).toBeTruthy();
    expect(rows.some((r) => r.annotators.length > 0 && r.status !== "unreviewed")).toBe(true);
    expect(fs.existsSync(path.join(root, CACHE_FILE))).toBe(true);
  }, 60_000);

  it("reopens from the cache and re-indexes only changed or new files", async () => {
    const root = await dataset();
    await service(root).index();
    const warm = service(root);
    const p = await warm.index();
    expect(p).toMatchObject({ total: 12, cached: 12, failed: 2 });
    // rows are available from the cache before any job runs
    expect((await service(root).rows()).rows.filter((r) => r.facts).length).toBe(10);

    const changed = path.join(root, "session_01/ep_0003.mcap");
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(changed, later, later);
    fs.copyFileSync(path.join(root, "session_01/ep_0004.mcap"), path.join(root, "session_01/new.mcap"));
    const again = await service(root).index();
    expect(again).toMatchObject({ total: 13, cached: 11, done: 13 });
  }, 60_000);

  it("finds rosbag2 folders (one episode of several parts) in sub-folders, and re-indexes one when a part changes", async () => {
    const root = await dataset();
    const bag = path.join(root, "bags/run_7");
    fs.mkdirSync(bag, { recursive: true });
    const T0 = 1_757_502_000_000_000_000n;
    const channels = [{ topic: "/cam", schemaName: "foxglove.CompressedImage" }];
    for (const k of [0, 1]) {
      await writeTestMcap(path.join(bag, `run_7_${k}.mcap`), { channels, messages: evenTimes(T0 + BigInt(k) * 1_000_000_000n, 100_000_000n, 10).map((logTimeNs) => ({ topic: "/cam", logTimeNs })) });
    }
    fs.writeFileSync(path.join(bag, "metadata.yaml"), "rosbag2_bagfile_information:\n  version: 5\n  storage_identifier: mcap\n");
    const s = service(root);
    expect((await s.index()).total).toBe(13);
    const row = (await s.rows()).rows.find((r) => r.path === "bags/run_7")!;
    expect(row.error).toBeNull();
    expect(row.facts!.cameras).toEqual(["/cam"]);
    expect(row.facts!.durationSec).toBeCloseTo(1.9, 6);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(bag, "run_7_1.mcap"), later, later);
    expect(await service(root).index()).toMatchObject({ total: 13, cached: 12 });
  }, 60_000);

  it("cancels a job, keeping what was indexed", async () => {
    const root = await dataset();
    const s = service(root);
    const started = s.startIndex();
    const cancelled = await s.cancel(started.jobId);
    expect(["cancelled", "done"]).toContain(cancelled.state);
    expect(s.status(started.jobId)!.state).toBe(cancelled.state);
    expect(() => s.status("index-99")).toThrow(/no indexing job/);
    const next = await s.index();
    expect(next.state).toBe("done");
    expect(next.cached).toBe(cancelled.done);
  }, 60_000);

  it("two instances writing one cache both keep their entries", async () => {
    const root = await dataset();
    const a = service(root);
    const b = service(root);
    await Promise.all([a.index(), b.index()]);
    expect(readSummaryCache(path.join(root, CACHE_FILE)).size).toBe(12);
    const leftovers = fs.readdirSync(path.dirname(path.join(root, CACHE_FILE))).filter((f) => f.endsWith(".tmp"));
    expect(leftovers).toEqual([]);
  }, 60_000);

  it("reads every annotator's review, and metadata overrides from the table (import, export, set)", async () => {
    const root = await dataset();
    const s = service(root);
    await s.index();
    const target = (await s.rows()).rows.find((r) => !r.error)!;
    const result = await s.importMetadata(`path,operator,weather\n${target.path},lead_op,sunny\nmissing.mcap,x,y\nbad,row\n`, "csv", "ops.csv");
    expect(result.imported).toBe(1);
    expect(result.ignored.map((i) => i.where)).toEqual(['ops.csv column "weather"', "ops.csv line 4", 'ops.csv "missing.mcap"']);
    let row = (await s.rows()).rows.find((r) => r.path === target.path)!;
    expect(row.fields.operator).toBe("lead_op");
    expect(row.overridden).toEqual(["operator"]);
    await s.setMetadata(target.path, { operator: null, scene: "kitchen" });
    row = (await s.rows()).rows.find((r) => r.path === target.path)!;
    expect(row.fields.operator).toBe(target.fields.operator);
    expect(row.fields.scene).toBe("kitchen");
    // The export lists every episode with its effective metadata (MCAP record values, overridden by the table).
    const csv = (await s.exportMetadata("csv")).text.trimEnd().split("\n");
    expect(csv[0]).toBe("path,operator,task,robot,session,scene,condition");
    expect(csv).toHaveLength(1 + (await s.rows()).rows.length);
    const exported = csv.find((l) => l.startsWith(`${target.path},`))!;
    expect(exported.endsWith(",kitchen,")).toBe(true);
    if (target.fields.operator) expect(exported).toContain(`,${target.fields.operator},`);
    await expect(s.setMetadata("nope.mcap", { task: "x" })).rejects.toThrow(/no such episode/);

    // a second annotator's layer shows up next to the first
    const doc = JSON.parse(fs.readFileSync(findDocument(root, target.path) ?? writeDoc(root, target.path), "utf8")) as Record<string, unknown>;
    const other = path.join(root, ".episcope/annotations/carol", target.path.replace(/\.mcap$/, ".json"));
    fs.mkdirSync(path.dirname(other), { recursive: true });
    fs.writeFileSync(other, JSON.stringify({ ...doc, annotator: { id: "carol", name: "Carol" }, updatedAt: "2030-01-01T00:00:00.000Z", review: { status: "needs_fix", outcome: "partial", score: 2, flags: ["collision"], note: "" } }));
    row = (await s.rows()).rows.find((r) => r.path === target.path)!;
    expect(row.annotators).toContain("carol");
    expect(row.reviews.find((r) => r.annotator === "carol")).toMatchObject({ status: "needs_fix", outcome: "partial", score: 2, flags: ["collision"] });
    // Saved last, carol's verdict does not win by that: the row shows what the decided annotators share, or a conflict.
    const first = row.reviews.find((r) => r.annotator !== "carol")!;
    const decided = ["accepted", "rejected", "needs_fix"].includes(first.status);
    const differs = decided && (first.status !== "needs_fix" || (first.outcome !== null && first.outcome !== "partial"));
    expect(row.conflict).toBe(differs);
    if (differs) expect(row.status).toBe("conflict");
  }, 60_000);
});

function findDocument(root: string, episode: string): string | null {
  for (const a of ["rev_alice", "rev_bob"]) {
    const f = path.join(root, ".episcope/annotations", a, episode.replace(/\.mcap$/, ".json"));
    if (fs.existsSync(f)) return f;
  }
  return null;
}

function writeDoc(root: string, episode: string): string {
  const f = path.join(root, ".episcope/annotations/rev_alice", episode.replace(/\.mcap$/, ".json"));
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, JSON.stringify({ schema: "episcope.annotation/2", episode: { path: episode }, annotator: { id: "rev_alice", name: "A" }, review: { status: "accepted" }, updatedAt: "2025-01-01T00:00:00.000Z" }));
  return f;
}
