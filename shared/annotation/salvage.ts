/**
 * Reading a corrupt or hand-edited annotation document: keep every part that validates, report every part that does
 * not at its field path (DESIGN: "load what validates, report the rest"). The store keeps a backup of the original
 * and refuses to overwrite it until the user confirms.
 */
import type { z } from "zod/v4";
import type { AnnotationDocument, Annotator, EpisodeFingerprint } from "../annotation.ts";
import {
  ANNOTATION_SCHEMA_ID,
  annotationDocumentSchema,
  annotatorSchema,
  chunkSchema,
  episodeRefSchema,
  instructionSchema,
  reviewSchema,
  rewardsSchema,
  segmentSchema,
} from "./documentSchema.ts";
import { problemsFromIssues, type FieldProblem } from "./issues.ts";
import { migrateAnnotation } from "./migrate.ts";

/** What could be read. `document` is null only when the text is not a JSON object at all. */
export interface SalvageResult {
  document: AnnotationDocument | null;
  /** Every part that did not validate (and was dropped or replaced by a default), at its path; empty when valid. */
  problems: FieldProblem[];
}

/** What to put in place of an unreadable header. */
export interface SalvageFallback {
  path: string;
  annotator: Annotator;
  fingerprint?: EpisodeFingerprint;
}

/** Salvage a document from JSON text; see the module comment. Never throws. */
export function salvageAnnotationText(text: string, fallback: SalvageFallback): SalvageResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { document: null, problems: [{ path: "(document)", message: `not valid JSON: ${(e as Error).message}`, severity: "error" }] };
  }
  return salvageAnnotation(raw, fallback);
}

/** Salvage a document from a parsed JSON value; see the module comment. Never throws. */
export function salvageAnnotation(raw: unknown, fallback: SalvageFallback): SalvageResult {
  const migrated = migrateAnnotation(raw);
  const strict = annotationDocumentSchema.safeParse(migrated);
  if (strict.success) return { document: strict.data, problems: [] };
  if (!migrated || typeof migrated !== "object" || Array.isArray(migrated)) {
    return { document: null, problems: [{ path: "(document)", message: "expected a JSON object", severity: "error" }] };
  }
  const o = migrated as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const field = <S extends z.ZodType>(key: string, schema: S, fallbackValue: z.output<S>): z.output<S> => {
    const r = schema.safeParse(o[key]);
    if (r.success) return r.data;
    problems.push(...problemsFromIssues(r.error.issues, [key]));
    return fallbackValue;
  };
  const list = <S extends z.ZodType>(key: string, schema: S): z.output<S>[] => {
    const value = o[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      problems.push({ path: key, message: "expected an array; dropped", severity: "error" });
      return [];
    }
    const kept: z.output<S>[] = [];
    value.forEach((item, i) => {
      const r = schema.safeParse(item);
      if (r.success) kept.push(r.data);
      else problems.push(...problemsFromIssues(r.error.issues, [key, i]));
    });
    return kept;
  };

  if (o.schema !== ANNOTATION_SCHEMA_ID) {
    problems.push({ path: "schema", message: `unsupported schema ${JSON.stringify(o.schema)}; read as ${ANNOTATION_SCHEMA_ID}`, severity: "error" });
  }
  const fingerprint = fallback.fingerprint ?? { sizeBytes: 0, startNs: 0n, endNs: 0n, messageCount: 0 };
  const episode = field("episode", episodeRefSchema, { path: fallback.path, fingerprint });
  const annotator = field("annotator", annotatorSchema, fallback.annotator);
  const reviewRaw = (o.review && typeof o.review === "object" ? o.review : {}) as Record<string, unknown>;
  const review = reviewSchema.parse({});
  if (o.review !== undefined && (typeof o.review !== "object" || o.review === null)) {
    problems.push({ path: "review", message: "expected an object; using an empty review", severity: "error" });
  }
  for (const key of Object.keys(reviewSchema.shape) as (keyof typeof reviewSchema.shape)[]) {
    if (!(key in reviewRaw)) continue;
    const r = reviewSchema.shape[key].safeParse(reviewRaw[key]);
    if (r.success) (review as Record<string, unknown>)[key] = r.data;
    else problems.push(...problemsFromIssues(r.error.issues, ["review", key]));
  }
  const revisionRaw = o.revision;
  const revision = typeof revisionRaw === "number" && Number.isInteger(revisionRaw) && revisionRaw >= 0 ? revisionRaw : 0;
  if (revision !== revisionRaw) problems.push({ path: "revision", message: "expected a non-negative integer; using 0", severity: "error" });
  const updatedAt = typeof o.updatedAt === "string" ? o.updatedAt : new Date(0).toISOString();
  if (updatedAt !== o.updatedAt) problems.push({ path: "updatedAt", message: "expected an ISO 8601 string", severity: "error" });

  const document: AnnotationDocument = {
    schema: ANNOTATION_SCHEMA_ID,
    episode,
    annotator,
    revision,
    updatedAt,
    review,
    segments: list("segments", segmentSchema),
    chunks: list("chunks", chunkSchema),
    instructions: list("instructions", instructionSchema),
    rewards: field("rewards", rewardsSchema.nullable().default(null), null),
  };
  return { document, problems };
}
