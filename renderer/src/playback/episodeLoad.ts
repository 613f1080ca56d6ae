/**
 * Loading one episode for playback: open it (summary), then every camera's frame index and every joints channel's
 * series, in parallel. `dispose` drops the load: its series reads and the frame reads of the pipelines no tile took
 * are aborted (the Node side stops reading them); the summary and frame indexes are not, because the Node side shares
 * one read of each among all callers and caches it (an abort by the first caller would fail a second one that joined
 * it, e.g. the same episode opened right after its load ahead was dropped). A load made ahead
 * of time for the next episode of the review queue (`prepareFirstFrames`) also builds each camera's pipeline and
 * decodes the picture shown first (at the default playhead), so the episode can be shown the moment it is asked for.
 *
 * The load is a plain object that fills in as answers arrive and tells its one watcher (the Player) after each.
 */
import type { CameraFrame, EpisodeSummary, FrameIndex, NumericSeries } from "../../../shared/episode.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import type { DepthColormap } from "../../../shared/playback/colormap.ts";
import { defaultPlayhead } from "../../../shared/playback/initialTime.ts";
import { SERIES_OVERVIEW_BUCKETS } from "../../../shared/series/downsampleMinMax.ts";
import { latestAtOrBefore } from "../../../shared/time.ts";
import { errorMessage } from "../app/errors.ts";
import { CameraPipeline, defaultSourceFactory, tileColormap, type CanvasSizer, type SourceFactory } from "./cameraPipeline.ts";

/** A camera pipeline made ahead of time, with frame `frame` decoded (or being decoded). */
export interface PreparedCamera {
  pipeline: CameraPipeline;
  frame: number;
  /** Resolves when the frame is ready (true) or the pipeline was disposed first (false). */
  ready: Promise<boolean>;
}

/** Why an episode could not be opened: the error's code (e.g. "not_found") and a message naming file and problem. */
export interface LoadError {
  code: string;
  message: string;
}

/** Options of a load. */
export interface EpisodeLoadOptions {
  /**
   * Also build every camera's pipeline and decode its first picture (at the default playhead) as soon as its frame
   * index is in: a preload, and an open at the default playhead (the decode runs while the page renders the episode).
   */
  prepareFirstFrames?: boolean;
  /** How camera sources are made (the real decoders by default). */
  makeSource?: SourceFactory;
  /**
   * Ask for the full series only once `allowFullSeries` is called (the overviews at once): an open keeps the
   * megabytes of full series off the Node side, the network and the page until its plots drawn from the overviews
   * are painted. Without it, the full series are asked for as soon as every overview is in.
   */
  holdFullSeries?: boolean;
  /**
   * How big a prepared camera's first picture is made (canvas px for a w × h picture), e.g. for the box its tile had
   * in the episode before; undefined: full size.
   */
  preparedSize?: (topic: string) => CanvasSizer | undefined;
}

/** One episode being loaded (or loaded). Fields fill in as answers arrive; each new value is a new object. */
export class EpisodeLoad {
  summary: EpisodeSummary | null = null;
  error: LoadError | null = null;
  /** Per camera topic (cameras with frames). */
  frameIndexes: Readonly<Record<string, FrameIndex>> = {};
  frameIndexErrors: Readonly<Record<string, string>> = {};
  /**
   * Per joints topic: a copy of the whole series reduced to the minimum and maximum of each of SERIES_OVERVIEW_BUCKETS time
   * buckets (episode.seriesRange), asked for before the full series — a plot of the whole episode drawn from it looks
   * the same as one drawn from every sample (M4-style min/max per pixel column), at a fraction of the bytes.
   */
  overviews: Readonly<Record<string, NumericSeries>> = {};
  /** Every joints channel's overview arrived or failed (a failed one is not reported: the full series follows). */
  overviewsSettled = false;
  /** Per joints topic (joints channels with messages). */
  series: Readonly<Record<string, NumericSeries>> = {};
  seriesErrors: Readonly<Record<string, string>> = {};
  /** Every camera's frame index arrived or failed. */
  indexesSettled = false;
  /** Summary, frame indexes and series all settled (or the open failed). */
  settled = false;
  /** Pipelines made ahead of time, by camera topic, until a tile takes them (`takePrepared`). */
  private readonly prepared = new Map<string, PreparedCamera>();
  private readonly abort = new AbortController();
  /** Resolves when the full series may be asked for (allowFullSeries; at once unless holdFullSeries). */
  private readonly fullSeriesAllowed: Promise<void>;
  private allowFull!: () => void;
  private watcher: (() => void) | null = null;
  private disposed = false;

  /** Starts loading `path` (relative to the served root) at once. */
  constructor(
    private readonly api: EpiscopeApi,
    readonly path: string,
    private readonly options: EpisodeLoadOptions = {},
  ) {
    this.fullSeriesAllowed = new Promise((resolve) => (this.allowFull = resolve));
    if (!options.holdFullSeries) this.allowFull();
    void this.run();
  }

  /** Let the full series be asked for (a load made with holdFullSeries asks only for the overviews until then). */
  allowFullSeries(): void {
    this.allowFull();
  }

  /** Whether this load decodes its cameras' first pictures itself (prepareFirstFrames). */
  get preloading(): boolean {
    return this.options.prepareFirstFrames === true;
  }

  /** The work was cancelled (`dispose`). */
  get cancelled(): boolean {
    return this.disposed;
  }

