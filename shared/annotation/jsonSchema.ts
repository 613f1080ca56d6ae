/**
 * JSON Schemas (draft 2020-12) of the files users and scripts read and write, generated from the zod schemas with
 * zod v4's `z.toJSONSchema`, describing the JSON on disk (the schemas' input side): nanoseconds are decimal strings.
 * Published as shared/annotation/annotation.schema.json and config.schema.json by scripts/generate-schemas.ts.
 */
import { z } from "zod/v4";
import { datasetConfigSchema } from "./datasetConfig.ts";
import { ANNOTATION_SCHEMA_ID, annotationDocumentSchema, nsSchema } from "./documentSchema.ts";

const NS_JSON = {
  type: "string",
  pattern: "^-?\\d+$",
  description: "Integer nanoseconds of log time, as a decimal string (JSON numbers lose precision past 2^53).",
} as const;

function generate(schema: z.ZodType, id: string, title: string): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    override: (ctx) => {
      if (ctx.zodSchema !== nsSchema) return;
      for (const key of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[key];
      Object.assign(ctx.jsonSchema, NS_JSON);
    },
  }) as Record<string, unknown>;
  return { $id: id, title, ...json };
}

/** JSON Schema of an annotation document as written by this version (`episcope.annotation/2`). */
export function annotationJsonSchema(): Record<string, unknown> {
  return generate(annotationDocumentSchema, `https://episcope.dev/schema/${ANNOTATION_SCHEMA_ID}.json`, "Episcope annotation document");
}

/** JSON Schema of `<dataset>/.episcope/config.json`. */
export function datasetConfigJsonSchema(): Record<string, unknown> {
  return generate(datasetConfigSchema, "https://episcope.dev/schema/episcope.config/1.json", "Episcope dataset config");
}

/** A schema as the published file's text: 2-space JSON and a final newline. */
export function schemaFileText(schema: Record<string, unknown>): string {
  return JSON.stringify(schema, null, 2) + "\n";
}
