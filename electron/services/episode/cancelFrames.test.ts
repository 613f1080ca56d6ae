/**
 * `frames` without a cap, and cancelled: a reader that wants 2,000 frames gets them all in one call (read in batches in
 * the worker pool), and a call cancelled mid-way stops — no batch is read after the cancel (the service's counter of
 * frames read stays put) and the caller's promise rejects with `cancelled`. A series read shared by callers stops
 * only when the last one cancels. Real generated MCAP, real workers.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EpisodeMainService, FRAMES_PER_BATCH } from "./episodeMainService.ts";
import { expectedFrame, LARGE_CAMERAS, LARGE_JOINTS, writeLargeMcap } from "./testLargeMcap.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-cancel-frames-"));
const FRAMES = 2100; // 70 s at 30 Hz per camera
let service: EpisodeMainService;
let episodeId: string;

beforeAll(async () => {
  await writeLargeMcap(path.join(tmp, "long.mcap"), { sizeBytes: 0, seconds: 70, paddings: 0 });
  service = new EpisodeMainService(tmp, null);
  episodeId = (await service.open("long.mcap")).episodeId;
}, 120_000);
afterAll(() => {
  service?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("episode frames: no cap, cancellable", () => {
  it("returns 2,000 frames of one call, in order, with the right bytes", async () => {
    const topic = LARGE_CAMERAS[0];
    const before = service.framesRead;
    const frames = await service.frames(episodeId, topic, 50, 2049);
    expect(frames).toHaveLength(2000);
    expect(frames.map((f) => f.index)).toEqual(Array.from({ length: 2000 }, (_, k) => 50 + k));
    expect(frames[0]!.data).toEqual(expectedFrame(0, 50));
    expect(frames[1999]!.data).toEqual(expectedFrame(0, 2049));
    expect(service.framesRead - before).toBe(2000);
  });

  it("stops reading when the call is cancelled: no frame is read after the cancel", async () => {
    const topic = LARGE_CAMERAS[1];
    const before = service.framesRead;
    const controller = new AbortController();
    const call = service.frames(episodeId, topic, 0, FRAMES - 1, controller.signal);
    call.catch(() => {});
    while (service.framesRead === before) await nextTurn(); // the first batch arrived
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: "cancelled" });
    const atCancel = service.framesRead - before;
    // Let any work still queued run: nothing more is read.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(service.framesRead - before).toBe(atCancel);
    expect(atCancel).toBeLessThanOrEqual(2 * FRAMES_PER_BATCH);
    // The service keeps serving.
    expect(await service.frames(episodeId, topic, FRAMES - 2, FRAMES - 1)).toHaveLength(2);
  });

  it("closing the episode stops a frames call in progress (no batch after the close)", async () => {
    const before = service.framesRead;
    const call = service.frames(episodeId, LARGE_CAMERAS[2], 0, FRAMES - 1);
    call.catch(() => {});
    while (service.framesRead === before) await nextTurn();
    service.closeEpisode(episodeId);
    await expect(call).rejects.toMatchObject({ code: "cancelled", message: expect.stringMatching(/the episode was closed while its frames/) });
    const atClose = service.framesRead - before;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(service.framesRead - before).toBe(atClose);
    expect(atClose).toBeLessThanOrEqual(2 * FRAMES_PER_BATCH);
    episodeId = (await service.open("long.mcap")).episodeId;
  });

  it("a call whose signal already fired reads nothing", async () => {
    const before = service.framesRead;
    const controller = new AbortController();
    controller.abort();
    await expect(service.frames(episodeId, LARGE_CAMERAS[2], 0, FRAMES - 1, controller.signal)).rejects.toMatchObject({ code: "cancelled" });
    expect(service.framesRead).toBe(before);
  });

  it("a series call cancelled by its only caller is stopped and forgotten; one still awaited by another caller goes on", async () => {
    const controller = new AbortController();
    const alone = service.series(episodeId, LARGE_JOINTS, controller.signal);
    controller.abort();
    await expect(alone).rejects.toMatchObject({ code: "cancelled" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(service.seriesBytes).toBe(0); // nothing was kept
    const first = new AbortController();
    const cancelling = service.series(episodeId, LARGE_JOINTS, first.signal);
    const staying = service.series(episodeId, LARGE_JOINTS);
    first.abort();
    await expect(cancelling).rejects.toMatchObject({ code: "cancelled" });
    const series = await staying;
    expect(series.logTimesNs.length).toBe(70 * 200);
    expect(service.seriesBytes).toBeGreaterThan(0);
  });
});
