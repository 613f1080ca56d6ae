/**
 * Worker threads that summarize episodes for dataset indexing (datasetIndex.worker.ts), so the process answering IPC
 * never blocks on a thousand file opens. Requests are spread over the workers with a few in flight per worker. The
 * workers hold back between steps while an episode is being opened (workers/interactiveReads.ts).
 *
 * Worker script: `datasetIndex.worker.ts` from the sources (through a tsx bootstrap, like the episode workers), or
 * `dataset.worker.mjs` beside the bundle in dist/node (built by scripts/build.mjs).
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { interactiveReads } from "../workers/interactiveReads.ts";
import { RoundRobinWorkers, workerScript, type WorkerScript } from "../workers/roundRobinWorkers.ts";
import type { EpisodeFacts } from "../../../shared/dataset/datasetRow.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import type { IndexReply, IndexRequest } from "./datasetIndexProtocol.ts";
import type { AuditSettings, EpisodeAuditFacts } from "./episodeAuditReader.ts";

/** What a worker learnt of one episode. */
export interface SummarizedEpisode {
  facts: EpisodeFacts;
  /** Null when the audit was not asked for. */
  audit: EpisodeAuditFacts | null;
  /** Bytes the worker fetched from object storage since its previous reply (0 for local files). */
  objectBytes: number;
}

/** The worker script for the running code and the file it runs. */
export function indexWorkerScript(): WorkerScript {
  return workerScript(import.meta.url, "dataset.worker.mjs", "datasetIndex.worker.ts");
}

interface Pending {
  resolve: (result: SummarizedEpisode) => void;
  reject: (error: Error) => void;
}

/** A pool of indexing workers, started on first use and stopped by `close`. */
export class IndexWorkerPool {
  readonly #workers: RoundRobinWorkers<IndexReply>;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed = false;

  /** @param size worker threads (default: the number of cores, at most 4) */
  constructor(size = Math.min(4, availableParallelism())) {
    this.#workers = new RoundRobinWorkers<IndexReply>(size, indexWorkerScript, (reply) => this.#settle(reply), (error) => this.#failAll(error));
  }

  /** How many workers the pool runs. */
  get size(): number {
    return this.#workers.size;
  }

  /**
   * The facts of the episode at `absPath` (a path or an `s3://` / http(s) URL), and its audit metrics when `audit` settings are given.
   * @throws EpiscopeError with the engine's code (`not-mcap`, `truncated`, `corrupt-mcap`, …) naming `relPath`;
   *   `cancelled` when the pool is closed first; `worker-failed` when the worker dies.
   */
  summarize(absPath: string, relPath: string, audit?: AuditSettings): Promise<SummarizedEpisode> {
    if (this.#closed) return Promise.reject(new EpiscopeError("cancelled", "the indexing workers were stopped"));
    let worker: Worker;
    try {
      worker = this.#workers.pick();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const id = this.#nextId++;
    const promise = new Promise<SummarizedEpisode>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    worker.ref();
    worker.postMessage({ id, absPath, relPath, ...(audit ? { audit } : {}), interactive: interactiveReads.shared } satisfies IndexRequest);
    return promise;
  }

  /** Stop the workers; pending requests reject with `cancelled`. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const [id, p] of this.#pending) {
      p.reject(new EpiscopeError("cancelled", "the indexing workers were stopped"));
      this.#pending.delete(id);
    }
    await this.#workers.terminate();
  }

  #settle(reply: IndexReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#workers.unrefAll();
    if (reply.ok) pending.resolve({ facts: reply.facts, audit: reply.audit, objectBytes: reply.objectBytes });
    else pending.reject(new EpiscopeError(reply.code, reply.message));
  }

  #failAll(error: Error): void {
    for (const [id, p] of this.#pending) {
      p.reject(new EpiscopeError("worker-failed", `indexing worker failed: ${error.message}`));
      this.#pending.delete(id);
    }
  }
}
