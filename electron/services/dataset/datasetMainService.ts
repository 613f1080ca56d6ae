/**
 * The dataset service the IPC layer and `episcope index` call: indexes the episodes of a dataset folder in the
 * background (worker threads, progress, cancel), keeps their facts in the summary cache, and answers the dataset's
 * rows — facts + metadata (MCAP records overridden by the metadata table) + every annotator's review — and the lead's
 * audit (metrics computed by the same workers, cached with the facts; shared/audit/auditReport.ts).
 */
import { buildRow, METADATA_FIELDS, type DatasetRows, type EpisodeFields, type IndexProgress, type MetadataField } from "../../../shared/dataset/datasetRow.ts";
import {
  formatMetadataCsv,
  formatMetadataJson,
  mergeTables,
  parseMetadataCsv,
  parseMetadataJson,
  type MetadataExport,
  type MetadataImportResult,
  type MetadataTable,
} from "../../../shared/dataset/metadataTable.ts";
import { buildAuditReport, type AuditReport } from "../../../shared/audit/auditReport.ts";
import type { EpisodeEntry } from "../../../shared/episode.ts";
import { loadDatasetConfig } from "../annotation/datasetConfigFile.ts";
import { DEFAULT_AUDIT_SETTINGS, type AuditSettings } from "./episodeAuditReader.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import type { EpisodeRoot } from "../episode/episodeRoot.ts";
import { EpisodeScope } from "../episode/episodeScope.ts";
import { sameFingerprint, type FileFingerprint } from "./fingerprint.ts";
import { IndexWorkerPool } from "./indexWorkerPool.ts";
import { inShard, type Shard } from "./datasetShard.ts";
import { fileMetadataTable, fileReviewSource, type MetadataTableStore, type ReviewSource } from "./labelSources.ts";
import { readSummaryCache, writeSummaryCache, type CacheEntries, type CacheEntry } from "./summaryCache.ts";

/** Requests in flight per worker (hides the message round trip). */
const IN_FLIGHT_PER_WORKER = 4;
/** The cache is saved at least this often during a long job (ms), so a killed app keeps most of its work. */
const SAVE_EVERY_MS = 5_000;

/** A job while it runs: its progress and whether it was asked to stop. */
interface JobState {
  progress: IndexProgress;
  startedAt: number;
  cancelled: boolean;
}

/** A job and the promise of its end. */
interface Job extends JobState {
  done: Promise<IndexProgress>;
}

/** Indexes and describes the episodes of one dataset folder. */
export class DatasetMainService {
  readonly #root: string;
  readonly #reviews: ReviewSource;
  readonly #metadata: MetadataTableStore;
  readonly #workers: number | undefined;
  readonly #audit: boolean;
  readonly #shard: Shard | null;
  readonly #seed: CacheEntries | null;
  #auditKey: string | null = null;
  #listedTotal = 0;
  #pool: IndexWorkerPool | null = null;
  /** What is known of each episode (from the cache or indexed), by relative path. */
  #entries: CacheEntries = new Map();
  readonly #scope: EpisodeScope;
  /** Bytes the indexing workers fetched from object storage (object roots). */
  #objectBytes = 0;
  #listing: EpisodeEntry[] | null = null;
  readonly #jobs = new Map<string, Job>();
  #current: Job | null = null;
  #nextJob = 1;
  readonly #onJobProgress: (p: IndexProgress) => void;

  /**
   * @param root dataset folder, `s3://bucket/prefix`, or an EpisodeRoot (episodeRoot.ts: where the episodes are; an
   *   object root keeps its summary cache in the local cache folder and its labels in its label folder)
   * @param options.workers indexing worker threads (default: cores, at most 4)
   * @param options.audit compute the audit metrics while indexing (default true)
   * @param options.shard index only this slice of the path-sorted listing (datasetShard.ts); the other episodes are
   *   left out of the job and of `measured`
   * @param options.seed entries measured elsewhere (merged shard parts), used like the summary cache: an entry serves
   *   while the file's fingerprint and the audit settings are unchanged
   * @param options.onJobProgress told every job's progress (started, after each episode, ended): the `job.progress`
   *   events of the IPC contract
   * @param options.only the one episode served (relative path): the dataset is that episode alone, and its folder is
   *   neither walked nor indexed beyond it (default: every episode under root)
   * @param options.reviews where the review status comes from (default: the annotation files under the root's label
   *   folder — the dataset folder itself for a folder)
   * @param options.metadata where the metadata table lives (default: `.episcope/episodes.json` / `.csv` under the
   *   label folder)
   */
  constructor(
    root: string | EpisodeRoot,
    options: {
      workers?: number;
      audit?: boolean;
      shard?: Shard;
      seed?: CacheEntries;
      onJobProgress?: (p: IndexProgress) => void;
      only?: string | null;
      reviews?: ReviewSource;
      metadata?: MetadataTableStore;
    } = {},
  ) {
    this.#scope = new EpisodeScope(root, options.only ?? null);
    this.#root = this.#scope.root;
    this.#onJobProgress = options.onJobProgress ?? (() => {});
    this.#reviews = options.reviews ?? fileReviewSource(this.#scope.where.labelFolder);
    this.#metadata = options.metadata ?? fileMetadataTable(this.#scope.where.labelFolder);
    this.#workers = options.workers;
    this.#audit = options.audit ?? true;
    this.#shard = options.shard ?? null;
    this.#seed = options.seed ?? null;
  }

