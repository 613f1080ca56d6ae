/**
 * The episode service the IPC layer (Electron main process, `episcope serve`) calls: lists the episodes under a
 * dataset folder, opens them and answers frame-index, frame, header-stamp and series requests by episode handle.
 *
 * The thread that calls it (Electron's main process, which routes menus and input) never parses: every read beyond
 * an index lookup — opening (summary, message indexes), frame indexes, frames, stamps, series — runs in the worker
 * pool, whose workers map the files themselves. This side keeps what the workers hand over:
 * - opened episodes in a bounded LRU (OPEN_EPISODES; the least recently used is closed, here and in the workers),
 *   with an explicit `closeEpisode`;
 * - per episode, each camera's frame index and header stamps, built once in a worker;
 * - whole-episode numeric series within a byte budget (SERIES_BUDGET_BYTES over all episodes, least recently used
 *   dropped first; a dropped series is read again on request).
 * Every call on an episode first checks its file (size, mtime, inode: one stat): a file changed on disk evicts the
 * episode and the call throws EpiscopeError `file-changed` ("… the file changed on disk (what) — reload"). An opened
 * file is also watched (fs.watch, inotify on Linux), so a change is reported (`onFileChanged`) when nobody reads.
 * Frames are read in batches of FRAMES_PER_BATCH, any number per call; a cancelled call stops between batches and
 * inside one.
 *
 * All times are MCAP log times in ns (bigint), https://mcap.dev/spec#message-op0x05.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type {
  CameraFrame,
  DownsampledSeries,
  EpisodeListing,
  EpisodeSummary,
  FolderListing,
  FrameIndex,
  NumericSeries,
  SeriesField,
} from "../../../shared/episode.ts";
import { LEAD_FRAMES_MAX } from "../../../shared/episode.ts";
import { downsampleMinMax } from "../../../shared/series/downsampleMinMax.ts";
import { keyframeAtOrBefore } from "../../../shared/playback/framePlan.ts";
import { latestAtOrBefore } from "../../../shared/time.ts";
import type { FrameStamps } from "../../../shared/playback/headerStamp.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { fileChangedError } from "./episodeFile.ts";
import { readSeriesAsync, writeSeriesAsync } from "./episodeCache.ts";
import { EpisodeScope } from "./episodeScope.ts";
import { isRosbag2Folder } from "./rosbag2Folder.ts";
import type { EpisodeLocation } from "./resolveEpisodePath.ts";
import type { EpisodeRoot } from "./episodeRoot.ts";
import { EpisodeWorkerPool } from "./episodeWorkerPool.ts";
import { LoadedEpisode } from "./loadedEpisode.ts";
import { absoluteEpisodePath } from "./remote/objectUrl.ts";

/** Frames per worker request of a `frames` call (≈ 3–6 MB of 720p JPEG): the unit a cancelled call may still read. */
export const FRAMES_PER_BATCH = 64;

/** An opened episode's file changed on disk (the service closed the episode). */
export interface FileChange {
  /** Episode path relative to the root. */
  path: string;
  episodeId: string;
  /** Names the file and what changed, ending in "— reload". */
  message: string;
}

/** Limits of EpisodeMainService's caches. */
export interface EpisodeServiceLimits {
  /** Episodes kept open (default 8: the one under review, the prefetched next, and a few to go back to). */
  openEpisodes?: number;
  /** Bytes of whole-episode numeric series kept over all open episodes (default 256 MiB). */
  seriesBudgetBytes?: number;
  /** Told once per opened episode whose file changed on disk (on access or by the file watcher). */
  onFileChanged?: (change: FileChange) => void;
  /** Frames per worker request of a `frames` call (default FRAMES_PER_BATCH; the bench compares one request per call). */
  framesPerBatch?: number;
}

/** An opened episode and what the workers handed over for it. */
interface OpenedEpisode {
  id: string;
  key: string;
  absPath: string;
  summary: EpisodeSummary;
  /** Key of the file's entries in the episode cache (episodeCache.ts), or null when its reads are not cached. */
  cacheKey: string | null;
  /** size/mtime/inode at open; null for a rosbag2 folder (its parts are checked by the workers' reads). */
  identity: fs.Stats | null;
  frameIndexes: Map<string, Promise<FrameIndex>>;
  keyframes: Map<string, Promise<Uint8Array>>;
  frameStamps: Map<string, Promise<FrameStamps>>;
  /** Watches the file (null for a rosbag2 folder, or when watching is not possible). */
  watcher: fs.FSWatcher | null;
}

