/**
 * The pure annotation functions on a real episode (the bundled sample, an ALOHA-like bimanual cube hand-over):
 * robot events from its /joint_states, chunk boundaries snapped to them, and a progress reward resolved on the
 * /action topic's step clock.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Chunk } from "../../../shared/annotation.ts";
import { moveChunkBoundary, snapTime, splitChunk } from "../../../shared/annotation/chunks.ts";
import { discountedReturns } from "../../../shared/annotation/discountedReturn.ts";
import { progressFromChunksCurve } from "../../../shared/annotation/rewardGenerators.ts";
import { resolveRewards, stepTimes } from "../../../shared/annotation/rewardResolve.ts";
import { detectRobotEvents, type RobotEvent } from "../../../shared/annotation/robotEvents.ts";
import type { EpisodeSummary } from "../../../shared/episode.ts";
import { latestAtOrBefore } from "../../../shared/time.ts";
import { EpisodeMainService } from "../episode/episodeMainService.ts";

const S = 1_000_000_000n;
const episodes = new EpisodeMainService(fileURLToPath(new URL("../../../assets/sample/", import.meta.url)), null);
let summary: EpisodeSummary;
let events: RobotEvent[];

beforeAll(async () => {
  summary = await episodes.open("pick_cube_001.mcap");
  events = detectRobotEvents(await episodes.series(summary.episodeId, "/joint_states"));
});
afterAll(() => episodes.close());

const rel = (t: bigint) => Number(t - summary.startNs) / 1e9;

describe("robot events on the sample episode", () => {
  it("finds the grasp and release of each gripper in the order of the hand-over", () => {
    const gripper = events.filter((e) => e.kind === "gripper-open" || e.kind === "gripper-close").map((e) => `${e.kind} ${e.label}`);
    // Left opens, grasps the cube; right opens, grasps it; left lets go; right puts it down; left closes again.
    expect(gripper).toEqual([
      "gripper-open left_gripper",
      "gripper-close left_gripper",
      "gripper-open right_gripper",
      "gripper-close right_gripper",
      "gripper-open left_gripper",
      "gripper-open right_gripper",
      "gripper-close left_gripper",
    ]);
    const grasp = events.find((e) => e.kind === "gripper-close" && e.label === "left_gripper")!;
    expect(rel(grasp.tNs)).toBeGreaterThan(3);
    expect(rel(grasp.tNs)).toBeLessThan(6);
  });

  it("finds joint-velocity zero crossings (turning points of the arm joints), not sensor noise", () => {
    const zeros = events.filter((e) => e.kind === "velocity-zero");
    expect(zeros.length).toBeGreaterThan(3);
    expect(zeros.length).toBeLessThan(60); // 12 arm joints over 12 s of smooth waypoints
    for (const e of zeros) expect(e.field).toMatch(/^position\[\d+\]$/);
  });

  it("snaps a split and a dragged boundary to the grasp within the tolerance, and turns the chunks into a progress reward", async () => {
    const grasp = events.find((e) => e.kind === "gripper-close" && e.label === "left_gripper")!.tNs;
    const times = events.map((e) => e.tNs);
    const tolerance = 150_000_000n; // the config's default snap tolerance, 150 ms
    let chunks: Chunk[] = [{ id: "all", primitive: "reach", startNs: summary.startNs, endNs: summary.endNs, parentId: null, note: "" }];
    let n = 0;
    const at = snapTime(grasp - 100_000_000n, times, tolerance); // the playhead 100 ms before the grasp
    expect(at).toBe(grasp);
    chunks = splitChunk(chunks, "all", at, () => `c${++n}`);
    chunks = splitChunk(chunks, "c1", summary.startNs + 8n * S, () => `c${++n}`);
    chunks = moveChunkBoundary(chunks, "c1", snapTime(summary.startNs + 8n * S + 200_000_000n, times, tolerance));
    expect(chunks.map((c) => [c.id, rel(c.startNs) >= 0, c.endNs > c.startNs])).toEqual([
      ["all", true, true],
      ["c1", true, true],
      ["c2", true, true],
    ]);
    // Progress 0 → 1 over the three chunks, resolved at each /action message (the step clock of this dataset).
    const action = await episodes.series(summary.episodeId, "/action");
    const steps = stepTimes({ kind: "topic", topic: "/action" }, summary.startNs, summary.endNs, action.logTimesNs);
    expect(steps.length).toBe(action.logTimesNs.length);
    const r = resolveRewards(progressFromChunksCurve(chunks), steps);
    for (let i = 1; i < r.length; i++) expect(r[i]!).toBeGreaterThanOrEqual(r[i - 1]!);
    expect(r[0]!).toBeLessThan(0.01);
    expect(r[r.length - 1]!).toBeGreaterThan(0.99);
    const atGrasp = latestAtOrBefore(action.logTimesNs, grasp);
    expect(r[atGrasp]!).toBeCloseTo(1 / 3, 2); // the first chunk ends at the grasp
    const g = discountedReturns(r, 0.99);
    expect(g[r.length - 1]).toBe(r[r.length - 1]);
    expect(g[0]).toBeCloseTo(r.reduce((sum, x, k) => sum + 0.99 ** k * x, 0), 6);
  });
});
