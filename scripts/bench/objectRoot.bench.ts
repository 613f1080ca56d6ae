// `npm run bench objectRoot`: a dataset root on object storage (issue #18). N three-camera episodes (10 s, 2 MiB
// chunks, ≈ 23 MB each; electron/services/episode/testLargeMcap.ts) uploaded to a real S3-protocol server on loopback
// (s3rver in a child process) and indexed as `s3://bench/robots`: bytes fetched by a facts-only index (summary section
// and metadata) and by the default index with the audit (every joint sample), each with a fresh block cache, against
// the objects' total; time of each against the baseline of indexing the same files from the local folder; a reindex
// (nothing changed) must fetch nothing.
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DatasetMainService } from "../../electron/services/dataset/datasetMainService.ts";
import { ObjectPrefixRoot } from "../../electron/services/episode/remote/objectPrefixRoot.ts";
import { startObjectServers } from "../../electron/services/episode/remote/testObjectServers.ts";
import { writeLargeMcap } from "../../electron/services/episode/testLargeMcap.ts";
import type { Result } from "./benchResult.ts";

const EPISODES = Number(process.env.EPISCOPE_BENCH_EPISODES ?? 4);
const BUCKET = "bench";
const ROOT = `s3://${BUCKET}/robots`;
const results: Result[] = [];
const tmp = mkdtempSync(path.join(tmpdir(), "episcope-bench-s3root-"));
const files = path.join(tmp, "files");
mkdirSync(files);
const servers = await startObjectServers(path.join(tmp, "s3"), files, BUCKET);

/** Index `root` with a new service; its time (s), object bytes fetched and progress. */
async function index(root: string | ObjectPrefixRoot, audit: boolean) {
  const service = new DatasetMainService(root, { audit });
  const t0 = performance.now();
  try {
    const progress = await service.index();
    if (progress.failed > 0 || progress.state !== "done") throw new Error(`index failed: ${JSON.stringify(progress)}`);
    return { s: (performance.now() - t0) / 1000, bytes: service.objectBytesFetched, cached: progress.cached };
  } finally {
    await service.close();
  }
}

try {
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_S3: servers.s3Endpoint,
    XDG_DATA_HOME: path.join(tmp, "data"),
  });
  const s3 = new S3Client({ endpoint: servers.s3Endpoint, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  let total = 0;
  for (let i = 0; i < EPISODES; i++) {
    const file = path.join(files, `ep_${i}.mcap`);
    await writeLargeMcap(file, { sizeBytes: 0, paddings: 0, seconds: 10 });
    total += statSync(file).size;
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `robots/ep_${i}.mcap`, Body: readFileSync(file) }));
  }
  const mb = (bytes: number) => bytes / 1e6;
  console.error(`uploaded ${EPISODES} episodes, ${mb(total).toFixed(1)} MB`);

  for (const audit of [false, true]) {
    const what = audit ? "index with audit" : "facts-only index";
    rmSync(path.join(files, ".episcope"), { recursive: true, force: true });
    const local = await index(files, audit);
    process.env.EPISCOPE_OBJECT_CACHE = path.join(tmp, `cache-${audit}`, "objects");
    const remote = await index(new ObjectPrefixRoot(ROOT), audit);
    const warm = await index(new ObjectPrefixRoot(ROOT), audit);
    if (warm.bytes !== 0 || warm.cached !== EPISODES) throw new Error(`reindex fetched ${warm.bytes} bytes, ${warm.cached} cached`);
    console.error(`${what}: ${mb(remote.bytes).toFixed(2)} of ${mb(total).toFixed(1)} MB fetched in ${remote.s.toFixed(2)} s (local folder ${local.s.toFixed(2)} s); reindex ${warm.s.toFixed(2)} s, 0 bytes`);
    results.push({
      name: `${what} of ${EPISODES} episodes from s3: bytes fetched`,
      value: mb(remote.bytes),
      unit: "MB",
      baseline: mb(total),
      note: `baseline: the objects' total size; ${((remote.bytes / total) * 100).toFixed(1)} % fetched; s3rver on loopback, fresh block cache`,
    });
    results.push({ name: `${what} of ${EPISODES} episodes from s3: time`, value: remote.s, unit: "s", baseline: local.s, note: "baseline: the same files indexed from the local folder" });
    results.push({ name: `re-${what} of ${EPISODES} unchanged episodes from s3: time`, value: warm.s, unit: "s", note: "one listing; every episode from the summary cache; 0 bytes fetched" });
  }
} finally {
  await servers.stop();
  rmSync(tmp, { recursive: true, force: true });
}

writeFileSync(process.env.EPISCOPE_BENCH_OUT ?? "/dev/stdout", JSON.stringify({ suite: "objectRoot", results }, null, 2));