/** A cached series and its size in bytes (0 while being read). */
interface CachedSeries {
  episodeId: string;
  read: Promise<NumericSeries>;
  bytes: number;
  /** Callers waiting for the read; when the last one cancels before it ended, the read is stopped. */
  waiters: number;
  settled: boolean;
  /** Stops the read in the workers. */
  stop: AbortController;
}

/** Opens and serves the episodes under one root folder. */
export class EpisodeMainService {
  readonly #root: string;
  readonly #initial: string | null;
  readonly #scope: EpisodeScope;
  readonly #openLimit: number;
  readonly #seriesBudget: number;
  /** Opening episodes by normalized relative path (settled ones move to #byId). */
  readonly #opening = new Map<string, Promise<OpenedEpisode>>();
  /** Opened episodes by id, least recently used first. */
  readonly #byId = new Map<string, OpenedEpisode>();
  /** Two workers: an episode is read in one of them (see EpisodeWorkerPool.open), the next one of a queue in the other. */
  readonly #pool = new EpisodeWorkerPool(2);
  /** Whole-episode series by (episode, topic), least recently used first; concurrent callers share one read. */
  readonly #series = new Map<string, CachedSeries>();
  #seriesBytes = 0;
  #nextId = 1;
  #framesRead = 0;
  readonly #onFileChanged: (change: FileChange) => void;
  readonly #framesPerBatch: number;

  /**
   * @param root folder holding the episodes, `s3://bucket/prefix`, or an EpisodeRoot (episodeRoot.ts)
   * @param initial path of the episode to open first, relative to root, or null
   * @param single serve only `initial` (one file was named): list and open nothing else under root
   */
  constructor(root: string | EpisodeRoot, initial: string | null, limits: EpisodeServiceLimits = {}, single = false) {
    this.#scope = new EpisodeScope(root, single ? initial : null);
    this.#root = this.#scope.root;
    this.#initial = initial;
    this.#openLimit = Math.max(1, limits.openEpisodes ?? 8);
    this.#seriesBudget = Math.max(0, limits.seriesBudgetBytes ?? 256 * 2 ** 20);
    this.#onFileChanged = limits.onFileChanged ?? (() => {});
    this.#framesPerBatch = Math.max(1, limits.framesPerBatch ?? FRAMES_PER_BATCH);
  }

