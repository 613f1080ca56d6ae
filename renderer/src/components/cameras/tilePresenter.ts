/**
 * Drives one camera tile from the playback clock without React: at clock t the tile shows the camera's latest frame
 * with log time ≤ t (the sync rule). Requests are latest-wins: while one frame is being fetched/decoded, newer clock
 * positions only update the wanted index, and the loop moves straight to the newest one.
 *
 * DOM contract for tests: the tile root carries `data-frame-index` (the frame drawn, -1 if none) and `data-topic`.
 */
import type { ChannelSummary, FrameIndex } from "../../../../shared/episode.ts";
import type { EpiscopeApi } from "../../../../shared/ipc/contract.ts";
import { formatSeconds, latestAtOrBefore } from "../../../../shared/time.ts";
import { errorMessage } from "../../app/errors.ts";
import { clockStore, subscribeTime } from "../../stores/clock.ts";
import { FrameFetcher } from "./frameFetcher.ts";
import { decodeImageFrame, drawImage, releaseImage } from "./imageDraw.ts";
import { UnsupportedCodecError, VideoPipeline } from "./videoPipeline.ts";

/** The DOM nodes a presenter writes to. */
export interface TileElements {
  root: HTMLElement;
  canvas: HTMLCanvasElement;
  message: HTMLElement;
  frameLabel: HTMLElement;
  timeLabel: HTMLElement;
  offsetLabel: HTMLElement;
}

/** Read-ahead in frames while playing, per payload (raw frames are large). */
const AHEAD_PLAYING = { video: 60, image: 30, raw: 8 } as const;
const CACHE_CAPACITY = { video: 660, image: 90, raw: 24 } as const;

/** Format an offset in ms with a sign, e.g. `+0 ms`, `−8 ms`. */
export function formatOffsetMs(offsetNs: bigint): string {
  const ms = Number(offsetNs) / 1e6;
  const rounded = Math.round(ms);
  if (rounded === 0) return "+0 ms";
  return `${rounded > 0 ? "+" : "−"}${Math.abs(rounded)} ms`;
}

/** Presents one camera channel in a tile. */
export class TilePresenter {
  private readonly fetcher: FrameFetcher;
  private readonly video: VideoPipeline | null;
  private readonly payload: "video" | "image" | "raw";
  private want = -1;
  /** The index the loop last finished with (drawn, or given up on), so it does not retry forever. */
  private settled = Number.NaN;
  private drawn = -1;
  private busy = false;
  private fatal: string | null = null;
  private unsubscribe: (() => void) | null = null;
  private disposed = false;

  constructor(
    api: EpiscopeApi,
    episodeId: string,
    private readonly channel: ChannelSummary,
    private readonly index: FrameIndex,
    private readonly startNs: bigint,
    private readonly el: TileElements,
  ) {
    this.payload = index.payload;
    this.fetcher = new FrameFetcher(api, episodeId, channel.topic, index.logTimesNs.length, CACHE_CAPACITY[this.payload]);
    this.video = this.payload === "video" ? new VideoPipeline(index, this.fetcher, el.canvas) : null;
    if (this.video) {
      const pre = VideoPipeline.precheck(index.format);
      if (pre) this.fatal = pre.message;
    }
  }

  /** Start following the clock. */
  start(): void {
    this.setDrawn(-1);
    this.updateOverlay(clockStore.getState().tNs);
    if (this.fatal) {
      this.showMessage(this.fatal, "error");
      return;
    }
    this.unsubscribe = subscribeTime((t) => this.onTime(t));
  }

  /** Stop and release everything. */
  dispose(): void {
    this.disposed = true;
    this.unsubscribe?.();
    this.video?.dispose();
  }

  private onTime(t: bigint): void {
    const target = latestAtOrBefore(this.index.logTimesNs, t);
    this.want = target;
    this.updateOverlay(t);
    if (!this.busy && target !== this.settled) void this.pump();
  }

  private ahead(): number {
    return clockStore.getState().playing ? AHEAD_PLAYING[this.payload] : 1;
  }

  private async pump(): Promise<void> {
    this.busy = true;
    try {
      while (!this.disposed && !this.fatal && this.want !== this.settled) {
        const target = this.want;
        await this.render(target);
        this.settled = target;
      }
    } finally {
      this.busy = false;
    }
  }

  private async render(target: number): Promise<void> {
    /** A fetched/decoded frame is still worth drawing unless the clock went back before it. */
    const isStale = () => this.disposed || this.want < target;
    if (target < 0) {
      this.clearCanvas();
      this.showMessage("no frame yet", "info");
      return;
    }
    try {
      if (this.video) {
        const result = await this.video.show(target, () => (this.disposed ? -1 : this.want), this.ahead());
        if (clockStore.getState().playing) this.fetcher.prefetch(target + 1, this.ahead());
        if (result === "drawn") this.drawnOk(target);
        else if (result === "no-keyframe") {
          this.clearCanvas();
          this.showMessage("no keyframe yet", "info");
        }
        return;
      }
      const frame = await this.fetcher.get(target, this.ahead());
      if (clockStore.getState().playing) this.fetcher.prefetch(target + 1, this.ahead());
      if (isStale()) return;
      const img = await decodeImageFrame(frame);
      if (isStale()) {
        releaseImage(img);
        return;
      }
      drawImage(this.el.canvas, img);
      this.drawnOk(target);
    } catch (e) {
      if (e instanceof UnsupportedCodecError) {
        this.fatal = e.message;
        this.clearCanvas();
        this.showMessage(e.message, "error");
        return;
      }
      this.video?.clearFailure();
      this.clearCanvas();
      this.showMessage(`frame ${target + 1}: ${errorMessage(e)}`, "error");
    }
  }

  private drawnOk(target: number): void {
    this.setDrawn(target);
    this.showMessage(null, "info");
    this.el.canvas.style.visibility = "visible";
    this.updateOverlay(clockStore.getState().tNs);
  }

  private clearCanvas(): void {
    this.el.canvas.style.visibility = "hidden";
    this.video?.markCleared();
    this.setDrawn(-1);
  }

  private setDrawn(i: number): void {
    this.drawn = i;
    this.el.root.dataset.frameIndex = String(i);
  }

  private showMessage(text: string | null, tone: "info" | "error"): void {
    this.el.message.textContent = text ?? "";
    this.el.message.hidden = text === null;
    this.el.message.dataset.tone = tone;
    if (tone === "error" && text) this.el.root.dataset.error = text;
    else delete this.el.root.dataset.error;
  }

  private updateOverlay(t: bigint): void {
    const n = this.index.logTimesNs.length;
    if (this.drawn < 0) {
      this.el.frameLabel.textContent = `— / ${n}`;
      this.el.timeLabel.textContent = "";
      this.el.offsetLabel.textContent = "";
      return;
    }
    const ft = this.index.logTimesNs[this.drawn]!;
    this.el.frameLabel.textContent = `${this.drawn + 1} / ${n}`;
    this.el.timeLabel.textContent = `${formatSeconds(ft - this.startNs)} s`;
    this.el.offsetLabel.textContent = formatOffsetMs(ft - t);
  }

  /** Topic of the presented channel. */
  get topic(): string {
    return this.channel.topic;
  }
}
