/**
 * Still-image cameras (JPEG/PNG/WebP via createImageBitmap, raw pixels via ImageData) decoded ahead of the clock,
 * a few frames at a time.
 */
import type { FrameIndex } from "../../../shared/episode.ts";
import type { DepthColormap } from "../../../shared/playback/colormap.ts";
import { errorMessage } from "../app/errors.ts";
import type { FrameFetcher } from "./frameFetcher.ts";
import { decodeImageFrame, releaseImage } from "./imageDraw.ts";
import { closeReady, type FrameSource, type ReadyFrame } from "./frameSource.ts";

/** Frames fetched/decoded at the same time. */
const CONCURRENCY = 3;

/** Decodes one image camera ahead of the clock. */
export class ImageSource implements FrameSource {
  readonly fatal: string | null = null;
  private readonly ready = new Map<number, ReadyFrame>();
  private readonly loading = new Set<number>();
  private from = -1;
  private to = -1;
  private keep = -1;
  private disposed = false;

  constructor(
    private readonly index: FrameIndex,
    private readonly fetcher: FrameFetcher,
    private readonly onReady: () => void,
    /** How 16-bit/float (depth) raw frames are shown. */
    private readonly colormap?: DepthColormap,
  ) {}

  has(i: number): boolean {
    return this.ready.has(i);
  }

  want(from: number, to: number, keep: number): void {
    this.from = from;
    this.to = to;
    this.keep = keep;
    for (const [i, f] of this.ready) {
      if (i !== keep && (i < from || i > to)) {
        closeReady(f);
        this.ready.delete(i);
      }
    }
    this.fill();
  }

  take(i: number): ReadyFrame | undefined {
    const f = this.ready.get(i);
    if (f) {
      this.ready.delete(i);
      // It is on screen now: nothing before it is wanted any more.
      this.keep = i;
      if (this.from < i) this.from = i;
      this.fill();
    }
    return f;
  }

  dispose(): void {
    this.disposed = true;
    for (const f of this.ready.values()) closeReady(f);
    this.ready.clear();
  }

  private fill(): void {
    for (let i = Math.max(0, this.from); i <= this.to && this.loading.size < CONCURRENCY; i++) {
      if (i === this.keep || this.ready.has(i) || this.loading.has(i)) continue;
      void this.load(i);
    }
  }

  private async load(i: number): Promise<void> {
    this.loading.add(i);
    let result: ReadyFrame;
    try {
      const frame = await this.fetcher.get(i, this.to > this.from ? Math.max(this.to - i + 1, 30) : 1);
      result = await decodeImageFrame(frame, this.colormap);
    } catch (e) {
      result = { kind: "error", message: `frame ${i + 1}: ${errorMessage(e)}` };
    } finally {
      this.loading.delete(i);
    }
    if (this.disposed || i < this.from || i > this.to || this.ready.has(i)) {
      if (result.kind !== "error") releaseImage(result);
    } else {
      this.ready.set(i, result);
      this.onReady();
    }
    if (!this.disposed) this.fill();
  }
}
