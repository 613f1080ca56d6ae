/**
 * What the dataset list needs from an episode summary: duration, cameras, and the metadata fields found in its MCAP
 * metadata records (https://mcap.dev/spec#metadata-op0x0c).
 */
import type { EpisodeMetadata, EpisodeSummary } from "../episode.ts";
import { emptyFields, METADATA_FIELDS, type EpisodeFacts, type EpisodeFields, type MetadataField } from "./datasetRow.ts";

const NS_PER_MS = 1_000_000n;

/**
 * The metadata fields in MCAP metadata records. A key matches a field case-insensitively as `operator`,
 * `operator_id`, `operator_name` (likewise task, robot, session, scene). Records named `episode` win over others; within a record, the exact key wins over `_id`/`_name`.
 */
export function fieldsFromMetadata(records: readonly EpisodeMetadata[] | undefined): EpisodeFields {
  const fields = emptyFields();
  const ordered = [...(records ?? [])].sort((a, b) => Number(b.name.toLowerCase() === "episode") - Number(a.name.toLowerCase() === "episode"));
  for (const field of METADATA_FIELDS) {
    for (const record of ordered) {
      const value = pick(record.entries, field);
      if (value !== null) {
        fields[field] = value;
        break;
      }
    }
  }
  return fields;
}

function pick(entries: Record<string, string>, field: MetadataField): string | null {
  let alias: string | null = null;
  for (const [key, value] of Object.entries(entries)) {
    const k = key.trim().toLowerCase();
    const v = value.trim();
    if (v === "") continue;
    if (k === field) return v;
    if (alias === null && (k === `${field}_id` || k === `${field}_name` || k === `${field}id` || k === `${field}name`)) alias = v;
  }
  return alias;
}

/** The facts of an opened episode (duration in s from the summary's start/end log times, ns). */
export function factsFromSummary(summary: EpisodeSummary): EpisodeFacts {
  const hasMessages = summary.messageCount > 0 && summary.endNs >= summary.startNs;
  return {
    durationSec: hasMessages ? Number(summary.endNs - summary.startNs) / 1e9 : null,
    startedAt: hasMessages && summary.startNs > 0n ? new Date(Number(summary.startNs / NS_PER_MS)).toISOString() : null,
    messageCount: summary.messageCount,
    cameras: summary.channels.filter((c) => c.kind === "camera").map((c) => c.topic),
    fields: fieldsFromMetadata(summary.metadata),
    problemCount: summary.problems.filter((p) => p.severity === "error").length,
  };
}
