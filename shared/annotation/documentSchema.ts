/**
 * Zod schemas of the annotation document, version 2 (DESIGN §4). Written with the zod v4 API (`zod/v4`, shipped in
 * zod 3.25) so the published JSON Schema is generated from them with `z.toJSONSchema` (see jsonSchema.ts).
 *
 * Times are integer nanoseconds of log time: `bigint` in code, a decimal string in JSON (numbers lose precision past
 * 2^53 ns ≈ 104 days). Every collection and optional field has a default, so older documents parse.
 */
import { z } from "zod/v4";
import { MAX_NAME_LENGTH, NAME_PATTERN, NAME_RULE } from "../ipc/identifiers.ts";

/** The schema id written by this version. */
export const ANNOTATION_SCHEMA_ID = "episcope.annotation/2";
/** Every schema id this version reads (older ones are migrated, see migrate.ts). */
export const READABLE_SCHEMA_IDS = ["episcope.annotation/1", ANNOTATION_SCHEMA_ID] as const;

export const REVIEW_STATUSES = ["unreviewed", "in_progress", "accepted", "rejected", "needs_fix"] as const;
export const OUTCOMES = ["success", "failure", "partial", "unusable"] as const;
export const DEFAULT_SEGMENT_KINDS = ["failure", "recovery", "hesitation", "intervention", "idle"] as const;
export const INTERPOLATIONS = ["linear", "step"] as const;

/** Nanoseconds: a bigint, or a decimal integer string (JSON). Output: bigint. */
export const nsSchema = z.union(
  [
    z.bigint(),
    z
      .string()
      // abort: a failed check must stop the pipe, or BigInt() would throw on the bad string.
      .regex(/^-?\d+$/, { abort: true })
      .transform((s) => BigInt(s)),
  ],
  { error: "expected integer nanoseconds as a decimal string, e.g. \"1750000000000000000\"" },
);

/** An annotator id names the folder of the annotator's layer: the one rule of shared/ipc/identifiers.ts. */
export const annotatorIdSchema = z.string().min(1).max(MAX_NAME_LENGTH).regex(NAME_PATTERN, `annotator id ${NAME_RULE}`);

export const annotatorSchema = z.object({ id: annotatorIdSchema, name: z.string() });

const idSchema = z.string().min(1, "id must not be empty").max(128);
const nonEmptyText = (what: string) => z.string().refine((s) => s.trim().length > 0, `${what} must not be empty`);

export const reviewSchema = z
  .object({
  status: z.enum(REVIEW_STATUSES).default("unreviewed"),
  outcome: z.enum(OUTCOMES).nullable().default(null),
  /** Overall quality, 1 (worst) to 5 (best). */
  score: z.number().int().min(1).max(5).nullable().default(null),
  /** Quality flags from the dataset config (hesitation, jerky motion, …). */
  flags: z.array(z.string().min(1)).default([]),
  note: z.string().default(""),
  })
  .describe("The reviewer's verdict: status, outcome, score 1–5, quality flags and a note.");

export const segmentSchema = z
  .object({
    id: idSchema,
    /** failure | recovery | hesitation | intervention | idle | a kind of the dataset config. */
    kind: z.string().min(1),
    startNs: nsSchema,
    endNs: nsSchema,
    note: z.string().default(""),
    /** Topic of the camera that shows the segment best, or null. */
    camera: z.string().nullable().default(null),
  })
  .refine((s) => s.endNs >= s.startNs, { message: "segment endNs must not be before startNs", path: ["endNs"] })
  .describe("A time range of one kind (failure, recovery, …); segments of different kinds may overlap.");

export const chunkSchema = z
  .object({
    id: idSchema,
    /** A primitive of the dataset vocabulary (reach, grasp, …) or a task/subtask name on upper levels. */
    primitive: z.string().min(1, "primitive must not be empty"),
    startNs: nsSchema,
    endNs: nsSchema,
    /** The enclosing chunk one level up (task → subtask → primitive), or null on the top level. */
    parentId: z.string().min(1).nullable().default(null),
    note: z.string().default(""),
  })
  .refine((c) => c.endNs > c.startNs, { message: "chunk endNs must be after startNs", path: ["endNs"] })
  .describe("An action chunk [startNs, endNs); the chunks under one parent are contiguous and do not overlap.");

