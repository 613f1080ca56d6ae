import pg from "pg";
import type { Annotator } from "../../../../shared/annotation.ts";
import { EpiscopeError } from "../../../../shared/ipc/contract.ts";
import { migrate } from "./migrate.ts";
import { PostgresAnnotationStore } from "./postgresAnnotationStore.ts";

/** A connection to the team store for one dataset: makes each layer's store, and closes the connections. */
export interface TeamStore {
  pool: pg.Pool;
  /** The dataset's key in the database. */
  dataset: string;
  /** The store of `annotator`'s layer (they share this team store's connections). */
  store(annotator: Annotator): PostgresAnnotationStore;
  close(): Promise<void>;
}

/** `postgres://user@host:port/db` without the password, for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = "";
    return u.toString();
  } catch {
    return "(unparsable URL)";
  }
}

/**
 * Connect to the PostgreSQL team store at `url` (`postgres://user[:password]@host[:port]/database`, libpq-style query
 * options such as `sslmode` allowed), apply the schema migrations, and serve dataset `dataset`.
 * @throws EpiscopeError `bad-store` when the URL is not a postgres:// URL or the server cannot be reached / migrated
 *   (the message names the URL without its password).
 */
export async function openTeamStore(url: string, dataset: string, poolSize = 10): Promise<TeamStore> {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new EpiscopeError("bad-store", `--store must be a postgres:// URL, got ${JSON.stringify(url)}`);
  if (!dataset) throw new EpiscopeError("bad-store", "the dataset key is empty");
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  pool.on("error", () => {}); // an idle connection dropped by the server: the next query reconnects
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    throw new EpiscopeError("bad-store", `PostgreSQL team store ${redactedUrl(url)}: ${(error as Error).message}`);
  }
  return {
    pool,
    dataset,
    store: (annotator) => new PostgresAnnotationStore(pool, dataset, annotator),
    close: () => pool.end(),
  };
}
