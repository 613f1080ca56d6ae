// `npm run bench storeLabels`: what reading the labels from the team store on PostgreSQL (issue 18, a throwaway local
// server: postgresTestServer.ts) costs against reading the same labels from the files (the baseline, same run), on
// 1,000 episodes labelled by three annotators plus an adjudicated layer (electron/cli/threeAnnotatorLayers.ts),
// imported with `episcope store import`: the agreement report, the export preview (one layer's review of every
// episode; the first episode's plan fails fast, there are no episode files) and a first read of every layer's review
// status. Medians of 3.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeThreeAnnotatorLayers } from "../../electron/cli/threeAnnotatorLayers.ts";
import { runStore } from "../../electron/cli/store.ts";
import { datasetAgreement } from "../../electron/services/agreement/datasetAgreement.ts";
import { fileLabelReader, type LabelReader } from "../../electron/services/annotation/labelReader.ts";
import { startPostgres } from "../../electron/services/annotation/postgres/postgresTestServer.ts";
import { openTeamStore } from "../../electron/services/annotation/postgres/teamStore.ts";
import { fileReviewSource } from "../../electron/services/dataset/labelSources.ts";
import { PostgresReviewSource } from "../../electron/services/annotation/postgres/postgresReviewSource.ts";
import { ExportJobs } from "../../electron/services/export/exportJobs.ts";
import type { Result } from "./benchResult.ts";

const EPISODES = Number(process.env.EPISCOPE_BENCH_EPISODES ?? 1000);
const root = mkdtempSync(path.join(tmpdir(), "episcope-bench-store-labels-"));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Median wall time (ms) of 3 runs of `run`, and its last result. */
async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    value = await run();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), value };
}

const server = await startPostgres();
try {
  const paths = Array.from({ length: EPISODES }, (_, i) => `session_${String(i % 10).padStart(2, "0")}/ep_${String(i).padStart(4, "0")}.mcap`);
  await writeThreeAnnotatorLayers(root, paths, 7);
  if ((await runStore(["import", root, "--store", server.url, "--dataset-key", "bench"], (line) => console.error(line))) !== 0) throw new Error("store import failed");
  const team = await openTeamStore(server.url, "bench", 4);
  try {
    const files = fileLabelReader(root);
    const results: Result[] = [];

    const agreement = (labels: LabelReader) => timed(() => datasetAgreement(root, {}, labels));
    const [fromStore, fromFiles] = [await agreement(team), await agreement(files)];
    if (JSON.stringify(fromStore.value) !== JSON.stringify(fromFiles.value)) throw new Error("the agreement reports from the store and the files differ");
    results.push({ name: `agreement report from PostgreSQL, ${EPISODES} episodes × 3 annotators + adjudicated`, value: fromStore.ms, unit: "ms", baseline: fromFiles.ms, note: "baseline: the same report from the files; median of 3" });

    const entries = paths.map((p) => ({ path: p, name: path.posix.basename(p), sizeBytes: 1 }));
    const preview = (labels: LabelReader) => timed(() => new ExportJobs(root, null, () => {}, () => entries, labels).preview({ format: "json", out: path.join(root, "..", "out"), annotator: "ann_a" }));
    const [previewStore, previewFiles] = [await preview(team), await preview(files)];
    if (JSON.stringify(previewStore.value.episodes) !== JSON.stringify(previewFiles.value.episodes)) throw new Error("the export previews from the store and the files differ");
    results.push({ name: `export preview from PostgreSQL (one layer's review of ${EPISODES} episodes, a query each)`, value: previewStore.ms, unit: "ms", baseline: previewFiles.ms, note: "baseline: the same preview from the files; median of 3" });

    const reviews = [await timed(() => new PostgresReviewSource(team.pool, "bench").read()), await timed(() => fileReviewSource(root).read())];
    results.push({ name: `review status, first read, from PostgreSQL (${EPISODES} episodes × 4 layers)`, value: reviews[0]!.ms, unit: "ms", baseline: reviews[1]!.ms, note: "baseline: the file review reader's first read; median of 3" });

    console.error(JSON.stringify(results, null, 2));
    writeFileSync(process.env.EPISCOPE_BENCH_OUT ?? path.join(root, "out.json"), JSON.stringify({ suite: "storeLabels", results }, null, 2));
  } finally {
    await team.close();
  }
} finally {
  await server.stop();
  rmSync(root, { recursive: true, force: true });
}
