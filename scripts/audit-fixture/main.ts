/**
 * `npx tsx scripts/audit-fixture/main.ts OUT [--episodes N] [--seed S] [--duration S]`: write the planted-defect audit
 * dataset (see generateAuditDataset.ts) into OUT.
 */
import { parseArgs } from "node:util";
import { generateAuditDataset } from "./generateAuditDataset.ts";

const { values, positionals } = parseArgs({
  options: { episodes: { type: "string", default: "120" }, seed: { type: "string", default: "14" }, duration: { type: "string", default: "8" } },
  allowPositionals: true,
});
if (positionals.length !== 1) {
  console.error("usage: tsx scripts/audit-fixture/main.ts OUT [--episodes N] [--seed S] [--duration S]");
  process.exitCode = 2;
} else {
  const started = performance.now();
  const fixture = await generateAuditDataset(positionals[0]!, { episodes: Number(values.episodes), seed: Number(values.seed), baseDurationS: Number(values.duration) });
  console.error(`wrote ${fixture.episodes.length} episodes to ${positionals[0]} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
