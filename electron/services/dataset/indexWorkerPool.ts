/**
 * Worker threads that summarize episodes for dataset indexing (datasetIndex.worker.ts), so the process answering IPC
 * never blocks on a thousand file opens. Requests are spread over the workers with a few in flight per worker.
 *
 * Worker script: `datasetIndex.worker.ts` from the sources (through a tsx bootstrap, like the episode workers), or
 * `dataset.worker.mjs` beside the bundle in dist/node (built by scripts/build.mjs).
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { EpisodeFacts } from "../../../shared/dataset/datasetRow.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import type { IndexReply, IndexRequest } from "./datasetIndexProtocol.ts";

/** The worker script for the running code and the file it runs. */
export function indexWorkerScript(): { url: URL; file: string } {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) {
    const url = new URL("./dataset.worker.mjs", here);
    return { url, file: fileURLToPath(url) };
  }
  const target = new URL("./datasetIndex.worker.ts", here);
  const tsxApi = createRequire(here).resolve("tsx/esm/api").replace(/index\.cjs$/, "index.mjs");
  const code = `import { register } from ${JSON.stringify(pathToFileURL(tsxApi).href)};\nregister();\nawait import(${JSON.stringify(target.href)});\n`;
  return { url: new URL(`data:text/javascript,${encodeURIComponent(code)}`), file: fileURLToPath(target) };
}

interface Pending {
  resolve: (facts: EpisodeFacts) => void;
  reject: (error: Error) => void;
}

/** A pool of indexing workers, started on first use and stopped by `close`. */
export class IndexWorkerPool {
  readonly #workers: Worker[] = [];
  readonly #size: number;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #next = 0;
  #closed = false;

  /** @param size worker threads (default: the number of cores, at most 4) */
  constructor(size = Math.min(4, availableParallelism())) {
    this.#size = Math.max(1, size);
  }

  /** How many workers the pool runs. */
  get size(): number {
    return this.#size;
  }

  /**
   * The facts of the episode at `absPath`.
   * @throws EpiscopeError with the engine's code (`not-mcap`, `truncated`, `corrupt-mcap`, …) naming `relPath`;
   *   `cancelled` when the pool is closed first; `worker-failed` when the worker dies.
   */
  summarize(absPath: string, relPath: string): Promise<EpisodeFacts> {
    if (this.#closed) return Promise.reject(new EpiscopeError("cancelled", "the indexing workers were stopped"));
    let worker: Worker;
    try {
      worker = this.#worker();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const id = this.#nextId++;
    const promise = new Promise<EpisodeFacts>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    worker.ref();
    worker.postMessage({ id, absPath, relPath } satisfies IndexRequest);
    return promise;
  }

  /** Stop the workers; pending requests reject with `cancelled`. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const [id, p] of this.#pending) {
      p.reject(new EpiscopeError("cancelled", "the indexing workers were stopped"));
      this.#pending.delete(id);
    }
    await Promise.all(this.#workers.splice(0).map((w) => w.terminate()));
  }

  #worker(): Worker {
    if (this.#workers.length < this.#size) {
      const { url, file } = indexWorkerScript();
      if (!fs.existsSync(file)) throw new EpiscopeError("worker-missing", `${file} is missing; run npm run build`);
      const worker = new Worker(url);
      worker.on("message", (reply: IndexReply) => this.#settle(reply));
      worker.on("error", (error) => this.#failAll(error));
      worker.on("exit", () => {
        const at = this.#workers.indexOf(worker);
        if (at >= 0) this.#workers.splice(at, 1);
      });
      worker.unref();
      this.#workers.push(worker);
      return worker;
    }
    return this.#workers[this.#next++ % this.#workers.length]!;
  }

  #settle(reply: IndexReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) for (const w of this.#workers) w.unref();
    if (reply.ok) pending.resolve(reply.facts);
    else pending.reject(new EpiscopeError(reply.code, reply.message));
  }

  #failAll(error: Error): void {
    for (const [id, p] of this.#pending) {
      p.reject(new EpiscopeError("worker-failed", `indexing worker failed: ${error.message}`));
      this.#pending.delete(id);
    }
  }
}
