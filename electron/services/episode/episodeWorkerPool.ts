/**
 * Runs every read of episodes beyond an index lookup (open, numeric series, frame indexes, frames, header stamps,
 * scans) in worker threads (node:worker_threads), so the main process never parses on its event loop. A series or
 * frame-index read is cancelled when a newer request for the same episode + topic + kind supersedes it, or when the
 * caller's AbortSignal fires: the promise rejects with EpiscopeError `cancelled` at once, and the worker stops at its
 * next checkpoint (see LoadedEpisode's StopCheck). Each worker memory-maps the files itself.
 *
 * Worker script: see episodeWorkerScript (`episode.worker.ts` from the sources, `episode.worker.mjs` beside the
 * bundle in dist/node, built by scripts/build.mjs).
 */
import type { Worker } from "node:worker_threads";
import { RoundRobinWorkers, workerScript, type WorkerScript } from "../workers/roundRobinWorkers.ts";
import type { CameraFrame, FrameIndex, NumericSeries } from "../../../shared/episode.ts";
import type { FrameStamps } from "../../../shared/playback/headerStamp.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { interactiveReads } from "../workers/interactiveReads.ts";
import type { OpenResult, ScanResult, WorkerClose, WorkerOp, WorkerReply, WorkerRequest, WorkerWarmUp } from "./episodeWorkerProtocol.ts";

/**
 * The reads of an episode being opened — summary, frame indexes, series — which the dataset's indexing pass waits for
 * (interactiveReads.ts). Frames are not among them: they stream all through playback, which would hold the pass back
 * for as long as a reviewer plays.
 */
const INTERACTIVE_OPS: ReadonlySet<WorkerOp> = new Set<WorkerOp>(["open", "frameIndex", "series"]);

interface Pending {
  key: string;
  /** The worker reading it. */
  worker: Worker;
  cancel: Int32Array;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * The worker script for the running code, and the file it runs. From the bundle: `episode.worker.mjs` beside it.
 * From the TypeScript sources: a tiny ESM bootstrap (data: URL) that registers tsx's loader, then imports
 * `episode.worker.ts` (`execArgv: ["--import", "tsx"]` does not apply tsx's hooks to a worker's entry on Node 20).
 */
export function episodeWorkerScript(): WorkerScript {
  return workerScript(import.meta.url, "episode.worker.mjs", "episode.worker.ts");
}

/** Episodes whose worker the pool remembers (least recently read forgotten first). */
const MAX_HOMES = 64;

/** A small pool of episode workers. */
export class EpisodeWorkerPool {
  readonly #workers: RoundRobinWorkers<WorkerReply>;
  readonly #pending = new Map<number, Pending>();
  readonly #byKey = new Map<string, number>();
  /** The worker each episode (by absolute path) is read in: where it was opened. */
  readonly #home = new Map<string, Worker>();
  #nextId = 1;
  #closed = false;

  /** @param size number of worker threads, started on first use (default 1: the machine has few cores) */
  constructor(size = 1) {
    this.#workers = new RoundRobinWorkers<WorkerReply>(size, episodeWorkerScript, (reply) => this.#settle(reply), (error) => this.#failAll(error));
  }

  /**
   * Start the worker threads now (they load their script while nothing waits for them); by default they start on
   * first use. A missing worker script is reported by the first request instead.
   * @param warmUpEpisodes small episodes each new worker reads a few times before its first request (workerWarmUp.ts),
   *   so the first real open does not also pay for compiling the code it runs
   */
  warm(warmUpEpisodes: string[] = []): void {
    try {
      this.#workers.startAll();
    } catch {
      // worker-missing: the first request names the file
      return;
    }
    if (warmUpEpisodes.length > 0) {
      this.#workers.each((worker) => worker.postMessage({ op: "warmUp", absPaths: warmUpEpisodes } satisfies WorkerWarmUp));
    }
  }

  /**
   * Every numeric field of `topic` over the episode at `absPath`, read in its worker in one pass (steps with the
   * worker's event loop turning between them, so the episode's frames are answered meanwhile).
   * @throws EpiscopeError `cancelled` when superseded; the worker's errors (`unknown-topic`, `not-numeric`, …) with
   *   their codes.
   */
  series(absPath: string, relPath: string, topic: string, signal?: AbortSignal): Promise<NumericSeries> {
    return this.#request("series", absPath, relPath, topic, undefined, signal) as Promise<NumericSeries>;
  }

