/** The shared `AnnotationStore` suite against the file store and the PostgreSQL team store (one real server). */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AnnotationMainService } from "./annotationMainService.ts";
import { describeAnnotationStore } from "./annotationStoreSuite.ts";
import { postgresForTests } from "./postgres/testTeamStores.ts";

describeAnnotationStore("files", async () => {
  const root = await mkdtemp(join(tmpdir(), "episcope-store-"));
  return async (annotator) => new AnnotationMainService(root, annotator);
});

const postgres = postgresForTests();
let datasets = 0;

describeAnnotationStore("PostgreSQL", async () => {
  // Each test: a fresh dataset key; each client: its own connection pool (as another serve process would have).
  const dataset = `dataset-${++datasets}`;
  return async (annotator) => {
    return (await postgres.open(dataset, 2)).store(annotator);
  };
});
