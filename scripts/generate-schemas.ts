// Writes the published JSON Schemas, generated from the zod schemas in shared/annotation/:
//   shared/annotation/annotation.schema.json   (episcope.annotation/2 documents)
//   shared/annotation/config.schema.json       (<dataset>/.episcope/config.json)
// `tsx scripts/generate-schemas.ts --check` writes nothing and exits 1 when a file is out of date.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { annotationJsonSchema, datasetConfigJsonSchema, schemaFileText } from "../shared/annotation/jsonSchema.ts";

/** Each published schema file (absolute path) and the text it must hold. */
export function schemaFiles(): { file: string; text: string }[] {
  const dir = fileURLToPath(new URL("../shared/annotation/", import.meta.url));
  return [
    { file: `${dir}annotation.schema.json`, text: schemaFileText(annotationJsonSchema()) },
    { file: `${dir}config.schema.json`, text: schemaFileText(datasetConfigJsonSchema()) },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const { file, text } of schemaFiles()) {
    let current = "";
    try {
      current = readFileSync(file, "utf8");
    } catch {
      // missing: stale
    }
    if (current === text) continue;
    stale++;
    if (check) console.error(`${file} is out of date: run npx tsx scripts/generate-schemas.ts`);
    else {
      writeFileSync(file, text);
      console.log(`wrote ${file}`);
    }
  }
  process.exit(check && stale > 0 ? 1 : 0);
}