  /**
   * Open the episode at `absPath` in one worker — an idle one, so the next episode of a queue loaded ahead is read
   * beside the one on screen — and return its summary and episode-cache key. Every later read of the episode goes to
   * that worker (its home), which keeps it open: one worker per episode, not every worker. On two cores the page
   * decodes on, a second worker opening the same episode and reading half of each long series cost more than it gave
   * (its own open, its own JIT warm-up, the split): probe A/B on the 1.56 GB episode, first visit, 5 alternating pairs,
   * click → every plot holding its full series, median 1,639 ms read by both workers, 1,569 by one (5 of 5 faster).
   * @throws EpiscopeError like LoadedEpisode.open (`not-found`, `not-mcap`, `truncated`, …), naming the file.
   */
  open(absPath: string, relPath: string, signal?: AbortSignal): Promise<OpenResult> {
    return this.#request("open", absPath, relPath, "(summary)", undefined, signal, true) as Promise<OpenResult>;
  }

  /**
   * Frames `from..to` (inclusive) of camera `topic`, read in a worker; each frame's `data` is transferred.
   * @throws EpiscopeError `out-of-range`, `not-a-camera`, `file-changed`, … (see LoadedEpisode.frames).
   */
  frames(absPath: string, relPath: string, topic: string, from: number, to: number, signal?: AbortSignal): Promise<CameraFrame[]> {
    return this.#request("frames", absPath, relPath, topic, [from, to], signal, true) as Promise<CameraFrame[]>;
  }

  /** Header stamps of camera `topic`'s frames, read in a worker. @throws like frames. */
  frameStamps(absPath: string, relPath: string, topic: string, signal?: AbortSignal): Promise<FrameStamps> {
    return this.#request("frameStamps", absPath, relPath, topic, undefined, signal, true) as Promise<FrameStamps>;
  }

  /** Every worker forgets the episode at `absPath` (closes its file and drops its caches). */
  closeEpisode(absPath: string): void {
    this.#home.delete(absPath);
    this.#workers.each((worker) => worker.postMessage({ op: "close", absPath } satisfies WorkerClose));
  }

  /** Number of worker threads the pool runs at most. */
  get size(): number {
    return this.#workers.size;
  }

  /**
   * Frame index of camera `topic`, read in a worker; a video camera's keyframe flags may be known for its first
   * frames only (FrameIndex.keyframesKnown). @throws like series (`not-a-camera`…).
   */
  frameIndex(absPath: string, relPath: string, topic: string, signal?: AbortSignal): Promise<FrameIndex> {
    return this.#request("frameIndex", absPath, relPath, topic, undefined, signal) as Promise<FrameIndex>;
  }

  /** Every keyframe flag of camera `topic`, read in a worker (in steps: see episode.worker.ts). @throws like frameIndex. */
  keyframes(absPath: string, relPath: string, topic: string, signal?: AbortSignal): Promise<Uint8Array> {
    return this.#request("keyframes", absPath, relPath, topic, undefined, signal) as Promise<Uint8Array>;
  }

  /** Read every message of the episode once (e.g. to warm the page cache or check it reads). @throws like series. */
  scan(absPath: string, relPath: string): Promise<ScanResult> {
    return this.#request("scan", absPath, relPath, "(all topics)") as Promise<ScanResult>;
  }

