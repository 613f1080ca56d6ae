/**
 * Migration 0003 of the team store: accounts for a shared server (issue 18). One row per person: their name (also their
 * annotator id, so their layer), role, and the SHA-256 of their token (the token itself is shown once, never stored).
 * Revoked accounts keep their row (the audit trail names them) with `revoked_at` set.
 */
export const sql = `
CREATE TABLE accounts (
  name         text        PRIMARY KEY,
  role         text        NOT NULL CHECK (role IN ('reviewer', 'annotator', 'lead')),
  token_sha256 text        NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);
`;
