/**
 * Annotation model: one document per episode per annotator (DESIGN §4), stored as
 * `<dataset>/.episcope/annotations/<annotator>/<episode>.json`.
 *
 * In code every time is a bigint of nanoseconds of log time; in JSON it is a decimal string.
 * The schemas live in annotation/documentSchema.ts (version 2); version 1 documents are read and migrated
 * (annotation/migrate.ts). Semantic checks against the episode are in annotation/validate.ts.
 */
import type { z } from "zod/v4";
import {
  ANNOTATION_SCHEMA_ID,
  annotationDocumentSchema,
  type chunkSchema,
  type instructionSchema,
  type rewardsSchema,
  type rewardKeyframeSchema,
  type stepClockSchema,
  type rewardGeneratorSchema,
  type OUTCOMES,
  type REVIEW_STATUSES,
} from "./annotation/documentSchema.ts";
import { migrateAnnotation } from "./annotation/migrate.ts";
import { issuePath } from "./annotation/issues.ts";

export {
  ANNOTATION_SCHEMA_ID,
  READABLE_SCHEMA_IDS,
  REVIEW_STATUSES,
  OUTCOMES,
  DEFAULT_SEGMENT_KINDS,
  INTERPOLATIONS,
  annotationDocumentSchema,
  annotatorSchema,
  segmentSchema,
  reviewSchema,
  chunkSchema,
  instructionSchema,
  rewardsSchema,
} from "./annotation/documentSchema.ts";

export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export type Outcome = (typeof OUTCOMES)[number];

/** Parsed annotation document (times as bigint ns). */
export type AnnotationDocument = z.output<typeof annotationDocumentSchema>;
/** A document as it may be written (ns as bigint or decimal strings, defaults omitted). */
export type AnnotationDocumentInput = z.input<typeof annotationDocumentSchema>;
export type Segment = AnnotationDocument["segments"][number];
export type Review = AnnotationDocument["review"];
export type EpisodeFingerprint = AnnotationDocument["episode"]["fingerprint"];
/** An action chunk: [startNs, endNs) of one primitive, nested through parentId. */
export type Chunk = z.output<typeof chunkSchema>;
/** A language instruction of the episode or of a time range. */
export type Instruction = z.output<typeof instructionSchema>;
/** The reward curve of an episode. */
export type Rewards = z.output<typeof rewardsSchema>;
export type RewardKeyframe = z.output<typeof rewardKeyframeSchema>;
export type StepClock = z.output<typeof stepClockSchema>;
export type RewardGenerator = z.output<typeof rewardGeneratorSchema>;

/** Who is annotating. `id` names the folder of the annotator's layer. */
export interface Annotator {
  id: string;
  name: string;
}

/** A fresh, empty document for an episode (current schema version). */
export function emptyAnnotation(path: string, fingerprint: EpisodeFingerprint, annotator: Annotator): AnnotationDocument {
  return {
    schema: ANNOTATION_SCHEMA_ID,
    episode: { path, fingerprint },
    annotator,
    revision: 0,
    updatedAt: new Date(0).toISOString(),
    review: { status: "unreviewed", outcome: null, score: null, flags: [], note: "" },
    segments: [],
    chunks: [],
    instructions: [],
    rewards: null,
  };
}

/**
 * Serialize a document to the JSON written on disk: bigint ns become decimal strings, 2-space indent.
 * The result parses back with `parseAnnotation`.
 */
export function serializeAnnotation(doc: AnnotationDocument): string {
  return JSON.stringify(doc, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value), 2) + "\n";
}

/**
 * Validate an already-parsed JSON value as an annotation document, migrating older schema versions.
 * @throws Error naming the first invalid field (e.g. `segments.0.endNs: ...`).
 */
export function annotationFromJson(raw: unknown): AnnotationDocument {
  const result = annotationDocumentSchema.safeParse(migrateAnnotation(raw));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${issue ? issuePath(issue.path) : "(document)"}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

/**
 * Parse and validate an annotation document from JSON text (schema /1 or /2; /1 is migrated to /2).
 * @throws Error naming the first invalid field (e.g. `segments.0.endNs: ...`) when the text is not a valid document.
 */
export function parseAnnotation(text: string): AnnotationDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON: ${(e as Error).message}`);
  }
  return annotationFromJson(raw);
}
