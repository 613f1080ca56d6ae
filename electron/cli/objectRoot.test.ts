/**
 * A dataset root on object storage (issue #18), against a real S3-protocol server on loopback (s3rver in a child
 * process) and the real @aws-sdk/client-s3: the planted-defect dataset uploaded under `s3://episodes/robots/set1/`
 * indexes and audits exactly like the same files on disk (labels from `--labels DIR`), shards and merges alike; a
 * reindex re-reads only the object that changed; an export from the bucket writes what the local copy's does; `episcope serve s3://…` lists and opens episodes over HTTP and saves
 * labels into the label folder, never into the bucket; a missing bucket or an empty prefix is refused by name.
 */
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpApi } from "../../e2e/harness/httpApi.ts";
import { generateAuditDataset } from "../../scripts/audit-fixture/generateAuditDataset.ts";
import { emptyAnnotation } from "../../shared/annotation.ts";
import type { AuditReport } from "../../shared/audit/auditReport.ts";
import { listEpisodeFiles } from "../services/episode/listEpisodes.ts";
import { DatasetMainService } from "../services/dataset/datasetMainService.ts";
import { ObjectPrefixRoot } from "../services/episode/remote/objectPrefixRoot.ts";
import { startObjectServers, type ObjectServers } from "../services/episode/remote/testObjectServers.ts";
import { runAudit } from "./audit.ts";
import { runExport } from "./export.ts";
import { runIndex, type IndexSummaryLine } from "./index.ts";
import { runMerge } from "./merge.ts";
import { runServe } from "./serve.ts";
import { expectSameExport, exportFiles } from "../services/export/testSameExport.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-s3-root-"));
const local = path.join(tmp, "set1");
const labels = path.join(tmp, "labels");
const BUCKET = "episodes";
const ROOT = `s3://${BUCKET}/robots/set1`;
let servers: ObjectServers;
let s3: S3Client;

