/**
 * `episcope merge PART... [--dataset DIR] [--store postgres://… [--dataset-key KEY]] [index/audit output options]`: combine the part files of a sharded
 * `episcope index|audit --shard I/N --part FILE` run (issue #18) into exactly what one process would have printed.
 * The parts are checked to be the N shards of one run (electron/services/dataset/datasetShard.ts); their entries then
 * serve like the summary cache, so nothing is measured again while the files are unchanged.
 * `episcope merge PART_DIR... --out DIR [--force] [--json]`: combine the part folders of a sharded
 * `episcope export … --shard I/N --part DIR` into the export one process writes (electron/services/export/exportMerge.ts).
 * Exit codes as the merged command's; 1 when the parts do not form one run.
 */
import fs from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { isObjectUrl } from "../services/episode/remote/objectUrl.ts";
import { EpiscopeError } from "../../shared/ipc/contract.ts";
import { mergeShardParts, readShardPart } from "../services/dataset/datasetShard.ts";
import { runAudit } from "./audit.ts";
import { runIndex } from "./index.ts";
import { STORE_OPTIONS } from "./storeArg.ts";

/** Usage line of `episcope merge`. */
export const MERGE_USAGE =
  "episcope merge PART... [--dataset DIR] [--labels DIR] [--store postgres://… [--dataset-key KEY]] [--json] [--csv] [--html FILE] [--by FACET,...] [--serve-url URL]\n" +
  "                                      combine the parts of a sharded index/audit run into the single-process output\n" +
  "  episcope merge PART_DIR... --out DIR [--force] [--json]\n" +
  "                                      combine the part folders of a sharded export into the single-process export";

/**
 * Run `episcope merge`. Output through `out` (lines for index, text for audit; stdout when absent), progress and
 * errors through `err`.
 * @throws Error on bad arguments (an option the merged command does not take); EpiscopeError `invalid-input` when the
 *   parts do not form one run, `not-found` when a part or the dataset folder is missing
 */
export async function runMerge(
  args: string[],
  out?: (text: string) => void,
  err: (text: string) => void = (text) => process.stderr.write(text),
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      dataset: { type: "string" },
      labels: { type: "string" },
      json: { type: "boolean", default: false },
      csv: { type: "boolean", default: false },
      html: { type: "string" },
      by: { type: "string" },
      "serve-url": { type: "string" },
      out: { type: "string", short: "o" },
      force: { type: "boolean", default: false },
      ...STORE_OPTIONS,
    },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new Error(`expected the part files\nusage: ${MERGE_USAGE}`);
  if (positionals.some((p) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory())) {
    // export parts; loaded on demand (h5wasm, hyparquet-writer), as `episcope export`
    if (values.dataset || values.labels || values.store || values["dataset-key"] || values.csv || values.html || values.by || values["serve-url"]) {
      throw new Error("export parts take only --out DIR, --force and --json");
    }
    if (!values.out) throw new Error(`merging export parts needs --out DIR\nusage: ${MERGE_USAGE}`);
    const [{ mergeExportParts }, { printSummary }] = await Promise.all([import("../services/export/exportMerge.ts"), import("./export.ts")]);
    const summary = await mergeExportParts(positionals, values.out, values.force);
    const write = out ?? ((text: string) => void process.stdout.write(text));
    return printSummary(summary, values.json, (line) => write(line + "\n"));
  }
  if (values.out || values.force) throw new Error("--out and --force are for export parts (folders); index/audit parts print their output");
  const merged = mergeShardParts(positionals.map(readShardPart), positionals);
  // The dataset may be mounted elsewhere on the machine that merges (cluster nodes vs the lead's laptop).
  const given = values.dataset ?? merged.root;
  // An object root (s3://bucket/prefix) is the same URL everywhere; a folder may be mounted elsewhere.
  const root = isObjectUrl(given) ? given : resolve(given);
  if (!isObjectUrl(root) && !fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    throw new EpiscopeError("not-found", `${root}: the parts' dataset folder is not here (give it with --dataset DIR)`);
  }
  // The label folder of a dataset on object storage (datasetRootArg.ts), as the shards were given it.
  const labels = [
    ...(values.labels !== undefined ? ["--labels", values.labels] : []),
    // the review status and metadata table in the team store (storeArg.ts)
    ...(values.store !== undefined ? ["--store", values.store] : []),
    ...(values["dataset-key"] !== undefined ? ["--dataset-key", values["dataset-key"]] : []),
  ];
  if (merged.command === "index") {
    if (values.csv || values.html || values.by || values["serve-url"]) throw new Error("index parts take only --json");
    const write = out ?? ((line: string) => void process.stdout.write(line));
    return runIndex([root, ...labels, ...(values.json ? ["--json"] : [])], (line) => write(line + "\n"), err, merged.entries);
  }
  const forwarded = [
    ...(values.json ? ["--json"] : []),
    ...(values.csv ? ["--csv"] : []),
    ...(values.html ? ["--html", values.html] : []),
    ...(values.by ? ["--by", values.by] : []),
    ...(values["serve-url"] ? ["--serve-url", values["serve-url"]] : []),
  ];
  return runAudit([root, ...labels, ...forwarded], out, err, merged.entries);
}
