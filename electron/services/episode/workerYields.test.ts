/**
 * A long read in an episode worker (a whole joint series, a keyframe pass) must not hold up a camera's first picture
 * asked for right after it: the worker reads in steps and answers a frames request between two steps. Checked by the
 * order of the replies from one worker (no timing): series asked first, frame second, frame answered first.
 *
 * Both requests are posted while the worker is busy with a read that does not yield (every frame of another camera),
 * so both wait in its queue before the long read starts: otherwise a loaded machine can run the whole long read (a
 * JPEG camera's keyframe pass is a few microseconds per step) before the second postMessage lands, and the order
 * says nothing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EpisodeWorkerPool } from "./episodeWorkerPool.ts";
import { LARGE_CAMERAS, LARGE_JOINTS, writeLargeMcap } from "./testLargeMcap.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-worker-yields-"));
const file = path.join(tmp, "long.mcap");

/** Keep the pool's one worker busy (a read in one go, no steps) so requests posted meanwhile queue up behind it. */
function occupy(pool: EpisodeWorkerPool): Promise<unknown> {
  return pool.frames(file, "long.mcap", LARGE_CAMERAS[2], 0, 1_799);
}

beforeAll(async () => {
  // 60 s: 12,000 joint states at 200 Hz (more than one step of the series read), 1,800 frames per camera.
  await writeLargeMcap(file, { sizeBytes: 0, seconds: 60, paddings: 0 });
}, 120_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("episode worker steps", () => {
  it("answers a frames request asked after a long series before the series ends", async () => {
    const pool = new EpisodeWorkerPool(1);
    try {
      await pool.open(file, "long.mcap");
      const order: string[] = [];
      const busy = occupy(pool);
      const series = pool.series(file, "long.mcap", LARGE_JOINTS).then((s) => {
        order.push("series");
        return s;
      });
      const frame = pool.frames(file, "long.mcap", LARGE_CAMERAS[0], 0, 0).then((f) => {
        order.push("frame");
        return f;
      });
      const [s, f] = await Promise.all([series, frame, busy]);
      expect(s.logTimesNs.length).toBe(12_000);
      expect(f).toHaveLength(1);
      expect(order).toEqual(["frame", "series"]);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it("answers a frames request asked after a keyframe pass before the pass ends", async () => {
    const pool = new EpisodeWorkerPool(1);
    try {
      await pool.open(file, "long.mcap");
      const order: string[] = [];
      const busy = occupy(pool);
      const pass = pool.keyframes(file, "long.mcap", LARGE_CAMERAS[1]).then((k) => {
        order.push("keyframes");
        return k;
      });
      const frame = pool.frames(file, "long.mcap", LARGE_CAMERAS[0], 5, 5).then((f) => {
        order.push("frame");
        return f;
      });
      const [k] = await Promise.all([pass, frame, busy]);
      expect(k.length).toBe(1_800);
      expect(k.every((x) => x === 1)).toBe(true); // JPEG: every frame stands alone
      expect(order).toEqual(["frame", "keyframes"]);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
