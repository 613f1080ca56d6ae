import { createHash, randomBytes } from "node:crypto";
import type { Pool } from "pg";
import { ADJUDICATED_ANNOTATOR } from "../../../../shared/dataset/datasetRow.ts";
import { ROLES, type Account, type Role } from "../../../../shared/annotation/roles.ts";
import { EpiscopeError } from "../../../../shared/ipc/contract.ts";
import { checkLayerId } from "./documentName.ts";

/** An account as `episcope store user list` shows it. */
export interface AccountRow extends Account {
  createdAt: Date;
  /** When it was revoked; null while active. */
  revokedAt: Date | null;
}

/** SHA-256 (hex) of a token: what the `accounts` table keeps. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Create account `name` with `role` (or re-create a revoked one) and return its new token: 32 random bytes in base64url
 * (43 characters), shown once — only its SHA-256 is stored.
 * @throws EpiscopeError `bad-account` when the name is not an annotator id (`[A-Za-z0-9._-]+`, not `adjudicated` or
 *   `import.*`), the role is unknown, or an active account has that name.
 */
export async function addAccount(pool: Pool, name: string, role: string): Promise<string> {
  try {
    checkLayerId(name);
  } catch {
    throw new EpiscopeError("bad-account", `${JSON.stringify(name)} is not a user name: use letters, digits, '.', '_' and '-'`);
  }
  if (name === ADJUDICATED_ANNOTATOR || name.startsWith("import.")) {
    throw new EpiscopeError("bad-account", `${JSON.stringify(name)} is reserved for a layer; choose another user name`);
  }
  if (!ROLES.includes(role as Role)) throw new EpiscopeError("bad-account", `--role must be one of ${ROLES.join(", ")}, got ${JSON.stringify(role)}`);
  const token = randomBytes(32).toString("base64url");
  const { rowCount } = await pool.query(
    `INSERT INTO accounts (name, role, token_sha256) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role, token_sha256 = EXCLUDED.token_sha256, created_at = now(), revoked_at = NULL
     WHERE accounts.revoked_at IS NOT NULL`,
    [name, role, tokenHash(token)],
  );
  if (rowCount === 0) throw new EpiscopeError("bad-account", `user ${name} exists; revoke it first to give them a new token or role`);
  return token;
}

/** Every account, active and revoked, by name. */
export async function listAccounts(pool: Pool): Promise<AccountRow[]> {
  const { rows } = await pool.query<{ name: string; role: Role; created_at: Date; revoked_at: Date | null }>(
    "SELECT name, role, created_at, revoked_at FROM accounts ORDER BY name",
  );
  return rows.map((r) => ({ name: r.name, role: r.role, createdAt: r.created_at, revokedAt: r.revoked_at }));
}

/**
 * Revoke account `name`: its token stops working (within `AccountDirectory`'s cache time on running servers).
 * @throws EpiscopeError `bad-account` when there is no active account of that name.
 */
export async function revokeAccount(pool: Pool, name: string): Promise<void> {
  const { rowCount } = await pool.query("UPDATE accounts SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL", [name]);
  if (rowCount === 0) throw new EpiscopeError("bad-account", `no active user ${JSON.stringify(name)}`);
}

/** How long a token lookup is cached by a running server (ms): a revocation takes effect within this time. */
export const ACCOUNT_CACHE_MS = 5_000;

/**
 * Finds the account of a token for a running server: one indexed query per token per `ACCOUNT_CACHE_MS` (playback
 * sends many requests a second; each must not cost a round trip to PostgreSQL).
 */
export class AccountDirectory {
  readonly #cache = new Map<string, { account: Account | null; until: number }>();

  constructor(private readonly pool: Pool) {}

  /** The active account holding `token`, or null (unknown or revoked). */
  async identify(token: string): Promise<Account | null> {
    const hash = tokenHash(token);
    const now = Date.now();
    const cached = this.#cache.get(hash);
    if (cached && cached.until > now) return cached.account;
    const { rows } = await this.pool.query<Account>(
      "SELECT name, role FROM accounts WHERE token_sha256 = $1 AND revoked_at IS NULL",
      [hash],
    );
    const account = rows[0] ?? null;
    if (this.#cache.size > 10_000) this.#cache.clear(); // bound the memory a stream of wrong tokens can take
    this.#cache.set(hash, { account, until: now + ACCOUNT_CACHE_MS });
    return account;
  }

  /** How many accounts are active (serve warns at start when none). */
  async activeCount(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>("SELECT count(*) AS n FROM accounts WHERE revoked_at IS NULL");
    return Number(rows[0]?.n ?? 0);
  }
}
