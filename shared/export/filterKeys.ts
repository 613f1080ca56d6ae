/**
 * Episode filter keys from review labels, named as robomimic's `mask/<filter key>` lists expect
 * (robomimic docs, "Filter Keys": each key lists the demo names it selects): `successful`, `failed`, `partial`,
 * `unusable`, one per quality flag (`flag_<flag>`), one per operator (`operator_<operator>`), one per review status
 * (`status_<status>`), one per segment kind the episode has (`has_<kind>`, e.g. `has_recovery`, `has_intervention`).
 */
import type { Review } from "../annotation.ts";

/** A label turned into a key that is a safe HDF5 / file name: characters other than [A-Za-z0-9._-] become `_`. */
export function filterKeyPart(label: string): string {
  const key = label.trim().replace(/[^A-Za-z0-9._-]+/g, "_");
  return key === "" ? "_" : key;
}

/**
 * The filter keys one episode belongs to.
 * @param review the document's review section, or null when the episode has no document
 * @param operator the episode's operator (the dataset table's, else the MCAP metadata's), or null
 * @param segmentKinds the kinds of the episode's segments
 */
export function episodeFilterKeys(review: Review | null, operator: string | null, segmentKinds: readonly string[] = []): string[] {
  const keys: string[] = [];
  if (review?.outcome === "success") keys.push("successful");
  if (review?.outcome === "failure") keys.push("failed");
  if (review?.outcome === "partial" || review?.outcome === "unusable") keys.push(review.outcome);
  for (const flag of review?.flags ?? []) keys.push(`flag_${filterKeyPart(flag)}`);
  if (operator) keys.push(`operator_${filterKeyPart(operator)}`);
  keys.push(`status_${review?.status ?? "unreviewed"}`);
  for (const kind of segmentKinds) keys.push(`has_${filterKeyPart(kind)}`);
  return [...new Set(keys)];
}

/**
 * Group episode names by filter key: key → names in episode order.
 * @param perEpisode [name, keys] per exported episode, in export order
 */
export function filterKeyLists(perEpisode: ReadonlyArray<readonly [string, readonly string[]]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, keys] of perEpisode) {
    for (const key of keys) {
      const list = out.get(key) ?? [];
      list.push(name);
      out.set(key, list);
    }
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
