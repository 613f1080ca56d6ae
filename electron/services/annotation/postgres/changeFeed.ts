import pg from "pg";
import type { RemoteAnnotationChange, RemoteChangeListener, RemoteChangeSource } from "../../../../shared/annotation/remoteChange.ts";
import { ANNOTATION_CHANNEL, type AnnotationChange } from "./postgresAnnotationStore.ts";

/** Reconnect delays: the first retry after `minMs`, doubling up to `maxMs` (each ±25 % jitter). */
export interface Backoff {
  minMs: number;
  maxMs: number;
}

const DEFAULT_BACKOFF: Backoff = { minMs: 100, maxMs: 5_000 };

/** A document's key in the feed's map of seen revisions. */
const keyOf = (layer: string, episode: string) => `${layer}\u0000${episode}`;

interface DocumentRevision {
  layer: string;
  episode: string;
  revision: number;
  origin: string | null;
  actor_id: string | null;
}

/**
 * The team store's change feed for one dataset (issue 18): one dedicated connection LISTENs on `ANNOTATION_CHANNEL`
 * (every committed save NOTIFYs there, see `writeDocument`) and hands other processes' saves to the listeners; this
 * process's own saves (same `origin`) are not delivered.
 *
 * Missed announcements: NOTIFY is not queued for a disconnected listener, so the feed keeps the highest revision it
 * has seen of every document of the dataset (a snapshot taken after LISTEN at start, then each announcement). When its
 * connection drops (server restart, `pg_terminate_backend`, network), it reconnects with exponential backoff, LISTENs
 * again and then resyncs: every document whose stored revision is newer than the one seen is delivered once with
 * `resync: true` (unless this process wrote it last). Announcements repeating a seen revision are dropped, so no
 * change is delivered twice. Memory: one map entry per document of the dataset (~100 bytes; 10 MB per 100k).
 */
export class ChangeFeed implements RemoteChangeSource {
  readonly #url: string;
  readonly #dataset: string;
  readonly #origin: string;
  readonly #backoff: Backoff;
  readonly #listeners = new Set<RemoteChangeListener>();
  readonly #seen = new Map<string, number>();
  #client: pg.Client | null = null;
  #closed = false;
  #retry: NodeJS.Timeout | null = null;
  #failures = 0;
  #started: Promise<void> | null = null;
  /** True once the first snapshot of revisions was taken (later snapshots are resyncs). */
  #synced = false;
  /** Times the feed (re)connected, for tests and logs. */
  connections = 0;
  /** The last connection error (null while connected), for logs. */
  lastError: string | null = null;

  /**
   * @param url the team store's `postgres://` URL (the feed opens its own connection, outside the pool)
   * @param dataset the dataset key whose changes are delivered
   * @param origin this process's origin id: changes written with it are not delivered
   */
  constructor(url: string, dataset: string, origin: string, backoff: Backoff = DEFAULT_BACKOFF) {
    this.#url = url;
    this.#dataset = dataset;
    this.#origin = origin;
    this.#backoff = backoff;
  }

  /**
   * Connect, LISTEN and take the snapshot of seen revisions (idempotent). Resolves once the feed listens; a failure
   * to connect is retried in the background with backoff (the promise still resolves then; see `lastError`).
   */
  start(): Promise<void> {
    this.#started ??= this.#connect().catch((error: unknown) => this.#scheduleReconnect(error));
    return this.#started;
  }

  onRemoteChange(listener: RemoteChangeListener): () => void {
    const entry: RemoteChangeListener = (change) => listener(change);
    this.#listeners.add(entry);
    void this.start();
    return () => void this.#listeners.delete(entry);
  }

  /** The backend pid of the LISTENing connection (null while disconnected), e.g. for `pg_terminate_backend` in tests. */
  async backendPid(): Promise<number | null> {
    const client = this.#client;
    if (!client) return null;
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    return rows[0]?.pid ?? null;
  }

  /** Stop listening and close the connection; no listener is called afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#listeners.clear();
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#url, keepAlive: true, connectionTimeoutMillis: 10_000 });
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (this.#client === client) this.#client = null;
      client.removeAllListeners("notification");
      void client.end().catch(() => {});
      if (!this.#closed) this.#scheduleReconnect(error ?? new Error("connection ended"));
    };
    client.on("error", onLost);
    client.on("end", () => onLost());
    try {
      await client.connect();
      client.on("notification", (message) => {
        if (message.channel === ANNOTATION_CHANNEL && message.payload) this.#announced(message.payload);
      });
      await client.query(`LISTEN ${ANNOTATION_CHANNEL}`);
      // After LISTEN: whatever commits from now on is announced; the snapshot (or resync) covers what came before.
      const { rows } = await client.query<DocumentRevision>(
        "SELECT layer, episode, revision, origin, actor_id FROM annotation_documents WHERE dataset = $1",
        [this.#dataset],
      );
      if (this.#closed) return void (await client.end().catch(() => {}));
      const kind = this.#synced ? "resync" : "snapshot";
      for (const row of rows) this.#saw(row, kind);
      this.#synced = true;
    } catch (error) {
      lost = true;
      client.removeAllListeners();
      client.on("error", () => {});
      await client.end().catch(() => {});
      throw error;
    }
    if (lost) return;
    this.#client = client;
    this.#failures = 0;
    this.lastError = null;
    this.connections++;
  }

  #scheduleReconnect(error: unknown): void {
    if (this.#closed || this.#retry) return;
    this.lastError = error instanceof Error ? error.message : String(error);
    const base = Math.min(this.#backoff.maxMs, this.#backoff.minMs * 2 ** this.#failures++);
    const delay = base * (0.75 + Math.random() * 0.5);
    this.#retry = setTimeout(() => {
      this.#retry = null;
      this.#connect().catch((e: unknown) => this.#scheduleReconnect(e));
    }, delay);
  }

  #announced(payload: string): void {
    let change: AnnotationChange;
    try {
      change = JSON.parse(payload) as AnnotationChange;
    } catch {
      return; // not ours: another program NOTIFYing on the channel
    }
    if (change.dataset !== this.#dataset || typeof change.revision !== "number") return;
    this.#saw({ layer: change.layer, episode: change.episode, revision: change.revision, origin: change.origin, actor_id: change.actor }, "live");
  }

  /**
   * Record a revision; deliver it when it is newer than the one seen and written by another process. The first
   * snapshot only records (what was stored before the feed started is not a change).
   */
  #saw(row: DocumentRevision, kind: "snapshot" | "live" | "resync"): void {
    const key = keyOf(row.layer, row.episode);
    const seen = this.#seen.get(key);
    if (seen !== undefined && seen >= row.revision) return;
    this.#seen.set(key, row.revision);
    if (kind === "snapshot" || row.origin === this.#origin) return;
    const change: RemoteAnnotationChange = { layer: row.layer, episode: row.episode, revision: row.revision, actor: row.actor_id, resync: kind === "resync" };
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch {
        // a failing listener must not stop the others or the feed
      }
    }
  }
}
