import { randomUUID } from "node:crypto";
import type { Pool, PoolClient } from "pg";
import { parseAnnotation, serializeAnnotation, type AnnotationDocument, type Annotator } from "../../../../shared/annotation.ts";
import type { AnnotationSaveOptions, AnnotationStore } from "../../../../shared/annotation/annotationStore.ts";
import { salvageAnnotationText } from "../../../../shared/annotation/salvage.ts";
import type { AnnotationFileState, AnnotationFileStatus, AnnotationOpenResult } from "../../../../shared/annotation/storeTypes.ts";
import { validateAnnotation } from "../../../../shared/annotation/validate.ts";
import { checkSavable } from "../saveChecks.ts";
import { EpiscopeError, type SaveResult } from "../../../../shared/ipc/contract.ts";
import { sha256 } from "../journal.ts";
import { checkLayerId, documentName } from "./documentName.ts";

/** The NOTIFY channel every committed save is announced on (payload: `AnnotationChange` as JSON). */
export const ANNOTATION_CHANNEL = "episcope_annotations";

/** What a save announces on `ANNOTATION_CHANNEL` (delivered at commit, to every listening server). */
export interface AnnotationChange {
  dataset: string;
  layer: string;
  episode: string;
  revision: number;
  /** Id of the annotator who saved. */
  actor: string;
  /** The writing process's origin id (`PROCESS_ORIGIN` unless given), so its own change feed can ignore it. */
  origin: string;
}

/** This process's origin id: random per process, written with every save and announcement. */
export const PROCESS_ORIGIN = randomUUID();

interface StoredRow {
  body: string;
  sha256: string;
  revision: number;
  updated_at: Date;
}

/**
 * The annotation store on PostgreSQL (issue 18, schema in `migrations/`): the same contract as the file store
 * (`AnnotationMainService`), one row per dataset × layer × episode holding the exact serialized document.
 *
 * - Durability: a save is one transaction (document row, audit row, NOTIFY) and is acknowledged after COMMIT returns
 *   (PostgreSQL's WAL is fsynced at commit with the default `synchronous_commit = on`).
 * - Conflicts: a per-document advisory lock serializes concurrent saves across processes; a save based on another
 *   revision than the stored one, or on content that changed since this store read it, is refused with code
 *   `conflict` and the file store's message.
 * - Audit: every stored revision is kept in `annotation_audit` with who (the annotator of the layer) and when.
 * - Damage: a row whose body is not a valid document (written by hand) is read leniently by `open`, copied to
 *   `annotation_backups`, and not overwritten until a save passes `overwrite`.
 */
export class PostgresAnnotationStore implements AnnotationStore {
  /** SHA-256 of each document's body as this store last read or wrote it (null: known to be missing). */
  readonly #known = new Map<string, string | null>();
  /** Saves of this store run one at a time (like the file store's). */
  #queue: Promise<unknown> = Promise.resolve();

  /**
   * @param pool connections to a database migrated by `migrate()`
   * @param dataset the dataset's key in the database (several datasets may share one database)
   * @param origin written with every save, so this process's change feed ignores its own saves
   */
  constructor(
    private readonly pool: Pool,
    private readonly dataset: string,
    private annotator: Annotator,
    private readonly origin: string = PROCESS_ORIGIN,
  ) {}

  get currentAnnotator(): Annotator {
    return this.annotator;
  }

  setAnnotator(annotator: Annotator): void {
    if (annotator.id !== this.annotator.id) this.#known.clear();
    this.annotator = annotator;
  }

