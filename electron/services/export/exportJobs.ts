/**
 * Exports started from the app (File › Export): a preview of what will be written (episodes selected by the review
 * labels of a layer, the files of the format, whether the output exists), then a job reporting progress as events (works for
 * the desktop window and `serve` alike) and cancellable between episodes — nothing is left under the output name
 * when cancelled (exportDataset writes to a temp folder and renames at the end).
 */
import fs from "node:fs";
import path from "node:path";
import type { WritableFolders } from "../writableFolders.ts";
import type { ExportJobProgress, ExportPreview, ExportRequest } from "../../../shared/export/exportJob.ts";
import { selectsEpisode } from "../../../shared/export/episodeSelection.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { listEpisodeFiles } from "../episode/listEpisodes.ts";
import { chooseAnnotatorLayer } from "./annotationLayer.ts";
import { loadDatasetConfig } from "../annotation/datasetConfigFile.ts";
import { fileLabelReader, type LabelReader } from "../annotation/labelReader.ts";
import { ExportCancelled, exportDataset } from "./exportDataset.ts";
import { exportPlan } from "./exportPlan.ts";
import type { EpisodeEntry } from "../../../shared/episode.ts";

/** Files each format writes (DESIGN §5; see the writers). */
const LAYOUTS: Record<ExportRequest["format"], string[]> = {
  lerobot: ["meta/info.json, meta/tasks.parquet, meta/stats.json, meta/episodes/…parquet", "data/chunk-000/file-000.parquet (observation.state, action, next.reward, next.done, next.success, segment masks, action chunks)", "videos/<camera>/chunk-000/file-NNN.mp4 (one per episode and camera)"],
  robomimic: ["dataset.hdf5: data/demo_<i>/{obs/<key>, obs/<camera>_image, actions, rewards, dones, segments/<kind>, action_chunks}, mask/<filter key>"],
  rlds: ["<name>-train.tfrecord-00000-of-00001 (steps: observation, action, reward, discount, is_first/is_last/is_terminal, language_instruction)", "dataset_info.json, features.json"],
  mcap: ["<episode>.annotations.mcap per episode: labels as metadata, segments/chunks/instructions/rewards as JSON channels"],
  json: ["annotations/<episode>.json (the documents)", "episodes.json (one row per episode)"],
  csv: ["episodes.csv (one row per episode)"],
};

interface Job {
  progress: ExportJobProgress;
  abort: AbortController;
  finished: Promise<void>;
}

/** The export jobs of one served dataset folder. */
export class ExportJobs {
  readonly #root: string;
  readonly #jobs = new Map<string, Job>();
  #next = 1;
  /** A start is reading its preview (labels are read asynchronously): a second start meanwhile is `busy`. */
  #starting = false;

  readonly #writable: WritableFolders | null;

  /**
   * @param root the served dataset folder (absolute)
   * @param writable in serve mode, where exports may go (the output must be inside one of them); null: anywhere
   * @param onProgress told each job's progress (started, after each episode, ended): the `job.progress` events
   * @param listEpisodes the episodes in scope (path-sorted); default every episode under `root` — serving one file
   *   passes just that one, so an export never takes its siblings
   * @param labels where the layers, documents and metadata table are read from (default: the files under `root`;
   *   `serve --store` passes the team store)
   */
  constructor(
    root: string,
    writable: WritableFolders | null = null,
    private readonly onProgress: (progress: ExportJobProgress) => void = () => {},
    private readonly listEpisodes: () => EpisodeEntry[] = () => listEpisodeFiles(root),
    private readonly labels: LabelReader = fileLabelReader(path.resolve(root)),
  ) {
    this.#root = path.resolve(root);
    this.#writable = writable;
  }

  /** The absolute output folder of a request (relative paths: in the first `--writable` folder, else beside the dataset). */
  #out(request: ExportRequest): string {
    return path.isAbsolute(request.out) ? request.out : path.resolve(this.#writable?.exportBase ?? path.dirname(this.#root), request.out);
  }

