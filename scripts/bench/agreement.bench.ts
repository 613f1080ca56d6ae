// `npm run bench agreement`: the agreement report of a dataset with 1,000 episodes labelled by three annotators (plus
// an adjudicated layer; electron/cli/threeAnnotatorLayers.ts): the whole `episcope agreement` computation (read and
// validate every document, kappa with 1,000-resample bootstrap intervals per pair and label, segment and chunk
// matching) against the baseline of only reading and validating the same documents, its floor.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeThreeAnnotatorLayers } from "../../electron/cli/threeAnnotatorLayers.ts";
import { datasetAgreement } from "../../electron/services/agreement/datasetAgreement.ts";
import { parseAnnotation } from "../../shared/annotation.ts";

const EPISODES = Number(process.env.EPISCOPE_BENCH_EPISODES ?? 1000);
const root = mkdtempSync(path.join(tmpdir(), "episcope-bench-agreement-"));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

try {
  const paths = Array.from({ length: EPISODES }, (_, i) => `session_${String(i % 10).padStart(2, "0")}/ep_${String(i).padStart(4, "0")}.mcap`);
  await writeThreeAnnotatorLayers(root, paths, 7);
  const base = path.join(root, ".episcope/annotations");
  const files = readdirSync(base, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json")).map((f) => path.join(base, f));
  const readOnly: number[] = [];
  const full: number[] = [];
  for (let run = 0; run < 3; run++) {
    let t0 = performance.now();
    let valid = 0;
    for (const f of files) {
      try {
        parseAnnotation(readFileSync(f, "utf8"));
        valid++;
      } catch {
        // the one damaged document
      }
    }
    readOnly.push(performance.now() - t0);
    t0 = performance.now();
    const report = await datasetAgreement(root);
    full.push(performance.now() - t0);
    if (report.leftOutCount !== files.length - valid) throw new Error("the report and the baseline read different documents");
  }
  const results = [
    {
      name: `agreement report, ${EPISODES} episodes × 3 annotators (${files.length} documents)`,
      value: median(full),
      unit: "ms",
      baseline: median(readOnly),
      note: "baseline: read and validate the documents only; median of 3",
    },
  ];
  console.error(JSON.stringify(results, null, 2));
  writeFileSync(process.env.EPISCOPE_BENCH_OUT ?? path.join(root, "out.json"), JSON.stringify({ suite: "agreement", results }, null, 2));
} finally {
  rmSync(root, { recursive: true, force: true });
}
