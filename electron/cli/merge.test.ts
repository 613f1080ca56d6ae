/**
 * Sharded batch jobs (issue #18): `episcope index|audit --shard I/N --part FILE` run as separate processes (the bundle
 * `npm run build` makes, as a cluster's tasks run it) for N = 1, 3 and 7, then `episcope merge`, print exactly what
 * one process prints — the audit JSON byte for byte, the index's episodes equal — without measuring anything again
 * (the summary cache is deleted before the merge). Parts of different runs, a missing or repeated shard are refused
 * naming the files.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generateAuditDataset } from "../../scripts/audit-fixture/generateAuditDataset.ts";
import { findRepoRoot } from "../services/episode/mmapAddon.ts";

const repo = findRepoRoot()!;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-shards-"));
const dataset = path.join(tmp, "dataset");
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Episodes of the generated dataset, plus one unreadable file. */
const EPISODES = 16;
const TOTAL = EPISODES + 1;

/** `episcope <args>` as a separate process: exit code, stdout, stderr. */
function episcope(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(repo, "bin", "episcope.mjs"), ...args], { encoding: "utf8", maxBuffer: 1 << 28 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, out, err });
    });
  });
}

const dropCache = () => fs.rmSync(path.join(dataset, ".episcope", "cache"), { recursive: true, force: true });

/** The part file of shard i/n of `command`. */
const partFile = (command: "index" | "audit", i: number, n: number) => path.join(tmp, `${command}-${i}-of-${n}.json`);

/** Run the N shards of `command` as N processes (one after the other: two cores here); the part files. */
async function shards(command: "index" | "audit", n: number): Promise<string[]> {
  dropCache();
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await episcope(command, dataset, "--shard", `${i}/${n}`, "--part", partFile(command, i, n));
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(new RegExp(`wrote .*: \\d+ of ${TOTAL} episodes \\(shard ${i}/${n}\\)`));
    parts.push(partFile(command, i, n));
  }
  return parts;
}

let single: { audit: string; html: string; index: unknown[] };

beforeAll(async () => {
  await generateAuditDataset(dataset, { episodes: EPISODES, baseDurationS: 3 });
  fs.writeFileSync(path.join(dataset, "zz-broken.mcap"), "not an mcap file"); // an unreadable episode travels too
  const audit = await episcope("audit", dataset, "--json", "--html", path.join(tmp, "single.html"));
  expect(audit.code, audit.err).toBe(0);
  const index = await episcope("index", dataset, "--json");
  expect(index.code, index.err).toBe(0);
  single = { audit: audit.out, html: fs.readFileSync(path.join(tmp, "single.html"), "utf8"), index: JSON.parse(index.out).episodes };
}, 180_000);

