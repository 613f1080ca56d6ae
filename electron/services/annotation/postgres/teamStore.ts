import pg from "pg";
import type { Annotator } from "../../../../shared/annotation.ts";
import { EpiscopeError } from "../../../../shared/ipc/contract.ts";
import { migrate } from "./migrate.ts";
import type { LabelBackend } from "../labelBackend.ts";
import { ChangeFeed } from "./changeFeed.ts";
import { PostgresMetadataTable } from "./postgresMetadataTable.ts";
import { postgresLayerDocuments } from "./postgresLabelReader.ts";
import { PostgresReviewSource } from "./postgresReviewSource.ts";
import { PostgresAnnotationStore, PROCESS_ORIGIN } from "./postgresAnnotationStore.ts";

/**
 * A connection to the team store for one dataset, and its label backend: each layer's store, the review status, the
 * metadata table and the change feed, all in PostgreSQL; also its `LabelReader` (the export, the agreement and the
 * batch jobs read the labels through it). `close` closes the connections.
 */
export interface TeamStore extends LabelBackend {
  pool: pg.Pool;
  /** The dataset's key in the database. */
  dataset: string;
  /** This team store's origin id (written with its saves; its change feed skips them). */
  origin: string;
  /** The store of `annotator`'s layer (they share this team store's connections). */
  store(annotator: Annotator): PostgresAnnotationStore;
  reviews: PostgresReviewSource;
  metadata: PostgresMetadataTable;
  /**
   * The change feed of the dataset (its own connection, started by the first `onRemoteChange` or by `changes.start()`):
   * other processes' saves, see `ChangeFeed`.
   */
  changes: ChangeFeed;
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
 * Connections to the PostgreSQL team store at `url` with the schema migrated (for what is not one dataset's, such as
 * accounts).
 * @throws EpiscopeError `bad-store` as `openTeamStore`.
 */
export async function connectStore(url: string, poolSize: number): Promise<pg.Pool> {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new EpiscopeError("bad-store", `--store must be a postgres:// URL, got ${JSON.stringify(url)}`);
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  pool.on("error", () => {}); // an idle connection dropped by the server: the next query reconnects
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    throw new EpiscopeError("bad-store", `PostgreSQL team store ${redactedUrl(url)}: ${(error as Error).message}`);
  }
  return pool;
}

/**
 * Connect to the PostgreSQL team store at `url` (`postgres://user[:password]@host[:port]/database`, libpq-style query
 * options such as `sslmode` allowed), apply the schema migrations, and serve dataset `dataset`.
 * @param poolSize connections of the pool (the change feed has one more, opened when it starts)
 * @param origin this process's origin id (default `PROCESS_ORIGIN`; tests give two stores of one process their own)
 * @throws EpiscopeError `bad-store` when the URL is not a postgres:// URL or the server cannot be reached / migrated
 *   (the message names the URL without its password).
 */
export async function openTeamStore(url: string, dataset: string, poolSize = 10, origin: string = PROCESS_ORIGIN): Promise<TeamStore> {
  if (!dataset) throw new EpiscopeError("bad-store", "the dataset key is empty");
  const pool = await connectStore(url, poolSize);
  const changes = new ChangeFeed(url, dataset, origin);
  return {
    pool,
    dataset,
    origin,
    labelsAt: `the team store ${redactedUrl(url)}, dataset ${dataset}`,
    ...postgresLayerDocuments(pool, dataset),
    store: (annotator) => new PostgresAnnotationStore(pool, dataset, annotator, origin),
    reviews: new PostgresReviewSource(pool, dataset),
    metadata: new PostgresMetadataTable(pool, dataset),
    changes,
    onRemoteChange: (listener) => changes.onRemoteChange(listener),
    close: async () => {
      await changes.close();
      await pool.end();
    },
  };
}
