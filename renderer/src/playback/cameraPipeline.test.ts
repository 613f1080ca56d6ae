/**
 * A camera pipeline's fetcher while the open episode still loads (quietUntil) and before a tile adopts it: no
 * background fill and no keyframe pass until both end, except a pass a seek needs now (hurry). The episode service
 * is a stand-in recording requests (renderer unit tests cannot run the main process; e2e tests drive the real one),
 * and the source is a stand-in that only hands the test its fetcher (Node has no WebCodecs).
 */
import { describe, expect, it } from "vitest";
import type { CameraFrame, FrameIndex } from "../../../shared/episode.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { CameraPipeline } from "./cameraPipeline.ts";
import type { FrameFetcher } from "./frameFetcher.ts";

const FRAMES = 600;

function setup() {
  const requests: string[] = [];
  const api = {
    episode: {
      frames: async ({ from, to }: { from: number; to: number }): Promise<CameraFrame[]> => {
        requests.push(`frames ${from}-${to}`);
        return Array.from({ length: to - from + 1 }, (_, k) => ({ index: from + k, logTimeNs: BigInt(from + k), payload: "video", format: "h264", keyframe: false, data: new Uint8Array(10) }));
      },
      keyframes: async (): Promise<Uint8Array> => {
        requests.push("keyframes");
        return new Uint8Array(FRAMES);
      },
    },
  } as unknown as EpiscopeApi;
  const index: FrameIndex = { topic: "/cam", payload: "video", format: "h264", logTimesNs: BigInt64Array.from({ length: FRAMES }, (_, i) => BigInt(i)), keyframes: new Uint8Array(FRAMES) };
  let fetcher!: FrameFetcher;
  const pipeline = new CameraPipeline(api, "e", index, undefined, (_index, f) => {
    fetcher = f;
    return { fatal: null, has: () => false, want: () => undefined, take: () => undefined, dispose: () => undefined };
  });
  return { pipeline, fetcher, requests };
}

const turn = () => new Promise((r) => setTimeout(r, 10));

describe("CameraPipeline quiet and held fetchers", () => {
  it("fills and reads keyframe flags only once the load has settled and a tile adopted it", async () => {
    const { pipeline, fetcher, requests } = setup();
    let settle!: () => void;
    pipeline.quietUntil(new Promise<void>((r) => (settle = r)));
    const flags = fetcher.keyframes();
    fetcher.fill(0);
    await turn();
    expect(requests).toEqual([]);
    pipeline.adopt(() => undefined, (w, h) => ({ width: w, height: h }));
    await turn();
    expect(requests).toEqual([]); // adopted, still quiet
    settle();
    await flags;
    await turn();
    expect(requests).toContain("keyframes");
    expect(requests.some((r) => r.startsWith("frames 0-"))).toBe(true);
    pipeline.dispose();
  });

  it("lets a keyframe pass held for the quiet go at once when a seek needs it (hurry), not one held for a tile", async () => {
    const { pipeline, fetcher, requests } = setup();
    pipeline.quietUntil(new Promise<void>(() => undefined)); // a load that never settles
    pipeline.adopt(() => undefined, (w, h) => ({ width: w, height: h }));
    const flags = fetcher.keyframes();
    await turn();
    expect(requests).toEqual([]);
    fetcher.hurry();
    expect((await flags).length).toBe(FRAMES);
    expect(requests).toEqual(["keyframes"]);
    fetcher.fill(0);
    await turn();
    expect(requests).toEqual(["keyframes"]); // background fills still wait for the load
    pipeline.dispose();

    const held = setup();
    void held.pipeline.prepare(0); // made ahead of time: held until a tile adopts it
    const pass = held.fetcher.keyframes();
    held.fetcher.hurry();
    await turn();
    expect(held.requests).toEqual([]); // not adopted by a tile: a load ahead stays small
    held.pipeline.dispose();
    await expect(pass).rejects.toThrow(/closed before/);
  });
});
