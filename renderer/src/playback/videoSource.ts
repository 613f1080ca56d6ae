/**
 * WebCodecs decoding of one video camera (foxglove.CompressedVideo, one access unit per message) ahead of the clock.
 *
 * Frames are fed in order; to get frame i ready it continues from the last frame fed when no keyframe lies between,
 * otherwise it resets and decodes from the keyframe ≤ i (DESIGN §3). Decoded frames inside the wanted range wait in a
 * small map until drawn; every other VideoFrame is closed as soon as it comes out (no leaks). Wanted frames are turned
 * into ImageBitmaps by worker threads (frameConverter.ts) before they count as ready, so presenting one is a blit.
 */
import type { FrameIndex } from "../../../shared/episode.ts";
import { chooseCodec } from "../../../shared/playback/codec.ts";
import { keyframeAtOrBefore } from "../../../shared/playback/framePlan.ts";
import type { FrameFetcher } from "./frameFetcher.ts";
import { errorMessage } from "../app/errors.ts";
import { frameConverter } from "./frameConverter.ts";
import { closeReady, type FrameSource, type ReadyFrame } from "./frameSource.ts";
import { keyframesCompleted } from "./keyframeFlags.ts";

/** Frame indexes whose keyframe flags are being completed (one `episode.keyframes` request per index). */
const completing = new WeakSet<FrameIndex>();

/** How long after a camera's first picture the rest of its keyframe flags are asked for (ms). */
const KEYFRAMES_AFTER_MS = 1500;

/** Chunks queued in the decoder before feeding waits. */
const MAX_DECODE_QUEUE = 3;
/**
 * How long an output may be held back with an empty decode queue before the decoder is taken to have an output delay
 * (ms). Any output wakes the wait early, so this only costs time with decoders that do hold frames back (once: the
 * delay is learned); it must exceed one frame's decode time on a busy machine (a 720p frame took over 50 ms on two
 * loaded cores here), or a low-delay decoder is taken for a delayed one and every seek decodes and converts a frame more.
 */
const HELD_OUTPUT_MS = 100;
/** The same for the first output after the decoder was (re)configured, which includes its start-up (ms). */
const FIRST_OUTPUT_MS = 250;
/** How long the last frame of the camera may be held back before the decoder is flushed (ms). */
const END_FLUSH_MS = 12;
/** Most output delay (frames) assumed before flushing instead. */
const MAX_DELAY = 8;

/** The codec cannot be decoded here; the tile says so. */
export class UnsupportedCodecError extends Error {
  constructor(
    readonly codec: string,
    readonly reason: string,
  ) {
    super(`unsupported codec: ${codec} (${reason})`);
    this.name = "UnsupportedCodecError";
  }
}

