/**
 * Fetches a camera's frames by index with read-ahead and a small cache, deduplicating overlapping requests.
 * `episode.frames` returns at most 600 frames per call.
 */
import type { CameraFrame } from "../../../../shared/episode.ts";
import type { EpiscopeApi } from "../../../../shared/ipc/contract.ts";

const MAX_PER_REQUEST = 600;

/** Cached, read-ahead frame access for one camera topic. */
export class FrameFetcher {
  private readonly cache = new Map<number, CameraFrame>();
  private readonly inflight: Array<{ from: number; to: number; done: Promise<void> }> = [];
  private focus = 0;

  /**
   * @param frameCount frames in the camera's FrameIndex
   * @param capacity frames kept in the cache (older ones, then farther ahead ones, are dropped first)
   */
  constructor(
    private readonly api: EpiscopeApi,
    private readonly episodeId: string,
    private readonly topic: string,
    private readonly frameCount: number,
    private readonly capacity: number,
  ) {}

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
      const to = Math.min(this.frameCount - 1, i + Math.max(1, Math.min(ahead, MAX_PER_REQUEST, this.capacity)) - 1);
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
    const to = Math.min(last, m + Math.min(ahead, MAX_PER_REQUEST, this.capacity) - 1);
    void this.fetchRange(m, to).catch(() => {});
  }

  private fetchRange(from: number, to: number): Promise<void> {
    const done = this.api.episode
      .frames({ episodeId: this.episodeId, topic: this.topic, from, to })
      .then((frames) => {
        for (const f of frames) this.cache.set(f.index, f);
        this.evict();
      })
      .finally(() => {
        const k = this.inflight.findIndex((r) => r.done === done);
        if (k >= 0) this.inflight.splice(k, 1);
      });
    this.inflight.push({ from, to, done });
    return done;
  }

  private evict(): void {
    if (this.cache.size <= this.capacity) return;
    // Frames behind the focus go first (twice the weight), then the farthest ahead.
    const cost = (k: number) => (k < this.focus ? (this.focus - k) * 2 : k - this.focus);
    const keys = [...this.cache.keys()].sort((a, b) => cost(b) - cost(a));
    for (const k of keys.slice(0, this.cache.size - this.capacity)) this.cache.delete(k);
  }
}
