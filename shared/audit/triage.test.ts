import { describe, expect, it } from "vitest";
import type { EpisodeAudit } from "./episodeMetrics.ts";
import { groupBy, type GroupInput } from "./groups.ts";
import { absent } from "./metricValue.ts";
import { THUMB_HEIGHT, THUMB_WIDTH, grayToHex } from "./setupDrift.ts";
import { triage, type TriageInput } from "./triage.ts";
import { wilsonInterval } from "./wilson.ts";

function auditOf(durationS: number, hesitationCount = 0, start = [0, 0]): EpisodeAudit {
  return {
    startNs: "0",
    jointTopic: "/joint_states",
    actionTopic: null,
    metrics: {
      durationS,
      activeS: durationS * 0.9,
      idleFraction: 0.1,
      hesitationCount,
      hesitationS: hesitationCount * 1.2,
      pathLengthRad: 3,
      rmsJerkRadPerS3: 5,
      ldlj: -8,
      sparc: -1.6,
      actionSpikeCount: absent("no action topic"),
      gripperCycles: 1,
    },
    startState: start,
    endState: [1, 1],
    stateLabels: ["a", "b"],
    suggested: [],
    processing: "",
  };
}

const frame = (shift: number) => ({ gray: grayToHex(Uint8Array.from({ length: THUMB_WIDTH * THUMB_HEIGHT }, (_, i) => ((i % THUMB_WIDTH) + shift) * 10)) });

describe("triage", () => {
  const inputs: TriageInput[] = [];
  for (let i = 0; i < 12; i++) inputs.push({ path: `short/${i}.mcap`, task: "short", audit: auditOf(10 + (i % 3) * 0.2), firstFrames: { "/cam": frame(0) } });
  for (let i = 0; i < 12; i++) inputs.push({ path: `long/${i}.mcap`, task: "long", audit: auditOf(40 + (i % 3) * 0.5), firstFrames: { "/cam": frame(i < 3 ? 4 : 0) } });
  inputs.push({ path: "short/slow.mcap", task: "short", audit: auditOf(25), firstFrames: { "/cam": frame(0) } });
  inputs.push({ path: "short/hesitant.mcap", task: "short", audit: auditOf(10.2, 3), firstFrames: { "/cam": frame(0) } });
  inputs.push({ path: "short/elsewhere.mcap", task: "short", audit: auditOf(10, 0, [0.5, 0.5]), firstFrames: { "/cam": frame(0) } });
  inputs.push({ path: "bad.mcap", task: "short", audit: null, error: "bad.mcap: truncated" });
  const entries = triage(inputs);
  const byPath = new Map(entries.map((e) => [e.path, e]));

  it("scores within the task: a long task is not an outlier of a short one", () => {
    expect(byPath.get("long/5.mcap")!.reasons).toEqual([]);
    expect(byPath.get("short/slow.mcap")!.reasons[0]!.metric).toBe("durationS");
    expect(byPath.get("short/slow.mcap")!.reasons[0]!.text).toBe("duration 25.0 s (task median 10.2 s)");
  });
  it("names the metric that drove the score", () => {
    expect(byPath.get("short/hesitant.mcap")!.reasons.map((r) => r.metric)).toContain("hesitationCount");
    expect(byPath.get("short/elsewhere.mcap")!.reasons.map((r) => r.metric)).toEqual(["startDistanceRad"]);
    expect(byPath.get("long/0.mcap")!.reasons[0]!.text).toMatch(/^camera \/cam moved/);
  });
  it("puts the outliers first and the unreadable episode last with its error", () => {
    const top = entries.slice(0, 6).map((e) => e.path);
    for (const p of ["short/slow.mcap", "short/hesitant.mcap", "short/elsewhere.mcap", "long/0.mcap", "long/1.mcap", "long/2.mcap"]) expect(top).toContain(p);
    expect(entries.at(-1)).toMatchObject({ path: "bad.mcap", score: null, error: "bad.mcap: truncated" });
  });

  it("groups: success rate and Wilson interval equal the hand-computed reference; no decided episodes is null", () => {
    const groupInputs: GroupInput[] = inputs.map((i, k) => ({
      path: i.path,
      facets: { session: i.path.startsWith("long/") && Number(i.path.split("/")[1]!.split(".")[0]) < 3 ? "moved" : "normal", operator: i.task === "long" ? "op_b" : "op_a" },
      status: i.task === "long" ? "unreviewed" : "accepted",
      outcome: i.task === "long" ? null : k % 5 === 0 ? "failure" : "success",
      // Recovery segments in k = 0, 3, 5 (op_a, decided) and in undecided op_b episodes (not counted: no outcome).
      segmentKinds: [0, 3, 5].includes(k) ? ["hesitation", "recovery"] : i.task === "long" ? ["recovery"] : [],
    }));
    const ops = groupBy("operator", groupInputs, entries);
    const a = ops.find((g) => g.key === "op_a")!;
    // op_a: 16 episodes, indices 0..11 and 24..27 → failures at k = 0, 5, 10, 25 → 12 of 16.
    expect([a.decided, a.success, a.successRate]).toEqual([16, 12, 0.75]);
    expect(a.wilson95).toEqual(wilsonInterval(12, 16));
    expect(a.wilson95![0]).toBeCloseTo(0.505, 3);
    expect(a.wilson95![1]).toBeCloseTo(0.898, 3);
    // Failure share 4/16: p̂ = 0.25, z²/n = 0.240091, centre = (0.25 + 0.120046)/1.240091 = 0.298402,
    // half = 1.959964/1.240091 · √(0.0117188 + 0.0037514) = 0.196581 → [0.101821, 0.494983].
    expect([a.failure, a.failureShare]).toEqual([4, 0.25]);
    expect(a.failureWilson95![0]).toBeCloseTo(0.101821, 5);
    expect(a.failureWilson95![1]).toBeCloseTo(0.494983, 5);
    // Recovery share 3/16: p̂ = 0.1875, centre = (0.1875 + 0.120046)/1.240091 = 0.248002,
    // half = 1.580502 · √(0.0095215 + 0.0037514) = 0.182086 → [0.065916, 0.430089].
    expect([a.recovery, a.recoveryShare]).toEqual([3, 0.1875]);
    expect(a.recoveryWilson95![0]).toBeCloseTo(0.065916, 5);
    expect(a.recoveryWilson95![1]).toBeCloseTo(0.430089, 5);
    const b = ops.find((g) => g.key === "op_b")!;
    expect([b.decided, b.successRate, b.wilson95]).toEqual([0, null, null]);
    // No decided episodes: the shares are undefined, not 0 % — even with recovery segments in undecided episodes.
    expect([b.failureShare, b.failureWilson95, b.recoveryShare, b.recoveryWilson95]).toEqual([null, null, null, null]);
    const sessions = groupBy("session", groupInputs, entries);
    expect(sessions.find((g) => g.key === "moved")!.why).toContain("camera /cam moved in 3 of 3 episodes");
    expect(sessions.find((g) => g.key === "normal")!.standsOut).toBe(false);
  });
});

