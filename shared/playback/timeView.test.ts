import { describe, expect, it } from "vitest";
import { followTime, MIN_WINDOW_NS, zoomAround } from "./timeView.ts";

const episode = { startNs: 1_000n, endNs: 1_000n + 10_000_000_000n }; // 10 s

describe("time view", () => {
  it("zooms around a time keeping its place, clamps to the episode, and returns null at the whole episode", () => {
    const half = zoomAround(episode, episode, episode.startNs + 5_000_000_000n, 0.5)!;
    expect(half).toEqual({ startNs: episode.startNs + 2_500_000_000n, endNs: episode.startNs + 7_500_000_000n });
    // Near the start the window stays inside the episode.
    const early = zoomAround(episode, episode, episode.startNs + 100_000_000n, 0.5)!;
    expect(early.startNs).toBe(episode.startNs + 50_000_000n);
    expect(early.endNs - early.startNs).toBe(5_000_000_000n);
    expect(zoomAround(half, episode, episode.startNs, 2)).toBeNull();
    // Never narrower than 50 ms.
    const tiny = zoomAround({ startNs: episode.startNs, endNs: episode.startNs + 60_000_000n }, episode, episode.startNs, 0.1)!;
    expect(tiny.endNs - tiny.startNs).toBe(MIN_WINDOW_NS);
  });
  it("follows the playhead a page at a time", () => {
    const view = { startNs: episode.startNs, endNs: episode.startNs + 2_000_000_000n };
    expect(followTime(view, episode, episode.startNs + 1_000_000_000n)).toBe(view);
    expect(followTime(view, episode, episode.startNs + 3_000_000_000n)).toEqual({ startNs: episode.startNs + 2_800_000_000n, endNs: episode.startNs + 4_800_000_000n });
    expect(followTime(view, episode, episode.endNs)).toEqual({ startNs: episode.endNs - 2_000_000_000n, endNs: episode.endNs });
  });
});
