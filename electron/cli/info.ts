/**
 * `episcope info PATH [--json] [--crc]`: what is in one MCAP episode — time range, duration, read mode, and per
 * channel the topic, schema, encoding, message count, rate (Hz) and kind — plus metadata records, attachments and the
 * problems found while opening it (with `--crc`, also every CRC the file carries, https://mcap.dev/spec).
 * A damaged file (cut short, invalid record) is summarized up to the damage, and the damage reported.
 */
import { parseArgs } from "node:util";
import type { EpisodeSummary } from "../../shared/episode.ts";
import { EpiscopeError } from "../../shared/ipc/contract.ts";
import { formatSeconds, nsToSeconds } from "../../shared/time.ts";
import { summarizeEpisodeFile } from "../services/episode/episodeMainService.ts";
import { verifyFileCrcs } from "../services/episode/verifyCrcs.ts";
import { zstdStatus, type ZstdImplementation } from "../services/episode/zstdDecompressor.ts";

/** Usage line of `episcope info`. */
export const INFO_USAGE =
  "episcope info PATH [--json] [--crc]   summary of one .mcap episode (--json: one JSON object, ns as decimal strings; --crc: verify CRCs)";

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
  /** Which library decompresses zstd chunks in this process (node:zlib, zstd-napi or wasm; see zstdDecompressor.ts). */
  zstd: ZstdImplementation;
  channels: {
    topic: string;
    schemaName: string;
    schemaEncoding: string;
    messageEncoding: string;
    messageCount: number;
    rateHz: number | null;
    kind: string;
  }[];
  /** Metadata records (name and string entries). */
  metadata: NonNullable<EpisodeSummary["metadata"]>;
  /** Attachments, without their bytes; logTimeNs as a decimal string. */
  attachments: { name: string; mediaType: string; sizeBytes: number; logTimeNs: string }[];
  /** With `--crc`: how many CRCs were compared (mismatches are `crc-mismatch` problems). */
  crcChecked?: number;
  problems: EpisodeSummary["problems"];
}

/**
 * Run `episcope info`.
 * @param args the arguments after `info`: one PATH and optionally `--json`
 * @param out receives stdout lines
 * @param err receives stderr lines (default: process.stderr)
 * @returns exit code: 0 ok; 1 bad input: a file that cannot be opened (missing/empty/not MCAP: one line on `err`
 *   naming the file and the problem, nothing on `out`), or a damaged one (truncated, invalid record, CRC mismatch:
 *   the summary of what is readable on `out`, one line per error problem on `err`); 2 usage error. Unexpected errors
 *   are thrown.
 */
export async function runInfo(
  args: string[],
  out: (line: string) => void,
  err: (line: string) => void = (line) => process.stderr.write(line + "\n"),
): Promise<number> {
  let values: { json?: boolean; crc?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: { json: { type: "boolean" }, crc: { type: "boolean" }, help: { type: "boolean", short: "h" } },
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
  let crcChecked: number | undefined;
  try {
    summary = await summarizeEpisodeFile(file, { salvage: true });
    if (values.crc) {
      const report = await verifyFileCrcs(file);
      summary = { ...summary, problems: [...summary.problems, ...report.problems] };
      crcChecked = report.checked;
    }
  } catch (error) {
    if (error instanceof EpiscopeError) {
      err(`episcope info: ${error.message}`);
      return 1;
    }
    throw error;
  }

  const json = toInfoJson(file, summary, (await zstdStatus()).implementation);
  if (crcChecked !== undefined) json.crcChecked = crcChecked;
  if (values.json) out(JSON.stringify(json, null, 2));
  else for (const line of formatInfo(json, summary)) out(line);
  const errors = summary.problems.filter((p) => p.severity === "error");
  for (const problem of errors) err(`episcope info: ${problem.message}`);
  return errors.length > 0 ? 1 : 0;
}

/** The JSON shape of a summary (see InfoJson). */
export function toInfoJson(file: string, summary: EpisodeSummary, zstd: ZstdImplementation): InfoJson {
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
    zstd,
    channels: summary.channels.map((c) => ({
      topic: c.topic,
      schemaName: c.schemaName,
      schemaEncoding: c.schemaEncoding,
      messageEncoding: c.messageEncoding,
      messageCount: c.messageCount,
      rateHz: c.rateHz,
      kind: c.kind,
    })),
    metadata: summary.metadata ?? [],
    attachments: (summary.attachments ?? []).map((a) => ({ ...a, logTimeNs: a.logTimeNs.toString() })),
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
    `read      ${json.readMode}, ${json.access}, zstd via ${json.zstd}`,
  ];
  if (json.crcChecked !== undefined) lines.push(`crc       ${json.crcChecked} checked`);
  for (const m of json.metadata) {
    lines.push(`metadata  ${m.name}: ${Object.entries(m.entries).map(([k, v]) => `${k}=${v}`).join(", ")}`);
  }
  for (const a of json.attachments) lines.push(`attached  ${a.name} (${a.mediaType}, ${formatBytes(a.sizeBytes)})`);
  lines.push("");
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
