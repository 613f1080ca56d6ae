/**
 * `episcope import SOURCE --out DIR [--rate HZ] [--split NAME]… [--json]`: convert a dataset (RLDS / TFDS folder,
 * LeRobot v1 folder, ROS 1 bag) into MCAP episodes, one `.mcap` per episode (see electron/services/import/).
 * Prints one line per episode (status, output, problems) and a total; `--json` prints the ImportReport instead.
 */
import { parseArgs } from "node:util";
import { importSource } from "../services/import/importSource.ts";
import { errorMessage, type EpisodeImportResult, type ImportReport } from "../services/import/types.ts";

/** Usage line of `episcope import`. */
export const IMPORT_USAGE = "episcope import SOURCE --out DIR [--rate HZ] [--split NAME] [--json]   convert RLDS, LeRobot (v1, v2.x, v3.0) or a ROS 1 bag to .mcap episodes";

function episodeLine(e: EpisodeImportResult): string {
  const head = `${e.status.padEnd(7)} ${e.source}${e.output ? ` -> ${e.output}` : ""} (${e.steps} steps, ${e.messages} messages)`;
  const notes = e.problems.filter((p) => p.severity !== "info").map((p) => `\n        ${p.severity}: ${p.code}: ${p.message}`);
  return head + notes.join("");
}

/**
 * Run `episcope import`.
 * @param args the arguments after `import`
 * @param out receives stdout lines
 * @param err receives stderr lines (default: process.stderr)
 * @returns exit code: 0 every episode imported (possibly partially), 1 bad source or some episode failed, 2 usage
 */
export async function runImport(
  args: string[],
  out: (line: string) => void,
  err: (line: string) => void = (line) => process.stderr.write(line + "\n"),
): Promise<number> {
  let values: { out?: string; rate?: string; split?: string[]; json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: { out: { type: "string", short: "o" }, rate: { type: "string" }, split: { type: "string", multiple: true }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
    }));
  } catch (error) {
    err(`episcope import: ${errorMessage(error)}\nusage: ${IMPORT_USAGE}`);
    return 2;
  }
  if (values.help) {
    out(`usage: ${IMPORT_USAGE}`);
    return 0;
  }
  if (positionals.length !== 1 || !values.out) {
    err(`episcope import: expected one SOURCE and --out DIR\nusage: ${IMPORT_USAGE}`);
    return 2;
  }
  let rateHz: number | null = null;
  if (values.rate !== undefined) {
    rateHz = Number(values.rate);
    if (!Number.isFinite(rateHz) || rateHz <= 0) {
      err(`episcope import: --rate must be a positive number of Hz, got ${JSON.stringify(values.rate)}`);
      return 2;
    }
  }
  let report: ImportReport;
  try {
    report = await importSource(positionals[0]!, {
      outDir: values.out,
      rateHz,
      ...(values.split ? { splits: values.split } : {}),
      ...(values.json ? {} : { onEpisode: (e: EpisodeImportResult) => out(episodeLine(e)) }),
    });
  } catch (error) {
    err(`episcope import: ${errorMessage(error)}`);
    return 1;
  }
  const failed = report.episodes.filter((e) => e.status === "failed").length;
  if (values.json) out(JSON.stringify(report, null, 2));
  else {
    for (const p of report.problems) out(`${p.severity}: ${p.code}: ${p.message}`);
    const ok = report.episodes.length - failed;
    out(`imported ${ok} of ${report.episodes.length} episodes (${report.format}) into ${report.outDir}${failed ? `; ${failed} failed` : ""}`);
  }
  return failed > 0 || report.problems.some((p) => p.severity === "error") ? 1 : 0;
}
