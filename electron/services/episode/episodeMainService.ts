/**
 * The episode service the IPC layer (Electron main process, `episcope serve`) calls: lists the episodes under a
 * dataset folder, opens them (cached) and answers frame-index, frame and series requests by episode handle.
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
  FrameIndex,
  NumericSeries,
  SeriesField,
} from "../../../shared/episode.ts";
import { downsampleMinMax } from "../../../shared/series/downsampleMinMax.ts";
import { mergeSeriesParts } from "../../../shared/series/mergeSeriesParts.ts";
import type { FrameStamps } from "../../../shared/playback/headerStamp.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { listEpisodeFiles } from "./listEpisodes.ts";
import { isRosbag2Folder } from "./rosbag2Folder.ts";
import { resolveEpisodePath, type EpisodeLocation } from "./resolveEpisodePath.ts";
import { EpisodeWorkerPool } from "./episodeWorkerPool.ts";
import { LoadedEpisode } from "./loadedEpisode.ts";

/** Channels with at least this many messages have their series read in parallel parts. */
const SPLIT_SERIES_MIN_MESSAGES = 20_000;

/** Opens and serves the episodes under one root folder. */
export class EpisodeMainService {
  readonly #root: string;
  readonly #initial: string | null;
  /** Opening or opened episodes by normalized relative path. */
  readonly #byPath = new Map<string, Promise<LoadedEpisode>>();
  readonly #byId = new Map<string, LoadedEpisode>();
  /** Absolute path of each opened episode, by id (for the workers, which map the file themselves). */
  readonly #absPaths = new Map<string, string>();
  /** Heavy whole-episode reads run in a worker thread so the process answering IPC never blocks on them. */
  /** Two workers: a long channel's series is read in two halves at once (2-core machines and up). */
  readonly #pool = new EpisodeWorkerPool(2);
  /** One read per (kind, episode, topic): concurrent callers (series, fields, seriesRange) share it. */
  readonly #reads = new Map<string, Promise<NumericSeries | FrameIndex>>();
  #nextId = 1;

  /**
   * @param root absolute folder holding the episodes
   * @param initial path of the episode to open first, relative to root, or null
   */
  constructor(root: string, initial: string | null) {
    this.#root = path.resolve(root);
    this.#initial = initial;
  }

