/**
 * One camera tile on the one clock: a SyncTile that decodes ahead through the camera's pipeline (fetcher + decoder,
 * made by the Player, possibly with its first picture already decoded) and draws onto the tile's canvas only when the
 * SyncPresenter says so (in the same task as the clock publishes the time).
 *
 * DOM contract for tests: the tile root carries `data-frame-index` (the frame drawn, -1 if none), `data-topic`, and
 * `data-frame-ns` (log time of the drawn frame).
 */
import type { FrameIndex } from "../../../shared/episode.ts";
import { formatSeconds } from "../../../shared/time.ts";
import { setText } from "../app/setText.ts";
import type { CameraPipeline } from "./cameraPipeline.ts";
import { drawImage } from "./imageDraw.ts";
import { formatOffsetMs } from "./tileOverlay.ts";
import { fitCanvasSize } from "./canvasFit.ts";
import { closeReady, type FrameSource } from "./frameSource.ts";
import type { SyncTile } from "./syncPresenter.ts";
import { VideoSource } from "./videoSource.ts";

/** The DOM nodes a tile writes to. */
export interface TileElements {
  root: HTMLElement;
  canvas: HTMLCanvasElement;
  message: HTMLElement;
  frameLabel: HTMLElement;
  timeLabel: HTMLElement;
  offsetLabel: HTMLElement;
  /** Shows how far a slow seek's decoding has come (role="status"). */
  progress: HTMLElement;
}

/** How long a tile waits for its frame before it shows decoding progress (ms): quick seeks show nothing. */
const PROGRESS_AFTER_MS = 150;

/** A camera tile driven by the SyncPresenter. */
export class TileSync implements SyncTile {
  readonly times: BigInt64Array;
  private readonly source: FrameSource;
  private readonly index: FrameIndex;
  private drawn = -1;
  /** The drawn frame was shrunk for a smaller tile than the tile is now: draw it again from a new decode. */
  private stale = false;
  private shownError: string | null = null;
  /** Frame the tile is waiting for (-1: none) and since when (performance.now ms). */
  private waitFor = -1;
  private waitSince = 0;
  /** What the message element shows now (undefined before the first write). */
  private shownMessage: { text: string | null; tone: "info" | "error" } | undefined;
  /** The tile's box in CSS px (kept by a ResizeObserver, so drawing never forces a layout). */
  private box = { width: 0, height: 0 };
  /** The first picture drawn is still to be checked against the box (redrawIfGrown): it was sized before adoption. */
  private checkFirst: boolean;

  /** The tile's box in CSS px as last measured (0 × 0 before it was laid out). */
  get boxSize(): { width: number; height: number } {
    return this.box;
  }
  private readonly resize: ResizeObserver | null;

  /**
   * @param pipeline the camera's fetcher and decoder; the tile adopts it and disposes it
   * @param onReady called whenever a frame becomes ready (the clock may be waiting for it)
   */
  constructor(
    private readonly pipeline: CameraPipeline,
    private readonly startNs: bigint,
    private readonly el: TileElements,
    onReady: () => void,
    /** The camera's clock when not its log times: its frames' header stamps (ns, non-decreasing, one per frame). */
    times?: BigInt64Array,
    /**
     * Called when the drawn frame should be drawn again (the tile grew past the size its picture was made for);
     * returns whether a redraw will come (false while playing: the next frames are made at the new size anyway).
     */
    private readonly onStale: () => boolean = () => false,
  ) {
    this.index = pipeline.index;
    this.times = times ?? this.index.logTimesNs;
    this.source = pipeline.source;
    this.checkFirst = pipeline.sizedBeforeAdopt;
    pipeline.adopt(onReady, (w, h) => fitCanvasSize(w, h, this.box.width, this.box.height, devicePixelRatio || 1));
    this.setDrawn(-1);
    if (this.source.fatal) this.showMessage(this.source.fatal, "error");
    this.box = { width: el.root.clientWidth, height: el.root.clientHeight };
    this.resize =
      typeof ResizeObserver === "function"
        ? new ResizeObserver((entries) => {
            const r = entries[0]?.contentRect;
            if (!r) return;
            this.box = { width: r.width, height: r.height };
            this.redrawIfGrown();
          })
        : null;
    this.resize?.observe(el.root);
  }

  /** The camera's topic. */
  get topic(): string {
    return this.index.topic;
  }

  /** The tile shows something final: a picture, or the reason the camera cannot be shown. */
  get showing(): boolean {
    return this.drawn >= 0 || this.source.fatal !== null;
  }

  isReady(i: number): boolean {
    return i < 0 || (i === this.drawn && !this.stale) || this.source.fatal !== null || this.source.has(i);
  }

  prepare(from: number, to: number): void {
    if (this.source.fatal) return;
    this.source.want(from, to, this.stale ? -1 : this.drawn);
    this.updateProgress(from);
  }

