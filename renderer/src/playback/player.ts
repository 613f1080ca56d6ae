/**
 * The Player: the one owner of playback in the renderer (Lichtblick's IterablePlayer is the model). For the open
 * episode it owns the load (summary, frame indexes, series — all cancellable), the SyncPresenter that gates the clock,
 * and every camera's pipeline (frame fetcher + decoder) behind the tiles; it drives the clock (reset, camera times)
 * and publishes what it loaded to the episode store, which components read. Components only render: a camera tile
 * hands its DOM nodes to `attachTile` and gets them drawn in step with the clock.
 *
 * Opening another episode disposes everything of the one before: requests aborted (the Node side stops reading),
 * decoders and frames closed, the presenter removed from the clock. While the reviewer watches, the Player loads the
 * next episode of the review queue ahead of time (`preload`: one episode, with each camera's first picture decoded),
 * so `n` shows it at once; asking for another episode ahead, or none, cancels that work.
 *
 * Created once by the app (app/player.ts) with the app's stores; tests create their own with their own stores.
 */
import type { StoreApi } from "zustand/vanilla";
import type { EpisodeSummary } from "../../../shared/episode.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import type { DepthColormap } from "../../../shared/playback/colormap.ts";
import { defaultPlayhead } from "../../../shared/playback/initialTime.ts";
import { secondsToNs } from "../../../shared/time.ts";
import { afterPaint } from "../app/afterPaint.ts";
import type { ClockState } from "../stores/clock.ts";
import { NO_EPISODE_LOADED, type EpisodeState } from "../stores/episode.ts";
import { CameraPipeline, defaultSourceFactory, type CanvasSizer, type SourceFactory } from "./cameraPipeline.ts";
import { fitCanvasSize } from "./canvasFit.ts";
import { EpisodeLoad } from "./episodeLoad.ts";
import { SyncPresenter } from "./syncPresenter.ts";
import { TileSync, type TileElements } from "./tileSync.ts";

/** The read models the Player publishes to. */
export interface PlayerStores {
  clock: StoreApi<ClockState>;
  episodes: StoreApi<EpisodeState>;
}

/** What else follows the open episode (the app wires the annotation store here). */
export interface PlayerHooks {
  /** An episode starts opening (before its summary is known). */
  onOpening?(path: string): void;
  /** Its summary arrived: it is shown from now on. */
  onOpened?(summary: EpisodeSummary): void;
  /** It could not be opened. */
  onFailed?(path: string): void;
  /**
   * Hold every pane but the cameras at what it shows now, until the returned release is called: on an open, the
   * pictures are painted first and the other panes follow right after (stores/paneView.ts).
   */
  holdPanes?(): () => void;
}

/** How a camera tile wants its frames. */
export interface TileOptions {
  /** How 16-bit/float (depth) raw frames are shown (see tileColormap; undefined for colour images). */
  colormap?: DepthColormap;
  /** The camera's clock when not its log times: its frames' header stamps (ns, one per frame). */
  times?: BigInt64Array;
}

/** Where the next open came from, for tests and the bench: ahead of time (`hit`) or not (`miss`). */
export type PreloadOutcome = "hit" | "miss";

/** Everything of the open episode. */
interface Session {
  readonly load: EpisodeLoad;
  readonly presenter: SyncPresenter;
  readonly tiles: Set<TileSync>;
  /** Seconds after the start to put the playhead at; null: the default playhead. */
  readonly tSeconds: number | null;
  /** Resolves when the load has settled (summary, frame indexes, series) or the session was closed. */
  readonly done: Promise<void>;
  shown: boolean;
  /** Every camera with frames shows its first picture (or why it cannot). */
  picturesShown: boolean;
  /**
   * The next episode may be loaded ahead: the open one's pictures were painted and its load settled (or its load
   * settled and the pictures did not all show: PRELOAD_FALLBACK_MS), so the load ahead never slows the open one down.
   */
  preloadAllowed: boolean;
  /** Lets the next episode be loaded ahead when the pictures never show (see PRELOAD_FALLBACK_MS). */
  preloadFallback: ReturnType<typeof setTimeout> | null;
  /** Lets the other panes follow (see PlayerHooks.holdPanes); null when they were not held. */
  releasePanes: (() => void) | null;
  /**
   * Series are not published yet: every episode shows its pictures first, and its plots (a far heavier render: uPlot
   * over every sample, the robot events found in them, the overview) from the next task after those pictures were
   * painted — or SERIES_HOLD_MAX_MS after its load settled when they do not all show.
   */
  seriesHeld: boolean;
  /** Publishes the series when the pictures never show (see SERIES_HOLD_MAX_MS). */
  seriesFallback: ReturnType<typeof setTimeout> | null;
  /** The load may ask for the full series (every overview was published; asked after the next paint). */
  fullSeriesAsked: boolean;
  cameraTimesSet: boolean;
  failed: boolean;
  closed: boolean;
  settle: () => void;
}

