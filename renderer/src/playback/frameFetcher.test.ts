/**
 * FrameFetcher's cache and background fill. The main process cannot run inside a renderer unit test (renderer/ never
 * imports electron/), so `episode.frames` is answered here by a stand-in that returns frames of a fixed size and
 * records each request; the e2e tests exercise the real one.
 */
import { describe, expect, it } from "vitest";
import type { CameraFrame } from "../../../shared/episode.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { FrameFetcher } from "./frameFetcher.ts";

const FRAME_BYTES = 1000;

function frameApi() {
  const requests: Array<[number, number]> = [];
  const signals: AbortSignal[] = [];
  const api = {
    episode: {
      frames: async ({ from, to }: { from: number; to: number }, options?: { signal?: AbortSignal }): Promise<CameraFrame[]> => {
        requests.push([from, to]);
        if (options?.signal) signals.push(options.signal);
        await new Promise((r) => setTimeout(r, 1));
        return Array.from({ length: to - from + 1 }, (_, k) => ({
          index: from + k,
          logTimeNs: BigInt(from + k),
          payload: "video",
          format: "h264",
          keyframe: (from + k) % 30 === 0,
          data: new Uint8Array(FRAME_BYTES),
        }));
      },
    },
  } as unknown as EpiscopeApi;
  return { api, requests, signals };
}

/** Wait until the fetcher has been idle (no new request) for a few ms. */
async function settle(requests: unknown[]): Promise<void> {
  let seen = -1;
  while (seen !== requests.length) {
    seen = requests.length;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("FrameFetcher.fill", () => {
  it("buffers the nearest frames first (ahead, then behind), one request at a time, until every frame is cached", async () => {
    const { api, requests } = frameApi();
    const fetcher = new FrameFetcher(api, "e", "/cam", 400, 3000, 10 * 2 ** 20);
    await fetcher.get(200, 1);
    fetcher.fill(200);
    fetcher.fill(200); // a second call while filling adds nothing
    await settle(requests);
    // The nearest gap next, ahead preferred up to twice as far: 201..350, then 50..199 (1 behind vs 151 ahead),
    // then 351..399 (151 ahead vs 151 behind), then 0..49.
    expect(requests).toEqual([
      [200, 200],
      [201, 350],
      [50, 199],
      [351, 399],
      [0, 49],
    ]);
    expect(fetcher.cachedFrames).toBe(400);
    // Requests never overlap and each is at most 150 frames.
    const covered = new Set<number>();
    for (const [a, b] of requests) {
      expect(b - a + 1).toBeLessThanOrEqual(150);
      for (let i = a; i <= b; i++) {
        expect(covered.has(i)).toBe(false);
        covered.add(i);
      }
    }
    const before = requests.length;
    fetcher.fill(0);
    await settle(requests);
    expect(requests.length).toBe(before);
  });

  it("fills only up to half the byte budget, and the budget bounds the cache", async () => {
    const { api, requests } = frameApi();
    const fetcher = new FrameFetcher(api, "e", "/cam", 1000, 3000, 200 * FRAME_BYTES);
    await fetcher.get(500, 1);
    fetcher.fill(500);
    await settle(requests);
    expect(fetcher.cachedFrames).toBeGreaterThanOrEqual(100);
    expect(fetcher.cachedFrames).toBeLessThanOrEqual(200);
    // Explicit reads may use the whole budget, never more: the frames farthest from the focus go.
    await fetcher.get(0, 150);
    await fetcher.get(900, 100);
    expect(fetcher.cachedFrames).toBeLessThanOrEqual(200);
  });

  it("stops filling once disposed", async () => {
    const { api, requests } = frameApi();
    const fetcher = new FrameFetcher(api, "e", "/cam", 2000, 3000, 10 * 2 ** 20);
    fetcher.fill(0);
    fetcher.dispose();
    await settle(requests);
    expect(requests.length).toBe(1);
  });
});

describe("FrameFetcher cancellation", () => {
  it("a seek away cancels background reads elsewhere; dispose cancels every read in flight", async () => {
    const { api, requests, signals } = frameApi();
    const fetcher = new FrameFetcher(api, "e", "/cam", 2000, 3000, 10 * 2 ** 20);
    fetcher.fill(0); // background: frames 0..149
    expect(signals).toHaveLength(1);
    const seek = fetcher.get(1500, 10); // far away: the fill is cancelled, the wanted read is not
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[1]!.aborted).toBe(false);
    expect((await seek).index).toBe(1500);
    fetcher.prefetch(1510, 100);
    const inFlight = signals.length - 1;
    fetcher.dispose();
    expect(signals[inFlight]!.aborted).toBe(true);
    expect(requests[1]).toEqual([1500, 1509]);
  });
});

describe("FrameFetcher.peek", () => {
  it("returns a cached frame at once and never fetches", async () => {
    const { api, requests } = frameApi();
    const fetcher = new FrameFetcher(api, "e", "/cam", 100, 3000);
    expect(fetcher.peek(10)).toBeUndefined();
    expect(requests).toEqual([]);
    await fetcher.get(10, 5);
    expect(fetcher.peek(12)?.index).toBe(12);
    expect(fetcher.peek(15)).toBeUndefined();
    expect(requests).toEqual([[10, 14]]);
  });

  it("frames seeded from a frame index's lead are served from the cache, without a request, and count in its budget", async () => {
    const { api, requests } = frameApi();
    const fetcher = new FrameFetcher(api, "e", "/cam", 100, 10, 3 * FRAME_BYTES);
    const lead = [0, 1, 2].map((i) => ({ index: i, logTimeNs: BigInt(i), payload: "video" as const, format: "h264", keyframe: i === 0, data: new Uint8Array(FRAME_BYTES) }));
    fetcher.seed(lead);
    expect(fetcher.peek(2)).toBe(lead[2]);
    expect(await fetcher.get(0)).toBe(lead[0]);
    expect(requests).toEqual([]);
    await fetcher.get(5); // a fourth frame's bytes: past the budget, the farthest from the focus goes
    expect(fetcher.cachedFrames).toBe(3);
    fetcher.dispose();
    fetcher.seed([{ ...lead[0]!, index: 50 }]); // disposed: ignored
    expect(fetcher.peek(50)).toBeUndefined();
  });
});