  /**
   * What the last job measured or took from the cache (by relative path; only the shard's episodes when sharded), the
   * size of the whole listing it saw, and the audit settings (JSON; null when the audit was off) — a shard's part file.
   */
  measured(): { entries: CacheEntries; total: number; auditKey: string | null } {
    return { entries: new Map(this.#entries), total: this.#listedTotal, auditKey: this.#auditKey };
  }

  /** The dataset folder (absolute) or `s3://bucket/prefix`. */
  get root(): string {
    return this.#root;
  }

  /** Where the episodes are (folder or object prefix), with the label folder and summary cache file. */
  get where(): EpisodeRoot {
    return this.#scope.where;
  }

  /** Bytes the indexing workers fetched from object storage so far (0 for a folder): what indexing cost the store. */
  get objectBytesFetched(): number {
    return this.#objectBytes;
  }

  /**
   * Start indexing (or join the running job): find the episodes, take unchanged ones from the cache, summarize new or
   * changed ones in worker threads, save the cache. Resolves at once with the job's progress; its progress goes to
   * `onJobProgress` (and `status`).
   * @param onProgress called after each episode (for the CLI's stderr line)
   */
  startIndex(onProgress?: (p: IndexProgress) => void): IndexProgress {
    if (this.#current && this.#current.progress.state === "running") return { ...this.#current.progress };
    const jobId = `index-${this.#nextJob++}`;
    const state: JobState = {
      progress: { jobId, state: "running", total: 0, done: 0, cached: 0, failed: 0, elapsedMs: 0, error: null },
      startedAt: Date.now(),
      cancelled: false,
    };
    const tell = (p: IndexProgress) => {
      onProgress?.(p);
      this.#onJobProgress(p);
    };
    const done = this.#run(state, tell).then(
      () => state.progress,
      (error: unknown) => {
        state.progress.state = "failed";
        state.progress.error = error instanceof Error ? error.message : String(error);
        state.progress.elapsedMs = Date.now() - state.startedAt;
        this.#onJobProgress({ ...state.progress });
        return state.progress;
      },
    );
    const job: Job = Object.assign(state, { done });
    this.#jobs.set(jobId, job);
    this.#current = job;
    this.#onJobProgress({ ...job.progress });
    return { ...job.progress };
  }

  /** Start indexing and wait for the job to end. */
  async index(onProgress?: (p: IndexProgress) => void): Promise<IndexProgress> {
    const { jobId } = this.startIndex(onProgress);
    return this.#jobs.get(jobId)!.done;
  }

  /**
   * Progress of job `jobId` (the latest job when absent; null when none ran).
   * @throws EpiscopeError `unknown-job`
   */
  status(jobId?: string): IndexProgress | null {
    const job = jobId === undefined ? this.#current : this.#jobs.get(jobId);
    if (jobId !== undefined && !job) throw new EpiscopeError("unknown-job", `no indexing job ${JSON.stringify(jobId)}`);
    if (!job) return null;
    if (job.progress.state === "running") job.progress.elapsedMs = Date.now() - job.startedAt;
    return { ...job.progress };
  }

  /**
   * Cancel job `jobId`: no new episode is started; what was indexed stays cached. Returns its progress.
   * @throws EpiscopeError `unknown-job`
   */
  async cancel(jobId: string): Promise<IndexProgress> {
    const job = this.#jobs.get(jobId);
    if (!job) throw new EpiscopeError("unknown-job", `no indexing job ${JSON.stringify(jobId)}`);
    job.cancelled = true;
    return job.done;
  }

  /**
   * Every episode as a row (sorted by path): facts when indexed, metadata, reviews of all annotators, and the latest
   * job's progress. Before any job, the episodes are listed and matched against the cache (nothing is opened).
   */
  async rows(): Promise<DatasetRows> {
    if (!this.#listing) {
      this.#listing = this.#scope.list();
      const cache = readSummaryCache(this.#scope.where.summaryCacheFile);
      for (const e of this.#listing) {
        const cached = cache.get(e.path);
        const fp = cached && this.#scope.where.fingerprint(e.path);
        if (cached && fp && sameFingerprint(fp, cached.fingerprint)) this.#entries.set(e.path, cached);
      }
    }
    const [{ table }, reviews] = await Promise.all([this.#metadata.read(), this.#reviews.read()]);
    const rows = this.#listing.map((e) => {
      const entry = this.#entries.get(e.path);
      return buildRow({
        path: e.path,
        name: e.name,
        sizeBytes: e.sizeBytes,
        facts: entry?.facts ?? null,
        error: entry?.error ?? null,
        table: table[e.path],
        reviews: reviews.get(e.path) ?? [],
      });
    });
    return { root: this.#root, rows, progress: this.status() };
  }

  /**
   * Set (or clear, with null or "") metadata fields of one episode in the metadata table.
   * @throws EpiscopeError `not-found` when the episode is not in the dataset; the fs error when not writable
   */
  async setMetadata(episodePath: string, fields: Partial<Record<MetadataField, string | null>>): Promise<void> {
    const listing = this.#listing ?? this.#scope.list();
    if (!listing.some((e) => e.path === episodePath)) throw new EpiscopeError("not-found", `${episodePath}: no such episode in ${this.#root}`);
    await this.#metadata.update((table) => mergeTables(table, { [episodePath]: fields }));
  }

  /**
   * Import a metadata table (CSV or JSON text, formats in shared/dataset/metadataTable.ts) into the dataset's table:
   * its non-empty fields replace the current ones. Unknown columns, bad rows and episodes not in the dataset are
   * ignored and reported.
   */
  async importMetadata(text: string, format: "csv" | "json", fileName = `import.${format}`): Promise<MetadataImportResult> {
    const parsed = format === "csv" ? parseMetadataCsv(text, fileName) : parseMetadataJson(text, fileName);
    const known = new Set((this.#listing ?? this.#scope.list()).map((e) => e.path));
    const ignored = [...parsed.ignored];
    const accepted: Record<string, Partial<EpisodeFields>> = {};
    for (const [p, fields] of Object.entries(parsed.table)) {
      if (known.has(p)) accepted[p] = fields;
      else ignored.push({ where: `${fileName} ${JSON.stringify(p)}`, message: "no such episode in the dataset; ignored" });
    }
    await this.#metadata.update((table) => mergeTables(table, accepted));
    return { imported: Object.keys(accepted).length, ignored };
  }

  /**
   * Every episode of the dataset with its effective metadata (the table's values over the MCAP metadata records) as
   * CSV or JSON text in the table's format (so it imports back unchanged), and what was ignored reading the table.
   * Exporting only the table's overrides wrote a lone header for a dataset whose metadata all comes from the recordings.
   */
  async exportMetadata(format: "csv" | "json"): Promise<MetadataExport> {
    const { ignored } = await this.#metadata.read();
    const table: MetadataTable = {};
    for (const row of (await this.rows()).rows) {
      table[row.path] = Object.fromEntries(METADATA_FIELDS.flatMap((f) => (row.fields[f] ? [[f, row.fields[f]]] : [])));
    }
    return { text: format === "csv" ? formatMetadataCsv(table) : formatMetadataJson(table), ignored };
  }

  /**
   * The audit of the dataset from what indexing measured (run `index` first; episodes not yet measured count as
   * `pending`), grouped by `facets` (default operator, session, task, condition).
   */
  async auditReport(facets?: readonly string[]): Promise<AuditReport> {
    const { rows } = await this.rows();
    return buildAuditReport(
      this.#root,
      rows.map((row) => ({ row, audit: this.#entries.get(row.path)?.audit ?? null })),
      facets,
    );
  }

  /** The audit settings of `.episcope/config.json` (defaults when absent or invalid). */
  async #auditSettings(): Promise<AuditSettings> {
    const { config } = await loadDatasetConfig(this.#scope.where.labelFolder);
    return config.audit ?? DEFAULT_AUDIT_SETTINGS;
  }

  /** Cancel every job and stop the workers. */
  async close(): Promise<void> {
    for (const job of this.#jobs.values()) job.cancelled = true;
    await Promise.all([...this.#jobs.values()].map((j) => j.done));
    await this.#pool?.close();
    this.#pool = null;
  }

  async #run(job: JobState, onProgress?: (p: IndexProgress) => void): Promise<void> {
    const p = job.progress;
    const listing = this.#scope.list({ fresh: true });
    const keep = new Set(listing.map((e) => e.path));
    const cache = readSummaryCache(this.#scope.where.summaryCacheFile);
    for (const [p, e] of this.#seed ?? []) cache.set(p, e);
    const settings = this.#audit ? await this.#auditSettings() : null;
    const auditKey = settings ? JSON.stringify(settings) : undefined;
    this.#auditKey = auditKey ?? null;
    this.#listedTotal = listing.length;
    const entries: CacheEntries = new Map();
    const todo: Array<{ entry: EpisodeEntry; fingerprint: FileFingerprint }> = [];
    const shard = this.#shard;
    const slice = shard ? listing.filter((_, i) => inShard(i, shard)) : listing;
    p.total = slice.length;
    for (const e of slice) {
      const fingerprint = this.#scope.where.fingerprint(e.path);
      if (!fingerprint) {
        entries.set(e.path, { fingerprint: { sizeBytes: 0, mtimeMs: 0 }, facts: null, error: { code: "unreadable", message: `${e.path}: cannot be read` } });
        p.done++;
        p.failed++;
        continue;
      }
      const cached = cache.get(e.path) ?? this.#entries.get(e.path);
      // A cached entry serves when the file is unchanged and (when the audit is asked for) it was audited alike.
      if (cached && sameFingerprint(cached.fingerprint, fingerprint) && (cached.error || !auditKey || cached.auditKey === auditKey)) {
        entries.set(e.path, cached);
        p.done++;
        p.cached++;
        if (cached.error) p.failed++;
      } else todo.push({ entry: e, fingerprint });
    }
    this.#listing = listing;
    this.#entries = entries;
    onProgress?.({ ...p });

    if (todo.length > 0) {
      this.#pool ??= new IndexWorkerPool(this.#workers);
      const pool = this.#pool;
      let next = 0;
      let lastSave = Date.now();
      let saving: Promise<void> = Promise.resolve();
      const lane = async () => {
        while (!job.cancelled && next < todo.length) {
          const { entry, fingerprint } = todo[next++]!;
          let result: CacheEntry;
          try {
            const summarized = await pool.summarize(this.#scope.where.episodePath(entry.path), entry.path, settings ?? undefined);
            this.#objectBytes += summarized.objectBytes;
            result = { fingerprint, facts: summarized.facts, error: null, audit: summarized.audit, ...(auditKey ? { auditKey } : {}) };
          } catch (error) {
            const code = error instanceof EpiscopeError ? error.code : "internal";
            if (code === "cancelled") return;
            result = { fingerprint, facts: null, error: { code, message: error instanceof Error ? error.message : String(error) } };
            p.failed++;
          }
          entries.set(entry.path, result);
          p.done++;
          p.elapsedMs = Date.now() - job.startedAt;
          onProgress?.({ ...p });
          if (Date.now() - lastSave > SAVE_EVERY_MS) {
            lastSave = Date.now();
            saving = saving.then(() => this.#saveCache(entries, keep));
          }
        }
      };
      await Promise.all(Array.from({ length: pool.size * IN_FLIGHT_PER_WORKER }, lane));
      await saving;
    }
    if (todo.length > 0 || cache.size !== entries.size) await this.#saveCache(entries, keep);
    p.state = job.cancelled && p.done < p.total ? "cancelled" : "done";
    p.elapsedMs = Date.now() - job.startedAt;
    onProgress?.({ ...p });
  }

  /** Save the cache; a read-only folder only loses the speed-up, so its error is swallowed. */
  async #saveCache(entries: CacheEntries, keep: ReadonlySet<string>): Promise<void> {
    try {
      await writeSummaryCache(this.#scope.where.summaryCacheFile, entries, keep);
    } catch {
      // read-only dataset folder (or cache folder): indexing still works, only without a cache
    }
  }
}
