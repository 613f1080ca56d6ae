/**
 * WebCodecs decoding of one video camera (foxglove.CompressedVideo, one access unit per message).
 *
 * To show frame i it follows `planDecode`: continue from the last frame fed when no keyframe lies between, otherwise
 * reset and decode from the keyframe ≤ i. Only frame i is drawn; every other VideoFrame is closed as soon as it comes
 * out. A newer request makes an older one stop between frames when its work no longer helps (latest wins); the
 * decoder state stays consistent.
 */
import type { FrameIndex } from "../../../../shared/episode.ts";
import { chooseCodec } from "../../../../shared/playback/codec.ts";
import { keyframeAtOrBefore, planDecode } from "../../../../shared/playback/framePlan.ts";
import type { FrameFetcher } from "./frameFetcher.ts";
import { sizeCanvas } from "./imageDraw.ts";

/** The codec cannot be decoded here; the tile says so and stops trying. */
export class UnsupportedCodecError extends Error {
  constructor(
    readonly codec: string,
    readonly reason: string,
  ) {
    super(`unsupported codec: ${codec} (${reason})`);
    this.name = "UnsupportedCodecError";
  }
}

/** Outcome of a `show` call. */
export type ShowResult = "drawn" | "stale" | "no-keyframe";

/** How many frames to wait for after the queue drains before flushing (frames held back by reordering). */
const DRAIN_POLLS = 3;
const POLL_MS = 16;

/** Decodes and draws one video camera's frames onto a canvas. */
export class VideoPipeline {
  private decoder: VideoDecoder | null = null;
  private config: VideoDecoderConfig | null = null;
  /** Last frame fed to the decoder since its last reset/flush, -1 when it needs a keyframe. */
  private lastFed = -1;
  /** Last frame drawn on the canvas. */
  private lastDrawn = -1;
  /** Frame whose output should be drawn, and the callback to call when it is. */
  private drawTarget = -1;
  private onTargetDrawn: (() => void) | null = null;
  private failure: Error | null = null;
  private disposed = false;

  constructor(
    private readonly index: FrameIndex,
    private readonly fetcher: FrameFetcher,
    private readonly canvas: HTMLCanvasElement,
  ) {}

  /** Immediately known unsupported formats (H.265): the reason, else null. */
  static precheck(format: string): UnsupportedCodecError | null {
    if (typeof VideoDecoder === "undefined") return new UnsupportedCodecError(format, "WebCodecs is not available in this window");
    const choice = chooseCodec(format, null);
    return choice.supported ? null : new UnsupportedCodecError(choice.codec, choice.reason);
  }

  /**
   * Decode as needed and draw frame `target`. `getWant` returns the frame the tile wants now: the work is abandoned
   * when the want moves behind the frame being fed (or past a keyframe beyond it), but when it moves forward the target
   * is still drawn (progress during fast playback) and the caller continues from there without a reset.
   * `ahead` is the read-ahead for fetching while playing.
   * @throws UnsupportedCodecError, or an Error from the decoder
   */
  async show(target: number, getWant: () => number, ahead: number): Promise<ShowResult> {
    let plan = planDecode(target, this.lastFed, this.index.keyframes);
    if (plan.kind === "current" && this.lastDrawn !== target) plan = planDecode(target, -1, this.index.keyframes);
    if (plan.kind === "no-keyframe") return "no-keyframe";
    this.drawTarget = target;
    if (plan.kind === "current") return "drawn";

    /** True when feeding frame i no longer helps toward what is wanted. */
    const useless = (i: number) => {
      const want = getWant();
      return want < i || (want > target && keyframeAtOrBefore(this.index.keyframes, want) > i);
    };
    const drawn = new Promise<void>((resolve) => (this.onTargetDrawn = resolve));
    if (plan.reset) {
      const first = await this.fetcher.get(plan.from, Math.max(plan.to - plan.from + 1, ahead));
      if (this.disposed || useless(plan.from)) return "stale";
      await this.configure(first.data);
      if (this.disposed || useless(plan.from)) return "stale";
    }
    for (let i = plan.from; i <= plan.to; i++) {
      const frame = await this.fetcher.get(i, Math.max(plan.to - i + 1, ahead));
      if (this.disposed) return "stale";
      if (this.failure) throw this.failure;
      const decoder = this.decoder;
      if (!decoder || decoder.state !== "configured") throw new Error("video decoder is not configured");
      decoder.decode(
        new EncodedVideoChunk({ type: frame.keyframe ? "key" : "delta", timestamp: i, data: frame.data as Uint8Array<ArrayBuffer> }),
      );
      this.lastFed = i;
      if (i < plan.to && useless(i + 1)) return "stale";
    }
    return this.awaitTarget(drawn, target, getWant);
  }

