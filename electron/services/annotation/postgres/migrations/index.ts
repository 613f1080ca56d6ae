/**
 * The team store's schema migrations, in the order they are applied (`version` strictly increasing). A migration is
 * never edited once released: a schema change is a new numbered file added at the end of this list.
 */
import { sql as initial } from "./0001_initial.ts";
import { sql as documentOrigin } from "./0002_document_origin.ts";
import { sql as accounts } from "./0003_accounts.ts";

/** One schema migration: its number, a name, and the SQL run in one transaction. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "initial", sql: initial },
  { version: 2, name: "document origin", sql: documentOrigin },
  { version: 3, name: "accounts", sql: accounts },
];
