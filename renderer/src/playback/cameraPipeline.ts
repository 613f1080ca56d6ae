/**
 * One camera's frame fetcher and decoder (a VideoSource or ImageSource over a FrameFetcher), made by the Player
 * either when the camera's tile appears or ahead of time for the next episode of the review queue — then with its
 * first picture already decoded (`prepare`). A tile adopts the pipeline (its "frame ready" and canvas size are routed
 * to the tile from then on) and disposes it; a pipeline nobody adopted is disposed by whoever made it.
 */
import type { FrameIndex } from "../../../shared/episode.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { defaultColormap, type DepthColormap } from "../../../shared/playback/colormap.ts";
import { FrameFetcher } from "./frameFetcher.ts";
import type { FrameSource } from "./frameSource.ts";
import { ImageSource } from "./imageSource.ts";
import { VideoSource } from "./videoSource.ts";

/** Frames kept in the fetch cache per payload (raw frames are large). */
const CACHE_CAPACITY = { video: 3000, image: 90, raw: 24 } as const;
/** Compressed bytes kept in the fetch cache per camera (video buffers up to half of it around the playhead). */
const CACHE_BYTES = 48 * 2 ** 20;

/** Size (px) of the canvas a `width`×`height` picture is drawn into now (pictures are converted no larger). */
export type CanvasSizer = (width: number, height: number) => { width: number; height: number };

/** Makes the decoding source of one camera (the real one by default; unit tests under Node pass their own). */
export type SourceFactory = (index: FrameIndex, fetcher: FrameFetcher, onReady: () => void, canvasSize: CanvasSizer, colormap?: DepthColormap) => FrameSource;

/** WebCodecs for video cameras, createImageBitmap / raw pixels for image cameras. */
export const defaultSourceFactory: SourceFactory = (index, fetcher, onReady, canvasSize, colormap) =>
  index.payload === "video" ? new VideoSource(index, fetcher, onReady, canvasSize) : new ImageSource(index, fetcher, onReady, colormap);

/** Raw encodings whose pixels are values (depth, 16-bit gray) rather than colours: they get a colormap choice. */
const VALUE_ENCODINGS = new Set(["16UC1", "mono16", "32FC1"]);

/** Whether a camera's frames are values (depth, 16-bit gray) shown through a colormap. */
export function isValueImage(index: Pick<FrameIndex, "payload" | "format">): boolean {
  return index.payload === "raw" && VALUE_ENCODINGS.has(index.format);
}

/** The colormap a camera is shown with: `chosen` (or the encoding's default) for value images, else none. */
export function tileColormap(index: Pick<FrameIndex, "payload" | "format">, chosen?: DepthColormap): DepthColormap | undefined {
  return isValueImage(index) ? (chosen ?? defaultColormap(index.format)) : undefined;
}

/** Full size: a picture decoded before its tile exists is kept at the camera's own resolution. */
const fullSize: CanvasSizer = (width, height) => ({ width, height });

/**
 * A FrameFetcher that, while held (a pipeline made ahead of time, not yet adopted by a tile), neither fills its cache
 * in the background nor reads the camera's remaining keyframe flags (a pass over every frame on the Node side): both
 * wait until a tile adopts the pipeline, so loading the next episode ahead stays small beside the open one's playback.
 * While quiet (the open episode is still loading: its joint series are read on the Node side), both wait too, so the
 * series are not slowed down by reads nobody waits for; a seek that needs the flags now hurries the pass (`hurry`).
 */
class HeldFetcher extends FrameFetcher {
  private heldFlag = false;
  private quietFlag = false;
  /** The last fill asked for while held or quiet: run once both end. */
  private pendingFill: number | null = null;
  /** keyframes() calls waiting for the release: go on, or fail (disposed first); `held` ones wait for adoption. */
  private waiting: Array<{ held: boolean; go: () => void; stop: (e: Error) => void }> = [];

  get held(): boolean {
    return this.heldFlag;
  }

  set held(on: boolean) {
    this.heldFlag = on;
    this.release();
  }

  /** Quiet until `done` settles (see the class). */
  quietUntil(done: Promise<unknown>): void {
    this.quietFlag = true;
    const end = () => {
      this.quietFlag = false;
      this.release();
    };
    done.then(end, end);
  }

  override hurry(): void {
    for (const w of this.waiting.filter((x) => !x.held)) {
      this.waiting.splice(this.waiting.indexOf(w), 1);
      w.go();
    }
  }

