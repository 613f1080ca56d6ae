import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuditReport } from "../../shared/audit/auditReport.ts";
import { generateAuditDataset, MOVED_SESSION, OPERATORS, type AuditFixture, type Defect } from "../../scripts/audit-fixture/generateAuditDataset.ts";
import { wilsonInterval } from "../../shared/audit/wilson.ts";
import { runAudit } from "./audit.ts";

let root: string;
let fixture: AuditFixture;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "episcope-audit-cli-"));
  fixture = await generateAuditDataset(root, { episodes: 96, baseDurationS: 6 });
  // Bad input beside the planted defects: an unreadable file.
  fs.writeFileSync(path.join(root, "session_01", "broken.mcap"), "not an mcap file");
}, 120_000);

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runAudit(args, (t) => (out += t), (t) => (err += t));
  return { code, out, err };
}

/** The metric a reason must name for each planted defect. */
const METRIC_OF: Record<Defect, RegExp> = {
  jerky: /^rmsJerkRadPerS3$/,
  hesitation: /^hesitation(S|Count)$/,
  "camera-moved": /^setupDrift:\/cam_high$/,
  duration: /^durationS$/,
  "action-spike": /^actionSpikeCount$/,
};

describe("episcope audit on the planted-defect dataset", () => {
  let report: AuditReport;
  beforeAll(async () => {
    const { code, out, err } = await run([root, "--json"]);
    expect(code).toBe(0);
    expect(err).toMatch(/auditing 97\/97 \(0 cached, 1 unreadable\)/);
    report = JSON.parse(out) as AuditReport;
  }, 120_000);

  it("puts every planted episode at the top with a reason naming the right metric; few clean ones among them", () => {
    const planted = fixture.episodes.filter((e) => e.defects.length > 0);
    const top = report.episodes.slice(0, planted.length);
    const byPath = new Map(report.episodes.map((e) => [e.path, e]));
    for (const e of planted) {
      const entry = byPath.get(e.path)!;
      expect(top.map((t) => t.path), `${e.path} (${e.defects.join(", ")}) in the top ${planted.length}`).toContain(e.path);
      for (const d of e.defects) expect(entry.reasons.some((r) => METRIC_OF[d].test(r.metric)), `${e.path}: a reason for ${d}`).toBe(true);
    }
    const clean = new Set(fixture.episodes.filter((e) => e.defects.length === 0).map((e) => e.path));
    expect(top.filter((t) => clean.has(t.path)).length).toBeLessThanOrEqual(Math.floor(planted.length / 10));
  });

  it("suggests hesitation segments that overlap the planted pauses (IoU ≥ 0.5), and only as suggestions", () => {
    const hesitant = fixture.episodes.filter((e) => e.defects.includes("hesitation"));
    expect(hesitant.length).toBeGreaterThan(0);
    for (const e of hesitant) {
      const suggested = report.episodes.find((x) => x.path === e.path)!.suggested.filter((s) => s.kind === "hesitation");
      for (const pause of e.pauses) {
        const [a, b] = [BigInt(pause.startNs), BigInt(pause.endNs)];
        const best = Math.max(
          ...suggested.map((s) => {
            const [c, d] = [BigInt(s.startNs), BigInt(s.endNs)];
            const inter = Number((b < d ? b : d) - (a > c ? a : c));
            const union = Number((b > d ? b : d) - (a < c ? a : c));
            return Math.max(0, inter) / union;
          }),
        );
        expect(best, `${e.path} pause ${pause.startNs}`).toBeGreaterThanOrEqual(0.5);
      }
    }
    expect(fs.existsSync(path.join(root, ".episcope", "annotations", "rev_lead", "session_01", "ep_0001.json"))).toBe(true);
    const doc = JSON.parse(fs.readFileSync(path.join(root, ".episcope", "annotations", "rev_lead", hesitant[0]!.path.replace(".mcap", ".json")), "utf8")) as { segments: Array<{ kind: string }> };
    expect(doc.segments.filter((s) => s.kind !== "recovery")).toEqual([]);
  });

  it("flags the moved-camera session and the jerky operator", () => {
    const moved = report.groups.session!.find((g) => g.key === MOVED_SESSION)!;
    expect(moved.standsOut).toBe(true);
    expect(moved.why.join(" ")).toMatch(/camera \/cam_high moved in \d+ of \d+ episodes/);
    expect(report.groups.session!.filter((g) => g.why.some((w) => w.includes("moved"))).map((g) => g.key)).toEqual([MOVED_SESSION]);
    expect(report.groups.operator!.find((g) => g.key === "op_05")!.standsOut).toBe(true);
  });

  it("success rates and Wilson intervals equal the hand-computed reference", () => {
    for (const op of OPERATORS) {
      const g = report.groups.operator!.find((x) => x.key === op)!;
      const truth = fixture.successByOperator[op]!;
      expect([g.decided, g.success]).toEqual([truth.decided, truth.success]);
      expect([g.failure, g.recovery]).toEqual([truth.decided - truth.success, truth.recovery]);
      expect(g.failureWilson95).toEqual(wilsonInterval(g.failure, g.decided));
      expect(g.recoveryWilson95).toEqual(wilsonInterval(g.recovery, g.decided));
    }
    // 96 episodes, 16 per operator, 14 reviewed (k % 6 ≠ 5). op_01: round(0.9 × 14) = 13 of 14.
    // Wilson: p̂ = 0.928571, z²/n = 0.274388; centre = (p̂ + 0.137194)/1.274388 = 0.836279;
    // half = 1.959964/1.274388 · √(p̂(1−p̂)/14 + z²/(4·14²)) = 1.537965 · √(0.00473761 + 0.00490002) = 0.150956.
    const op1 = report.groups.operator!.find((x) => x.key === "op_01")!;
    expect(op1.successRate).toBeCloseTo(13 / 14, 9);
    expect(op1.wilson95![0]).toBeCloseTo(0.685323, 4);
    expect(op1.wilson95![1]).toBeCloseTo(0.987235, 4);
    // op_01's recoveries: every third of its 13 successes (k = 0, 3, 6, 9, 12) → 5 of 14: p̂ = 0.357143,
    // centre = (p̂ + 0.137194)/1.274388 = 0.387902; half = 1.537965 · √(0.0163994 + 0.0048998) = 0.224454.
    expect(op1.recoveryShare).toBeCloseTo(5 / 14, 9);
    expect(op1.recoveryWilson95![0]).toBeCloseTo(0.163447, 5);
    expect(op1.recoveryWilson95![1]).toBeCloseTo(0.612356, 5);
    // No facet value and no outcome: never 0 %.
    expect(report.groups.condition).toEqual([expect.objectContaining({ key: "(none)", episodes: 97 })]);
    const none = report.groups.operator!.find((x) => x.key === "(none)")!;
    expect([none.decided, none.successRate, none.failureShare, none.failureWilson95, none.recoveryShare, none.recoveryWilson95]).toEqual([0, null, null, null, null, null]);
  });

  it("lists the unreadable episode with its error, never as zeros", () => {
    const broken = report.episodes.find((e) => e.path === "session_01/broken.mcap")!;
    expect(broken.error).toMatch(/broken\.mcap/);
    expect(broken.score).toBeNull();
    expect(broken.metrics).toEqual({});
    expect(report.episodes.at(-1)!.path).toBe("session_01/broken.mcap");
  });

  it("reopens from the cache and writes CSV and a self-contained HTML report", async () => {
    const html = path.join(root, "..", `${path.basename(root)}-report.html`);
    const { code, out, err } = await run([root, "--csv", "--html", html, "--by", "operator,session"]);
    expect(code).toBe(0);
    expect(err).toMatch(/auditing 97\/97 \(97 cached, 1 unreadable\)/);
    const lines = out.trim().split("\n");
    expect(lines[0]).toMatch(/^path,operator,task,session,status,outcome,score,/);
    expect(lines).toHaveLength(98);
    const page = fs.readFileSync(html, "utf8");
    expect(page).toContain("<svg");
    expect(page).toMatch(/episcope:\/\/open\?episode=session_0\d%2Fep_\d+\.mcap&amp;t=/);
    expect(page).not.toMatch(/<script|<link /);
    expect(page).toContain("By session");
  });
});

describe("episcope audit through a pipe", () => {
  it("writes the whole JSON to a pipe before exiting", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "main.ts"), "audit", root, "--json"], { encoding: "utf8", maxBuffer: 1 << 28 });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as AuditReport;
    expect(report.episodes).toHaveLength(97);
  }, 120_000);
});