  /**
   * What `request` would write, with the plan per camera and per label of the first selected episode. Never throws
   * for a bad option: `error` (or `plan.error`) says what is wrong.
   */
  async preview(request: ExportRequest): Promise<ExportPreview> {
    const preview = await this.#preview(request);
    const first = preview.error ? undefined : preview.episodes.find((e) => e.selected);
    if (first) {
      try {
        preview.plan = { ...(await exportPlan(this.#root, first.path, request, (await loadDatasetConfig(this.#root)).config.segmentKinds)), error: null };
      } catch (e) {
        preview.plan = { episode: first.path, steps: "", cameras: [], labels: [], error: e instanceof Error ? e.message : String(e) };
      }
    }
    return preview;
  }

  async #preview(request: ExportRequest): Promise<ExportPreview> {
    const out = this.#out(request);
    const layers = await this.labels.layers();
    let annotator: string | null = null;
    let error: string | null = null;
    try {
      annotator = await chooseAnnotatorLayer(this.labels, request.annotator);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const inside = out === this.#root || out.startsWith(this.#root + path.sep);
    if (!error && inside) error = `${out}: the output folder must not be inside the dataset folder`;
    if (!error && this.#writable) {
      try {
        this.#writable.check(out, "out");
      } catch (e) {
        error = (e as Error).message;
      }
    }
    const episodes = [];
    for (const entry of this.listEpisodes()) {
      const doc = error || annotator === null ? null : await this.labels.document(annotator, entry.path);
      const review = doc?.review ?? null;
      // Operator and task filters need the episode's metadata: the dialog filters by status, outcome and flag only.
      episodes.push({
        path: entry.path,
        selected: selectsEpisode({ status: request.status, outcome: request.outcome, flags: request.flags }, review, null),
        status: review?.status ?? "unreviewed",
        outcome: review?.outcome ?? "none",
      });
    }
    return { annotator, layers, episodes, out, outExists: fs.existsSync(out), layout: LAYOUTS[request.format], error, plan: null };
  }

  /**
   * Start the export. Resolves once the labels of the selection are read (the export itself runs on); progress goes to
   * `onProgress` (and `status`).
   * @throws EpiscopeError `busy` (an export is running), `bad-export` (the preview's error, or an existing output
   *   without `force`, naming the folder)
   */
  async start(request: ExportRequest): Promise<ExportJobProgress> {
    if (this.#starting || [...this.#jobs.values()].some((j) => j.progress.state === "running")) throw new EpiscopeError("busy", "an export is already running; wait for it or cancel it");
    this.#starting = true;
    let preview: ExportPreview;
    try {
      preview = await this.#preview(request);
    } finally {
      this.#starting = false;
    }
    if (preview.error) throw new EpiscopeError("bad-export", preview.error);
    if (preview.outExists && !request.force) throw new EpiscopeError("bad-export", `${preview.out} exists; choose another folder or replace it`);
    const progress: ExportJobProgress = {
      jobId: `export-${this.#next++}`,
      format: request.format,
      out: preview.out,
      state: "running",
      done: 0,
      total: preview.episodes.length,
      current: null,
      summary: null,
      error: null,
    };
    const abort = new AbortController();
    const finished = exportDataset({
      dataset: this.#root,
      episodes: this.listEpisodes(),
      format: request.format,
      out: preview.out,
      force: request.force ?? false,
      ...(request.fps !== undefined ? { fps: request.fps } : {}),
      ...(preview.annotator !== null ? { annotator: preview.annotator } : {}),
      labelReader: this.labels,
      selection: { status: request.status, outcome: request.outcome, flags: request.flags },
      signal: abort.signal,
      onProgress: (p) => {
        progress.done = p.done;
        progress.total = p.total;
        progress.current = p.episode;
        this.onProgress(structuredClone(progress));
      },
    }).then(
      (summary) => {
        progress.state = "done";
        progress.summary = {
          exported: summary.exported,
          skipped: summary.skipped,
          failed: summary.failed,
          totalSteps: summary.totalSteps,
          bytes: summary.bytes,
          notes: summary.notes,
          episodes: summary.episodes.map((e) => ({ path: e.path, status: e.status, reason: e.reason ?? null, steps: e.steps ?? null })),
        };
      },
      (error: unknown) => {
        if (error instanceof ExportCancelled) progress.state = "cancelled";
        else {
          progress.state = "failed";
          progress.error = error instanceof Error ? error.message : String(error);
        }
      },
    ).then(() => this.onProgress(structuredClone(progress)));
    this.#jobs.set(progress.jobId, { progress, abort, finished });
    this.onProgress(structuredClone(progress));
    return structuredClone(progress);
  }

  /** Where job `jobId` stands (the latest when absent; null before any). @throws EpiscopeError `unknown-job` */
  status(jobId?: string): ExportJobProgress | null {
    const job = jobId === undefined ? [...this.#jobs.values()].at(-1) : this.#jobs.get(jobId);
    if (!job) {
      if (jobId === undefined) return null;
      throw new EpiscopeError("unknown-job", `no export job ${jobId}`);
    }
    return structuredClone(job.progress);
  }

  /** Stop job `jobId` between episodes; nothing stays under the output name. @throws EpiscopeError `unknown-job` */
  async cancel(jobId: string): Promise<ExportJobProgress> {
    const job = this.#jobs.get(jobId);
    if (!job) throw new EpiscopeError("unknown-job", `no export job ${jobId}`);
    job.abort.abort();
    await job.finished;
    return structuredClone(job.progress);
  }
}
