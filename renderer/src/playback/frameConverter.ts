/**
 * Decoded video frames → ImageBitmaps in worker threads, so the main thread only blits bitmaps when it presents.
 * Without a GPU, `drawImage(VideoFrame)` costs 20–40 ms of main-thread time per 720p frame here, which held 1×
 * playback of three 720p30 cameras to about 0.8×; the conversion in a worker (`copyTo` RGBA) plus the blit of the
 * bitmap costs the main thread about 1 ms (measured in Debian's Chromium, `npm run bench playback`).
 */
import { WorkerCalls } from "../workers/workerCalls.ts";
import type { ConvertReply, ConvertRequest } from "./frameConverterProtocol.ts";

/** Workers in the pool (the machines this runs on have 2+ cores; decoding has threads of its own). */
const POOL_SIZE = 2;

/** A small pool of converter workers, round robin. */
class FrameConverterPool {
  private readonly workers: WorkerCalls<ConvertReply>[] = [];
  private turn = 0;

  constructor(size: number) {
    for (let k = 0; k < size; k++) {
      const worker = new Worker(new URL("./frameConverter.worker.ts", import.meta.url), { type: "module", name: `frame-converter-${k}` });
      // A bitmap nobody waits for any more is closed.
      this.workers.push(new WorkerCalls<ConvertReply>(worker, "frame converter", (reply) => ("bitmap" in reply ? reply.bitmap.close() : undefined)));
    }
  }

  /**
   * The frame as an ImageBitmap of its visible picture, shrunk (by an integer factor) as far as it stays at least
   * `maxWidth`×`maxHeight` px (0 × 0: full size). The frame is transferred (closed here).
   */
  convert(frame: VideoFrame, maxWidth = 0, maxHeight = 0): Promise<ImageBitmap> {
    const worker = this.workers[this.turn++ % this.workers.length]!;
    let reply: Promise<ConvertReply>;
    try {
      reply = worker.call({ frame, maxWidth, maxHeight } satisfies Omit<ConvertRequest, "id">, [frame as unknown as Transferable]).reply;
    } catch (error) {
      frame.close();
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return reply.then((r) => {
      if ("bitmap" in r) return r.bitmap;
      throw new Error(`frame conversion failed: ${r.error}`);
    });
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
