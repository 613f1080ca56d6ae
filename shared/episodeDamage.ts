/**
 * What a damaged episode file lost, for the banner shown when it opens: the damage itself (the `error` problems of
 * the summary — a truncated file or invalid records, each naming the offset), the part of the recording that could be
 * read, and per topic what is missing — no message read at all, or messages that stop well before the readable end.
 */
import type { EpisodeSummary } from "./episode.ts";

/** A topic the damage cut short. */
export interface LostTopic {
  topic: string;
  /** Log time of its last readable message, seconds after the episode start; null when none could be read. */
  lastReadableS: number | null;
}

/** What a damaged episode lost (see damageOf). */
export interface EpisodeDamage {
  /** The damage, as the reader named it (file, offset, record). */
  causes: string[];
  /** Readable part of the recording, seconds after its first message: [0, readableEndS]. */
  readableEndS: number;
  /** Messages read before the damage. */
  messagesRead: number;
  /** Topics with no message read, or whose messages stop before the readable end (last message first). */
  lostTopics: LostTopic[];
}

/** Problem codes that mean part of the file could not be read. */
const DAMAGE_CODES = new Set(["truncated", "corrupt-mcap"]);

/**
 * What `summary`'s file lost, or null when it is not damaged. A topic counts as cut short when its last message lies
 * more than two of its own mean periods (at least 0.2 s) before the readable end: messages it would have recorded
 * after that are in the part of the file that could not be read. (After a cut the file's summary section — the
 * statistics of what the recording held — is gone too, so what lies past the cut cannot be counted, only named.)
 */
export function damageOf(summary: EpisodeSummary): EpisodeDamage | null {
  const causes = summary.problems.filter((p) => p.severity === "error" && DAMAGE_CODES.has(p.code)).map((p) => p.message);
  if (causes.length === 0) return null;
  const start = summary.startNs;
  const end = summary.endNs;
  const seconds = (ns: bigint) => Number(ns - start) / 1e9;
  const lostTopics: LostTopic[] = [];
  for (const c of summary.channels) {
    if (c.messageCount === 0 || c.lastNs === null) {
      lostTopics.push({ topic: c.topic, lastReadableS: null });
      continue;
    }
    const periodS = c.rateHz && c.rateHz > 0 ? 1 / c.rateHz : 0;
    if (Number(end - c.lastNs) / 1e9 > Math.max(0.2, 2 * periodS)) lostTopics.push({ topic: c.topic, lastReadableS: seconds(c.lastNs) });
  }
  lostTopics.sort((a, b) => (a.lastReadableS ?? -1) - (b.lastReadableS ?? -1) || a.topic.localeCompare(b.topic));
  return { causes, readableEndS: summary.messageCount > 0 ? seconds(end) : 0, messagesRead: summary.messageCount, lostTopics };
}