  async #row(episodePath: string, layer: string, client: Pick<PoolClient, "query"> = this.pool): Promise<StoredRow | null> {
    const { rows } = await client.query<StoredRow>(
      "SELECT body, sha256, revision, updated_at FROM annotation_documents WHERE dataset = $1 AND layer = $2 AND episode = $3",
      [this.dataset, layer, episodePath],
    );
    return rows[0] ?? null;
  }

  async load(episodePath: string): Promise<AnnotationDocument | null> {
    const name = documentName(episodePath, this.annotator.id);
    const row = await this.#row(episodePath, this.annotator.id);
    this.#known.set(episodePath, row?.sha256 ?? null);
    return row === null ? null : parse(row.body, name);
  }

  async loadLayer(episodePath: string, annotatorId: string): Promise<AnnotationDocument | null> {
    checkLayerId(annotatorId);
    const name = documentName(episodePath, annotatorId);
    const row = await this.#row(episodePath, annotatorId);
    return row === null ? null : parse(row.body, name);
  }

  async open(episodePath: string): Promise<AnnotationOpenResult> {
    const name = documentName(episodePath, this.annotator.id);
    const row = await this.#row(episodePath, this.annotator.id);
    this.#known.set(episodePath, row?.sha256 ?? null);
    const state = stateOf(name, row);
    if (row === null) return { document: null, problems: [], needsOverwrite: false, backup: null, state };
    const { document, problems } = salvageAnnotationText(row.body, { path: episodePath, annotator: this.annotator });
    if (problems.length === 0 && document) {
      return { document, problems: validateAnnotation(document), needsOverwrite: false, backup: null, state };
    }
    const backup = await this.#backup(episodePath, row.body);
    const semantic = document ? validateAnnotation(document) : [];
    return { document, problems: [...problems, ...semantic], needsOverwrite: true, backup, state };
  }

  async status(episodePath: string): Promise<AnnotationFileStatus> {
    const name = documentName(episodePath, this.annotator.id);
    const state = stateOf(name, await this.#row(episodePath, this.annotator.id));
    const known = this.#known.get(episodePath);
    return { ...state, changedSinceLoad: known === undefined ? null : known !== state.sha256 };
  }

  save(episodePath: string, document: AnnotationDocument, options: AnnotationSaveOptions = {}): Promise<SaveResult> {
    const run = this.#queue.then(() => this.#save(episodePath, document, options));
    this.#queue = run.catch(() => {});
    return run;
  }

  async #save(episodePath: string, document: AnnotationDocument, options: AnnotationSaveOptions): Promise<SaveResult> {
    const layer = this.annotator.id;
    const name = documentName(episodePath, layer);
    checkSavable(episodePath, document, name);
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [JSON.stringify([this.dataset, layer, episodePath])]);
      const row = await this.#row(episodePath, layer, client);
      let storedRevision = 0;
      if (row !== null) {
        let stored: AnnotationDocument | null = null;
        try {
          stored = parseAnnotation(row.body);
        } catch (error) {
          if (!options.overwrite) {
            await client.query("ROLLBACK");
            const backup = await this.#backup(episodePath, row.body);
            throw new EpiscopeError(
              "needs-overwrite",
              `${name}: the stored document is not a valid annotation (${(error as Error).message}); the original is kept at ${backup}. ` +
                "Save with overwrite to replace it.",
            );
          }
        }
        if (stored) {
          storedRevision = stored.revision;
          // A retry of a save that already committed (its acknowledgement was lost): nothing to write, no conflict.
          if (serializeAnnotation({ ...document, annotator: this.annotator, revision: stored.revision, updatedAt: stored.updatedAt }) === row.body) {
            await client.query("ROLLBACK");
            this.#known.set(episodePath, row.sha256);
            return { revision: stored.revision, updatedAt: stored.updatedAt, file: name };
          }
          const known = this.#known.get(episodePath);
          const changed = known !== undefined && known !== row.sha256;
          if (!options.overwrite && (stored.revision !== document.revision || changed)) {
            await client.query("ROLLBACK");
            throw new EpiscopeError(
              "conflict",
              `${name} changed on disk since it was loaded (revision ${stored.revision} on disk, this edit is based on revision ` +
                `${document.revision}${changed && stored.revision === document.revision ? ", same revision but different content" : ""}). ` +
                "Reload it, or save with overwrite.",
            );
          }
        }
      }
      const revision = Math.max(storedRevision, document.revision) + 1;
      const updatedAt = new Date().toISOString();
      const stored: AnnotationDocument = { ...document, annotator: this.annotator, revision, updatedAt };
      const body = serializeAnnotation(stored);
      const hash = sha256(body);
      await writeDocument(client, {
        dataset: this.dataset,
        layer,
        episode: episodePath,
        body,
        sha256: hash,
        revision,
        updatedAt,
        review: stored.review,
        action: row !== null && options.overwrite ? "overwrite" : "save",
        actor: this.annotator,
        origin: this.origin,
        previous: row,
      });
      await client.query("COMMIT");
      this.#known.set(episodePath, hash);
      return { revision, updatedAt, file: name };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /** Keep a damaged body in `annotation_backups` once; where it is, as shown to the user. */
  async #backup(episodePath: string, body: string): Promise<string> {
    const hash = sha256(body);
    await this.pool.query(
      "INSERT INTO annotation_backups (dataset, layer, episode, sha256, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
      [this.dataset, this.annotator.id, episodePath, hash, body],
    );
    return `PostgreSQL annotation_backups (layer ${this.annotator.id}, episode ${episodePath}, sha256 ${hash.slice(0, 12)})`;
  }
}