  override fill(around: number): void {
    if (this.heldFlag || this.quietFlag) this.pendingFill = around;
    else super.fill(around);
  }

  override keyframes(): Promise<Uint8Array> {
    if (!this.heldFlag && !this.quietFlag) return super.keyframes();
    const held = this.heldFlag;
    return new Promise<void>((go, stop) => this.waiting.push({ held, go, stop })).then(() => super.keyframes());
  }

  override dispose(): void {
    super.dispose();
    for (const w of this.waiting.splice(0)) w.stop(new Error("camera closed before its keyframe flags were read"));
  }

  private release(): void {
    if (this.heldFlag) return;
    for (const w of this.waiting) w.held = false; // adopted: what waited for a tile now waits for the quiet only
    if (this.quietFlag) return;
    for (const w of this.waiting.splice(0)) w.go();
    if (this.pendingFill !== null) {
      const around = this.pendingFill;
      this.pendingFill = null;
      super.fill(around);
    }
  }
}

/** The fetcher and decoder of one camera of one episode. */
export class CameraPipeline {
  readonly fetcher: FrameFetcher;
  private readonly heldFetcher: HeldFetcher;
  readonly source: FrameSource;
  private readyTarget: (() => void) | null = null;
  private sizer: CanvasSizer = fullSize;
  private presized = false;
  private readyWaiters: Array<() => void> = [];
  private disposed = false;

  /**
   * @param index the camera's frame index (topic, payload, keyframes)
   * @param colormap how 16-bit/float (depth) raw frames are shown (undefined: the encoding's default)
   */
  constructor(
    api: EpiscopeApi,
    episodeId: string,
    readonly index: FrameIndex,
    readonly colormap: DepthColormap | undefined,
    makeSource: SourceFactory = defaultSourceFactory,
  ) {
    this.fetcher = this.heldFetcher = new HeldFetcher(api, episodeId, index.topic, index.logTimesNs.length, CACHE_CAPACITY[index.payload], CACHE_BYTES);
    this.source = makeSource(
      index,
      this.fetcher,
      () => this.frameReady(),
      (w, h) => this.sizer(w, h),
      colormap,
    );
  }

  /**
   * No background fills and no keyframe pass (unless a seek needs it) until `done` settles: the open episode's load,
   * whose joint series would otherwise share the Node side's reads with reads nobody waits for yet.
   */
  quietUntil(done: Promise<unknown>): void {
    this.heldFetcher.quietUntil(done);
  }

  /**
   * Size the pictures made before a tile adopts the pipeline (`prepare`) with `canvasSize` instead of at full size:
   * a picture made for the box its tile will have costs the frame converter a fraction of a full-size one.
   */
  sizeBeforeAdopt(canvasSize: CanvasSizer): void {
    if (this.readyTarget) return;
    this.sizer = canvasSize;
    this.presized = true;
  }

  /** Its first picture was made for a box given before a tile adopted it (sizeBeforeAdopt), not for the tile's own. */
  get sizedBeforeAdopt(): boolean {
    return this.presized;
  }

  /** Route the source's "a frame is ready" to `onReady` and size its pictures with `canvasSize` (a tile adopts it). */
  adopt(onReady: () => void, canvasSize: CanvasSizer): void {
    this.readyTarget = onReady;
    this.sizer = canvasSize;
    this.heldFetcher.held = false;
  }

  /**
   * Decode frame `i` ahead of time and keep it ready. Resolves true once it is (or once the camera turned out not to
   * be showable at all: `source.fatal`, which a tile shows as its message), false when the pipeline was disposed
   * first. Frames other than `i` are not decoded, and nothing is buffered in the background until a tile adopts it.
   */
  prepare(i: number): Promise<boolean> {
    if (this.disposed) return Promise.resolve(false);
    if (!this.readyTarget) this.heldFetcher.held = true;
    this.source.want(i, i, -1);
    return new Promise((resolve) => {
      const check = () => {
        if (this.disposed) return resolve(false);
        if (this.source.fatal !== null || this.source.has(i)) return resolve(true);
        this.readyWaiters.push(check);
      };
      check();
    });
  }

  /** Cancel every fetch (the Node side stops reading them) and close the decoder and every frame held. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.fetcher.dispose();
    this.source.dispose();
    this.wakeWaiters();
  }

  private frameReady(): void {
    this.wakeWaiters();
    this.readyTarget?.();
  }

  private wakeWaiters(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w();
  }
}