  /**
   * The `.mcap` files and rosbag2 folders (one episode each) under the root (recursive; skips `.episcope/`,
   * `node_modules/`, `.git/`), sorted by path; only the served one when a single file is served.
   */
  async list(): Promise<EpisodeListing> {
    return { root: this.#root, episodes: this.#scope.list(), initial: this.#initial };
  }

  /**
   * Start the episode workers now, so the first open does not wait for two threads to boot (the app calls this at
   * start; tests and the CLI leave the workers to start on first use).
   * @param warmUpEpisodes small episodes (absolute paths) each worker reads a few times first, compiling an open's
   *   code before the first real open (EpisodeWorkerPool.warm)
   */
  warm(warmUpEpisodes: string[] = []): void {
    this.#pool.warm(warmUpEpisodes);
  }

  /**
   * A folder's sub-folders and episodes under the root, for the Open dialog (see EpisodeScope.browse).
   * @throws EpiscopeError `invalid-path`, `not-found`, `not-a-folder`
   */
  browse(dir: string): FolderListing {
    return this.#scope.browse(dir);
  }

  /**
   * Open the episode at `relPath` (relative to the root, POSIX or native separators) in a worker, or return the
   * summary of the open one (reopened when its file changed on disk).
   * A truncated or damaged file opens with what is readable before the damage (an `error` problem names the offset).
   * @throws EpiscopeError `invalid-path` (absolute or escaping the root), `not-found`, and the file errors of
   *   LoadedEpisode.open (`empty-file`, `not-mcap`, and `truncated`/`corrupt-mcap` when nothing is readable), each
   *   naming the path.
   */
  async open(relPath: string, signal?: AbortSignal): Promise<EpisodeSummary> {
    const { key, absPath } = this.#resolve(relPath);
    for (const opened of this.#byId.values()) {
      if (opened.key !== key) continue;
      if (this.#changed(opened) === null) return this.#touch(opened).summary;
      this.closeEpisode(opened.id);
      break;
    }
    let pending = this.#opening.get(key);
    if (!pending) {
      const id = `e${this.#nextId++}-${createHash("sha1").update(key).digest("hex").slice(0, 8)}`;
      const identity = statFile(absPath);
      // A recording cut short (killed recorder, full disk) opens with what was written, its damage listed as an error
      // problem naming the offset; a reviewer can still judge the part that exists.
      pending = this.#pool.open(absPath, key, signal).then(({ summary, cacheKey }) => {
        const opened: OpenedEpisode = {
          id,
          key,
          absPath,
          cacheKey,
          summary: { ...summary, episodeId: id, path: key },
          identity,
          frameIndexes: new Map(),
          keyframes: new Map(),
          frameStamps: new Map(),
          watcher: null,
        };
        this.#byId.set(id, opened);
        opened.watcher = this.#watch(opened);
        while (this.#byId.size > this.#openLimit) this.closeEpisode(this.#byId.keys().next().value!);
        return opened;
      });
      this.#opening.set(key, pending);
      const done = () => this.#opening.delete(key);
      pending.then(done, done);
    }
    return (await pending).summary;
  }

  /**
   * Close an opened episode: its caches here go and every worker closes its file. Its id becomes invalid. Unknown ids
   * are ignored (closing twice is fine).
   */
  closeEpisode(episodeId: string): void {
    const opened = this.#byId.get(episodeId);
    if (!opened) return;
    this.#byId.delete(episodeId);
    opened.watcher?.close();
    for (const [key, cached] of this.#series) {
      if (cached.episodeId !== episodeId) continue;
      this.#series.delete(key);
      this.#seriesBytes -= cached.bytes;
    }
    this.#pool.closeEpisode(opened.absPath);
  }

  /** Ids of the open episodes, least recently used first (for tests and diagnostics). */
  get openEpisodeIds(): string[] {
    return [...this.#byId.keys()];
  }

  /** Frames read for `frames` calls since the service started (for tests and diagnostics: cancelled work stops). */
  get framesRead(): number {
    return this.#framesRead;
  }

  /** Bytes of the cached series (for tests and diagnostics). */
  get seriesBytes(): number {
    return this.#seriesBytes;
  }

  /**
   * Header stamps of camera `topic`'s frames (see LoadedEpisode.frameStamps); read in a worker, once per camera.
   * @throws EpiscopeError `unknown-episode`, `unknown-topic`, `not-a-camera`, `decode-failed`, `file-changed`.
   */
  async frameStamps(episodeId: string, topic: string): Promise<FrameStamps> {
    const opened = this.#episode(episodeId);
    return once(opened.frameStamps, topic, () => this.#pool.frameStamps(opened.absPath, opened.key, topic)).catch((error: unknown) =>
      this.#failed(opened, error),
    );
  }

  /**
   * Log times and keyframe flags of every frame of camera `topic`; built once in a worker. A video camera's flags may
   * be known only for its first frames (FrameIndex.keyframesKnown) until `keyframes` has read them all; after that
   * this answers with all of them.
   * @param leadAtNs a log time (ns): the answer also carries the frames that decode the frame shown then (FrameIndex.lead:
   *   its keyframe up to it, at most LEAD_FRAMES_MAX; none when no frame is that early, the keyframe lies farther back
   *   or they cannot be read — the page then asks `frames` itself), so an open's first picture needs no second round trip
   * @throws EpiscopeError `unknown-episode`, `unknown-topic`, `not-a-camera`, `decode-failed`, `file-changed`.
   */
  async frameIndex(episodeId: string, topic: string, signal?: AbortSignal, leadAtNs?: bigint): Promise<FrameIndex> {
    const opened = this.#episode(episodeId);
    const index = await once(opened.frameIndexes, topic, () => this.#pool.frameIndex(opened.absPath, opened.key, topic, signal)).catch(
      (error: unknown) => this.#failed(opened, error),
    );
    if (leadAtNs === undefined) return index;
    const shown = latestAtOrBefore(index.logTimesNs, leadAtNs);
    const from = shown < 0 ? -1 : keyframeAtOrBefore(index.keyframes, shown);
    if (from < 0 || shown - from + 1 > LEAD_FRAMES_MAX) return index;
    const lead = await this.frames(episodeId, topic, from, shown, signal).catch(() => null);
    // A new object: the cached index carries no frames.
    return lead ? { ...index, lead } : index;
  }

  /**
   * Every keyframe flag of camera `topic` (FrameIndex.keyframes, all read); one pass in a worker, once. The cached
   * frame index is completed with them.
   * @throws like frameIndex; `cancelled` (signal).
   */
  async keyframes(episodeId: string, topic: string, signal?: AbortSignal): Promise<Uint8Array> {
    const opened = this.#episode(episodeId);
    const read = once(opened.keyframes, topic, async () => {
      const [index, keyframes] = await Promise.all([this.frameIndex(episodeId, topic), this.#pool.keyframes(opened.absPath, opened.key, topic, signal)]);
      // Later frameIndex calls (the next page, a reload) get every flag at once.
      const complete: FrameIndex = { topic: index.topic, payload: index.payload, format: index.format, logTimesNs: index.logTimesNs, keyframes };
      opened.frameIndexes.set(topic, Promise.resolve(complete));
      return keyframes;
    });
    return read.catch((error: unknown) => this.#failed(opened, error));
  }

  /**
   * Frames `from..to` (inclusive positions in the frame index; `to` clamped to the last frame) of camera `topic`,
   * any number of them, read in a worker `framesPerBatch` (FRAMES_PER_BATCH) at a time. When `signal` fires the worker stops before its
   * next frame and no further batch is asked for; when the episode is closed meanwhile, no further batch is asked for.
   * @throws EpiscopeError `unknown-episode`, `unknown-topic`, `not-a-camera`, `out-of-range`, `decode-failed`,
   *   `file-changed`, `cancelled` (signal).
   */
  async frames(episodeId: string, topic: string, from: number, to: number, signal?: AbortSignal): Promise<CameraFrame[]> {
    const opened = this.#episode(episodeId);
    const frames: CameraFrame[] = [];
    try {
      // The first batch always goes (a bad range is the worker's `out-of-range`, naming the file and topic).
      const per = this.#framesPerBatch;
      for (let at = from; at === from || at <= to; at += per) {
        if (signal?.aborted) throw new EpiscopeError("cancelled", `${opened.key}: the frames read of ${topic} was cancelled at frame ${at}`);
        // Closed meanwhile (episode.close, the LRU, a changed file): its file is not opened again for the rest.
        if (this.#byId.get(episodeId) !== opened) throw new EpiscopeError("cancelled", `${opened.key}: the episode was closed while its frames of ${topic} were read (at frame ${at})`);
        const batch = await this.#pool.frames(opened.absPath, opened.key, topic, at, Math.min(to, at + per - 1), signal);
        this.#framesRead += batch.length;
        for (const frame of batch) frames.push(frame);
        // `to` past the last frame is clamped by the worker: a short batch was the last one.
        if (batch.length < Math.min(per, to - at + 1)) break;
      }
    } catch (error) {
      return this.#failed(opened, error);
    }
    return frames;
  }

  /**
   * Every numeric field of `topic` over the episode (JointState: position per joint, labelled by joint name). One read
   * serves every caller; when the last caller still waiting cancels (`signal`), the read stops in the workers.
   * @throws EpiscopeError `unknown-episode`, `unknown-topic`, `not-numeric`, `decode-failed`, `file-changed`,
   *   `cancelled` (signal).
   */
  async series(episodeId: string, topic: string, signal?: AbortSignal): Promise<NumericSeries> {
    const opened = this.#episode(episodeId);
    const key = `${episodeId}\u0000${topic}`;
    let entry = this.#series.get(key);
    if (entry) {
      this.#series.delete(key); // most recently used goes last
      this.#series.set(key, entry);
    } else {
      const stop = new AbortController();
      const read = this.#readSeries(opened, topic, stop.signal);
      const created: CachedSeries = { episodeId, read, bytes: 0, waiters: 0, settled: false, stop };
      entry = created;
      this.#series.set(key, created);
      read.then(
        (series) => {
          created.settled = true;
          if (this.#series.get(key) !== created) return;
          created.bytes = seriesBytes(series);
          this.#seriesBytes += created.bytes;
          this.#trimSeries(key);
        },
        () => {
          created.settled = true;
          if (this.#series.get(key) === created) this.#series.delete(key); // a failed read can be retried
        },
      );
    }
    return this.#waitForSeries(key, entry, signal).catch((error: unknown) => this.#failed(opened, error));
  }

  /**
   * Wait for a shared series read as one of its callers. A caller whose `signal` fires stops waiting (rejects with
   * `cancelled`); when it was the last one waiting and the read has not ended, the read is stopped in the workers and
   * forgotten (the next request reads again).
   */
  #waitForSeries(key: string, entry: CachedSeries, signal?: AbortSignal): Promise<NumericSeries> {
    const cancelled = () => new EpiscopeError("cancelled", `the series read of ${key.split("\u0000")[1]} was cancelled`);
    if (signal?.aborted) return Promise.reject(cancelled());
    entry.waiters++;
    return new Promise<NumericSeries>((resolve, reject) => {
      let done = false;
      const finish = () => {
        done = true;
        entry.waiters--;
        signal?.removeEventListener("abort", onAbort);
      };
      const onAbort = () => {
        if (done) return;
        finish();
        reject(cancelled());
        if (entry.waiters === 0 && !entry.settled) {
          entry.stop.abort();
          if (this.#series.get(key) === entry) this.#series.delete(key);
        }
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      entry.read.then(
        (series) => {
          if (done) return;
          finish();
          resolve(series);
        },
        (error: unknown) => {
          if (done) return;
          finish();
          reject(error as Error);
        },
      );
    });
  }

  /**
   * The numeric fields of `topic` (flattened paths with labels), for the plot field picker.
   * @throws like `series`.
   */
  async fields(episodeId: string, topic: string): Promise<SeriesField[]> {
    return (await this.series(episodeId, topic)).fields;
  }

  /**
   * `topic`'s numeric fields over [startNs, endNs], min/max-downsampled to `buckets` (see downsampleMinMax).
   * @throws like `series`; RangeError for a bad range.
   */
  async seriesRange(
    episodeId: string,
    topic: string,
    startNs: bigint,
    endNs: bigint,
    buckets: number,
    fields?: string[],
  ): Promise<DownsampledSeries> {
    return downsampleMinMax(await this.series(episodeId, topic), startNs, endNs, buckets, fields);
  }

  /** Close every opened episode and stop the workers. Handles become invalid. */
  close(): void {
    for (const opened of this.#byId.values()) opened.watcher?.close();
    this.#byId.clear();
    this.#opening.clear();
    this.#series.clear();
    this.#seriesBytes = 0;
    void this.#pool.close();
  }

  /** Drop the least recently used series (never `keep`, the one just read) until the cache fits its budget. */
  #trimSeries(keep: string): void {
    for (const [key, cached] of this.#series) {
      if (this.#seriesBytes <= this.#seriesBudget) break;
      if (key === keep || cached.bytes === 0) continue;
      this.#series.delete(key);
      this.#seriesBytes -= cached.bytes;
    }
  }

  /**
   * A channel's whole series: from the episode cache when it was read before (here, or by the dataset's indexing
   * pass), else read by the workers and then stored there.
   */
  async #readSeries(opened: OpenedEpisode, topic: string, signal: AbortSignal): Promise<NumericSeries> {
    const { cacheKey } = opened;
    const count = opened.summary.channels.find((c) => c.topic === topic)?.messageCount;
    if (cacheKey !== null) {
      const stored = await readSeriesAsync(cacheKey, topic);
      if (stored && stored.logTimesNs.length === count) return stored;
    }
    const series = await this.#pool.series(opened.absPath, opened.key, topic, signal);
    if (cacheKey !== null) void writeSeriesAsync(cacheKey, series);
    return series;
  }

  /** A worker's error for `opened`: a changed file evicts the episode (and is told). Rethrows. */
  #failed(opened: OpenedEpisode, error: unknown): never {
    if (error instanceof EpiscopeError && error.code === "file-changed") this.#evictChanged(opened, error.message);
    throw error;
  }

  /** Close `opened` because its file changed, and tell `onFileChanged` (once: a closed episode is not told again). */
  #evictChanged(opened: OpenedEpisode, message: string): void {
    if (this.#byId.get(opened.id) !== opened) return;
    this.closeEpisode(opened.id);
    this.#onFileChanged({ path: opened.key, episodeId: opened.id, message });
  }

  /**
   * Watch an opened file: any change notice (write, truncate, rename, delete) checks its identity, and a changed file
   * is evicted and told. Null for a rosbag2 folder or when the file cannot be watched (checks on access remain).
   */
  #watch(opened: OpenedEpisode): fs.FSWatcher | null {
    if (!opened.identity) return null;
    try {
      const watcher = fs.watch(opened.absPath, { persistent: false }, () => {
        const changed = this.#changed(opened);
        if (changed !== null) this.#evictChanged(opened, fileChangedError(opened.absPath, changed).message);
      });
      watcher.on("error", () => watcher.close());
      return watcher;
    } catch {
      return null;
    }
  }

  #touch(opened: OpenedEpisode): OpenedEpisode {
    this.#byId.delete(opened.id);
    this.#byId.set(opened.id, opened);
    return opened;
  }

  /** What changed about the episode's file since it was opened, or null. */
  #changed(opened: OpenedEpisode): string | null {
    if (!opened.identity) return null;
    const now = statFile(opened.absPath);
    if (!now) return "the path no longer exists";
    if (now.ino !== opened.identity.ino || now.dev !== opened.identity.dev) return "it was replaced by another file (new inode)";
    if (now.size !== opened.identity.size) return `its size went from ${opened.identity.size} to ${now.size} bytes`;
    if (now.mtimeMs !== opened.identity.mtimeMs) return "it was modified (mtime changed)";
    return null;
  }

  /**
   * The opened episode `episodeId`, checked against its file.
   * @throws EpiscopeError `unknown-episode`; `file-changed` (the episode is closed).
   */
  #episode(episodeId: string): OpenedEpisode {
    const opened = this.#byId.get(episodeId);
    if (!opened) throw new EpiscopeError("unknown-episode", `no open episode with id ${JSON.stringify(episodeId)}; open it first`);
    const changed = this.#changed(opened);
    if (changed !== null) {
      const error = fileChangedError(opened.absPath, changed);
      this.#evictChanged(opened, error.message);
      throw error;
    }
    return this.#touch(opened);
  }

  /** Normalize and check a relative path: an episode inside the root, and served (see EpisodeScope.resolve). */
  #resolve(relPath: string): EpisodeLocation {
    return this.#scope.resolve(relPath);
  }

}

/** The stat of a regular file, or null (missing, or a folder: rosbag2 episodes are checked part by part). */
function statFile(absPath: string): fs.Stats | null {
  const stat = fs.statSync(absPath, { throwIfNoEntry: false });
  return stat?.isFile() ? stat : null;
}

/** The cached value of `key` in `cache`, or `read()`'s promise, cached; a failed read is forgotten (retried next time). */
function once<T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  let pending = cache.get(key);
  if (!pending) {
    pending = read();
    cache.set(key, pending);
    pending.catch(() => {
      if (cache.get(key) === pending) cache.delete(key);
    });
  }
  return pending;
}

/** Bytes held by a series' typed arrays. */
function seriesBytes(series: NumericSeries): number {
  return series.logTimesNs.byteLength + series.values.reduce((sum, v) => sum + v.byteLength, 0);
}

/**
 * What `episcope serve PATH` / the app serves: a file or a rosbag2 folder → its parent folder as root and its name as
 * the initial episode; another folder → itself, no initial episode.
 * @throws EpiscopeError `not-found` when PATH does not exist.
 */
export function resolveServeTarget(pathArg: string): { root: string; initial: string | null } {
  const absPath = path.resolve(pathArg);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absPath);
  } catch {
    throw new EpiscopeError("not-found", `${pathArg}: no such file or folder`);
  }
  if (stat.isDirectory()) {
    // A rosbag2 folder is one episode: serve its parent with it selected.
    if (isRosbag2Folder(absPath)) return { root: path.dirname(absPath), initial: path.basename(absPath) };
    return { root: absPath, initial: null };
  }
  return { root: path.dirname(absPath), initial: path.basename(absPath) };
}

/**
 * Open one MCAP file (a local path or an object URL: s3://bucket/key, https://…), summarize it and close it (for
 * `episcope info`). The summary's `path` is the path as given
 * and its `episodeId` is `"cli"`.
 * @param options.salvage open damaged files anyway (the damage becomes an `error` problem naming the offset)
 * @throws EpiscopeError like EpisodeMainService.open (`not-found`, `empty-file`, `not-mcap`, `truncated`, …),
 *   naming `absPath`.
 */
export async function summarizeEpisodeFile(absPath: string, options: { salvage?: boolean } = {}): Promise<EpisodeSummary> {
  const episode = await LoadedEpisode.open({ episodeId: "cli", absPath: absoluteEpisodePath(absPath), relPath: absPath }, options);
  try {
    return episode.summary;
  } finally {
    episode.close();
  }
}
