/**
 * Import runs started from the app (File › Import): one at a time per served folder, reporting progress as events (works for
 * the desktop window and for `serve` alike), cancellable between episodes. The episodes land in a folder inside the
 * served folder (`imports/<source name>/` by default) so they appear in the dataset with their imported labels layer.
 *
 * The importers run in this process (their file reads are asynchronous; decoding happens a chunk at a time).
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import type { WritableFolders } from "../writableFolders.ts";
import type { ImportProgress } from "../../../shared/import/importJob.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { readJsonFile } from "./jsonFile.ts";
import { detectSource, importSource } from "./importSource.ts";
import { errorMessage, type EpisodeImportResult, type SourceFormat } from "./types.ts";

/** Thrown from the progress callback to stop an importer between episodes. */
class ImportCancelled extends Error {}

/**
 * Episodes a source declares, or null: RLDS `dataset_info.json` shard lengths, LeRobot v2/v3 `meta/info.json`
 * `total_episodes`, one per ROS 1 bag.
 */
export async function declaredEpisodeCount(format: SourceFormat, source: string): Promise<number | null> {
  try {
    if (format === "rosbag1") return 1;
    if (format === "rlds") {
      const info = (await readJsonFile(path.join(source, "dataset_info.json"))) as { splits?: { shardLengths?: unknown[] }[] };
      const lengths = (info.splits ?? []).flatMap((s) => (Array.isArray(s.shardLengths) ? s.shardLengths.map(Number) : []));
      return lengths.length > 0 ? lengths.reduce((a, b) => a + b, 0) : null;
    }
    if (format === "lerobot-v2" || format === "lerobot-v3") {
      const info = (await readJsonFile(path.join(source, "meta", "info.json"))) as { total_episodes?: unknown };
      return typeof info.total_episodes === "number" ? info.total_episodes : null;
    }
  } catch {
    // The importer reports a bad metadata file; the count is only for the progress bar.
  }
  return null;
}

interface Job {
  progress: ImportProgress;
  abort: AbortController;
  finished: Promise<void>;
}

/** The import jobs of one served folder. */
export class ImportJobs {
  readonly #root: string;
  readonly #jobs = new Map<string, Job>();
  #next = 1;

  readonly #writable: WritableFolders | null;

  /**
   * @param root the served folder (absolute); imports are written inside it
   * @param writable in serve mode, the folders serve may write (the output is checked with links resolved)
   * @param onProgress told each job's progress (started, after each episode, ended): the `job.progress` events
   */
  constructor(
    root: string,
    writable: WritableFolders | null = null,
    private readonly onProgress: (progress: ImportProgress) => void = () => {},
  ) {
    this.#root = path.resolve(root);
    this.#writable = writable;
  }

  /**
   * Start importing `source` (an absolute path: a dataset folder or a `.bag`) into `outDir` (relative to the served
   * folder; default `imports/<source name>`). Returns at once; progress goes to `onProgress` (and `status`).
   * @throws EpiscopeError `invalid-path` (relative source, or an output outside the served folder), `not-found`,
   *   `busy` (another import is running), `unsupported-source` (not a dataset we can import, naming why)
   */
  async start(source: string, outDir?: string): Promise<ImportProgress> {
    if (!path.isAbsolute(source)) throw new EpiscopeError("invalid-path", `${source}: give the source as an absolute path`);
    if (!(await stat(source).catch(() => null))) throw new EpiscopeError("not-found", `${source}: no such file or folder`);
    if ([...this.#jobs.values()].some((j) => j.progress.state === "running")) {
      throw new EpiscopeError("busy", "an import is already running; wait for it or cancel it");
    }
    const detected = await detectSource(source).catch((error: unknown) => {
      throw new EpiscopeError("unsupported-source", errorMessage(error));
    });
    // A TFDS version folder (`bridge_debug/1.0.0`) is named after its dataset.
    const base = /^\d+(\.\d+)*$/.test(path.basename(source)) ? path.basename(path.dirname(source)) : path.basename(source).replace(/\.bag$/i, "");
    const rel = (outDir ?? path.posix.join("imports", base)).split(path.sep).join("/");
    const absOut = path.resolve(this.#root, rel);
    if (path.isAbsolute(rel) || !(absOut === this.#root || absOut.startsWith(this.#root + path.sep)) || rel.split("/").includes("..")) {
      throw new EpiscopeError("invalid-path", `${rel}: the output folder must be inside the served folder`);
    }
    // Never into Episcope's own files (another annotator's layer, the config) or a hidden folder.
    if (rel.split("/").some((segment) => segment.startsWith("."))) {
      throw new EpiscopeError("invalid-path", `outDir: ${rel}: the output folder must not be .episcope or another hidden folder`);
    }
    this.#writable?.check(absOut, "outDir");
    const progress: ImportProgress = {
      jobId: `import-${this.#next++}`,
      source,
      format: detected.format,
      outDir: rel,
      state: "running",
      total: await declaredEpisodeCount(detected.format, detected.path),
      episodes: [],
      error: null,
      problems: [],
    };
    const abort = new AbortController();
    const onEpisode = (result: EpisodeImportResult) => {
      progress.episodes.push({
        source: result.source,
        output: result.output ? path.relative(this.#root, result.output).split(path.sep).join("/") : null,
        status: result.status,
        steps: result.steps,
        problems: result.problems.filter((p) => p.severity !== "info").map((p) => p.message),
      });
      this.onProgress(structuredClone(progress));
      if (abort.signal.aborted) throw new ImportCancelled();
    };
    const finished = importSource(source, { outDir: absOut, rateHz: null, onEpisode }).then(
      (report) => {
        progress.problems = report.problems.map((p) => p.message);
        progress.state = "done";
      },
      (error: unknown) => {
        if (error instanceof ImportCancelled) progress.state = "cancelled";
        else {
          progress.state = "failed";
          progress.error = errorMessage(error);
        }
      },
    ).then(() => this.onProgress(structuredClone(progress)));
    this.#jobs.set(progress.jobId, { progress, abort, finished });
    this.onProgress(structuredClone(progress));
    return structuredClone(progress);
  }

  /**
   * Where job `jobId` stands (the latest job when absent; null before any).
   * @throws EpiscopeError `unknown-job`
   */
  status(jobId?: string): ImportProgress | null {
    const job = jobId === undefined ? [...this.#jobs.values()].at(-1) : this.#jobs.get(jobId);
    if (!job) {
      if (jobId === undefined) return null;
      throw new EpiscopeError("unknown-job", `no import job ${jobId}`);
    }
    return structuredClone(job.progress);
  }

  /**
   * Stop job `jobId` after the episode being imported (finished episodes stay). Resolves when it stopped.
   * @throws EpiscopeError `unknown-job`
   */
  async cancel(jobId: string): Promise<ImportProgress> {
    const job = this.#jobs.get(jobId);
    if (!job) throw new EpiscopeError("unknown-job", `no import job ${jobId}`);
    job.abort.abort();
    await job.finished;
    return structuredClone(job.progress);
  }
}