  /** Wait until frame `target` is drawn; flush when the decoder holds it back (then a keyframe is needed again). */
  private async awaitTarget(drawn: Promise<void>, target: number, getWant: () => number): Promise<ShowResult> {
    let done = false;
    void drawn.then(() => (done = true));
    let idlePolls = 0;
    while (!done) {
      if (this.failure) throw this.failure;
      if (this.disposed || getWant() < target) return "stale";
      await Promise.race([drawn, new Promise((r) => setTimeout(r, POLL_MS))]);
      if (done) break;
      const decoder = this.decoder;
      if (!decoder || decoder.state !== "configured") continue;
      idlePolls = decoder.decodeQueueSize === 0 ? idlePolls + 1 : 0;
      if (idlePolls >= DRAIN_POLLS) {
        await decoder.flush().catch(() => {});
        this.lastFed = -1; // after flush() the decoder needs a keyframe
        if (!done) break;
      }
    }
    if (this.failure) throw this.failure;
    return done ? "drawn" : "stale";
  }

  private async configure(keyframe: Uint8Array): Promise<void> {
    if (!this.config) {
      const choice = chooseCodec(this.index.format, keyframe);
      if (!choice.supported) throw new UnsupportedCodecError(choice.codec, choice.reason);
      const config: VideoDecoderConfig = { codec: choice.codec, optimizeForLatency: true };
      const support = await VideoDecoder.isConfigSupported(config).catch((e: unknown) => ({ supported: false, error: e }));
      if (!support.supported) {
        throw new UnsupportedCodecError(choice.codec, `${this.index.format}: VideoDecoder.isConfigSupported says no`);
      }
      this.config = config;
    }
    if (!this.decoder || this.decoder.state === "closed") {
      this.failure = null;
      this.decoder = new VideoDecoder({
        output: (frame) => this.onOutput(frame),
        error: (e) => {
          this.failure = new Error(`video decode error: ${e.message}`);
          this.decoder = null;
          this.lastFed = -1;
        },
      });
    } else {
      this.decoder.reset();
    }
    this.decoder.configure(this.config);
    this.lastFed = -1;
  }

  private onOutput(frame: VideoFrame): void {
    try {
      if (!this.disposed && frame.timestamp === this.drawTarget) {
        const w = frame.displayWidth;
        const h = frame.displayHeight;
        sizeCanvas(this.canvas, w, h);
        this.canvas.getContext("2d")?.drawImage(frame, 0, 0, w, h);
        this.lastDrawn = this.drawTarget;
        const cb = this.onTargetDrawn;
        this.onTargetDrawn = null;
        cb?.();
      }
    } finally {
      frame.close();
    }
  }

  /** The canvas was cleared by someone else: nothing of ours is on it. */
  markCleared(): void {
    this.lastDrawn = -1;
  }

  /** Forget a decoder error so the next `show` starts fresh. */
  clearFailure(): void {
    this.failure = null;
    this.lastFed = -1;
  }

  /** Close the decoder. */
  dispose(): void {
    this.disposed = true;
    if (this.decoder && this.decoder.state !== "closed") this.decoder.close();
    this.decoder = null;
  }
}