describe("triage score scale", () => {
  it("a jerk 400× the task's median is a reason with a readable z (log scale), not thousands", () => {
    const withJerk = (jerk: number): EpisodeAudit => {
      const a = auditOf(10);
      a.metrics.rmsJerkRadPerS3 = jerk;
      return a;
    };
    const inputs: TriageInput[] = Array.from({ length: 12 }, (_, i) => ({ path: `e${i}.mcap`, task: "t", audit: withJerk(4 + (i % 3) * 0.05) }));
    inputs.push({ path: "tremor.mcap", task: "t", audit: withJerk(1540) });
    const tremor = triage(inputs).find((e) => e.path === "tremor.mcap")!;
    // ln(1540 / 4.05) / ln 1.25 = 5.941 / 0.22314 = 26.6 (the spread within the task is under the ln 1.25 floor).
    expect(tremor.score).toBeCloseTo(Math.log(1540 / 4.05) / Math.log(1.25), 6);
    expect(tremor.reasons[0]).toMatchObject({ metric: "rmsJerkRadPerS3", text: "RMS jerk 1540.0 rad/s³ (task median 4.0)" });
  });
});

describe("setup drift thumbnails", () => {
  it("round-trip through hex and measure the mean absolute difference", async () => {
    const { frameDifference, grayToHex, hexToGray, medianFrame } = await import("./setupDrift.ts");
    const a = Uint8Array.from({ length: THUMB_WIDTH * THUMB_HEIGHT }, (_, i) => i % 256);
    expect(hexToGray(grayToHex(a))).toEqual(a);
    expect(hexToGray(grayToHex(a).toUpperCase())).toEqual(a);
    const b = a.map((v) => Math.min(255, v + 51));
    expect(frameDifference(a, a)).toBe(0);
    expect(frameDifference(a, b)).toBeCloseTo(51 / 255, 9);
    expect(medianFrame([a, b, a])).toEqual(a);
    expect(() => hexToGray("zz")).toThrow(RangeError);
  });
});