  /** Stop the workers; pending requests reject with `cancelled`. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const [id, pending] of this.#pending) {
      Atomics.store(pending.cancel, 0, 1);
      pending.reject(new EpiscopeError("cancelled", "the episode worker pool was closed"));
      this.#pending.delete(id);
    }
    this.#byKey.clear();
    this.#home.clear();
    await this.#workers.terminate();
  }

  /**
   * Post one request. `unique`: never superseded by a later request with the same key (frames, open).
   */
  #request(
    op: WorkerOp,
    absPath: string,
    relPath: string,
    topic: string,
    rows?: [number, number],
    signal?: AbortSignal,
    unique = false,
  ): Promise<unknown> {
    if (this.#closed) return Promise.reject(new EpiscopeError("cancelled", "the episode worker pool was closed"));
    if (signal?.aborted) return Promise.reject(new EpiscopeError("cancelled", `${relPath}: the ${op} read of ${topic} was cancelled`));
    const key = unique
      ? `#${this.#nextId}`
      : `${op}\u0000${absPath}\u0000${topic}${rows ? `\u0000${rows[0]}-${rows[1]}` : ""}`;
    const older = this.#byKey.get(key);
    if (older !== undefined) {
      const pending = this.#pending.get(older);
      if (pending) {
        Atomics.store(pending.cancel, 0, 1);
        this.#pending.delete(older);
        pending.reject(new EpiscopeError("cancelled", `${relPath}: the ${op} read of ${topic} was superseded by a newer request`));
      }
    }
    const id = this.#nextId++;
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    let worker: Worker;
    try {
      worker = this.#workerFor(absPath);
    } catch (error) {
      return Promise.reject(error);
    }
    const promise = new Promise<unknown>((resolve, reject) => this.#pending.set(id, { key, worker, cancel, resolve, reject }));
    if (INTERACTIVE_OPS.has(op)) {
      const leave = interactiveReads.enter();
      promise.then(leave, leave);
    }
    this.#byKey.set(key, id);
    worker.ref();
    worker.postMessage({ id, op, absPath, relPath, topic, rows, cancel } satisfies WorkerRequest);
    if (signal) {
      const abort = () => {
        const pending = this.#pending.get(id);
        if (!pending) return;
        Atomics.store(pending.cancel, 0, 1);
        this.#pending.delete(id);
        if (this.#byKey.get(key) === id) this.#byKey.delete(key);
        pending.reject(new EpiscopeError("cancelled", `${relPath}: the ${op} read of ${topic} was cancelled`));
      };
      signal.addEventListener("abort", abort, { once: true });
      void promise.then(
        () => signal.removeEventListener("abort", abort),
        () => signal.removeEventListener("abort", abort),
      );
    }
    return promise;
  }

  /**
   * The worker `absPath` is read in: its home while that worker runs, else (a first read, or its worker failed) an idle
   * worker — a new one while fewer than `size` run — or the next in turn, which becomes its home.
   * @throws EpiscopeError `worker-missing` when the script file is not built
   */
  #workerFor(absPath: string): Worker {
    const home = this.#home.get(absPath);
    this.#home.delete(absPath); // most recently used goes last
    const worker = home && this.#workers.isRunning(home) ? home : this.#workers.pickWhere((w) => !this.#isBusy(w));
    this.#home.set(absPath, worker);
    // A worker keeps a few episodes open (episode.worker.ts): homes of episodes long unread are forgotten.
    while (this.#home.size > MAX_HOMES) this.#home.delete(this.#home.keys().next().value!);
    return worker;
  }

  /** Whether `worker` has a request in flight. */
  #isBusy(worker: Worker): boolean {
    for (const pending of this.#pending.values()) if (pending.worker === worker) return true;
    return false;
  }

  /** Replies of superseded requests are dropped (their promise already rejected). */
  #settle(reply: WorkerReply): void {
    const pending = this.#pending.get(reply.id);
    if (this.#pending.size <= 1) this.#workers.unrefAll();
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (this.#byKey.get(pending.key) === reply.id) this.#byKey.delete(pending.key);
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(new EpiscopeError(reply.code, reply.message));
  }

  #failAll(error: Error): void {
    this.#home.clear();
    for (const [id, pending] of this.#pending) {
      pending.reject(new EpiscopeError("worker-failed", `episode worker failed: ${error.message}`));
      this.#pending.delete(id);
    }
    this.#byKey.clear();
  }

  /** Episodes read in each running worker, in the workers' order (for tests and diagnostics). */
  get episodesPerWorker(): number[] {
    const counts = new Map<Worker, number>();
    this.#workers.each((worker) => counts.set(worker, 0));
    for (const worker of this.#home.values()) if (counts.has(worker)) counts.set(worker, counts.get(worker)! + 1);
    return [...counts.values()];
  }

  /** Requests in flight (for tests and diagnostics). */
  get pendingCount(): number {
    return this.#pending.size;
  }
}