  /**
   * The `.mcap` files and rosbag2 folders (one episode each) under the root (recursive; skips `.episcope/`,
   * `node_modules/`, `.git/`), sorted by path.
   */
  async list(): Promise<EpisodeListing> {
    return { root: this.#root, episodes: listEpisodeFiles(this.#root), initial: this.#initial };
  }

  /**
   * Open the episode at `relPath` (relative to the root, POSIX or native separators), or return the cached summary.
   * A truncated or damaged file opens with what is readable before the damage (an `error` problem names the offset).
   * @throws EpiscopeError `invalid-path` (absolute or escaping the root), `not-found`, and the file errors of
   *   LoadedEpisode.open (`empty-file`, `not-mcap`, and `truncated`/`corrupt-mcap` when nothing is readable), each
   *   naming the path.
   */
  async open(relPath: string): Promise<EpisodeSummary> {
    const { key, absPath } = this.#resolve(relPath);
    let pending = this.#byPath.get(key);
    if (!pending) {
      const episodeId = `e${this.#nextId++}-${createHash("sha1").update(key).digest("hex").slice(0, 8)}`;
      // A recording cut short (killed recorder, full disk) opens with what was written, its damage listed as an error
      // problem naming the offset; a reviewer can still judge the part that exists.
      pending = LoadedEpisode.open({ episodeId, absPath, relPath: key }, { salvage: true });
      this.#byPath.set(key, pending);
      pending.then(
        (episode) => {
          this.#byId.set(episodeId, episode);
          this.#absPaths.set(episodeId, absPath);
        },
        () => this.#byPath.delete(key), // let a later call retry (the file may have been fixed)
      );
    }
    return (await pending).summary;
  }

  /**
   * Header stamps of camera `topic`'s frames (see LoadedEpisode.frameStamps); read in this thread, once per camera.
   * @throws EpiscopeError `unknown-episode`, `unknown-topic`, `not-a-camera`, `decode-failed`.
   */
  async frameStamps(episodeId: string, topic: string): Promise<FrameStamps> {
    return this.#episode(episodeId).frameStamps(topic);
  }

  /**
   * Log times and keyframe flags of every frame of camera `topic`.
   * @throws EpiscopeError `unknown-episode`, `unknown-topic`, `not-a-camera`, `decode-failed`.
   */
  async frameIndex(episodeId: string, topic: string): Promise<FrameIndex> {
    return this.#read("frameIndex", episodeId, topic) as Promise<FrameIndex>;
  }

  /**
   * Frames `from..to` (inclusive positions in the frame index; `to` clamped to the last frame) of camera `topic`.
   * @throws EpiscopeError `unknown-episode`, `unknown-topic`, `not-a-camera`, `out-of-range`, `decode-failed`.
   */
  async frames(episodeId: string, topic: string, from: number, to: number): Promise<CameraFrame[]> {
    return this.#episode(episodeId).frames(topic, from, to);
  }

  /**
   * Every numeric field of `topic` over the episode (JointState: position per joint, labelled by joint name).
   * @throws EpiscopeError `unknown-episode`, `unknown-topic`, `not-numeric`, `decode-failed`.
   */
  async series(episodeId: string, topic: string): Promise<NumericSeries> {
    return this.#read("series", episodeId, topic) as Promise<NumericSeries>;
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

  /** Close every opened episode. Handles become invalid. */
  close(): void {
    for (const episode of this.#byId.values()) episode.close();
    this.#byId.clear();
    this.#byPath.clear();
    this.#absPaths.clear();
    this.#reads.clear();
    void this.#pool.close();
  }

  /** Run (or join) a whole-episode read in the worker pool; a failed read is forgotten so it can be retried. */
  #read(kind: "series" | "frameIndex", episodeId: string, topic: string): Promise<NumericSeries | FrameIndex> {
    const episode = this.#episode(episodeId);
    const key = `${kind}\u0000${episodeId}\u0000${topic}`;
    let read = this.#reads.get(key);
    if (!read) {
      const absPath = this.#absPaths.get(episodeId)!;
      read =
        kind === "series"
          ? this.#splitSeries(absPath, episode, topic)
          : this.#pool.frameIndex(absPath, episode.summary.path, topic);
      this.#reads.set(key, read);
      read.catch(() => this.#reads.delete(key));
    }
    return read;
  }

  /** A channel's series; with many messages, read as one part per worker at once and joined. */
  #splitSeries(absPath: string, episode: LoadedEpisode, topic: string): Promise<NumericSeries> {
    const count = episode.summary.channels.find((c) => c.topic === topic)?.messageCount ?? 0;
    const parts = count >= SPLIT_SERIES_MIN_MESSAGES ? this.#pool.size : 1;
    if (parts <= 1) return this.#pool.series(absPath, episode.summary.path, topic);
    // The last part runs to the end, whatever the summary's count says.
    const bounds = Array.from({ length: parts + 1 }, (_, k) => (k === parts ? Number.MAX_SAFE_INTEGER : Math.round((k * count) / parts)));
    return Promise.all(
      bounds.slice(1).map((to, k) => this.#pool.series(absPath, episode.summary.path, topic, [bounds[k]!, to])),
    ).then(mergeSeriesParts);
  }

  #episode(episodeId: string): LoadedEpisode {
    const episode = this.#byId.get(episodeId);
    if (!episode) throw new EpiscopeError("unknown-episode", `no open episode with id ${JSON.stringify(episodeId)}; open it first`);
    return episode;
  }

  /** Normalize and check a relative path: an episode inside the root (see resolveEpisodePath). */
  #resolve(relPath: string): EpisodeLocation {
    return resolveEpisodePath(this.#root, relPath);
  }

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
 * Open one MCAP file, summarize it and close it (for `episcope info`). The summary's `path` is the path as given
 * and its `episodeId` is `"cli"`.
 * @param options.salvage open damaged files anyway (the damage becomes an `error` problem naming the offset)
 * @throws EpiscopeError like EpisodeMainService.open (`not-found`, `empty-file`, `not-mcap`, `truncated`, …),
 *   naming `absPath`.
 */
export async function summarizeEpisodeFile(absPath: string, options: { salvage?: boolean } = {}): Promise<EpisodeSummary> {
  const episode = await LoadedEpisode.open({ episodeId: "cli", absPath: path.resolve(absPath), relPath: absPath }, options);
  try {
    return episode.summary;
  } finally {
    episode.close();
  }
}
