/**
 * Fetches a camera's frames by index with read-ahead and a cache bounded in frames and bytes, deduplicating
 * overlapping requests; when idle it fills the cache around the playhead in the background (as a video player
 * buffers), so a seek nearby decodes at once instead of waiting for a round trip. Every request is cancellable: a
 * seek away cancels background reads that do not hold the wanted frame, and `dispose` (tile gone, episode closed)
 * cancels all — the Node side stops reading them.
 */
import type { CameraFrame } from "../../../shared/episode.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";

/** Frames per background fill request. */
const FILL_BATCH = 150;

/** Cached, read-ahead frame access for one camera topic. */
export class FrameFetcher {
  private readonly cache = new Map<number, CameraFrame>();
  private readonly inflight: Array<{ from: number; to: number; done: Promise<void>; cancel: AbortController; background: boolean }> = [];
  private focus = 0;
  /** Payload bytes held in the cache. */
  private bytes = 0;
  private filling = false;
  private disposed = false;
  /** Every frame is cached (nothing to fill until something is evicted). */
  private complete = false;

  /**
   * @param frameCount frames in the camera's FrameIndex
   * @param capacity frames kept in the cache (older ones, then farther ahead ones, are dropped first)
   * @param byteBudget payload bytes kept in the cache (the same order of dropping)
   */
  constructor(
    private readonly api: EpiscopeApi,
    private readonly episodeId: string,
    private readonly topic: string,
    private readonly frameCount: number,
    private readonly capacity: number,
    private readonly byteBudget = Number.POSITIVE_INFINITY,
  ) {}

  /** Frames cached now. */
  get cachedFrames(): number {
    return this.cache.size;
  }

  /**
   * Fill the cache in the background, nearest frames to `around` first (ahead before behind), one request at a time,
   * while nothing else is being fetched and the cache has room (half the byte budget, 90 % of the frame capacity, so
   * filling never evicts what is wanted now). Stops by itself when full or when every frame is cached.
   */
  fill(around: number): void {
    if (this.filling || this.disposed || this.complete || this.inflight.length > 0) return;
    if (this.bytes >= this.byteBudget / 2 || this.cache.size >= this.capacity * 0.9) return;
    const range = this.nearestMissingRun(around);
    if (!range) {
      this.complete = true;
      return;
    }
    this.filling = true;
    this.fetchRange(range.from, range.to, true).then(
      () => {
        this.filling = false;
        this.fill(this.focus);
      },
      () => {
        this.filling = false;
      },
    );
  }

  /** Stop background filling and cancel every request in flight (the tile is gone, the episode closed). */
  dispose(): void {
    this.disposed = true;
    for (const r of this.inflight) r.cancel.abort();
    this.keyframesRead?.abort();
  }

  private keyframesRead: AbortController | null = null;

  /** A keyframe pass asked for and held back (see cameraPipeline.ts HeldFetcher) is needed now: nothing here. */
  hurry(): void {}

  /**
   * Every keyframe flag of the camera (`episode.keyframes`: one pass over its frames' headers on the Node side), for
   * a FrameIndex served with only its first flags known. Cancelled by dispose.
   */
  keyframes(): Promise<Uint8Array> {
    const cancel = (this.keyframesRead = new AbortController());
    if (this.disposed) cancel.abort();
    return this.api.episode.keyframes({ episodeId: this.episodeId, topic: this.topic }, { signal: cancel.signal });
  }

  /**
   * The uncached run (≤ FILL_BATCH frames) to fetch next around `around`: the first gap ahead, unless the first gap
   * behind is less than half as far; null when every frame is cached.
   */
  private nearestMissingRun(around: number): { from: number; to: number } | null {
    const start = Math.max(0, Math.min(this.frameCount - 1, around));
    let ahead = start;
    while (ahead < this.frameCount && this.cache.has(ahead)) ahead++;
    let behind = start - 1;
    while (behind >= 0 && this.cache.has(behind)) behind--;
    const aheadOk = ahead < this.frameCount;
    if (aheadOk && (behind < 0 || ahead - start <= 2 * (start - behind))) {
      let to = ahead;
      while (to + 1 < this.frameCount && to + 1 - ahead < FILL_BATCH && !this.cache.has(to + 1)) to++;
      return { from: ahead, to };
    }
    if (behind < 0) return null;
    let from = behind;
    while (from - 1 >= 0 && behind - (from - 1) < FILL_BATCH && !this.cache.has(from - 1)) from--;
    return { from, to: behind };
  }