/** The one owner of playback. */
export class Player {
  private session: Session | null = null;
  /** The next episode, loading ahead of time (at most one). */
  private next: EpisodeLoad | null = null;
  /** The episode asked for ahead of time, waiting for the open one's pictures to be painted. */
  private nextWanted: string | null = null;
  private readonly makeSource: SourceFactory;
  private disposed = false;
  /** How the last `open` was served (undefined before any). */
  lastOpen: PreloadOutcome | undefined;
  /** whenShown() callers waiting for the open episode's pictures. */
  private shownWaiters: Array<() => void> = [];
  /** The box (CSS px) each camera topic's tile last had: the next episode's first pictures are made for it. */
  private readonly tileBoxes = new Map<string, { width: number; height: number }>();
  /**
   * Prepared first pictures sized for the box their camera's tile last had (a camera never shown: the largest box any
   * tile had; full size before any tile was shown). A tile that turns out bigger draws its picture again (TileSync).
   */
  private readonly preparedSize = (topic: string): CanvasSizer | undefined => {
    let box = this.tileBoxes.get(topic);
    for (const b of box ? [] : this.tileBoxes.values()) if (!box || b.width * b.height > box.width * box.height) box = b;
    return box ? (w, h) => fitCanvasSize(w, h, box.width, box.height, globalThis.devicePixelRatio || 1) : undefined;
  };

  /**
   * @param stores the clock it drives and the episode store it publishes to
   * @param hooks what else follows the open episode
   * @param makeSource how camera sources are made (the real decoders by default; unit tests under Node pass theirs)
   */
  constructor(
    private readonly api: EpiscopeApi,
    private readonly stores: PlayerStores,
    private readonly hooks: PlayerHooks = {},
    makeSource: SourceFactory = defaultSourceFactory,
  ) {
    this.makeSource = makeSource;
  }

  /**
   * Resolves once the episode open now (or the next one opened, when none is) has its pictures painted and its load
   * settled, or failed: work that would compete with its first pictures and plots (indexing, the audit) waits for it.
   */
  whenShown(): Promise<void> {
    const s = this.session;
    if (this.disposed || (s && !s.closed && (s.preloadAllowed || s.failed))) return Promise.resolve();
    return new Promise((resolve) => this.shownWaiters.push(resolve));
  }

  /** Path of the episode loading ahead of time, or null. */
  get preloadingPath(): string | null {
    return this.next?.path ?? this.nextWanted;
  }

