/**
 * Annotation model: one document per episode per annotator (DESIGN §4), stored as
 * `<dataset>/.episcope/annotations/<annotator>/<episode>.json`.
 *
 * In code every time is a bigint of nanoseconds of log time; in JSON it is a decimal string.
 */
import { z } from "zod";

export const ANNOTATION_SCHEMA_ID = "episcope.annotation/1";

export const REVIEW_STATUSES = ["unreviewed", "in_progress", "accepted", "rejected", "needs_fix"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const OUTCOMES = ["success", "failure", "partial", "unusable"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const DEFAULT_SEGMENT_KINDS = ["failure", "recovery", "hesitation", "intervention", "idle"] as const;

/** Nanoseconds: a bigint in code, a decimal string in JSON (numbers lose precision past 2^53 ns ≈ 104 days). */
const nsSchema = z.union([
  z.bigint(),
  z
    .string()
    .regex(/^-?\d+$/, "expected a decimal integer string of nanoseconds")
    .transform((s) => BigInt(s)),
]);

const annotatorIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, "annotator id may hold only letters, digits, '.', '_' and '-'");

export const segmentSchema = z
  .object({
    id: z.string().min(1),
    kind: z.string().min(1),
    startNs: nsSchema,
    endNs: nsSchema,
    note: z.string().default(""),
    camera: z.string().nullable().default(null),
  })
  .refine((s) => s.endNs >= s.startNs, { message: "segment endNs must not be before startNs" });

export const reviewSchema = z.object({
  status: z.enum(REVIEW_STATUSES).default("unreviewed"),
  outcome: z.enum(OUTCOMES).nullable().default(null),
  score: z.number().int().min(1).max(5).nullable().default(null),
  flags: z.array(z.string()).default([]),
  note: z.string().default(""),
});

export const annotationDocumentSchema = z.object({
  schema: z.literal(ANNOTATION_SCHEMA_ID),
  episode: z.object({
    /** Path of the episode relative to the dataset folder. */
    path: z.string().min(1),
    fingerprint: z.object({
      sizeBytes: z.number().int().nonnegative(),
      startNs: nsSchema,
      endNs: nsSchema,
      messageCount: z.number().int().nonnegative(),
    }),
  }),
  annotator: z.object({ id: annotatorIdSchema, name: z.string() }),
  /** Incremented by the store on every save. */
  revision: z.number().int().nonnegative(),
  /** ISO 8601 time of the last save. */
  updatedAt: z.string(),
  review: reviewSchema,
  segments: z.array(segmentSchema).default([]),
});

/** Parsed annotation document (times as bigint ns). */
export type AnnotationDocument = z.output<typeof annotationDocumentSchema>;
export type Segment = AnnotationDocument["segments"][number];
export type Review = AnnotationDocument["review"];
export type EpisodeFingerprint = AnnotationDocument["episode"]["fingerprint"];

/** Who is annotating. `id` names the folder of the annotator's layer. */
export interface Annotator {
  id: string;
  name: string;
}

export const annotatorSchema = z.object({ id: annotatorIdSchema, name: z.string() });

/** A fresh, empty document for an episode. */
export function emptyAnnotation(path: string, fingerprint: EpisodeFingerprint, annotator: Annotator): AnnotationDocument {
  return {
    schema: ANNOTATION_SCHEMA_ID,
    episode: { path, fingerprint },
    annotator,
    revision: 0,
    updatedAt: new Date(0).toISOString(),
    review: { status: "unreviewed", outcome: null, score: null, flags: [], note: "" },
    segments: [],
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
 * Parse and validate an annotation document from JSON text.
 * @throws Error naming the first invalid field (e.g. `segments.0.endNs: ...`) when the text is not a valid document.
 */
export function parseAnnotation(text: string): AnnotationDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON: ${(e as Error).message}`);
  }
  const result = annotationDocumentSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${issue ? issue.path.join(".") || "(document)" : "(document)"}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}