/** Decodes one video camera ahead of the clock. */
export class VideoSource implements FrameSource {
  fatal: string | null = null;
  /** Size (px) of the decoded pictures (display size), once one came out of the decoder. */
  pictureSize: { width: number; height: number } | null = null;
  private readonly ready = new Map<number, ReadyFrame>();
  /** Frames out of the decoder whose bitmap is being made (they count as neither needed nor ready). */
  private readonly converting = new Set<number>();
  private from = -1;
  private to = -1;
  private keep = -1;
  private decoder: VideoDecoder | null = null;
  private config: VideoDecoderConfig | null = null;
  /** Last frame fed since the last reset; -1 before any. */
  private lastFed = -1;
  /** Last frame that came out of the decoder since the last reset. */
  private lastOut = -1;
  /** Keyframe the decoder was last reset to (-1 before any). */
  private runStart = -1;
  /** False after a flush (the decoder needs a keyframe) or before configuration. */
  private canContinue = false;
  /** Frames the decoder holds back before it outputs one (learned; 0 for a low-delay decoder). */
  private delay = 0;
  private pumping = false;
  /** When the decoder began holding back the wanted frame (performance.now ms; -1 when it is not). */
  private holdSince = -1;
  private holdFor = -1;
  private wake: (() => void) | null = null;
  private disposed = false;
  /** Asks for every keyframe flag a while after the first picture (see completeKeyframes). */
  private keyframesTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly index: FrameIndex,
    private readonly fetcher: FrameFetcher,
    private readonly onReady: () => void,
    /** Size (px) of the canvas a `width`×`height` picture is drawn into now: frames are converted no larger. */
    private readonly canvasSize: (width: number, height: number) => { width: number; height: number } = (width, height) => ({ width, height }),
  ) {
    if (typeof VideoDecoder === "undefined") this.fatal = new UnsupportedCodecError(index.format, "WebCodecs is not available in this window").message;
    else {
      const choice = chooseCodec(index.format, null);
      if (!choice.supported) this.fatal = new UnsupportedCodecError(choice.codec, choice.reason).message;
    }
  }

  has(i: number): boolean {
    return this.ready.has(i) || (i >= 0 && keyframeAtOrBefore(this.index.keyframes, i) < 0);
  }

  want(from: number, to: number, keep: number): void {
    this.from = from;
    this.to = to;
    this.keep = keep;
    for (const [i, f] of this.ready) {
      if (i !== keep && (i < from || i > to + this.delay)) {
        closeReady(f);
        this.ready.delete(i);
      }
    }
    this.poke();
    if (!this.pumping && !this.fatal && !this.disposed) void this.pump();
  }

  progress(i: number): { done: number; total: number } | null {
    if (i < 0 || this.ready.has(i) || this.converting.has(i)) return null;
    const k = keyframeAtOrBefore(this.index.keyframes, i);
    if (k < 0) return null;
    // The decoder's current run reaches i when it started at or before i and no keyframe it would jump to lies
    // between; otherwise a reset to k comes and nothing toward i is done yet.
    const continuing = this.canContinue && this.runStart >= 0 && this.runStart <= i && k <= Math.max(this.runStart, this.lastFed + 1);
    const start = continuing ? this.runStart : k;
    const done = continuing ? Math.max(0, Math.min(this.lastOut, i) - start + 1) : 0;
    return { done, total: i - start + 1 };
  }

  take(i: number): ReadyFrame | undefined {
    const f = this.ready.get(i);
    if (f) {
      this.ready.delete(i);
      // It is on screen now: nothing before it is wanted any more.
      this.keep = i;
      if (this.from < i) this.from = i;
      this.poke();
      return f;
    }
    if (i >= 0 && keyframeAtOrBefore(this.index.keyframes, i) < 0) return { kind: "error", message: "no keyframe yet" };
    return undefined;
  }

  dispose(): void {
    this.disposed = true;
    if (this.keyframesTimer) clearTimeout(this.keyframesTimer);
    for (const f of this.ready.values()) closeReady(f);
    this.ready.clear();
    if (this.decoder && this.decoder.state !== "closed") this.decoder.close();
    this.decoder = null;
    this.poke();
  }

  private poke(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Wait for a poke, or at most `ms`; the timer is cleared on a poke (a seek would otherwise leave one per frame). */
  private sleep(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      if (ms === undefined) {
        this.wake = resolve;
        return;
      }
      const timer = setTimeout(() => {
        if (this.wake === wake) this.wake = null;
        resolve();
      }, ms);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.wake = wake;
    });
  }

  /** First frame of the wanted range that is neither ready nor drawn, or -1. */
  private firstNeeded(): number {
    if (this.index.keyframesKnown !== undefined && this.to >= this.index.keyframesKnown) {
      // Wanted now (a seek past the known flags): a pass held back for the open episode's load goes at once.
      this.completeKeyframes();
      this.fetcher.hurry();
    }
    for (let i = Math.max(0, this.from); i <= this.to; i++) {
      if (i === this.keep || this.ready.has(i) || this.converting.has(i)) continue;
      if (keyframeAtOrBefore(this.index.keyframes, i) < 0) continue;
      return i;
    }
    return -1;
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (!this.disposed && !this.fatal) {
        const need = this.firstNeeded();
        if (need < 0) {
          // Idle: buffer frames around the playhead so a seek nearby need not wait for them.
          this.fetcher.fill(Math.max(0, this.from));
          await this.sleep();
          continue;
        }
        const last = this.index.logTimesNs.length - 1;
        if (need <= this.lastFed && need > this.lastOut && this.canContinue) {
          // In flight. A decoder with output delay (frame threads) holds it until more frames come in: learn that
          // delay and feed ahead instead of flushing (a flush would cost a keyframe restart); flush only at the end.
          const d = this.decoder!;
          if (d.decodeQueueSize === 0 && this.lastFed >= Math.min(last, this.to + this.delay)) {
            // The first output after a reset also waits for the decoder to start up; at the last frame there is
            // nothing more to feed, and a flush costs nothing. The wait is timed from its start: wake-ups by other
            // events (a new request each animation frame) do not shorten it.
            const hold = this.lastFed >= last ? END_FLUSH_MS : this.lastOut < 0 ? FIRST_OUTPUT_MS : HELD_OUTPUT_MS;
            if (this.holdSince < 0 || this.holdFor !== need) {
              this.holdSince = performance.now();
              this.holdFor = need;
            }
            const left = this.holdSince + hold - performance.now();
            if (left > 0) {
              await this.sleep(left);
              continue;
            }
            this.holdSince = -1;
            if (this.lastFed < last && this.delay < MAX_DELAY) this.delay++;
            else {
              this.canContinue = false;
              await d.flush().catch(() => undefined);
            }
            continue;
          }
          if (d.decodeQueueSize > 0) {
            await this.sleep(HELD_OUTPUT_MS);
            continue;
          }
        }
        const k = keyframeAtOrBefore(this.index.keyframes, need);
        // Continue when the needed frame is in flight, or next with no keyframe to jump to in between.
        const cont = this.canContinue && this.lastFed >= 0 && (need > this.lastFed ? k <= this.lastFed + 1 : need > this.lastOut);
        const next = cont ? this.lastFed + 1 : k;
        if (next > Math.min(last, this.to + this.delay)) {
          await this.sleep();
          continue;
        }
        if (this.decoder && this.decoder.decodeQueueSize >= MAX_DECODE_QUEUE) {
          await this.sleep(8);
          continue;
        }
        // Playing (a range is wanted): fetch in batches; a paused seek fetches only what it decodes.
        const batch = this.to > this.from ? Math.max(30, this.to - next + 1) : Math.max(1, this.to + this.delay - next + 1);
        // A cached frame is fed at once, without a turn through the fetcher's promise.
        let frame = this.fetcher.peek(next);
        if (!frame) {
          frame = await this.fetcher.get(next, batch);
          if (this.disposed) return;
          // Re-check: the wanted range may have moved while fetching.
          if (this.firstNeeded() !== need) continue;
        }
        if (!cont) {
          if (!this.config) this.config = await chooseConfig(this.index.format, frame.data);
          if (this.disposed || this.fatal) return;
          this.resetDecoder();
          this.runStart = next;
        }
        this.decoder!.decode(
          new EncodedVideoChunk({ type: frame.keyframe ? "key" : "delta", timestamp: next, data: frame.data as Uint8Array<ArrayBuffer> }),
        );
        this.lastFed = next;
      }
    } catch (e) {
      if (!this.disposed) {
        this.fatal = e instanceof UnsupportedCodecError ? e.message : `video decode failed: ${errorMessage(e)}`;
        this.onReady();
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Reset (or create) the decoder and configure it; the next chunk must be a keyframe. Needs `config`. */
  private resetDecoder(): void {
    if (!this.decoder || this.decoder.state === "closed") {
      const decoder: VideoDecoder = new VideoDecoder({
        output: (frame) => this.onOutput(decoder, frame),
        error: (e) => {
          if (this.decoder !== decoder || this.disposed) return;
          this.fatal = `video decode error: ${e.message}`;
          this.decoder = null;
          this.poke();
          this.onReady();
        },
      });
      decoder.addEventListener("dequeue", () => this.poke());
      this.decoder = decoder;
    } else {
      this.decoder.reset();
    }
    this.decoder.configure(this.config!);
    this.holdSince = -1;
    this.lastFed = -1;
    this.lastOut = -1;
    this.canContinue = true;
  }

  /** Make frame i's bitmap in a worker; keep it when it is still wanted then. */
  private convert(converter: NonNullable<ReturnType<typeof frameConverter>>, i: number, frame: VideoFrame): void {
    this.converting.add(i);
    this.pictureSize = { width: frame.displayWidth, height: frame.displayHeight };
    const size = this.canvasSize(frame.displayWidth, frame.displayHeight);
    converter.convert(frame, size.width, size.height).then(
      (bitmap) => {
        this.converting.delete(i);
        if (this.disposed || i < this.from || i > this.to + this.delay || i === this.keep || this.ready.has(i)) bitmap.close();
        else this.ready.set(i, { kind: "bitmap", bitmap });
        this.poke();
        this.onReady();
      },
      (error: unknown) => {
        this.converting.delete(i);
        if (!this.disposed) this.ready.set(i, { kind: "error", message: `frame ${i + 1}: ${errorMessage(error)}` });
        this.poke();
        this.onReady();
      },
    );
  }

  /**
   * When the index came with only its first keyframe flags (FrameIndex.keyframesKnown), ask for all of them and write
   * them into the index's own array (every reader of the index sees them; until then a seek decodes from an earlier
   * keyframe, which is slower but shows the same frame). Asked when a wanted frame lies past the known flags, or
   * KEYFRAMES_AFTER_MS after the first picture (not before: the pass would compete with the other cameras' first
   * pictures on the Node side).
   */
  private completeKeyframes(): void {
    const index = this.index;
    if (index.keyframesKnown === undefined || completing.has(index) || this.disposed) return;
    completing.add(index);
    this.fetcher.keyframes().then(
      (all) => {
        if (all.length !== index.keyframes.length) return;
        index.keyframes.set(all);
        delete index.keyframesKnown;
        keyframesCompleted(index);
        this.poke();
      },
      () => completing.delete(index), // cancelled (tile gone) or failed: the next source of this index asks again
    );
  }

  private onOutput(decoder: VideoDecoder, frame: VideoFrame): void {
    const i = frame.timestamp;
    if (this.disposed || decoder !== this.decoder || i < this.from || i > this.to + this.delay || i === this.keep || this.ready.has(i) || this.converting.has(i)) {
      frame.close();
    } else {
      if (this.index.keyframesKnown !== undefined && !this.keyframesTimer) {
        this.keyframesTimer = setTimeout(() => this.completeKeyframes(), KEYFRAMES_AFTER_MS);
      }
      const converter = frameConverter();
      if (converter) this.convert(converter, i, frame);
      else this.ready.set(i, { kind: "video", frame });
    }
    if (decoder === this.decoder) {
      this.lastOut = Math.max(this.lastOut, i);
      this.holdSince = -1;
    }
    this.poke();
    // Only a frame kept ready (no converter) changes what can be presented; a converted one reports when it is done.
    if (this.ready.has(i)) this.onReady();
  }
}

/**
 * The decoder configuration for a camera's format, from its first keyframe (H.264 needs its SPS).
 * @throws UnsupportedCodecError when the codec is unknown or Chromium cannot decode it here
 */
async function chooseConfig(format: string, keyframe: Uint8Array): Promise<VideoDecoderConfig> {
  const choice = chooseCodec(format, keyframe);
  if (!choice.supported) throw new UnsupportedCodecError(choice.codec, choice.reason);
  const config: VideoDecoderConfig = { codec: choice.codec, optimizeForLatency: true };
  const support = await VideoDecoder.isConfigSupported(config).catch(() => ({ supported: false }));
  if (!support.supported) throw new UnsupportedCodecError(choice.codec, `${format}: VideoDecoder.isConfigSupported says no`);
  return config;
}
