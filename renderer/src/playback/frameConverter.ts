/**
 * Decoded video frames → ImageBitmaps in worker threads, so the main thread only blits bitmaps when it presents.
 * Without a GPU, `drawImage(VideoFrame)` costs 20–40 ms of main-thread time per 720p frame here, which held 1×
 * playback of three 720p30 cameras to about 0.8×; the conversion in a worker (`copyTo` RGBA) plus the blit of the
 * bitmap costs the main thread about 1 ms (measured in Debian's Chromium, `npm run bench playback`).
 */
import type { ConvertReply, ConvertRequest } from "./frameConverterProtocol.ts";

/** Workers in the pool (the machines this runs on have 2+ cores; decoding has threads of its own). */
const POOL_SIZE = 2;

interface Pending {
  resolve(bitmap: ImageBitmap): void;
  reject(error: Error): void;
}

/** A small pool of converter workers, round robin. */
class FrameConverterPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private turn = 0;

  constructor(size: number) {
    for (let k = 0; k < size; k++) {
      const worker = new Worker(new URL("./frameConverter.worker.ts", import.meta.url), { type: "module", name: `frame-converter-${k}` });
      worker.onmessage = (e: MessageEvent<ConvertReply>) => this.settle(e.data);
      worker.onerror = (e) => {
        e.preventDefault();
        for (const [id, p] of this.pending) {
          this.pending.delete(id);
          p.reject(new Error(`frame converter worker failed: ${e.message}`));
        }
      };
      this.workers.push(worker);
    }
  }

  /**
   * The frame as an ImageBitmap of its visible picture, shrunk (by an integer factor) as far as it stays at least
   * `maxWidth`×`maxHeight` px (0 × 0: full size). The frame is transferred (closed here).
   */
  convert(frame: VideoFrame, maxWidth = 0, maxHeight = 0): Promise<ImageBitmap> {
    const id = this.nextId++;
    const worker = this.workers[this.turn++ % this.workers.length]!;
    return new Promise<ImageBitmap>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        worker.postMessage({ id, frame, maxWidth, maxHeight } satisfies ConvertRequest, [frame as unknown as Transferable]);
      } catch (error) {
        this.pending.delete(id);
        frame.close();
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  private settle(reply: ConvertReply): void {
    const p = this.pending.get(reply.id);
    if (!p) {
      if ("bitmap" in reply) reply.bitmap.close();
      return;
    }
    this.pending.delete(reply.id);
    if ("bitmap" in reply) p.resolve(reply.bitmap);
    else p.reject(new Error(`frame conversion failed: ${reply.error}`));
  }
}

let pool: FrameConverterPool | null | undefined;

/**
 * The shared converter, or null where workers or OffscreenCanvas are missing (then frames are drawn as they are).
 */
export function frameConverter(): Pick<FrameConverterPool, "convert"> | null {
  if (pool === undefined) {
    try {
      pool = typeof Worker === "function" && typeof OffscreenCanvas === "function" ? new FrameConverterPool(POOL_SIZE) : null;
    } catch {
      pool = null;
    }
  }
  return pool;
}
