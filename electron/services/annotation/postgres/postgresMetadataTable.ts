import type { Pool } from "pg";
import type { EpisodeFields } from "../../../../shared/dataset/datasetRow.ts";
import type { MetadataTable, TableIssue } from "../../../../shared/dataset/metadataTable.ts";
import type { MetadataTableStore } from "../../dataset/labelSources.ts";

/**
 * The dataset's metadata table in the team store: one `dataset_metadata` row per episode with its fields (jsonb).
 * An update is one transaction under a per-dataset advisory lock (every process serializes on it), reading the table,
 * applying the change and writing only the episodes whose fields changed (an episode left without fields is deleted),
 * so concurrent updates from any number of servers lose nothing.
 */
export class PostgresMetadataTable implements MetadataTableStore {
  /**
   * @param pool connections to a migrated team store
   * @param dataset the dataset's key
   */
  constructor(
    private readonly pool: Pool,
    private readonly dataset: string,
  ) {}

  async read(): Promise<{ table: MetadataTable; ignored: TableIssue[] }> {
    return { table: await this.#table(this.pool), ignored: [] };
  }

  async update(change: (table: MetadataTable) => MetadataTable): Promise<MetadataTable> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [JSON.stringify(["metadata", this.dataset])]);
      const before = await this.#table(client);
      const after = change(structuredClone(before));
      for (const episode of new Set([...Object.keys(before), ...Object.keys(after)])) {
        const fields = Object.fromEntries(Object.entries(after[episode] ?? {}).filter(([, v]) => typeof v === "string" && v !== ""));
        if (JSON.stringify(sorted(fields)) === JSON.stringify(sorted(before[episode] ?? {}))) continue;
        if (Object.keys(fields).length === 0) {
          await client.query("DELETE FROM dataset_metadata WHERE dataset = $1 AND episode = $2", [this.dataset, episode]);
        } else {
          await client.query(
            `INSERT INTO dataset_metadata (dataset, episode, fields, updated_at) VALUES ($1, $2, $3, now())
             ON CONFLICT (dataset, episode) DO UPDATE SET fields = EXCLUDED.fields, updated_at = now()`,
            [this.dataset, episode, JSON.stringify(fields)],
          );
        }
      }
      await client.query("COMMIT");
      return after;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async #table(client: Pick<Pool, "query">): Promise<MetadataTable> {
    const { rows } = await client.query<{ episode: string; fields: Partial<EpisodeFields> }>(
      "SELECT episode, fields FROM dataset_metadata WHERE dataset = $1 ORDER BY episode",
      [this.dataset],
    );
    return Object.fromEntries(rows.map((r) => [r.episode, r.fields]));
  }
}

function sorted(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)));
}
