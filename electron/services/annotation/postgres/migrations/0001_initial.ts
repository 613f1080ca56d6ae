/**
 * Migration 0001 of the team store: annotation documents (one row per dataset × layer × episode, the exact serialized
 * document text as the source of truth plus its review status for queries), the audit trail (every stored revision:
 * who, when, the document), backups of damaged documents, and the dataset metadata table.
 */
export const sql = `
CREATE TABLE annotation_documents (
  dataset     text        NOT NULL,
  layer       text        NOT NULL,
  episode     text        NOT NULL,
  revision    integer     NOT NULL,
  updated_at  timestamptz NOT NULL,
  sha256      text        NOT NULL,
  body        text        NOT NULL,
  review_status  text,
  review_outcome text,
  PRIMARY KEY (dataset, layer, episode)
);
CREATE INDEX annotation_documents_review ON annotation_documents (dataset, review_status, review_outcome);

CREATE TABLE annotation_audit (
  id          bigserial   PRIMARY KEY,
  dataset     text        NOT NULL,
  layer       text        NOT NULL,
  episode     text        NOT NULL,
  action      text        NOT NULL CHECK (action IN ('save', 'overwrite', 'import')),
  actor_id    text        NOT NULL,
  actor_name  text        NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  revision    integer     NOT NULL,
  previous_revision integer,
  previous_sha256   text,
  sha256      text        NOT NULL,
  body        text        NOT NULL
);
CREATE INDEX annotation_audit_document ON annotation_audit (dataset, layer, episode, id);

CREATE TABLE annotation_backups (
  id          bigserial   PRIMARY KEY,
  dataset     text        NOT NULL,
  layer       text        NOT NULL,
  episode     text        NOT NULL,
  sha256      text        NOT NULL,
  body        text        NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dataset, layer, episode, sha256)
);

CREATE TABLE dataset_metadata (
  dataset     text        NOT NULL,
  episode     text        NOT NULL,
  fields      jsonb       NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dataset, episode)
);
`;
