import type { Pool } from "pg";
import { MIGRATIONS, type Migration } from "./migrations/index.ts";

/** Advisory-lock key held while migrating, so two processes starting at once apply each migration once. */
const MIGRATION_LOCK = 0x65_70_69_73; // "epis"

/**
 * Bring the database schema up to date: create `schema_migrations (version, name, applied_at)` when missing, then
 * apply every migration not recorded there, in order, each in its own transaction together with its record. Several
 * processes may call this at once (an advisory lock serializes them).
 * @returns the versions applied by this call (empty when the schema was current).
 * @throws Error naming the migration when its SQL fails (that migration is rolled back), or when the database records
 *   a version this build does not know (a newer Episcope migrated it).
 */
export async function migrate(pool: Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const { rows } = await client.query<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version");
    const applied = new Set(rows.map((r) => r.version));
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...applied].filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new Error(`the database has schema migration ${unknown.join(", ")} that this Episcope does not know (a newer version migrated it)`);
    }
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      try {
        await client.query("BEGIN");
        await client.query(migration.sql);
        await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [migration.version, migration.name]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`schema migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`);
      }
      done.push(migration.version);
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}