describe("episcope audit/index --shard I/N + episcope merge", () => {
  for (const n of [1, 3]) {
    it(`audit in ${n} shard process(es), merged: the same JSON and HTML report byte for byte, nothing measured again`, async () => {
      const parts = await shards("audit", n);
      dropCache();
      const html = path.join(tmp, `merged-${n}.html`);
      const merged = await episcope("merge", ...parts.reverse(), "--json", "--html", html);
      expect(merged.code, merged.err).toBe(0);
      expect(merged.err).toMatch(new RegExp(`auditing ${TOTAL}/${TOTAL} \\(${TOTAL} cached, 1 unreadable\\)`));
      expect(merged.out).toBe(single.audit);
      expect(fs.readFileSync(html, "utf8")).toBe(single.html);
    }, 180_000);
  }

  it("audit in 7 shards through the repository's Slurm job array scripts (docs/cluster/), merged by its merge script: byte-equal", async () => {
    dropCache();
    const parts = path.join(tmp, "slurm-parts");
    const env = { ...process.env, DATASET: dataset, PARTS: parts, EPISCOPE_HOME: repo };
    const script = (name: string, extra: Record<string, string> = {}) =>
      new Promise<{ code: number; err: string }>((resolve) =>
        execFile("bash", [path.join(repo, "docs", "cluster", name)], { env: { ...env, ...extra } }, (error, _out, err) =>
          resolve({ code: error ? -1 : 0, err }),
        ),
      );
    const array = /#SBATCH --array=0-(\d+)/.exec(fs.readFileSync(path.join(repo, "docs", "cluster", "audit-array.sbatch"), "utf8"));
    expect(Number(array![1]) + 1).toBe(7);
    for (let i = 0; i < 7; i++) {
      const task = await script("audit-array.sbatch", { SLURM_ARRAY_TASK_ID: String(i) });
      expect(task.code, task.err).toBe(0);
    }
    fs.copyFileSync(path.join(parts, "audit-0-of-7.json"), partFile("audit", 0, 7)); // for the refusals below
    dropCache();
    const merge = await script("audit-merge.sbatch");
    expect(merge.code, merge.err).toBe(0);
    expect(fs.readFileSync(path.join(parts, "audit.json"), "utf8")).toBe(single.audit);
    expect(fs.readFileSync(path.join(parts, "audit.html"), "utf8")).toBe(single.html);
  }, 180_000);

  it("the Kubernetes Indexed Job runs as many completions as its --shard N, and the merge job takes those parts", () => {
    const shardsJob = parse(fs.readFileSync(path.join(repo, "docs", "cluster", "audit-indexed-job.yaml"), "utf8")) as {
      spec: { completionMode: string; completions: number; template: { spec: { containers: { args: string[] }[] } } };
    };
    expect(shardsJob.spec.completionMode).toBe("Indexed");
    const command = shardsJob.spec.template.spec.containers[0]!.args.join(" ");
    expect(command).toContain(`--shard "\${JOB_COMPLETION_INDEX}/${shardsJob.spec.completions}"`);
    const mergeJob = parse(fs.readFileSync(path.join(repo, "docs", "cluster", "audit-merge-job.yaml"), "utf8")) as typeof shardsJob;
    expect(mergeJob.spec.template.spec.containers[0]!.args.join(" ")).toContain(`merge /data/parts/audit-*-of-${shardsJob.spec.completions}.json`);
  });

  it("index in 3 shard processes, merged: the same episodes", async () => {
    const parts = await shards("index", 3);
    dropCache();
    const merged = await episcope("merge", ...parts, "--json");
    expect(merged.code, merged.err).toBe(0);
    expect(merged.err).toMatch(new RegExp(`indexing ${TOTAL}/${TOTAL} \\(${TOTAL} cached, 1 unreadable\\)`));
    expect(JSON.parse(merged.out).episodes).toEqual(single.index);
  }, 180_000);

  it("refuses parts that are not one whole run, naming the files (the parts of the runs above)", async () => {
    const three = [0, 1, 2].map((i) => partFile("audit", i, 3));
    const seven = [partFile("audit", 0, 7)];
    expect((await episcope("merge", three[0]!, three[1]!)).err).toMatch(/missing shard 2\/3/);
    expect((await episcope("merge", three[0]!, three[0]!, three[1]!, three[2]!)).err).toMatch(/audit-0-of-3\.json: shard 0\/3 was already given/);
    expect((await episcope("merge", ...three, ...seven)).err).toMatch(/audit-0-of-7\.json: shard 0\/7 is not one of 3 shards/);
    expect((await episcope("merge", three[0]!, partFile("index", 0, 3))).err).toMatch(/index-0-of-3\.json: command "index" differs/);
    fs.writeFileSync(path.join(tmp, "junk.json"), JSON.stringify({ schema: "nope" }));
    const junk = await episcope("merge", path.join(tmp, "junk.json"));
    expect(junk.code).toBe(1);
    expect(junk.err).toMatch(/junk\.json: not an episcope part file \(schema:/);
    expect((await episcope("audit", dataset, "--shard", "3/3", "--part", "x.json")).err).toMatch(/--shard "3\/3": expected I\/N with 0 ≤ I < N/);
    expect((await episcope("audit", dataset, "--shard", "0/3")).err).toMatch(/--shard I\/N and --part FILE go together/);
  }, 180_000);
});
