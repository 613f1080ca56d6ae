// `npm run bench exportShard`: a sharded export (issue #18) against one process on a generated 12-episode labelled
// dataset (electron/services/export/labelledDatasetFixture.ts), per format (LeRobot at the camera's 30 fps, remuxed;
// robomimic and RLDS at 10 Hz): the baseline is the single-process export's wall time; measured are the 3 shards
// (each `exportShard`, one after the other here) and the merge. On a cluster the shards run at once, so the wall time
// is the slowest shard + the merge ("cluster wall s"); the sum of the shards is the work the sharding costs in all.
// Best of ROUNDS each.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { exportDataset } from "../../electron/services/export/exportDataset.ts";
import { mergeExportParts } from "../../electron/services/export/exportMerge.ts";
import { exportShard } from "../../electron/services/export/exportShard.ts";
import type { ExportOptions } from "../../electron/services/export/exportTypes.ts";
import { writeLabelledDataset } from "../../electron/services/export/labelledDatasetFixture.ts";
import type { Result } from "./benchResult.ts";

const ROUNDS = 2;
const EPISODES = 12;
const SHARDS = 3;

const results: Result[] = [];
const seconds = async (run: () => Promise<unknown>) => {
  const t0 = performance.now();
  await run();
  return (performance.now() - t0) / 1000;
};

const tmp = mkdtempSync(path.join(tmpdir(), "episcope-bench-export-shard-"));
try {
  const dataset = path.join(tmp, "dataset");
  await writeLabelledDataset(dataset, EPISODES);
  for (const format of ["lerobot", "robomimic", "rlds"] as const) {
    const options = (out: string): ExportOptions => ({ dataset, format, out, fps: format === "lerobot" ? 30 : 10 });
    let single = Infinity;
    let slowest = Infinity;
    let sum = Infinity;
    let merge = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      const out = path.join(tmp, `${format}-single-${round}`);
      single = Math.min(single, await seconds(() => exportDataset(options(out))));
      const parts: string[] = [];
      const times: number[] = [];
      for (let i = 0; i < SHARDS; i++) {
        const part = path.join(tmp, `${format}-part-${round}-${i}`);
        times.push(await seconds(() => exportShard(options(part), { index: i, count: SHARDS }, part)));
        parts.push(part);
      }
      slowest = Math.min(slowest, Math.max(...times));
      sum = Math.min(sum, times.reduce((a, b) => a + b, 0));
      merge = Math.min(merge, await seconds(() => mergeExportParts(parts, path.join(tmp, `${format}-merged-${round}`), false)));
      for (const p of [out, ...parts, path.join(tmp, `${format}-merged-${round}`)]) rmSync(p, { recursive: true, force: true });
    }
    const note = `${EPISODES} episodes, ${SHARDS} shards run one after the other, best of ${ROUNDS}; baseline: one process`;
    results.push({ name: `export ${format} ${SHARDS} shards cluster wall s`, value: slowest + merge, unit: "s", baseline: single, note: `slowest shard + merge; ${note}` });
    results.push({ name: `export ${format} ${SHARDS} shards total s`, value: sum + merge, unit: "s", baseline: single, note: `every shard + merge; ${note}` });
    results.push({ name: `export ${format} merge s`, value: merge, unit: "s", baseline: single, note });
    console.error(`${format}: one process ${single.toFixed(2)} s; ${SHARDS} shards: slowest ${slowest.toFixed(2)} s, all ${sum.toFixed(2)} s; merge ${merge.toFixed(2)} s`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

writeFileSync(process.env.EPISCOPE_BENCH_OUT ?? "/dev/stdout", JSON.stringify({ suite: "exportShard", results }, null, 2));
