/**
 * `episcope validate DATASET [--json]`: check every annotation document of a dataset against the schema and its
 * episode (times inside the episode, chunks contiguous, instructions non-empty, …) and list each problem with its file
 * and field path. Exit code 0 only when no document (and not the dataset config) has an error; warnings are listed but
 * do not fail.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { validateDataset, type FileReport } from "../services/annotation/validateDataset.ts";

/** Usage line of `episcope validate`. */
export const VALIDATE_USAGE =
  "episcope validate DATASET [--json]  check every annotation document against the schema and its episode (exit 0: all valid)";

/**
 * Run `episcope validate`; writes the report through `out` (one line per problem, or one JSON object with --json).
 * @returns 0 when valid, 1 when a file has an error.
 * @throws Error on bad arguments; EpiscopeError `not-found` when DATASET is not a folder.
 */
export async function runValidate(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: "boolean", default: false } }, allowPositionals: true });
  if (positionals.length !== 1) throw new Error(`expected one DATASET folder\nusage: ${VALIDATE_USAGE}`);
  const report = await validateDataset(resolve(positionals[0]!));
  if (values.json) {
    out(JSON.stringify(report, null, 2));
    return report.valid ? 0 : 1;
  }
  const print = (r: FileReport, showOk: boolean) => {
    if (r.problems.length === 0) {
      if (showOk) out(`${r.file}: ok`);
      return;
    }
    for (const p of r.problems) out(`${r.file}: ${p.severity} ${p.path}: ${p.message}`);
  };
  print(report.config, false);
  for (const d of report.documents) print(d, true);
  const n = report.documents.length;
  out(
    n === 0
      ? `no annotation documents under ${report.dataset}/.episcope/annotations`
      : `checked ${n} annotation document${n === 1 ? "" : "s"}: ${report.errors} error${report.errors === 1 ? "" : "s"}, ${report.warnings} warning${report.warnings === 1 ? "" : "s"}`,
  );
  return report.valid ? 0 : 1;
}