  /**
   * Open the episode at `path` (relative to the served root) and put the playhead `tSeconds` after its start; without
   * a time, at the first moment every camera has a frame (defaultPlayhead). Latest wins: opening another episode
   * before this one finished drops this one. Resolves when its summary, frame indexes and series have settled (or it
   * failed, or another episode was opened); never rejects — a failure is published (`status: "error"`).
   */
  open(path: string, tSeconds?: number | null): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.session) this.close(this.session);
    const t = tSeconds != null && Number.isFinite(tSeconds) ? tSeconds : null;
    const ahead = this.next;
    let load: EpisodeLoad;
    if (ahead && ahead.path === path && ahead.error === null && t === null) {
      load = ahead;
      this.next = null;
      this.lastOpen = "hit";
    } else {
      if (ahead?.path === path) {
        // Loaded ahead but opened at another time (or its open failed): the open episode is not loaded ahead.
        ahead.dispose();
        this.next = null;
      }
      // At the default playhead, each camera's first picture is fetched and decoded as soon as its frame index is in
      // (as for an episode loaded ahead), while the page renders the new episode and mounts its tiles.
      load = new EpisodeLoad(this.api, path, {
        prepareFirstFrames: t === null,
        makeSource: this.makeSource,
        preparedSize: this.preparedSize,
        // The plots are drawn from the series' overviews first; the full series follow the paint of those plots.
        holdFullSeries: true,
      });
      this.lastOpen = "miss";
    }
    if (this.nextWanted === path) this.nextWanted = null;
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    // A hit is shown in this task: the cameras first, every other pane right after the paint (holdPanes).
    const ready = load.summary !== null && load.error === null;
    const session: Session = {
      load,
      presenter: new SyncPresenter(this.stores.clock, () => this.presented(session)),
      tiles: new Set(),
      tSeconds: t,
      done: settled,
      shown: false,
      picturesShown: false,
      preloadAllowed: false,
      preloadFallback: null,
      releasePanes: null,
      seriesHeld: true,
      seriesFallback: null,
      fullSeriesAsked: false,
      cameraTimesSet: false,
      failed: false,
      closed: false,
      settle,
    };
    this.session = session;
    if (ready) this.holdPanes(session);
    this.stores.clock.getState().pause();
    this.hooks.onOpening?.(path);
    // Loaded ahead: one publish below swaps the whole episode in (no "loading" state in between).
    if (!ready) {
      this.stores.episodes.setState({ currentPath: path, status: "loading", ...NO_EPISODE_LOADED });
      // Not loaded ahead (and at the default playhead, so the first pictures are prepared): the other panes keep the
      // "loading" state until those pictures are painted — their render of the new episode (timeline, tiers,
      // inspector, plot frames) would otherwise run on the main thread between the frame indexes and the first
      // frames' decode. At most PANES_HOLD_MAX_MS; any key or pointer press releases them at once (holdPanes).
      if (load.preloading) this.holdPanes(session);
    }
    load.watch(() => this.publish(session));
    this.publish(session);
    if (ready) {
      // Loaded ahead: its pictures are drawn in this task (prepared pipelines), the rest after that paint.
      afterPaint(() => {
        this.releaseSeries(session);
        session.releasePanes?.();
      });
    }
    return settled;
  }

  /** Open the current episode again (its file changed on disk), at the same playhead. */
  reload(): Promise<void> {
    const { currentPath, summary } = this.stores.episodes.getState();
    if (!currentPath) return Promise.resolve();
    const t = summary ? Number(this.stores.clock.getState().tNs - summary.startNs) / 1e9 : null;
    return this.open(currentPath, t);
  }

  /**
   * Load episode `path` ahead of time (the next of the review queue): summary, frame indexes, series and every
   * camera's first picture, once the open episode's pictures were painted and its load has settled (or, when the
   * pictures do not all show, PRELOAD_FALLBACK_MS after its load settled): the open episode keeps the machine first.
   * One episode at most: another path cancels the work for the one before; null cancels it. The open episode itself
   * is never preloaded.
   */
  preload(path: string | null): void {
    if (this.disposed) return;
    if (path !== null && (this.next?.path === path || (this.next === null && this.nextWanted === path))) return;
    this.next?.dispose();
    this.next = null;
    this.nextWanted = path !== null && path !== this.session?.load.path ? path : null;
    this.startPreload();
  }

  /**
   * Draw camera `topic` of the open episode into `elements`, in step with the clock: builds (or takes the preloaded)
   * fetcher and decoder, and registers the tile with the presenter. `episodeId` is the episode the tile was made for:
   * a tile of an episode that is no longer open gets nothing. Returns the function that detaches the tile (closing
   * its decoder and cancelling its fetches); idempotent.
   */
  attachTile(episodeId: string, topic: string, elements: TileElements, options: TileOptions = {}): () => void {
    const session = this.session;
    const summary = session?.load.summary;
    const index = session?.load.frameIndexes[topic];
    if (!session || session.closed || !summary || summary.episodeId !== episodeId || !index) return () => undefined;
    const prepared = session.load.takePrepared(topic, options.colormap);
    const pipeline = prepared?.pipeline ?? new CameraPipeline(this.api, episodeId, index, options.colormap, this.makeSource);
    // Its background fills and keyframe pass wait for the episode's load (the joint series) to settle.
    pipeline.quietUntil(session.done);
    const presenter = session.presenter;
    const tile = new TileSync(
      pipeline,
      summary.startNs,
      elements,
      () => presenter.frameReady(),
      options.times,
      () => presenter.refresh(),
    );
    // In the session before registering: registering presents at once, and presented() looks for the tile there.
    session.tiles.add(tile);
    const unregister = presenter.register(topic, tile);
    this.rememberBox(tile);
    return () => {
      if (!session.tiles.delete(tile)) return;
      this.rememberBox(tile);
      unregister();
      tile.dispose();
    };
  }

  /** Close the open episode's work and the preload; the Player does nothing afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.session) this.close(this.session);
    this.session = null;
    this.next?.dispose();
    this.next = null;
    this.nextWanted = null;
    this.wakeShownWaiters();
  }

  private rememberBox(tile: TileSync): void {
    const box = tile.boxSize;
    if (box.width > 0 && box.height > 0) this.tileBoxes.set(tile.topic, { ...box });
  }

  private wakeShownWaiters(): void {
    for (const wake of this.shownWaiters.splice(0)) wake();
  }

  /** Cancel a session's requests, close its tiles' decoders and take its presenter off the clock. */
  private close(session: Session): void {
    if (session.closed) return;
    session.closed = true;
    session.load.dispose();
    for (const tile of session.tiles) {
      this.rememberBox(tile);
      tile.dispose();
    }
    session.tiles.clear();
    session.presenter.dispose();
    session.releasePanes?.();
    if (session.preloadFallback !== null) clearTimeout(session.preloadFallback);
    if (session.seriesFallback !== null) clearTimeout(session.seriesFallback);
    session.settle();
  }

  /**
   * The presenter drew every tile: once every camera with frames shows its first picture, the next episode may be
   * loaded ahead — from an idle moment after that paint, so the load ahead never delays the pictures.
   */
  private presented(session: Session): void {
    if (session.picturesShown || session !== this.session || session.closed) return;
    const { load } = session;
    if (!load.summary || !load.indexesSettled) return;
    const showing = new Set<string>();
    for (const tile of session.tiles) if (tile.showing) showing.add(tile.topic);
    if (!Object.keys(load.frameIndexes).every((topic) => showing.has(topic))) return;
    session.picturesShown = true;
    afterPaint(() => {
      session.releasePanes?.();
      this.releaseSeries(session);
      // The next episode is loaded ahead once this one's load has settled too: its reads would slow the series down.
      void session.done.then(() => this.allowPreload(session));
    });
  }

  /** Publish the session's series from now on (its pictures were painted, or they did not all show in time). */
  private releaseSeries(session: Session): void {
    if (!session.seriesHeld || session !== this.session || session.closed) return;
    session.seriesHeld = false;
    if (session.seriesFallback !== null) clearTimeout(session.seriesFallback);
    session.seriesFallback = null;
    this.publish(session);
  }

  /**
   * Hold the other panes (PlayerHooks.holdPanes) while `session`'s pictures come up; `session.releasePanes` lets them
   * follow (idempotent), at the latest PANES_HOLD_MAX_MS from now.
   */
  private holdPanes(session: Session): void {
    const release = this.hooks.holdPanes?.();
    if (!release) return;
    const fallback = setTimeout(() => session.releasePanes?.(), PANES_HOLD_MAX_MS);
    session.releasePanes = () => {
      session.releasePanes = null;
      clearTimeout(fallback);
      release();
    };
  }

  /** Let the next episode be loaded ahead of `session` (if it is still the open one). */
  private allowPreload(session: Session): void {
    if (session.preloadAllowed || session !== this.session || session.closed) return;
    session.preloadAllowed = true;
    this.wakeShownWaiters();
    this.startPreload();
  }

  /**
   * Start the wanted preload once the open episode may be followed (preloadAllowed: pictures painted and load settled;
   * now, or when that happens: allowPreload calls again).
   */
  private startPreload(): void {
    const path = this.nextWanted;
    if (path === null || this.next !== null || this.disposed) return;
    const current = this.session;
    if (current && !current.closed && !current.preloadAllowed) return;
    this.nextWanted = null;
    this.next = new EpisodeLoad(this.api, path, { prepareFirstFrames: true, makeSource: this.makeSource, preparedSize: this.preparedSize });
  }

  /** Publish what the session's load has so far to the stores (called after every answer). */
  private publish(session: Session): void {
    if (session !== this.session || session.closed) return;
    const { load } = session;
    const episodes = this.stores.episodes;
    const clock = this.stores.clock.getState();
    if (load.error) {
      if (!session.failed) {
        session.failed = true;
        session.releasePanes?.();
        episodes.setState({ status: "error", summary: null, error: load.error });
        clock.reset(0n, 0n);
        this.hooks.onFailed?.(load.path);
        this.wakeShownWaiters();
      }
    } else if (load.summary) {
      const summary = load.summary;
      session.presenter.expect(
        summary.channels.filter((c) => c.kind === "camera" && c.messageCount > 0 && !load.frameIndexErrors[c.topic]).map((c) => c.topic),
      );
      if (!session.shown) {
        session.shown = true;
        const t = session.tSeconds !== null ? summary.startNs + secondsToNs(session.tSeconds) : defaultPlayhead(summary);
        clock.reset(summary.startNs, summary.endNs, t);
        episodes.setState({
          currentPath: load.path,
          ...NO_EPISODE_LOADED,
          summary,
          status: "ready",
          frameIndexes: load.frameIndexes,
          frameIndexErrors: load.frameIndexErrors,
          ...(session.seriesHeld ? {} : { seriesOverviews: load.overviews, series: load.series, seriesErrors: load.seriesErrors }),
        });
        this.hooks.onOpened?.(summary);
      } else {
        const s = episodes.getState();
        const patch: Partial<EpisodeState> = {};
        if (s.frameIndexes !== load.frameIndexes) patch.frameIndexes = load.frameIndexes;
        if (s.frameIndexErrors !== load.frameIndexErrors) patch.frameIndexErrors = load.frameIndexErrors;
        if (!session.seriesHeld && s.seriesOverviews !== load.overviews) patch.seriesOverviews = load.overviews;
        if (!session.seriesHeld && s.series !== load.series) patch.series = load.series;
        if (!session.seriesHeld && s.seriesErrors !== load.seriesErrors) patch.seriesErrors = load.seriesErrors;
        if (Object.keys(patch).length > 0) episodes.setState(patch);
      }
      if (!session.seriesHeld && load.overviewsSettled && !session.fullSeriesAsked) {
        // The full series (megabytes to receive, decode and draw) once every plot drawn from its overview is painted.
        session.fullSeriesAsked = true;
        afterPaint(() => load.allowFullSeries());
      }
      if (load.indexesSettled && !session.cameraTimesSet) {
        session.cameraTimesSet = true;
        clock.setCameraTimes(Object.fromEntries(Object.entries(load.frameIndexes).map(([topic, f]) => [topic, f.logTimesNs])));
      }
    }
    if (session.seriesHeld && !session.failed && load.summary && (load.settled || load.overviewsSettled) && session.seriesFallback === null) {
      // Every answer (the full series' wait for the pictures aside) is in but not every picture shows yet: no cameras (nothing to wait for), a camera whose frame
      // index failed or that has no frame at the playhead, a decode still running: the plots wait a little at most.
      const cameras = Object.keys(load.frameIndexes).length;
      if (cameras === 0) this.releaseSeries(session);
      else session.seriesFallback = setTimeout(() => this.releaseSeries(session), SERIES_HOLD_MAX_MS);
    }
    if (load.error && session.seriesHeld) session.seriesHeld = false;
    if (load.settled && !session.seriesHeld) {
      session.settle();
      // Settled before its pictures are up (series are often quicker than the first decode): the load ahead would
      // compete with that decode, so it waits for the pictures (presented), or PRELOAD_FALLBACK_MS when a camera
      // shows nothing (a playhead before its first frame). Without cameras: after the paint.
      if (!session.preloadAllowed && session.preloadFallback === null) {
        if (Object.keys(load.frameIndexes).length === 0) afterPaint(() => this.allowPreload(session));
        else session.preloadFallback = setTimeout(() => this.allowPreload(session), PRELOAD_FALLBACK_MS);
      }
    }
  }
}

/**
 * How long after its load settled an episode whose pictures do not all show (a camera with no frame at the playhead)
 * waits before the next one is loaded ahead anyway (ms).
 */
const PRELOAD_FALLBACK_MS = 1000;

/**
 * How long after its load settled an episode's series wait for its pictures at most (ms) before the plots are drawn
 * anyway (a camera that shows nothing, a slow first decode).
 */
const SERIES_HOLD_MAX_MS = 600;

/**
 * Longest time the other panes of an episode not loaded ahead keep their "loading" state while its first pictures are
 * made (ms): a camera that shows nothing, or a slow first decode, does not keep the timeline and inspector away.
 */
const PANES_HOLD_MAX_MS = 1000;

