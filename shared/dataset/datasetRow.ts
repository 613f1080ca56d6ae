/**
 * The dataset model shared by the Node side (indexer, cache, CLI) and the renderer (episode list, queue, overview):
 * one row per episode of a dataset folder, built from the episode's summary (cached by file fingerprint), its
 * metadata (MCAP metadata records, overridden by `.episcope/episodes.csv|json`) and every annotator's review.
 *
 * Durations are seconds (number); sizes bytes; times ISO 8601 (UTC).
 */
import type { Outcome, ReviewStatus } from "../annotation.ts";

/** The episode metadata fields Episcope knows (MCAP metadata record keys and metadata table columns). */
export const METADATA_FIELDS = ["operator", "task", "robot", "session", "scene", "condition"] as const;
export type MetadataField = (typeof METADATA_FIELDS)[number];
/** Values of the metadata fields; null when unknown. */
export type EpisodeFields = Record<MetadataField, string | null>;

/** An empty set of metadata fields. */
export function emptyFields(): EpisodeFields {
  return { operator: null, task: null, robot: null, session: null, scene: null, condition: null };
}

/** One annotator's verdict on an episode, read from `.episcope/annotations/<annotator>/<episode>.json`. */
export interface AnnotatorReview {
  annotator: string;
  status: ReviewStatus;
  outcome: Outcome | null;
  score: number | null;
  flags: string[];
  /** Distinct kinds of the document's segments (failure, recovery, …), sorted; for the audit's recovery share. */
  segmentKinds: string[];
  /** ISO 8601 time of the document's last save. */
  updatedAt: string;
}

/** What indexing learnt from the episode file itself (cached under `.episcope/cache/` by fingerprint). */
export interface EpisodeFacts {
  /** Last minus first message log time, seconds; null when the episode has no messages. */
  durationSec: number | null;
  /** First message log time as ISO 8601, or null. */
  startedAt: string | null;
  messageCount: number;
  /** Camera topics. */
  cameras: string[];
  /** Fields from the MCAP metadata records (any record; keys matched case-insensitively). */
  fields: EpisodeFields;
  /** Number of error-severity problems the engine reported (damage, …). */
  problemCount: number;
}

/** Why an episode could not be indexed. */
export interface RowError {
  code: string;
  /** Names the file and what is wrong. */
  message: string;
}

/** One episode of the dataset, as the list, queue and overview show it. */
export interface DatasetRow {
  /** Path relative to the dataset folder (POSIX separators). */
  path: string;
  name: string;
  sizeBytes: number;
  /** Null until indexed, or when unreadable (see `error`). */
  facts: EpisodeFacts | null;
  /** Set when the episode could not be read: the queue skips it. */
  error: RowError | null;
  /** Effective metadata: the table's value where set, else the MCAP metadata record's. */
  fields: EpisodeFields;
  /** Which fields come from the metadata table (they override MCAP). */
  overridden: MetadataField[];
  /** Every annotator's verdict, sorted by annotator id. */
  reviews: AnnotatorReview[];
  /** The episode's review status (see effectiveReview): `conflict` when the decided annotators disagree. */
  status: EffectiveStatus;
  outcome: Outcome | null;
  score: number | null;
  flags: string[];
  /** True when the decided annotators disagree (status or outcome) and no adjudicated layer settles it. */
  conflict: boolean;
  /** How the annotators stand on the episode (see effectiveReview). */
  agreement: AgreementState;
  /** Annotator ids with a document for this episode. */
  annotators: string[];
}

/** A row's status: an annotator's review status, or `conflict` (decided annotators disagree, not adjudicated). */
export type EffectiveStatus = ReviewStatus | "conflict";
/** Every effective status, in the order lists show them. */
export const EFFECTIVE_STATUSES: readonly EffectiveStatus[] = ["unreviewed", "in_progress", "accepted", "rejected", "needs_fix", "conflict"];

/**
 * How the annotators stand on an episode: `adjudicated` (the adjudicated layer decided it), `conflict` (decided
 * annotators disagree), `agree` (two or more decided annotators agree), `single` (one decided annotator), `none`
 * (nobody decided yet).
 */
export type AgreementState = "adjudicated" | "conflict" | "agree" | "single" | "none";
/** Every agreement state. */
export const AGREEMENT_STATES: readonly AgreementState[] = ["conflict", "adjudicated", "agree", "single", "none"];

/** The layer of a lead's adjudication (DESIGN §9): it decides the episode when it holds a decision or an outcome. */
export const ADJUDICATED_ANNOTATOR = "adjudicated";

const DECIDED: ReadonlySet<EffectiveStatus> = new Set(["accepted", "rejected", "needs_fix", "conflict"]);

/** True for accepted, rejected and needs fix (a reviewer decided), and for a conflict between decided reviewers. */
export function isDecided(status: EffectiveStatus): boolean {
  return DECIDED.has(status);
}