/** One stored revision written by `writeDocument`. */
export interface DocumentWrite {
  dataset: string;
  layer: string;
  episode: string;
  /** The exact document text (what the file store would hold). */
  body: string;
  sha256: string;
  revision: number;
  /** ISO 8601. */
  updatedAt: string;
  /** The document's review (status and outcome are kept in columns for queries); null for a damaged body. */
  review: { status: string; outcome: string | null } | null;
  action: "save" | "overwrite" | "import";
  actor: Annotator;
  /** The writing process's origin id (see `PROCESS_ORIGIN`). */
  origin: string;
  previous: Pick<StoredRow, "revision" | "sha256"> | null;
}

/**
 * Upsert a document row, append its audit row and announce it on `ANNOTATION_CHANNEL`, inside the caller's
 * transaction (the announcement is delivered at commit, never for a rolled-back write).
 */
export async function writeDocument(client: Pick<PoolClient, "query">, w: DocumentWrite): Promise<void> {
  await client.query(
    `INSERT INTO annotation_documents (dataset, layer, episode, revision, updated_at, sha256, body, review_status, review_outcome, origin, actor_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (dataset, layer, episode) DO UPDATE SET revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at,
       sha256 = EXCLUDED.sha256, body = EXCLUDED.body, review_status = EXCLUDED.review_status, review_outcome = EXCLUDED.review_outcome,
       origin = EXCLUDED.origin, actor_id = EXCLUDED.actor_id`,
    [w.dataset, w.layer, w.episode, w.revision, w.updatedAt, w.sha256, w.body, w.review?.status ?? null, w.review?.outcome ?? null, w.origin, w.actor.id],
  );
  await client.query(
    `INSERT INTO annotation_audit (dataset, layer, episode, action, actor_id, actor_name, revision, previous_revision, previous_sha256, sha256, body)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [w.dataset, w.layer, w.episode, w.action, w.actor.id, w.actor.name, w.revision, w.previous?.revision ?? null, w.previous?.sha256 ?? null, w.sha256, w.body],
  );
  const change: AnnotationChange = { dataset: w.dataset, layer: w.layer, episode: w.episode, revision: w.revision, actor: w.actor.id, origin: w.origin };
  await client.query("SELECT pg_notify($1, $2)", [ANNOTATION_CHANNEL, JSON.stringify(change)]);
}

function parse(body: string, name: string): AnnotationDocument {
  try {
    return parseAnnotation(body);
  } catch (error) {
    throw new EpiscopeError("bad-annotation", `${name}: ${(error as Error).message}`);
  }
}

function stateOf(name: string, row: StoredRow | null): AnnotationFileState {
  if (row === null) return { file: name, exists: false, revision: null, sha256: null, mtimeMs: null };
  let revision: number | null = null;
  try {
    revision = parseAnnotation(row.body).revision;
  } catch {
    // damaged: no revision
  }
  return { file: name, exists: true, revision, sha256: row.sha256, mtimeMs: row.updated_at.getTime() };
}
