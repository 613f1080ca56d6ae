/**
 * `episcope info PATH [--json]`: what is in one MCAP episode — time range, duration, read mode, and per channel the
 * topic, schema, encoding, message count, rate (Hz) and kind — plus the problems found while opening it.
 */
import { parseArgs } from "node:util";
import type { EpisodeSummary } from "../../shared/episode.ts";
import { EpiscopeError } from "../../shared/ipc/contract.ts";
import { formatSeconds, nsToSeconds } from "../../shared/time.ts";
import { summarizeEpisodeFile } from "../services/episode/episodeMainService.ts";

/** Usage line of `episcope info`. */
export const INFO_USAGE = "episcope info PATH [--json]   summary of one .mcap episode (--json: one JSON object, ns as decimal strings)";

/** The `--json` output. Times are ns as decimal strings. */
export interface InfoJson {
  file: string;
  startNs: string;
  endNs: string;
  durationNs: string;
  durationSeconds: number;
  messageCount: number;
  readMode: EpisodeSummary["readMode"];
  access: EpisodeSummary["access"];
  channels: {
    topic: string;
    schemaName: string;
    schemaEncoding: string;
    messageEncoding: string;
    messageCount: number;
    rateHz: number | null;
    kind: string;
  }[];
  problems: EpisodeSummary["problems"];
}

/**
 * Run `episcope info`.
 * @param args the arguments after `info`: one PATH and optionally `--json`
 * @param out receives stdout lines
 * @param err receives stderr lines (default: process.stderr)
 * @returns exit code: 0 ok, 1 bad input (missing/empty/non-MCAP/truncated file; one line on `err` naming the file and
 *   the problem), 2 usage error. Unexpected errors are thrown.
 */
export async function runInfo(
  args: string[],
  out: (line: string) => void,
  err: (line: string) => void = (line) => process.stderr.write(line + "\n"),
): Promise<number> {
  let values: { json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
    }));
  } catch (error) {
    err(`episcope info: ${(error as Error).message}\nusage: ${INFO_USAGE}`);
    return 2;
  }
  if (values.help) {
    out(`usage: ${INFO_USAGE}`);
    return 0;
  }
  if (positionals.length !== 1) {
    err(`episcope info: expected one PATH, got ${positionals.length}\nusage: ${INFO_USAGE}`);
    return 2;
  }
  const file = positionals[0]!;

  let summary: EpisodeSummary;
  try {
    summary = await summarizeEpisodeFile(file);
  } catch (error) {
    if (error instanceof EpiscopeError) {
      err(`episcope info: ${error.message}`);
      return 1;
    }
    throw error;
  }

  const json = toInfoJson(file, summary);
  if (values.json) {
    out(JSON.stringify(json, null, 2));
    return 0;
  }
  for (const line of formatInfo(json, summary)) out(line);
  return 0;
}

/** The JSON shape of a summary (see InfoJson). */
export function toInfoJson(file: string, summary: EpisodeSummary): InfoJson {
  const durationNs = summary.endNs - summary.startNs;
  return {
    file,
    startNs: summary.startNs.toString(),
    endNs: summary.endNs.toString(),
    durationNs: durationNs.toString(),
    durationSeconds: nsToSeconds(durationNs),
    messageCount: summary.messageCount,
    readMode: summary.readMode,
    access: summary.access,
    channels: summary.channels.map((c) => ({
      topic: c.topic,
      schemaName: c.schemaName,
      schemaEncoding: c.schemaEncoding,
      messageEncoding: c.messageEncoding,
      messageCount: c.messageCount,
      rateHz: c.rateHz,
      kind: c.kind,
    })),
    problems: summary.problems,
  };
}

/** UTC ISO-8601 with nanoseconds, e.g. `2025-09-10T11:03:57.064933568Z`. */
export function isoFromNs(ns: bigint): string {
  if (ns < 0n) return `${ns} ns`;
  const seconds = ns / 1_000_000_000n;
  const fraction = (ns % 1_000_000_000n).toString().padStart(9, "0");
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return `${ns} ns`;
  return date.toISOString().replace(/\.\d{3}Z$/, `.${fraction}Z`);
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function table(rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows.map((row) =>
    row
      .map((cell, col) => (rightAligned.has(col) ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)))
      .join("  ")
      .trimEnd(),
  );
}

/** Human-readable lines. */
function formatInfo(json: InfoJson, summary: EpisodeSummary): string[] {
  const durationNs = summary.endNs - summary.startNs;
  const lines = [
    `file      ${json.file} (${formatBytes(summary.sizeBytes)})`,
    `start     ${isoFromNs(summary.startNs)} (${json.startNs} ns)`,
    `end       ${isoFromNs(summary.endNs)} (${json.endNs} ns)`,
    `duration  ${formatSeconds(durationNs)} s (${json.durationNs} ns)`,
    `messages  ${json.messageCount} on ${json.channels.length} channels`,
    `read      ${json.readMode}, ${json.access}`,
    "",
  ];
  const rows = [["TOPIC", "SCHEMA", "ENCODING", "COUNT", "RATE_HZ", "KIND"]];
  for (const c of summary.channels) {
    rows.push([
      c.topic,
      c.schemaName ? `${c.schemaName} (${c.schemaEncoding})` : "(none)",
      c.messageEncoding,
      String(c.messageCount),
      c.rateHz === null ? "-" : c.rateHz.toFixed(c.rateHz >= 100 ? 0 : 2),
      c.cameraPayload ? `${c.kind} (${c.cameraPayload})` : c.kind,
    ]);
  }
  lines.push(...table(rows, new Set([3, 4])));
  lines.push("");
  if (json.problems.length === 0) lines.push("problems  none");
  else {
    lines.push(`problems  ${json.problems.length}`);
    for (const p of json.problems) lines.push(`  ${p.severity.padEnd(7)} ${p.code.padEnd(19)} ${p.message}`);
  }
  return lines;
}