/** Upload every file of `dir` (but `.episcope/`) under `prefix`. */
async function upload(dir: string, prefix: string): Promise<void> {
  const walk = async (rel: string): Promise<void> => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const relPath = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) {
        if (d.name !== ".episcope") await walk(relPath);
      } else await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}${relPath}`, Body: fs.readFileSync(path.join(dir, relPath)) }));
    }
  };
  await walk("");
}

async function index(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runIndex(args, (l) => (out += l + "\n"), (t) => (err += t));
  return { code, out, err };
}

async function audit(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runAudit(args, (t) => (out += t), (t) => (err += t));
  return { code, out, err };
}

beforeAll(async () => {
  await generateAuditDataset(local, { episodes: 12, baseDurationS: 4 });
  fs.writeFileSync(path.join(local, "session_01", "broken.mcap"), "not an mcap file");
  // The lead's labels travel with --labels DIR (nothing is written to the bucket).
  fs.cpSync(path.join(local, ".episcope"), path.join(labels, ".episcope"), { recursive: true });
  servers = await startObjectServers(path.join(tmp, "s3"), local, BUCKET);
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_S3: servers.s3Endpoint,
    EPISCOPE_OBJECT_CACHE: path.join(tmp, "cache", "objects"),
    XDG_DATA_HOME: path.join(tmp, "data"),
  });
  s3 = new S3Client({ endpoint: servers.s3Endpoint, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  await upload(local, "robots/set1/");
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "robots/notes/readme.txt", Body: "no episodes here" }));
}, 120_000);

afterAll(async () => {
  await servers?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("a dataset root on S3 (s3rver on loopback)", () => {
  it("lists the .mcap objects under the prefix in the folder listing's order, with sizes", () => {
    const root = new ObjectPrefixRoot(`${ROOT}/`, { labels });
    expect(root.location).toBe(ROOT);
    expect(root.list()).toEqual(listEpisodeFiles(local));
    expect(root.fingerprint("session_01/ep_0001.mcap")).toMatchObject({ sizeBytes: fs.statSync(path.join(local, "session_01/ep_0001.mcap")).size, etag: expect.any(String) });
  });

  it("reuses a listing for a few seconds (one ListObjectsV2 per page, not per request); a fresh listing sees a new object", async () => {
    const root = new ObjectPrefixRoot(ROOT, { labels });
    const before = root.list();
    const key = "robots/set1/session_09/ep_new.mcap";
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: fs.readFileSync(path.join(local, "session_01/ep_0001.mcap")) }));
    try {
      expect(root.list()).toEqual(before);
      expect(root.list({ fresh: true }).map((e) => e.path)).toContain("session_09/ep_new.mcap");
      expect(new ObjectPrefixRoot(ROOT, { labels, listReuseMs: 0 }).list()).toHaveLength(before.length + 1);
    } finally {
      await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    }
  });

  it("indexes like the folder on disk, announcing the label folder, and reports the bytes fetched", async () => {
    const onDisk = await index([local, "--json"]);
    const remote = await index([ROOT, "--json", "--labels", labels]);
    expect(remote.code).toBe(0);
    expect(remote.err).toContain(`labels, review status and config in ${labels}`);
    const a = JSON.parse(onDisk.out) as { dataset: string; episodes: IndexSummaryLine[] };
    const b = JSON.parse(remote.out) as { dataset: string; episodes: IndexSummaryLine[] };
    expect(b.dataset).toBe(ROOT);
    expect(b.episodes).toEqual(a.episodes);
    expect(b.episodes.find((e) => e.path === "session_01/broken.mcap")?.error).toMatch(/broken\.mcap/);
    // Nothing was written into the bucket: only the uploaded keys are there.
    const keys = (await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents!.map((o) => o.Key!);
    expect(keys.filter((k) => k.includes(".episcope"))).toEqual([]);
  }, 120_000);

  it("counts the bytes an index fetches (fresh block cache), and a reindex fetches none", async () => {
    const total = listEpisodeFiles(local).reduce((sum, e) => sum + e.sizeBytes, 0);
    // Facts only (summary section, metadata): a fresh block cache and summary cache.
    process.env.EPISCOPE_OBJECT_CACHE = path.join(tmp, "cache-facts", "objects");
    const facts = new DatasetMainService(new ObjectPrefixRoot(ROOT, { labels }), { workers: 2, audit: false });
    try {
      await facts.index();
      console.log(`facts-only index of 13 episodes from s3: ${facts.objectBytesFetched} of ${total} bytes fetched (${((facts.objectBytesFetched / total) * 100).toFixed(1)} %)`);
      expect(facts.objectBytesFetched).toBeLessThan(total);
    } finally {
      await facts.close();
    }
    // With the audit (every joint sample is read: here, as the episodes are small, every chunk).
    process.env.EPISCOPE_OBJECT_CACHE = path.join(tmp, "cache2", "objects");
    const cold = new DatasetMainService(new ObjectPrefixRoot(ROOT, { labels }), { workers: 2 });
    try {
      const progress = await cold.index();
      expect(progress.cached).toBe(0);
      console.log(`index of ${progress.total} episodes from s3: ${cold.objectBytesFetched} of ${total} bytes fetched (${((cold.objectBytesFetched / total) * 100).toFixed(1)} %)`);
      expect(cold.objectBytesFetched).toBeGreaterThan(0);
    } finally {
      await cold.close();
    }
    const warm = new DatasetMainService(new ObjectPrefixRoot(ROOT, { labels }), { workers: 2 });
    try {
      const progress = await warm.index();
      expect(progress.cached).toBe(progress.total);
      expect(warm.objectBytesFetched).toBe(0);
    } finally {
      await warm.close();
    }
  }, 120_000);

  it("audits like the folder on disk", async () => {
    const onDisk = await audit([local, "--json"]);
    const remote = await audit([ROOT, "--json", "--labels", labels]);
    expect(remote.code).toBe(0);
    const a = JSON.parse(onDisk.out) as AuditReport;
    const b = JSON.parse(remote.out) as AuditReport;
    expect(b.root).toBe(ROOT);
    expect({ ...b, root: null }).toEqual({ ...a, root: null });
    expect(b.episodes.length).toBe(13);
  }, 120_000);

  it("shards an audit over the bucket and merges to the single-process report", async () => {
    const single = await audit([ROOT, "--json", "--labels", labels]);
    const parts = [0, 1, 2].map((i) => path.join(tmp, `part-${i}.json`));
    for (const [i, part] of parts.entries()) expect((await audit([ROOT, "--shard", `${i}/3`, "--part", part, "--labels", labels])).code).toBe(0);
    let merged = "";
    expect(await runMerge([...parts, "--json", "--labels", labels], (t) => (merged += t), () => {})).toBe(0);
    expect(JSON.parse(merged)).toEqual(JSON.parse(single.out));
  }, 120_000);

  it("re-reads only the object that changed", async () => {
    const service = new DatasetMainService(new ObjectPrefixRoot(ROOT, { labels }), { workers: 1 });
    try {
      await service.index();
      const before = service.objectBytesFetched;
      // Replace one episode with another recording's bytes: new size, LastModified and ETag in the listing.
      const other = fs.readFileSync(path.join(local, "session_02/ep_0003.mcap"));
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "robots/set1/session_01/ep_0001.mcap", Body: other }));
      const progress = await service.index();
      expect(progress.total).toBe(13);
      expect(progress.cached).toBe(12);
      expect(service.objectBytesFetched - before).toBeGreaterThan(0);
      expect(service.objectBytesFetched - before).toBeLessThanOrEqual(other.length);
      const rows = (await service.rows()).rows;
      const changed = rows.find((r) => r.path === "session_01/ep_0001.mcap")!;
      const source = rows.find((r) => r.path === "session_02/ep_0003.mcap")!;
      expect(changed.facts).toEqual(source.facts);
    } finally {
      await service.close();
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "robots/set1/session_01/ep_0001.mcap", Body: fs.readFileSync(path.join(local, "session_01/ep_0001.mcap")) }));
    }
  }, 120_000);

  it("exports from the bucket exactly what the local copy exports (the manifest names its source)", async () => {
    const outputs: Record<string, Record<string, string>> = {};
    for (const [name, args] of [
      ["local", [local]],
      ["s3", [ROOT, "--labels", labels]],
    ] as const) {
      const out = path.join(tmp, `export-${name}`);
      const lines: string[] = [];
      const errors: string[] = [];
      expect(await runExport([...args, "--format", "json", "--out", out], (l) => lines.push(l), (l) => errors.push(l))).toBe(1); // broken.mcap fails in both
      expect(lines.at(-1)).toMatch(/^exported 12 of 13 episodes/);
      outputs[name] = Object.fromEntries(
        fs.readdirSync(out, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => {
          const rel = path.relative(out, path.join(d.parentPath, d.name));
          // The export's own creation time differs between the two runs.
          return [rel, fs.readFileSync(path.join(out, rel), "utf8").replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, "<time>")];
        }),
      );
    }
    const manifest = (text: string) => {
      const m = JSON.parse(text) as { dataset: string; createdAt?: string; sources?: Array<Record<string, unknown>> };
      return { ...m, dataset: null, createdAt: null, sources: m.sources?.map(({ mtime: _mtime, ...s }) => s) };
    };
    expect(Object.keys(outputs.s3!).sort()).toEqual(Object.keys(outputs.local!).sort());
    for (const [rel, text] of Object.entries(outputs.local!)) {
      if (rel === "episcope-export.json") expect(manifest(outputs.s3![rel]!)).toEqual(manifest(text));
      else expect(outputs.s3![rel], rel).toBe(text);
    }
  }, 180_000);

  it("a sharded LeRobot export from the bucket (3 shards + merge) is the bucket's single-process export", async () => {
    const quiet = () => {};
    const single = path.join(tmp, "lerobot-s3");
    // H.264 at the cameras' 5 Hz keeps the test short (AV1 is encodeVideo.test.ts's); under test is slicing a bucket.
    const lerobot = ["--labels", labels, "--format", "lerobot", "--video-codec", "h264", "--fps", "5"];
    expect(await runExport([ROOT, ...lerobot, "--out", single], quiet, quiet)).toBe(1); // broken.mcap
    const parts = [0, 1, 2].map((i) => path.join(tmp, `lerobot-part-${i}`));
    for (const [i, part] of parts.entries()) await runExport([ROOT, ...lerobot, "--shard", `${i}/3`, "--part", part], quiet, quiet);
    const merged = path.join(tmp, "lerobot-merged");
    let said = "";
    const code = await runMerge([...parts, "--out", merged], (t) => (said += t), (t) => (said += t));
    expect(code, said).toBe(1); // broken.mcap fails on its shard as in one process
    expect(exportFiles(single).filter((f) => f.endsWith(".parquet")).length).toBeGreaterThan(0);
    await expectSameExport(single, merged);
  }, 180_000);

  it("serves s3://…: lists and opens episodes over HTTP; labels land in the label folder, not the bucket", async () => {
    const token = "s3-root-test-token-0123456789";
    let warned = "";
    const serveLabels = path.join(tmp, "serve-labels");
    const server = await runServe([ROOT, "--token", token, "--labels", serveLabels], () => {}, process.env, (t) => (warned += t));
    try {
      expect(warned).toContain(serveLabels);
      const api = httpApi(server.url, token);
      const listing = await api.episode.list({});
      expect(listing.root).toBe(ROOT);
      expect(listing.episodes).toEqual(listEpisodeFiles(local));
      const summary = await api.episode.open({ path: "session_03/ep_0005.mcap" });
      expect(summary.access).toBe("range");
      expect(summary.channels.map((c) => c.topic)).toContain("/cam_high");
      expect((await api.episode.browse({ dir: "" })).entries.map((e) => e.name)).toEqual([...new Set(listing.episodes.map((e) => e.path.split("/")[0]!))].sort());
      await expect(api.episode.open({ path: "session_03/missing.mcap" })).rejects.toThrow(/not an episode of s3:\/\/episodes\/robots\/set1/);
      const { annotator } = await api.app.info({});
      const fingerprint = { sizeBytes: 1, startNs: 1_000n, endNs: 9_000n, messageCount: 2 };
      await api.annotation.save({ path: "session_03/ep_0005.mcap", document: emptyAnnotation("session_03/ep_0005.mcap", fingerprint, annotator) });
      expect(fs.readdirSync(path.join(serveLabels, ".episcope", "annotations"))).toHaveLength(1);
      await expect(api.export.preview({ format: "json", out: "x" } as never)).rejects.toThrow(/object storage/);
    } finally {
      await server.close();
    }
  }, 120_000);

  it("names the URL when the bucket is missing or the prefix is empty", async () => {
    const failed = async (args: string[]) => {
      const run = await index(args);
      expect(run.code).toBe(1);
      return run.err;
    };
    expect(await failed(["s3://no-such-bucket/x"])).toMatch(/s3:\/\/no-such-bucket\/x: no such bucket "no-such-bucket"/);
    expect(await failed([`s3://${BUCKET}/robots/typo`])).toMatch(/s3:\/\/episodes\/robots\/typo: no objects under prefix "robots\/typo\/"/);
    await expect(index([`https://example.com/robots`])).rejects.toThrow(/must be s3:\/\/bucket\/prefix/);
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "robots/notes/readme.txt" }));
  }, 60_000);
});
