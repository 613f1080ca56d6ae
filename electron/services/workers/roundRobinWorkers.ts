/**
 * A fixed-size set of node:worker_threads workers started on first use and picked round robin — the part the episode
 * worker pool and the dataset indexing pool share. Workers are unref'd while idle so they never keep the process
 * alive; a worker that exits is dropped and replaced on a later pick.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";

/** Where a worker's script is: the URL to start and the file that must exist (built by `npm run build`). */
export interface WorkerScript {
  url: URL;
  file: string;
}

/** Up to `size` workers running `script`. */
export class RoundRobinWorkers<Reply> {
  readonly #workers: Worker[] = [];
  readonly #size: number;
  #next = 0;

  /**
   * @param size most workers (≥ 1)
   * @param script the worker script, resolved when the first worker starts
   * @param onMessage every reply of every worker
   * @param onError a worker failed (its pending requests should be failed)
   */
  constructor(
    size: number,
    private readonly script: () => WorkerScript,
    private readonly onMessage: (reply: Reply) => void,
    private readonly onError: (error: Error) => void,
  ) {
    this.#size = Math.max(1, size);
  }

  /** Most workers. */
  get size(): number {
    return this.#size;
  }

  /**
   * The next worker: a new one while fewer than `size` run, else the next in turn.
   * @throws EpiscopeError `worker-missing` when the script file is not built
   */
  pick(): Worker {
    if (this.#workers.length < this.#size) {
      const { url, file } = this.script();
      if (!fs.existsSync(file)) throw new EpiscopeError("worker-missing", `${file} is missing; run npm run build`);
      const worker = new Worker(url);
      worker.on("message", (reply: Reply) => this.onMessage(reply));
      worker.on("error", (error) => {
        // A worker that threw is exiting: drop it now, so a request made before its exit event starts a new one.
        const at = this.#workers.indexOf(worker);
        if (at >= 0) this.#workers.splice(at, 1);
        this.onError(error instanceof Error && error.message ? error : new Error(`${(error as { name?: string } | null)?.name ?? "error"}: ${String(error)}`));
      });
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

  /**
   * The next running worker in turn for which `fits` holds (e.g. one not busy opening a file), or — when none
   * does, or fewer than `size` run — what `pick` gives.
   * @throws like pick
   */
  pickWhere(fits: (worker: Worker) => boolean): Worker {
    const n = this.#workers.length;
    if (n < this.#size) return this.pick();
    for (let k = 0; k < n; k++) {
      const worker = this.#workers[(this.#next + k) % n]!;
      if (!fits(worker)) continue;
      this.#next += k + 1;
      return worker;
    }
    return this.pick();
  }

  /** Whether `worker` is one of the running workers (not exited, not failed). */
  isRunning(worker: Worker): boolean {
    return this.#workers.includes(worker);
  }

  /**
   * Start every worker not yet running, so the first requests do not wait for a thread to boot and load its script.
   * @throws EpiscopeError `worker-missing` when the script file is not built
   */
  startAll(): void {
    const running = this.#workers.length;
    for (let k = running; k < this.#size; k++) this.pick();
    this.#next = 0;
  }

  /** Call `fn` with every running worker (to broadcast a message). */
  each(fn: (worker: Worker) => void): void {
    for (const w of this.#workers) fn(w);
  }

  /** Let the process exit while no request is pending. */
  unrefAll(): void {
    for (const w of this.#workers) w.unref();
  }

  /** Stop every worker. */
  async terminate(): Promise<void> {
    await Promise.all(this.#workers.splice(0).map((w) => w.terminate()));
  }
}

/**
 * The script of a worker for the running code: `built` (e.g. `episode.worker.mjs`) beside the bundle in dist/node, or
 * — running from the TypeScript sources (tests, bench) — `source` through a data: URL bootstrap that registers tsx's
 * loader first (`execArgv: ["--import", "tsx"]` does not apply tsx's hooks to a worker's entry on Node 20).
 * @param here `import.meta.url` of the module that starts the worker (the script lies beside it)
 */
export function workerScript(here: string, built: string, source: string): WorkerScript {
  if (!here.endsWith(".ts")) {
    const url = new URL(`./${built}`, here);
    return { url, file: fileURLToPath(url) };
  }
  const target = new URL(`./${source}`, here);
  const tsxApi = createRequire(here).resolve("tsx/esm/api").replace(/index\.cjs$/, "index.mjs");
  const code = `import { register } from ${JSON.stringify(pathToFileURL(tsxApi).href)};\nregister();\nawait import(${JSON.stringify(target.href)});\n`;
  return { url: new URL(`data:text/javascript,${encodeURIComponent(code)}`), file: fileURLToPath(target) };
}
