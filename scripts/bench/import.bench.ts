// `npm run bench import`: throughput of `episcope import` per source format (steps/s and source MB/s), each against
// its baseline in the same run: reading the same source bytes from disk and writing them back out (the I/O floor
// any converter pays). Data: the real datasets under $EPISCOPE_SHARED_DATA (see its README.md).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { importSource } from "../../electron/services/import/importSource.ts";
import type { ImportReport } from "../../electron/services/import/types.ts";
import { sharedDataDir } from "../../vitest.sharedData.ts";
import type { Result } from "./benchResult.ts";

const data = process.env.EPISCOPE_SHARED_DATA ?? sharedDataDir();
const ROUNDS = 3;
const sources = [
  { format: "rlds", source: path.join(data, "rlds/bridge_debug/1.0.0"), splits: ["train"] },
  { format: "lerobot-v1", source: path.join(data, "lerobot/aloha_sim_transfer_cube_human_v1") },
  { format: "lerobot-v1 (umi)", source: path.join(data, "lerobot/umi_cup_in_the_wild_v1") },
  { format: "lerobot-v2 (so101, AV1, video only)", source: path.join(data, "lerobot/so101_chess_v21") },
  { format: "rosbag1", source: path.join(data, "rosbag1/realsense_color_depth.bag") },
];


const results: Result[] = [];
const tmp = mkdtempSync(path.join(tmpdir(), "episcope-bench-import-"));
try {
  for (const s of sources) {
    let best = Infinity;
    let report: ImportReport | null = null;
    for (let round = 0; round < ROUNDS; round++) {
      const out = path.join(tmp, `${s.format.replace(/\W+/g, "_")}-${round}`);
      const t0 = performance.now();
      report = await importSource(s.source, { outDir: out, rateHz: null, ...(s.splits ? { splits: s.splits } : {}) });
      best = Math.min(best, (performance.now() - t0) / 1000);
      rmSync(out, { recursive: true, force: true });
    }
    const steps = report!.episodes.reduce((n, e) => n + e.steps, 0);
    const mb = report!.sourceBytes / 1e6;
    // Baseline: read the same bytes and write them to a temp file (best of ROUNDS).
    const files = s.format === "rosbag1" ? [s.source] : s.format.startsWith("lerobot-v2") ? so101Files(s.source) : listSourceFiles(report!);
    let baseline = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      const t0 = performance.now();
      files.forEach((f, i) => writeFileSync(path.join(tmp, `copy-${i}`), readFileSync(f)));
      baseline = Math.min(baseline, (performance.now() - t0) / 1000);
    }
    const note = `${report!.episodes.length} episodes, ${steps} steps, ${mb.toFixed(2)} MB source, best of ${ROUNDS}`;
    results.push({ name: `import ${s.format} steps/s`, value: steps / best, unit: "steps/s", note });
    results.push({ name: `import ${s.format} MB/s`, value: mb / best, unit: "MB/s", baseline: mb / baseline, note: "baseline: read + write the source bytes" });
    console.error(`${s.format}: ${best.toFixed(3)} s, ${(steps / best).toFixed(0)} steps/s, ${(mb / best).toFixed(1)} MB/s (copy ${(mb / baseline).toFixed(0)} MB/s)`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/** Source files an import read: the shards/Arrow files and the videos named in the episodes' sources. */
function listSourceFiles(report: ImportReport): string[] {
  const dir = report.source;
  if (report.format === "rlds") return [path.join(dir, "bridge_dataset-train.tfrecord-00000-of-00001")];
  return [path.join(dir, "train/data-00000-of-00001.arrow"), ...videoFiles(dir)];
}

function so101Files(dir: string): string[] {
  return readdirSync(path.join(dir, "videos")).map((f) => path.join(dir, "videos", f));
}

function videoFiles(dir: string): string[] {
  const info = JSON.parse(readFileSync(path.join(dir, "train/dataset_info.json"), "utf8")) as { features: Record<string, { _type?: string }> };
  return Object.entries(info.features)
    .filter(([, f]) => f._type === "VideoFrame")
    .map(([key]) => path.join(dir, "videos", `${key}_episode_000000.mp4`));
}

writeFileSync(process.env.EPISCOPE_BENCH_OUT ?? "/dev/stdout", JSON.stringify({ suite: "import", results }, null, 2));