  /** Put frames fetched elsewhere (FrameIndex.lead, answered with the camera's frame index) into the cache. */
  seed(frames: readonly CameraFrame[]): void {
    if (this.disposed) return;
    this.store(frames);
  }

  /** Frame `i` when it is cached (it becomes the focus of eviction and filling), else undefined. No fetch. */
  peek(i: number): CameraFrame | undefined {
    const hit = this.cache.get(i);
    if (hit) this.focus = i;
    return hit;
  }

  /** Frame `i`; when it must be fetched, frames i..i+ahead−1 come in the same request. */
  async get(i: number, ahead = 1): Promise<CameraFrame> {
    this.focus = i;
    for (let attempt = 0; attempt < 3; attempt++) {
      const hit = this.cache.get(i);
      if (hit) return hit;
      const pending = this.inflight.find((r) => r.from <= i && i <= r.to);
      if (pending) {
        await pending.done;
        continue;
      }
      // A seek away: background reads elsewhere would only delay this one.
      for (const r of this.inflight) if (r.background) r.cancel.abort();
      const to = Math.min(this.frameCount - 1, i + Math.max(1, Math.min(ahead, this.capacity)) - 1);
      await this.fetchRange(i, to);
    }
    const frame = this.cache.get(i);
    if (!frame) throw new Error(`${this.topic}: frame ${i} was not returned by episode.frames`);
    return frame;
  }

  /**
   * Keep frames ahead of `from` coming: when fewer than half of the next `ahead` frames are cached or on their way,
   * fetch the next `ahead` frames after the first missing one in the background.
   */
  prefetch(from: number, ahead: number): void {
    const last = this.frameCount - 1;
    let m = from;
    while (m <= last && m - from < ahead && (this.cache.has(m) || this.inflight.some((r) => r.from <= m && m <= r.to))) m++;
    if (m > last || m - from >= Math.ceil(ahead / 2)) return;
    const to = Math.min(last, m + Math.min(ahead, this.capacity) - 1);
    void this.fetchRange(m, to, true).catch(() => {});
  }

  /** Fetch frames from..to into the cache; `background` reads (fill, prefetch) are cancelled by a seek away. */
  private fetchRange(from: number, to: number, background = false): Promise<void> {
    const cancel = new AbortController();
    if (this.disposed) cancel.abort();
    const done = this.api.episode
      .frames({ episodeId: this.episodeId, topic: this.topic, from, to }, { signal: cancel.signal })
      .then((frames) => this.store(frames))
      .finally(() => {
        const k = this.inflight.findIndex((r) => r.done === done);
        if (k >= 0) this.inflight.splice(k, 1);
      });
    this.inflight.push({ from, to, done, cancel, background });
    return done;
  }

  private store(frames: readonly CameraFrame[]): void {
    for (const f of frames) {
      const had = this.cache.get(f.index);
      if (had) this.bytes -= had.data.byteLength;
      this.cache.set(f.index, f);
      this.bytes += f.data.byteLength;
    }
    this.evict();
  }

  private evict(): void {
    if (this.cache.size <= this.capacity && this.bytes <= this.byteBudget) return;
    // Frames behind the focus go first (twice the weight), then the farthest ahead.
    const cost = (k: number) => (k < this.focus ? (this.focus - k) * 2 : k - this.focus);
    const keys = [...this.cache.keys()].sort((a, b) => cost(b) - cost(a));
    for (const k of keys) {
      if (this.cache.size <= this.capacity && this.bytes <= this.byteBudget) break;
      this.bytes -= this.cache.get(k)!.data.byteLength;
      this.cache.delete(k);
      this.complete = false;
    }
  }
}
