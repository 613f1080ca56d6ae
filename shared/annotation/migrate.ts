/**
 * Schema migrations of annotation documents. Version 1 (`episcope.annotation/1`: review and segments) becomes
 * version 2 by adding the chunk, instruction and reward sections empty; nothing a /1 document holds is dropped.
 * Add a step here for every future version, oldest first.
 */
import { ANNOTATION_SCHEMA_ID } from "./documentSchema.ts";

/** What each migration step turns its input into. */
const steps: Record<string, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  "episcope.annotation/1": (doc) => ({
    ...doc,
    schema: "episcope.annotation/2",
    chunks: doc.chunks ?? [],
    instructions: doc.instructions ?? [],
    rewards: doc.rewards ?? null,
  }),
};

/**
 * Bring a parsed JSON value up to the current schema (`ANNOTATION_SCHEMA_ID`) when it names an older one.
 * Values that are not objects or name an unknown schema are returned as they are (validation reports them).
 */
export function migrateAnnotation(raw: unknown): unknown {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
  let doc = raw as Record<string, unknown>;
  for (let guard = 0; guard < 16 && doc.schema !== ANNOTATION_SCHEMA_ID; guard++) {
    const step = typeof doc.schema === "string" ? steps[doc.schema] : undefined;
    if (!step) break;
    doc = step(doc);
  }
  return doc;
}