  /**
   * Show "decoding n / m frames" once frame i has been waited for PROGRESS_AFTER_MS (a seek far from a keyframe in a
   * long GOP decodes hundreds of frames); hide it when the frame is ready. Called on every clock frame while waiting.
   */
  private updateProgress(i: number): void {
    if (i < 0 || this.isReady(i)) return this.hideProgress();
    const now = performance.now();
    if (this.waitFor !== i) {
      this.waitFor = i;
      this.waitSince = now;
    }
    const p = now - this.waitSince >= PROGRESS_AFTER_MS ? this.source.progress?.(i) : null;
    if (!p) return this.hideProgress(false);
    const el = this.el.progress;
    setText(el, `decoding ${p.done} / ${p.total} frames`);
    el.style.setProperty("--done", String(p.total > 0 ? p.done / p.total : 0));
    if (el.hidden) el.hidden = false;
  }

  /** Hide the progress; `forget` also ends the wait it timed. */
  private hideProgress(forget = true): void {
    if (forget) this.waitFor = -1;
    if (!this.el.progress.hidden) this.el.progress.hidden = true;
  }

  /** Ask for the drawn picture again when it was made for a smaller box than the tile's box now. */
  private redrawIfGrown(): void {
    if (!this.grewPastPicture()) return;
    // Stale before asking: the redraw it asks for runs at once and must see it.
    this.stale = true;
    if (!this.onStale()) this.stale = false;
  }

  /** A video picture is on the canvas, shrunk for a smaller box than the tile's box now asks for. */
  private grewPastPicture(): boolean {
    const picture = this.source instanceof VideoSource ? this.source.pictureSize : null;
    if (!picture || this.drawn < 0 || this.stale) return false;
    const want = fitCanvasSize(picture.width, picture.height, this.box.width, this.box.height, devicePixelRatio || 1);
    return want.width > this.el.canvas.width + 1;
  }

  draw(i: number, tNs: bigint): void {
    const fatal = this.source.fatal;
    if (fatal) {
      if (this.shownError !== fatal) {
        this.hideCanvas();
        this.showMessage(fatal, "error");
      }
    } else if (i !== this.drawn || this.stale) {
      if (i < 0) {
        this.hideCanvas();
        this.showMessage("no frame yet", "info");
      } else {
        const f = this.source.take(i);
        if (f?.kind === "error") {
          this.hideCanvas();
          this.showMessage(f.message, f.message === "no keyframe yet" ? "info" : "error");
          this.setDrawn(i);
        } else if (f) {
          if (f.kind === "video" || f.kind === "bitmap") {
            const source = f.kind === "video" ? f.frame : f.bitmap;
            const iw = f.kind === "video" ? f.frame.displayWidth : f.bitmap.width;
            const ih = f.kind === "video" ? f.frame.displayHeight : f.bitmap.height;
            const { width, height } = fitCanvasSize(iw, ih, this.box.width, this.box.height, devicePixelRatio || 1);
            const canvas = this.el.canvas;
            if (canvas.width !== width) canvas.width = width;
            if (canvas.height !== height) canvas.height = height;
            canvas.getContext("2d")?.drawImage(source, 0, 0, width, height);
            closeReady(f);
          } else {
            drawImage(this.el.canvas, f);
          }
          if (this.el.canvas.style.visibility !== "visible") this.el.canvas.style.visibility = "visible";
          this.showMessage(null, "info");
          this.setDrawn(i);
          this.stale = false;
          if (this.checkFirst) {
            // The first picture was made before the tile existed, for the box its camera's tile had in the episode
            // before (Player.preparedSize): when this box is bigger, it is made again at this size.
            this.checkFirst = false;
            queueMicrotask(() => this.redrawIfGrown());
          }
        }
      }
    }
    if (this.drawn === i || fatal) this.hideProgress();
    this.updateOverlay(tNs);
  }

  /** Close the decoder and every frame held. */
  dispose(): void {
    this.resize?.disconnect();
    this.pipeline.dispose();
  }

  private hideCanvas(): void {
    this.el.canvas.style.visibility = "hidden";
    this.setDrawn(-1);
  }

  private setDrawn(i: number): void {
    this.drawn = i;
    this.el.root.dataset.frameIndex = String(i);
    this.el.root.dataset.frameNs = i >= 0 ? String(this.times[i]) : "";
  }

  private showMessage(text: string | null, tone: "info" | "error"): void {
    // Unchanged: write nothing (every present comes here; a rewritten attribute costs a style recalculation).
    if (this.shownMessage !== undefined && this.shownMessage.text === text && this.shownMessage.tone === tone) return;
    this.shownMessage = { text, tone };
    this.shownError = tone === "error" ? text : null;
    this.el.message.textContent = text ?? "";
    this.el.message.hidden = text === null;
    this.el.message.dataset.tone = tone;
    if (tone === "error" && text) this.el.root.dataset.error = text;
    else delete this.el.root.dataset.error;
  }

  private updateOverlay(t: bigint): void {
    const n = this.index.logTimesNs.length;
    if (this.drawn < 0) {
      setText(this.el.frameLabel, `— / ${n}`);
      setText(this.el.timeLabel, "");
      setText(this.el.offsetLabel, "");
      return;
    }
    const ft = this.times[this.drawn]!;
    setText(this.el.frameLabel, `${this.drawn + 1} / ${n}`);
    setText(this.el.timeLabel, `${formatSeconds(ft - this.startNs)} s`);
    setText(this.el.offsetLabel, formatOffsetMs(ft - t));
  }
}
