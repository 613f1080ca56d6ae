/**
 * Which episodes an export takes, from review labels: by status, outcome, flag, operator and task (each filter a list;
 * an episode passes a filter when it matches any entry; empty or absent filters pass everything).
 */
import type { Review } from "../annotation.ts";

/** Selection filters; values as in the annotation document (`accepted`, `success`, …). `none` matches a null outcome. */
export interface EpisodeSelection {
  status?: readonly string[];
  outcome?: readonly string[];
  flags?: readonly string[];
  operators?: readonly string[];
  /** Task texts: an episode's instruction texts and its recorded task (MCAP `episode` metadata). */
  tasks?: readonly string[];
}

/**
 * Whether an episode passes the selection.
 * @param review the document's review, or null without a document (status `unreviewed`, outcome `none`)
 * @param operator the episode's operator, or null
 * @param tasks the episode's task texts (instructions, recorded task)
 */
export function selectsEpisode(selection: EpisodeSelection, review: Review | null, operator: string | null, tasks: readonly string[] = []): boolean {
  const status = review?.status ?? "unreviewed";
  const outcome = review?.outcome ?? "none";
  if (selection.status?.length && !selection.status.includes(status)) return false;
  if (selection.outcome?.length && !selection.outcome.includes(outcome)) return false;
  if (selection.flags?.length && !selection.flags.some((f) => review?.flags.includes(f))) return false;
  if (selection.operators?.length && !(operator !== null && selection.operators.includes(operator))) return false;
  if (selection.tasks?.length && !selection.tasks.some((t) => tasks.includes(t))) return false;
  return true;
}
