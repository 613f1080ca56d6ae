/**
 * Test helper (vitest): one real PostgreSQL for the calling test file — started before its tests, stopped after them
 * (postgresTestServer.ts) — and the team stores its tests open on it, all closed at the end.
 */
import { afterAll, beforeAll } from "vitest";
import { startPostgres, type PostgresTestServer } from "./postgresTestServer.ts";
import { openTeamStore, type TeamStore } from "./teamStore.ts";

/** The file's server and a way to open team stores on it. */
export interface TestTeamStores {
  /** The server's URL (valid inside tests, once beforeAll ran). */
  readonly url: string;
  /** openTeamStore on the file's server; closed after the file's tests. */
  open(dataset: string, poolSize: number, origin?: string): Promise<TeamStore>;
}

/** Register the server's beforeAll/afterAll in the calling file and return its handle. */
export function postgresForTests(): TestTeamStores {
  let server: PostgresTestServer | undefined;
  const teams: TeamStore[] = [];
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(teams.map((t) => t.close()));
    await server?.stop();
  });
  return {
    get url() {
      if (!server) throw new Error("the test PostgreSQL is not started yet (use it inside a test)");
      return server.url;
    },
    async open(dataset, poolSize, origin) {
      const team = await openTeamStore(this.url, dataset, poolSize, ...(origin === undefined ? [] : [origin]));
      teams.push(team);
      return team;
    },
  };
}