export const instructionScopeSchema = z.union([
  z.literal("episode"),
  z
    .object({ startNs: nsSchema, endNs: nsSchema })
    .refine((s) => s.endNs >= s.startNs, { message: "scope endNs must not be before startNs", path: ["endNs"] }),
]);

export const instructionSchema = z.object({
  id: idSchema,
  /** The whole episode, or a time range [startNs, endNs]. */
  scope: instructionScopeSchema.default("episode"),
  text: nonEmptyText("instruction text"),
  paraphrases: z.array(nonEmptyText("paraphrase")).default([]),
  flags: z
    .object({
      /** The instruction cannot be achieved in this episode (a negative example). */
      negative: z.boolean().default(false),
      ambiguous: z.boolean().default(false),
    })
    .default({ negative: false, ambiguous: false }),
  /** BCP 47 language tag, e.g. `en`, `de-CH`. */
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, "language must be a BCP 47 tag such as en or de-CH")
    .default("en"),
})
.describe("A language instruction of the episode or of a time range, with paraphrases.");

export const stepClockSchema = z.discriminatedUnion("kind", [
  /** Steps are the log times of the messages of a topic (e.g. the action topic). */
  z.object({ kind: z.literal("topic"), topic: z.string().min(1) }),
  /** Steps every 1/hz seconds from the episode start through its end. */
  z.object({ kind: z.literal("rate"), hz: z.number().positive().max(100_000) }),
]);

export const rewardGeneratorSchema = z.discriminatedUnion("kind", [
  /** 0 on every step and `successValue` on the last one. */
  z.object({ kind: z.literal("sparse-success"), successValue: z.number().default(1) }),
  /** Progress 0 → 1 across the chunk sequence of one level (0 = top level). */
  z.object({ kind: z.literal("progress-from-chunks"), level: z.number().int().min(0).default(0) }),
  /** Shaping reward γΦ(s') − Φ(s) from a signal normalized to [0, 1] (Ng, Harada & Russell 1999). */
  z.object({
    kind: z.literal("potential-from-signal"),
    topic: z.string().min(1),
    /** Flattened field path of the signal, e.g. `position[6]`. */
    field: z.string().min(1),
    /** Use 1 − normalized signal (e.g. for a distance to the goal). */
    invert: z.boolean().default(false),
  }),
  /** Keyframes drawn by hand. */
  z.object({ kind: z.literal("custom") }),
]);

export const rewardKeyframeSchema = z.object({ tNs: nsSchema, value: z.number() });

export const rewardsSchema = z.object({
  clock: stepClockSchema,
  keyframes: z.array(rewardKeyframeSchema).default([]),
  interpolation: z.enum(INTERPOLATIONS).default("linear"),
  generator: rewardGeneratorSchema.default({ kind: "custom" }),
  /** Discount factor γ of the return G_t = Σ_k γ^k r_{t+k}. */
  gamma: z.number().min(0).max(1).default(0.99),
})
.describe("A dense reward curve: keyframes over a step clock, resolved per step on export; gamma discounts the return.");

export const episodeRefSchema = z.object({
  /** Path of the episode relative to the dataset folder (POSIX separators). */
  path: z.string().min(1),
  fingerprint: z.object({
    sizeBytes: z.number().int().nonnegative(),
    startNs: nsSchema,
    endNs: nsSchema,
    messageCount: z.number().int().nonnegative(),
  }),
});

/** The whole document, version 2. */
export const annotationDocumentSchema = z.object({
  schema: z.literal(ANNOTATION_SCHEMA_ID, {
    error: `unsupported schema; this version of Episcope reads ${READABLE_SCHEMA_IDS.join(" and ")}`,
  }),
  episode: episodeRefSchema,
  annotator: annotatorSchema,
  /** Incremented by the store on every save. */
  revision: z.number().int().nonnegative(),
  /** ISO 8601 time of the last save. */
  updatedAt: z.string(),
  review: reviewSchema,
  segments: z.array(segmentSchema).default([]),
  chunks: z.array(chunkSchema).default([]),
  instructions: z.array(instructionSchema).default([]),
  rewards: rewardsSchema.nullable().default(null),
})
.describe("One annotator's annotation of one episode (Episcope, DESIGN §4). Times are integer ns of log time as decimal strings.");
