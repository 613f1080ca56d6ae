/**
 * Sharded exports (issue #18): `episcope export … --shard I/N --part DIR` run as separate processes (the bundle
 * `npm run build` makes, as a cluster's tasks run it) for N = 1, 3 and 7, then `episcope merge PART… --out DIR`, write
 * what one process writes: LeRobot v3 data, meta and video files and the RLDS TFRecord, dataset_info and features byte
 * for byte; the robomimic HDF5 equal when read back with h5wasm (its object headers hold times); the manifest and
 * dataset card equal but for their creation time and the cameras' wall times. The dataset has labelled episodes, one
 * the selection skips on its shard (needs_fix), one without labels (unreviewed, skipped), one that fails on its shard
 * (its rewards' step clock is missing) and one that fails only in order (`ep_003w`: its state is wider than the first
 * exported episode's — in LeRobot and RLDS, which need one state size; alone in its shard when N = 7), so the
 * numbering over the whole listing and the checks against the first episode are tested. Parts of different runs, a
 * missing or repeated shard and a damaged piece are refused naming the folder or file.
 */
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { writeLabelledDataset } from "../services/export/labelledDatasetFixture.ts";
import { findRepoRoot } from "../services/episode/mmapAddon.ts";
import { expectSameExport } from "../services/export/testSameExport.ts";
import { hdf5Tree } from "./hdf5Tree.ts";

const repo = findRepoRoot()!;
const PYTHON = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-export-shards-"));
const dataset = path.join(tmp, "pick_cube");
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Labelled episodes of the fixture, plus its two broken ones and its wide-state one. */
const EPISODES = 7;
const TOTAL = EPISODES + 3;
type Format = "lerobot" | "robomimic" | "rlds";
/** Per format: the options of every run (LeRobot at the camera rate, so its H.264 is remuxed; the others at 10 Hz; robomimic with 2 of its 7 demos in mask/valid). */
const OPTIONS: Record<Format, string[]> = {
  lerobot: ["--fps", "30", "--status", "accepted"],
  robomimic: ["--fps", "10", "--status", "accepted", "--valid-ratio", "0.34"],
  rlds: ["--fps", "10", "--status", "accepted"],
};
const FORMATS = Object.keys(OPTIONS) as Format[];
/** The last line of the export (single or merged): robomimic takes ep_003w (every demo has its own obs keys). */
const SUMMARY: Record<Format, RegExp> = {
  lerobot: new RegExp(`exported 6 of ${TOTAL} episodes \\(lerobot, .*; 2 failed; 2 skipped`),
  robomimic: new RegExp(`exported 7 of ${TOTAL} episodes \\(robomimic, .*; 1 failed; 2 skipped`),
  rlds: new RegExp(`exported 6 of ${TOTAL} episodes \\(rlds, .*; 2 failed; 2 skipped`),
};

/** `episcope <args>` as a separate process: exit code, stdout, stderr. */
function episcope(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(repo, "bin", "episcope.mjs"), ...args], { encoding: "utf8", maxBuffer: 1 << 28 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, out, err });
    });
  });
}

const single = (format: Format) => path.join(tmp, `single-${format}`);
const partDir = (format: Format, i: number, n: number) => path.join(tmp, `${format}-${i}-of-${n}`);

/** Run the N shards of a `format` export as N processes, two at a time (two cores here); the part folders. */
async function shards(format: Format, n: number): Promise<string[]> {
  const parts = Array.from({ length: n }, (_, i) => partDir(format, i, n));
  const run = async (i: number) => {
    const r = await episcope("export", dataset, "--format", format, ...OPTIONS[format], "--shard", `${i}/${n}`, "--part", parts[i]!);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(new RegExp(`wrote .*: \\d+ of ${TOTAL} episodes \\(shard ${i}/${n}\\): \\d+ prepared`));
  };
  for (let i = 0; i < n; i += 2) await Promise.all([run(i), ...(i + 1 < n ? [run(i + 1)] : [])]);
  return parts;
}

