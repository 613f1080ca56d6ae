/** The shared `AnnotationStore` suite against the file store and the PostgreSQL team store (one real server). */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { AnnotationMainService } from "./annotationMainService.ts";
import { describeAnnotationStore } from "./annotationStoreSuite.ts";
import { startPostgres, type PostgresTestServer } from "./postgres/postgresTestServer.ts";
import { openTeamStore, type TeamStore } from "./postgres/teamStore.ts";

describeAnnotationStore("files", async () => {
  const root = await mkdtemp(join(tmpdir(), "episcope-store-"));
  return async (annotator) => new AnnotationMainService(root, annotator);
});

let server: PostgresTestServer;
const teams: TeamStore[] = [];
let datasets = 0;
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await Promise.all(teams.map((t) => t.close()));
  await server?.stop();
});

describeAnnotationStore("PostgreSQL", async () => {
  // Each test: a fresh dataset key; each client: its own connection pool (as another serve process would have).
  const dataset = `dataset-${++datasets}`;
  return async (annotator) => {
    const team = await openTeamStore(server.url, dataset, 2);
    teams.push(team);
    return team.store(annotator);
  };
});
