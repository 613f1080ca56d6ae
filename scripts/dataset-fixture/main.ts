/**
 * `npm run dataset-fixture -- OUT [--episodes N] [--seed S] [--damaged N] [--no-annotations]`: write the generated
 * review dataset (see generateDataset.ts) into OUT.
 */
import { parseArgs } from "node:util";
import { generateDataset } from "./generateDataset.ts";

const { values, positionals } = parseArgs({
  options: {
    episodes: { type: "string", default: "1000" },
    seed: { type: "string", default: "6" },
    damaged: { type: "string", default: "0" },
    "no-annotations": { type: "boolean", default: false },
  },
  allowPositionals: true,
});
if (positionals.length !== 1) {
  console.error("usage: npm run dataset-fixture -- OUT [--episodes N] [--seed S] [--damaged N] [--no-annotations]");
  process.exit(2);
}
const started = performance.now();
const episodes = await generateDataset(positionals[0]!, {
  episodes: Number(values.episodes),
  seed: Number(values.seed),
  damaged: Number(values.damaged),
  annotations: !values["no-annotations"],
});
console.error(`wrote ${episodes.length} episodes to ${positionals[0]} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
