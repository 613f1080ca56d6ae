// `npm run bench streaming`: the streaming contract (issue 20). On a generated 3-camera episode (70 s at 30 Hz,
// 24 kB frames, scripts' large-episode writer):
// - a 600-frame `episode.frames` call read in batches of 64 (cancellable) against the baseline of one worker request
//   for all 600 (the old capped call), median of 9 runs each, warm page cache;
// - a cancelled 2,100-frame call: time from the cancel to the caller's rejection, and frames read after the cancel;
// - event latency over serve's event stream (GET /events, in process, real HTTP): publish → parsed by the client,
//   p50/p95 of 200 events.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EventHub } from "../../shared/ipc/eventHub.ts";
import { EpisodeMainService } from "../../electron/services/episode/episodeMainService.ts";
import { LARGE_CAMERAS, writeLargeMcap } from "../../electron/services/episode/testLargeMcap.ts";
import { startHttpServer } from "../../electron/serve/httpServer.ts";
import type { EventOf, IpcHandlers } from "../../shared/ipc/contract.ts";
import { readEventStream } from "../../e2e/harness/readEventStream.ts";
import type { Result } from "./benchResult.ts";

const results: Result[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-bench-streaming-"));
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const percentile = (v: number[], p: number) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor((p / 100) * v.length))]!;

try {
  await writeLargeMcap(path.join(tmp, "long.mcap"), { sizeBytes: 0, seconds: 70, paddings: 0 });
  const topic = LARGE_CAMERAS[0];

  // 600 frames: batched (ours) vs one request (baseline).
  const timeFrames = async (framesPerBatch: number): Promise<number> => {
    const service = new EpisodeMainService(tmp, null, { framesPerBatch });
    try {
      const { episodeId } = await service.open("long.mcap");
      await service.frames(episodeId, topic, 0, 599); // warm: frame index, workers, page cache
      const times: number[] = [];
      for (let i = 0; i < 9; i++) {
        const t = performance.now();
        await service.frames(episodeId, topic, 600 + (i % 3) * 400, 600 + (i % 3) * 400 + 599);
        times.push(performance.now() - t);
      }
      return median(times);
    } finally {
      service.close();
    }
  };
  const batched = await timeFrames(64);
  const single = await timeFrames(600);
  console.error(`600 frames: batched ${batched.toFixed(1)} ms, one request ${single.toFixed(1)} ms`);
  results.push({ name: "episode.frames 600 frames (batches of 64, cancellable)", value: batched, unit: "ms", baseline: single, note: "baseline: one worker request of 600 (the old capped call); median of 9" });

  // Cancel a 2,100-frame call after its first batch.
  const service = new EpisodeMainService(tmp, null);
  try {
    const { episodeId } = await service.open("long.mcap");
    await service.frameIndex(episodeId, LARGE_CAMERAS[1]);
    const before = service.framesRead;
    const controller = new AbortController();
    const call = service.frames(episodeId, LARGE_CAMERAS[1], 0, 2099, controller.signal).catch(() => null);
    while (service.framesRead === before) await new Promise((resolve) => setImmediate(resolve));
    const t = performance.now();
    controller.abort();
    await call;
    const rejectMs = performance.now() - t;
    const atCancel = service.framesRead;
    await new Promise((resolve) => setTimeout(resolve, 500));
    console.error(`cancel: rejected ${rejectMs.toFixed(2)} ms after the abort; ${service.framesRead - atCancel} frames read after it; ${atCancel - before} of 2,100 read in all`);
    results.push({ name: "cancel a 2,100-frame call: abort → rejection", value: rejectMs, unit: "ms", note: `${atCancel - before} of 2,100 frames read, ${service.framesRead - atCancel} after the cancel` });
  } finally {
    service.close();
  }

  // Event latency over SSE.
  const hub = new EventHub();
  const server = await startHttpServer({ handlers: {} as IpcHandlers, staticDir: tmp, port: 0, token: null, events: hub });
  try {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/events`, { signal: controller.signal });
    const sentAt = new Map<number, number>();
    const lags: number[] = [];
    let allReceived: () => void = () => {};
    const received = new Promise<void>((resolve) => (allReceived = resolve));
    const reading = readEventStream(response.body!, ({ event, payload }) => {
      if (event !== "annotation.changed") return;
      lags.push(performance.now() - sentAt.get((payload as EventOf<"annotation.changed">).revision)!);
      if (lags.length === 200) allReceived();
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (let i = 0; i < 200; i++) {
      sentAt.set(i, performance.now());
      hub.publish("annotation.changed", { episodePath: "long.mcap", layer: "alice", revision: i, origin: null });
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await received;
    controller.abort();
    await reading;
    console.error(`event latency over SSE: p50 ${percentile(lags, 50).toFixed(2)} ms, p95 ${percentile(lags, 95).toFixed(2)} ms`);
    results.push({ name: "event latency publish → SSE client p95", value: percentile(lags, 95), unit: "ms", note: `p50 ${percentile(lags, 50).toFixed(2)} ms, 200 events, in process over real HTTP` });
  } finally {
    await server.close();
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

fs.writeFileSync(process.env.EPISCOPE_BENCH_OUT ?? "/dev/stdout", JSON.stringify({ suite: "streaming", results }, null, 2));