  /** Call `onChange` after every answer from now on (replaces the previous watcher; null stops watching). */
  watch(onChange: (() => void) | null): void {
    this.watcher = onChange;
  }

  /**
   * Hand over the pipeline prepared for camera `topic` if it fits what the tile wants (the same colormap), else
   * dispose it; undefined when none was prepared. Each prepared pipeline is handed over at most once.
   */
  takePrepared(topic: string, colormap: DepthColormap | undefined): PreparedCamera | undefined {
    const p = this.prepared.get(topic);
    if (!p) return undefined;
    this.prepared.delete(topic);
    if (p.pipeline.colormap !== colormap) {
      p.pipeline.dispose();
      return undefined;
    }
    return p;
  }

  /** Cancel every request still running and close the pipelines no tile took. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.watcher = null;
    this.abort.abort();
    this.allowFull(); // the jobs waiting for it end (disposed)
    for (const p of this.prepared.values()) p.pipeline.dispose();
    this.prepared.clear();
  }

  private changed(): void {
    if (!this.disposed) this.watcher?.();
  }

  private async run(): Promise<void> {
    const { signal } = this.abort;
    let summary: EpisodeSummary;
    try {
      summary = await this.api.episode.open({ path: this.path });
    } catch (e) {
      if (this.disposed) return;
      const code = (e as { code?: unknown }).code;
      this.error = { code: typeof code === "string" ? code : "error", message: errorMessage(e) };
      this.indexesSettled = this.settled = true;
      return this.changed();
    }
    if (this.disposed) return;
    this.summary = summary;
    this.changed();
    const cameras = summary.channels.filter((c) => c.kind === "camera" && c.messageCount > 0);
    const joints = summary.channels.filter((c) => c.kind === "joints" && c.messageCount > 0);
    const firstNs = defaultPlayhead(summary);
    const indexJobs = cameras.map(async (c) => {
      try {
        // A load that decodes the first pictures gets their frames with the index (FrameIndex.lead): one round trip.
        const request = { episodeId: summary.episodeId, topic: c.topic, ...(this.preloading ? { leadAtNs: firstNs } : {}) };
        const { lead, ...index } = await this.api.episode.frameIndex(request);
        if (this.disposed) return;
        this.frameIndexes = { ...this.frameIndexes, [c.topic]: index };
        if (this.preloading) this.prepare(summary.episodeId, index, firstNs, lead);
      } catch (e) {
        if (this.disposed) return;
        this.frameIndexErrors = { ...this.frameIndexErrors, [c.topic]: errorMessage(e) };
      }
      this.changed();
    });
    // When it decodes the first pictures itself, the series are asked for once every camera's frame index is in with
    // its first frames (or they were asked for): the frame indexes and first frames do not queue behind megabytes of
    // series (Node side, connections, the bulk fetch worker).
    const framesFirst = this.preloading ? Promise.all(indexJobs) : Promise.resolve();
    const overviewJobs = joints.map(async (c) => {
      await framesFirst;
      if (this.disposed) return;
      try {
        const request = { episodeId: summary.episodeId, topic: c.topic, startNs: summary.startNs, endNs: summary.endNs, buckets: SERIES_OVERVIEW_BUCKETS };
        const overview = await this.api.episode.seriesRange(request, { signal });
        if (this.disposed) return;
        this.overviews = { ...this.overviews, [c.topic]: overview };
        this.changed();
      } catch {
        // Not reported: the full series follows, and its failure is.
      }
    });
    // Every overview in (overviewJobs never reject). The full series wait for it: a full series received, decoded and
    // drawn while another channel's overview is still being read would only delay that plot.
    const overviewsIn = Promise.all(overviewJobs);
    void overviewsIn.then(() => {
      if (this.disposed) return;
      this.overviewsSettled = true;
      this.changed();
    });
    const seriesJobs = joints.map(async (c) => {
      try {
        await overviewsIn;
        await this.fullSeriesAllowed;
        if (this.disposed) return;
        const series = await this.api.episode.series({ episodeId: summary.episodeId, topic: c.topic }, { signal });
        if (this.disposed) return;
        this.series = { ...this.series, [c.topic]: series };
      } catch (e) {
        if (this.disposed) return;
        this.seriesErrors = { ...this.seriesErrors, [c.topic]: errorMessage(e) };
      }
      this.changed();
    });
    await Promise.all(indexJobs);
    if (this.disposed) return;
    this.indexesSettled = true;
    this.changed();
    await Promise.all(seriesJobs);
    if (this.disposed) return;
    this.settled = true;
    this.changed();
  }

  /**
   * Build camera `index`'s pipeline and decode the frame shown at `firstNs` (none when no frame is that early), from
   * `lead` (the frames that decode it, answered with the index) when given, else fetching them.
   */
  private prepare(episodeId: string, index: FrameIndex, firstNs: bigint, lead: readonly CameraFrame[] | undefined): void {
    const frame = latestAtOrBefore(index.logTimesNs, firstNs);
    if (frame < 0) return;
    const pipeline = new CameraPipeline(this.api, episodeId, index, tileColormap(index), this.options.makeSource ?? defaultSourceFactory);
    if (lead) pipeline.fetcher.seed(lead);
    const size = this.options.preparedSize?.(index.topic);
    if (size) pipeline.sizeBeforeAdopt(size);
    this.prepared.set(index.topic, { pipeline, frame, ready: pipeline.prepare(frame) });
  }
}
