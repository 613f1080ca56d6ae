/**
 * JSON and CSV exports for scripts and spreadsheets:
 * - json: `annotations/<episode>.json`, each episode's document as stored (ns as decimal strings), plus
 *   `episodes.json`, one flat object per episode;
 * - csv: `episodes.csv`, one flat row per episode (RFC 4180 quoting), plus `segments.csv` (one row per segment).
 */
import fs from "node:fs";
import { serializeAnnotation } from "../../../../shared/annotation.ts";
import type { EpisodeInput, FormatWriter, WriterFactory } from "../formatWriter.ts";
import type { OutputFolder } from "../outputFolder.ts";

/** Columns of the flat per-episode row, in order. */
export const EPISODE_ROW_COLUMNS = [
  "episode",
  "duration_s",
  "messages",
  "operator",
  "task",
  "annotator",
  "revision",
  "status",
  "outcome",
  "score",
  "flags",
  "note",
  "segments",
  "chunks",
  "instructions",
  "instruction",
  "paraphrases",
  "reward_keyframes",
] as const;

type Row = Record<(typeof EPISODE_ROW_COLUMNS)[number], string | number | null>;

/** The flat row of one episode (lists joined with `|`). */
export function episodeRow({ summary, doc }: EpisodeInput): Row {
  const meta = summary.metadata?.find((m) => m.name === "episode")?.entries ?? {};
  const first = doc?.instructions[0];
  return {
    episode: summary.path,
    duration_s: Number(summary.endNs - summary.startNs) / 1e9,
    messages: summary.messageCount,
    operator: meta.operator ?? null,
    task: meta.task ?? null,
    annotator: doc?.annotator.id ?? null,
    revision: doc?.revision ?? null,
    status: doc?.review.status ?? "unreviewed",
    outcome: doc?.review.outcome ?? null,
    score: doc?.review.score ?? null,
    flags: doc?.review.flags.join("|") ?? "",
    note: doc?.review.note ?? "",
    segments: doc?.segments.length ?? 0,
    chunks: doc?.chunks.length ?? 0,
    instructions: doc?.instructions.length ?? 0,
    instruction: first?.text ?? null,
    paraphrases: first?.paraphrases.join("|") ?? "",
    reward_keyframes: doc?.rewards?.keyframes.length ?? 0,
  };
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF; null is empty. */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (fields: (string | number | null)[]) => fields.map(csvField).join(",") + "\r\n";

class JsonWriter implements FormatWriter {
  readonly needsSteps = false;
  readonly #rows: Row[] = [];
  constructor(private readonly folder: OutputFolder) {}
  async addEpisode(input: EpisodeInput): Promise<void> {
    if (input.doc) fs.writeFileSync(this.folder.file(`annotations/${input.summary.path.replace(/\.mcap$/i, "")}.json`), serializeAnnotation(input.doc));
    this.#rows.push(episodeRow(input));
  }
  async finish(): Promise<string[]> {
    fs.writeFileSync(this.folder.file("episodes.json"), JSON.stringify(this.#rows, null, 2) + "\n");
    return [`${this.#rows.length} episode rows in episodes.json; documents under annotations/`];
  }
}

class CsvWriter implements FormatWriter {
  readonly needsSteps = false;
  readonly #episodes: string[] = [csvLine([...EPISODE_ROW_COLUMNS])];
  readonly #segments: string[] = [csvLine(["episode", "id", "kind", "start_ns", "end_ns", "start_s", "end_s", "note"])];
  constructor(private readonly folder: OutputFolder) {}
  async addEpisode(input: EpisodeInput): Promise<void> {
    const row = episodeRow(input);
    const start = input.summary.startNs;
    const segments = (input.doc?.segments ?? []).map((s) =>
      csvLine([input.summary.path, s.id, s.kind, s.startNs.toString(), s.endNs.toString(), Number(s.startNs - start) / 1e9, Number(s.endNs - start) / 1e9, s.note]),
    );
    this.#episodes.push(csvLine(EPISODE_ROW_COLUMNS.map((c) => row[c])));
    this.#segments.push(...segments);
  }
  async finish(): Promise<string[]> {
    fs.writeFileSync(this.folder.file("episodes.csv"), this.#episodes.join(""));
    fs.writeFileSync(this.folder.file("segments.csv"), this.#segments.join(""));
    return [`${this.#episodes.length - 1} rows in episodes.csv, ${this.#segments.length - 1} in segments.csv`];
  }
}

/** JSON export (see module doc). */
export const jsonWriter: WriterFactory = (folder) => new JsonWriter(folder);
/** CSV export (see module doc). */
export const csvWriter: WriterFactory = (folder) => new CsvWriter(folder);
