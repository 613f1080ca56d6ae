// `npm run bench dataset`: dataset review at scale. On a generated dataset of 1,000 small episodes (10 operators,
// 5 tasks; scripts/dataset-fixture): cold index time (no cache: every episode summarized in worker threads) against
// the baseline of @mcap/core's McapIndexedReader reading every file's summary on one thread; warm reopen (a new
// service: list, fingerprint, cache hit, rows with every annotator's review). Then list filter / sort / facet latency
// over 10,000 synthetic rows (p50 and p95 of 100 runs each).
import { McapIndexedReader } from "@mcap/core";
import { FileHandleReadable } from "@mcap/nodejs";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DatasetMainService } from "../../electron/services/dataset/datasetMainService.ts";
import { listEpisodeFiles } from "../../electron/services/episode/listEpisodes.ts";
import { facetCounts, filterRows, sortRows, toggleFacet, EMPTY_FILTER } from "../../shared/dataset/rowFilter.ts";
import { syntheticRows } from "../../shared/dataset/testRows.ts";
import { generateDataset } from "../dataset-fixture/generateDataset.ts";
import type { Result } from "./benchResult.ts";


const EPISODES = Number(process.env.EPISCOPE_BENCH_EPISODES ?? 1000);
const results: Result[] = [];
const root = mkdtempSync(path.join(tmpdir(), "episcope-bench-dataset-"));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

try {
  let t0 = performance.now();
  await generateDataset(root, { episodes: EPISODES, damaged: 5 });
  console.error(`generated ${EPISODES} episodes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Baseline: @mcap/core reads each file's summary section (what any indexer must at least do), one thread.
  t0 = performance.now();
  let summaries = 0;
  for (const e of listEpisodeFiles(root)) {
    const handle = await open(path.join(root, e.path), "r");
    try {
      await McapIndexedReader.Initialize({ readable: new FileHandleReadable(handle) });
      summaries++;
    } catch {
      // damaged episodes: the baseline just skips them
    } finally {
      await handle.close();
    }
  }
  const baselineS = (performance.now() - t0) / 1000;

  const cold = new DatasetMainService(root);
  t0 = performance.now();
  const progress = await cold.index();
  const coldS = (performance.now() - t0) / 1000;
  await cold.close();
  console.error(`cold index ${coldS.toFixed(2)} s (${progress.done} episodes, ${progress.failed} unreadable); @mcap/core summaries ${baselineS.toFixed(2)} s (${summaries})`);
  results.push({
    name: `cold index ${EPISODES} episodes`,
    value: coldS,
    unit: "s",
    baseline: baselineS,
    target: "≤ 60",
    note: `worker threads, ${progress.failed} unreadable listed; baseline: @mcap/core McapIndexedReader summaries, one thread`,
  });

  const warmRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    const warm = new DatasetMainService(root);
    t0 = performance.now();
    const p = await warm.index();
    const { rows } = await warm.rows();
    warmRuns.push(performance.now() - t0);
    if (p.cached !== EPISODES || rows.length !== EPISODES) throw new Error(`warm reopen re-indexed: ${JSON.stringify(p)}`);
    await warm.close();
  }
  console.error(`warm reopen p50 ${percentile(warmRuns, 50).toFixed(0)} ms`);
  results.push({ name: `warm reopen ${EPISODES} episodes (index + rows)`, value: percentile(warmRuns, 50) / 1000, unit: "s", target: "≤ 1", note: "median of 5 new services; every episode from the cache" });
} finally {
  rmSync(root, { recursive: true, force: true });
}

const rows = syntheticRows(10_000);
const measure = (name: string, run: () => unknown, note: string) => {
  for (let i = 0; i < 3; i++) run(); // warm the JIT
  const times: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  console.error(`${name}: p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms`);
  results.push({ name: `${name} p95`, value: percentile(times, 95), unit: "ms", target: "≤ 50", note: `${note}${note ? "; " : ""}p50 ${percentile(times, 50).toFixed(1)} ms, 100 runs` });
};
let typed = 0;
// Each run types a different text so the per-row text cache does not hide the work of matching.
const filter = toggleFacet({ ...EMPTY_FILTER }, "status", "unreviewed");
measure("filter 10,000 rows (text + facet)", () => filterRows(rows, { ...filter, text: ["op_0", "pick", "op_03 cube", "session_1", "fold"][typed++ % 5]! }), "free text terms + a status facet");
measure("sort 10,000 rows by duration", () => sortRows(rows, { key: "duration", dir: typed++ % 2 ? "asc" : "desc" }), "");
measure("facet counts 10,000 rows (10 facets)", () => facetCounts(rows, filter), "");

writeFileSync(process.env.EPISCOPE_BENCH_OUT ?? "/dev/stdout", JSON.stringify({ suite: "dataset", results }, null, 2));
