import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EpisodeMainService } from "../../electron/services/episode/episodeMainService.ts";
import { ensureSyncFixture, FIXTURE_GOP, type SyncCameraSpec } from "./syncFixture.ts";

describe("ensureSyncFixture keyframe interval", () => {
  const dir = mkdtempSync(join(tmpdir(), "episcope-syncfixture-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("encodes each H.264 camera with its own GOP, FIXTURE_GOP by default", async () => {
    const base: SyncCameraSpec = { topic: "/cam_default", type: "CompressedVideo", rate: 10, offsetNs: 0n, dropped: [], width: 64, height: 48 };
    const cameras: SyncCameraSpec[] = [base, { ...base, topic: "/cam_gop2", gop: 2 }];
    await ensureSyncFixture(dir, cameras, 4, "gops");
    const service = new EpisodeMainService(dir, null);
    try {
      const summary = await service.open("gops.mcap");
      const keyframesOf = async (topic: string) => {
        const index = await service.frameIndex(summary.episodeId, topic);
        return Array.from(index.keyframes.entries())
          .filter(([, k]) => k === 1)
          .map(([i]) => i);
      };
      // 40 frames: the engine finds keyframes from the bitstream (IDR access units), not from the spec.
      expect(await keyframesOf("/cam_default")).toEqual([0, FIXTURE_GOP]);
      expect(await keyframesOf("/cam_gop2")).toEqual(Array.from({ length: 20 }, (_, k) => 2 * k));
    } finally {
      service.close();
    }
  });
});