/** The shared value of `values`, or `undefined` when they differ (or there is none). */
function shared<T>(values: readonly T[]): T | undefined {
  return values.length > 0 && values.every((v) => v === values[0]) ? values[0] : undefined;
}

/**
 * The verdict shown for an episode reviewed by several annotators (DESIGN §9), never the last writer's:
 * 1. the `adjudicated` layer's, when it holds a decided status or an outcome;
 * 2. else, when annotators decided (accepted / rejected / needs fix): their shared status and outcome (annotators
 *    without an outcome do not count for it), score when all give the same, flags all of them set; when their
 *    statuses or outcomes differ, status `conflict` (outcome the shared one, else null);
 * 3. else the most recently saved in-progress review, else unreviewed.
 */
export function effectiveReview(reviews: readonly AnnotatorReview[]): Pick<DatasetRow, "status" | "outcome" | "score" | "flags" | "conflict" | "agreement"> {
  const adjudicated = reviews.find((r) => r.annotator === ADJUDICATED_ANNOTATOR && (isDecided(r.status) || r.outcome !== null));
  if (adjudicated) {
    const { status, outcome, score, flags } = adjudicated;
    return { status, outcome, score, flags: [...flags], conflict: false, agreement: "adjudicated" };
  }
  const annotators = reviews.filter((r) => r.annotator !== ADJUDICATED_ANNOTATOR);
  const decided = annotators.filter((r) => isDecided(r.status));
  if (decided.length > 0) {
    const status = shared(decided.map((r) => r.status));
    const outcomes = decided.map((r) => r.outcome).filter((o): o is Outcome => o !== null);
    const outcome = shared(outcomes);
    const conflict = status === undefined || (outcomes.length > 0 && outcome === undefined);
    const score = shared(decided.map((r) => r.score)) ?? null;
    const flags = decided[0]!.flags.filter((f) => decided.every((r) => r.flags.includes(f)));
    return {
      status: conflict ? "conflict" : status!,
      outcome: outcome ?? null,
      score,
      flags,
      conflict,
      agreement: conflict ? "conflict" : decided.length > 1 ? "agree" : "single",
    };
  }
  const latest = (list: AnnotatorReview[]) => list.reduce<AnnotatorReview | null>((a, b) => (!a || b.updatedAt > a.updatedAt ? b : a), null);
  const pick =
    latest(annotators.filter((r) => r.status === "in_progress")) ?? latest(annotators.filter((r) => r.outcome !== null || r.score !== null || r.flags.length > 0));
  if (!pick) return { status: "unreviewed", outcome: null, score: null, flags: [], conflict: false, agreement: "none" };
  return { status: pick.status, outcome: pick.outcome, score: pick.score, flags: [...pick.flags], conflict: false, agreement: "none" };
}

/** Build a row from its parts (effective fields: table over MCAP). */
export function buildRow(parts: {
  path: string;
  name: string;
  sizeBytes: number;
  facts: EpisodeFacts | null;
  error: RowError | null;
  table: Partial<EpisodeFields> | undefined;
  reviews: AnnotatorReview[];
}): DatasetRow {
  const fields = { ...(parts.facts?.fields ?? emptyFields()) };
  const overridden: MetadataField[] = [];
  for (const key of METADATA_FIELDS) {
    const value = parts.table?.[key];
    if (value !== undefined && value !== null && value !== "") {
      fields[key] = value;
      overridden.push(key);
    }
  }
  const reviews = [...parts.reviews].sort((a, b) => (a.annotator < b.annotator ? -1 : a.annotator > b.annotator ? 1 : 0));
  return {
    path: parts.path,
    name: parts.name,
    sizeBytes: parts.sizeBytes,
    facts: parts.facts,
    error: parts.error,
    fields,
    overridden,
    reviews,
    ...effectiveReview(reviews),
    annotators: reviews.map((r) => r.annotator),
  };
}

/** Progress of an indexing job (polled by the renderer; `episcope index` prints it on stderr). */
export interface IndexProgress {
  jobId: string;
  state: "running" | "done" | "cancelled" | "failed";
  /** Episodes found. */
  total: number;
  /** Episodes whose summary is known (from the cache or indexed now), including unreadable ones. */
  done: number;
  /** Of `done`: taken from the cache unchanged. */
  cached: number;
  /** Of `done`: unreadable. */
  failed: number;
  /** Milliseconds since the job started (until it ended). */
  elapsedMs: number;
  /** Set when the whole job failed (e.g. the folder vanished). */
  error: string | null;
}

/** All rows of the dataset and the job that produced them. */
export interface DatasetRows {
  /** Absolute path of the dataset folder. */
  root: string;
  rows: DatasetRow[];
  /** The latest indexing job, or null when none ran yet. */
  progress: IndexProgress | null;
}