/** HDF5 stores object times: a robomimic file is compared read back (h5wasm, and h5py as robomimic reads it). */
async function sameHdf5(rel: string, a: string, b: string): Promise<boolean> {
  if (!rel.endsWith(".hdf5")) return false;
  expect(await hdf5Tree(b), rel).toEqual(await hdf5Tree(a));
  const h5py = (file: string) => JSON.parse(execFileSync(PYTHON, [path.join(repo, "electron/services/export/readers/read_hdf5.py"), file], { encoding: "utf8" }));
  const read = h5py(b);
  expect(Object.keys(read.demos)).toHaveLength(7);
  expect(read.masks.valid).toHaveLength(2);
  expect(read).toEqual(h5py(a));
  return true;
}

beforeAll(async () => {
  await writeLabelledDataset(dataset, EPISODES, { broken: true, wideState: true });
  for (const format of FORMATS) {
    const r = await episcope("export", dataset, "--format", format, ...OPTIONS[format], "--out", single(format));
    expect(r.code, r.err).toBe(1); // one episode fails
    expect(r.out).toMatch(SUMMARY[format]);
  }
}, 240_000);

describe("episcope export --shard I/N + episcope merge", () => {
  for (const format of FORMATS) {
    for (const n of format === "lerobot" ? [1, 3] : [1, 3, 7]) {
      it(`${format} in ${n} shard process(es), merged: the single-process export`, async () => {
        const parts = await shards(format, n);
        const out = path.join(tmp, `merged-${format}-${n}`);
        const merged = await episcope("merge", ...parts.reverse(), "--out", out);
        expect(merged.code, merged.err).toBe(1); // as the single process: episodes failed
        expect(merged.out).toMatch(SUMMARY[format]);
        if (format !== "robomimic") expect(merged.out).toContain("failed  ep_003w.mcap: state/action size 28/14 differs from the first episode's 14/14");
        await expectSameExport(single(format), out, sameHdf5);
      }, 240_000);
    }
  }

  it("lerobot in 7 shards through the repository's Slurm job array scripts (docs/cluster/), merged by its merge script", async () => {
    const parts = path.join(tmp, "slurm-parts");
    const out = path.join(tmp, "slurm-export");
    const env = { ...process.env, DATASET: dataset, PARTS: parts, OUT: out, EPISCOPE_HOME: repo, FORMAT: "lerobot", EXPORT_OPTIONS: OPTIONS.lerobot.join(" ") };
    const script = (name: string, extra: Record<string, string> = {}) =>
      new Promise<{ code: number; err: string }>((resolve) =>
        execFile("bash", [path.join(repo, "docs", "cluster", name)], { env: { ...env, ...extra } }, (error, _out, err) => resolve({ code: error ? -1 : 0, err })),
      );
    const array = /#SBATCH --array=0-(\d+)/.exec(fs.readFileSync(path.join(repo, "docs", "cluster", "export-array.sbatch"), "utf8"));
    expect(Number(array![1]) + 1).toBe(7);
    for (let i = 0; i < 7; i += 2) {
      const tasks = await Promise.all([i, i + 1].filter((t) => t < 7).map((t) => script("export-array.sbatch", { SLURM_ARRAY_TASK_ID: String(t) })));
      for (const task of tasks) expect(task.code, task.err).toBe(0);
    }
    const merge = await script("export-merge.sbatch"); // exits 1 as the single process does: episodes failed
    expect(fs.existsSync(out), merge.err).toBe(true);
    await expectSameExport(single("lerobot"), out, sameHdf5);
  }, 240_000);

  it("the Kubernetes Indexed Job runs as many completions as its --shard N, and the merge job takes those parts", () => {
    type JobSpec = { spec: { completionMode: string; completions: number; template: { spec: { containers: { args: string[] }[] } } } };
    const shardsJob = parse(fs.readFileSync(path.join(repo, "docs", "cluster", "export-indexed-job.yaml"), "utf8")) as JobSpec;
    expect(shardsJob.spec.completionMode).toBe("Indexed");
    const command = shardsJob.spec.template.spec.containers[0]!.args.join(" ");
    expect(command).toContain(`--shard "\${JOB_COMPLETION_INDEX}/${shardsJob.spec.completions}"`);
    expect(command).toContain(`--part "/data/parts/export-\${JOB_COMPLETION_INDEX}-of-${shardsJob.spec.completions}"`);
    const mergeJob = parse(fs.readFileSync(path.join(repo, "docs", "cluster", "export-merge-job.yaml"), "utf8")) as JobSpec;
    expect(mergeJob.spec.template.spec.containers[0]!.args.join(" ")).toContain(`merge /data/parts/export-*-of-${shardsJob.spec.completions} --out`);
  });

  it("refuses parts that are not one whole export, and damaged pieces, naming the folder or file", async () => {
    const three = [0, 1, 2].map((i) => partDir("lerobot", i, 3));
    const merge = (...args: string[]) => episcope("merge", ...args, "--out", path.join(tmp, "refused"));
    expect((await merge(three[0]!, three[1]!)).err).toMatch(/missing shard 2\/3/);
    expect((await merge(three[0]!, three[0]!, three[1]!, three[2]!)).err).toMatch(/lerobot-0-of-3: shard 0\/3 was already given/);
    expect((await merge(...three, partDir("lerobot", 0, 1))).err).toMatch(/lerobot-0-of-1: shard 0\/1 is not one of 3 shards/);
    expect((await merge(three[0]!, three[1]!, partDir("rlds", 2, 3))).err).toMatch(/rlds-2-of-3: format "rlds" differs from .*lerobot-0-of-3's "lerobot"/);
    // a shard run with other options (its part file says --fps 15)
    const other = path.join(tmp, "other-fps");
    fs.cpSync(three[2]!, other, { recursive: true });
    const partFile = path.join(other, "episcope-export-part.json");
    fs.writeFileSync(partFile, fs.readFileSync(partFile, "utf8").replace('"fps":30', '"fps":15'));
    expect((await merge(three[0]!, three[1]!, other)).err).toMatch(/other-fps: settings \{"fps":15,.* differs from .*lerobot-0-of-3's \{"fps":30,/);
    // a damaged piece: the merge names the piece file and writes nothing
    const damaged = path.join(tmp, "damaged");
    fs.cpSync(three[2]!, damaged, { recursive: true });
    const piece = fs.readdirSync(path.join(damaged, "pieces"))[0]!;
    fs.writeFileSync(path.join(damaged, "pieces", piece, "piece.v8"), "not a piece");
    const bad = await merge(three[0]!, three[1]!, damaged);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(path.join(damaged, "pieces", piece, "piece.v8"));
    expect(fs.existsSync(path.join(tmp, "refused"))).toBe(false);
    // not a part folder
    fs.mkdirSync(path.join(tmp, "empty"));
    expect((await merge(path.join(tmp, "empty"))).err).toMatch(/empty\/episcope-export-part\.json: cannot read the export part/);
    // options
    expect((await episcope("export", dataset, "--format", "csv", "--shard", "0/3", "--part", path.join(tmp, "csv"))).err).toMatch(/--shard exports lerobot, robomimic, rlds; csv/);
    expect((await episcope("export", dataset, "--format", "lerobot", "--shard", "0/3")).err).toMatch(/--shard I\/N and --part DIR go together/);
    expect((await episcope("export", dataset, "--format", "lerobot", "--shard", "3/3", "--part", "x")).err).toMatch(/--shard "3\/3": expected I\/N/);
    expect((await episcope("merge", ...three)).err).toMatch(/merging export parts needs --out DIR/);
  }, 240_000);
});
