import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { EpisodeMainService } from "./episodeMainService.ts";

const SAMPLE = fileURLToPath(new URL("../../../assets/sample/", import.meta.url));

describe("EpisodeMainService.seriesRange / fields", () => {
  it("downsamples the sample's 1200 JointState messages to a budget and keeps every joint's exact extremes", async () => {
    const service = new EpisodeMainService(SAMPLE, null);
    const summary = await service.open("pick_cube_001.mcap");
    const fields = await service.fields(summary.episodeId, "/joint_states");
    expect(fields.map((f) => f.label)).toContain("right_gripper");
    const full = await service.series(summary.episodeId, "/joint_states");
    const reduced = await service.seriesRange(summary.episodeId, "/joint_states", summary.startNs, summary.endNs, 100);
    expect(reduced.downsampled).toBe(true);
    expect(reduced.sourceCount).toBe(1200);
    expect(reduced.logTimesNs.length).toBe(200);
    full.values.forEach((column, f) => {
      const out = reduced.values[f]!;
      expect(Math.max(...out)).toBe(Math.max(...column));
      expect(Math.min(...out)).toBe(Math.min(...column));
    });
    const one = await service.seriesRange(summary.episodeId, "/joint_states", summary.startNs, summary.startNs + 50_000_000n, 100, ["position[0]"]);
    expect(one.downsampled).toBe(false);
    expect(one.values).toHaveLength(1);
    expect(one.logTimesNs.length).toBe(6); // 0, 10, …, 50 ms at 100 Hz
    service.close();
  });
});
