/**
 * A dataset of robot episodes with planted defects, for the audit's tests and bench (issue #14): `session_NN/ep_NNNN.mcap`
 * files, each with three JPEG cameras (foxglove.CompressedImage, 64×48), joint states (sensor_msgs/msg/JointState,
 * CDR, 200 Hz by default: 6 arm joints + gripper), an action topic `/action` (JointState, 50 Hz: the joint positions
 * 50 ms ahead) and an MCAP metadata record `episode` (operator, task, robot, session, scene), plus one annotator's
 * review of most episodes. Planted, and returned (and written to `planted-defects.json` beside the episodes):
 * - a jerky operator (JERKY_OPERATOR): a 6 Hz tremor in every episode;
 * - hesitations at known times in some episodes (2 pauses of 1–2 s mid-motion), the weakest operator's first;
 * - a session whose /cam_high moved (MOVED_SESSION): its picture is shifted;
 * - duration outliers: the same motion at 0.45× speed;
 * - action spikes: single-step jumps of the action;
 * - a known success rate per operator (SUCCESS_RATE), written as outcomes of accepted reviews, and a known number of
 *   recovery segments (every third success, in the review order, holds one).
 * Same seed → same bytes (mulberry32).
 */
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { emptyAnnotation, serializeAnnotation, type AnnotationDocument, type EpisodeFingerprint } from "../../shared/annotation.ts";
import { mulberry32, type Random } from "../../shared/random.ts";
import { foxgloveCameraSchema } from "../sample/foxgloveProto.ts";
import { encodeJointState, JOINT_STATE_DEFINITION, JOINT_STATE_SCHEMA_NAME } from "../sample/jointState.ts";
import { writeMcapFile } from "../sample/mcapFile.ts";
import type { OutMessage, TopicStream } from "../sample/types.ts";
import { cleanPlan, JOINT_NAMES, jointTrajectory, type MotionPlan } from "./plantedDefects.ts";

/** What to generate. */
export interface AuditFixtureOptions {
  /** Number of episodes (default 120). */
  episodes?: number;
  seed?: number;
  /** Typical episode length (s) of the first task (default 8; the second task takes 1.5× as long). */
  baseDurationS?: number;
  /** Joint state rate (Hz), default 200. */
  jointRateHz?: number;
  /** Camera rate (Hz), default 5. */
  cameraRateHz?: number;
}

export const OPERATORS = ["op_01", "op_02", "op_03", "op_04", "op_05", "op_06"] as const;
export const TASKS = ["pick_cube", "stack_blocks"] as const;
export const SESSIONS = ["session_01", "session_02", "session_03", "session_04", "session_05", "session_06"] as const;
export const CAMERAS = ["/cam_high", "/cam_left_wrist", "/cam_right_wrist"] as const;
/** The operator whose every episode has a tremor. */
export const JERKY_OPERATOR = "op_05";
/** The session whose /cam_high was bumped. */
export const MOVED_SESSION = "session_05";
export const MOVED_CAMERA = "/cam_high";
/** Success rate of each operator's reviewed episodes (exact up to rounding: round(rate × reviewed)). */
export const SUCCESS_RATE: Readonly<Record<string, number>> = { op_01: 0.9, op_02: 0.8, op_03: 0.75, op_04: 0.7, op_05: 0.5, op_06: 0.3 };
export const ANNOTATOR = { id: "rev_lead", name: "Lead" } as const;

/** The defects planted in one episode (empty: a clean episode). */
export type Defect = "jerky" | "hesitation" | "camera-moved" | "duration" | "action-spike";

/** One generated episode and what was planted in it. */
export interface AuditFixtureEpisode {
  path: string;
  operator: string;
  task: string;
  session: string;
  durationS: number;
  defects: Defect[];
  /** Planted pauses (log time ns, decimal strings). */
  pauses: Array<{ startNs: string; endNs: string }>;
  /** Review outcome written, or null when not reviewed. */
  outcome: "success" | "failure" | null;
  /** Whether the review holds a recovery segment. */
  recovery: boolean;
}

/** What was generated. */
export interface AuditFixture {
  root: string;
  episodes: AuditFixtureEpisode[];
  /** Per operator: reviewed (decided) episodes, successes and recovery segments among them. */
  successByOperator: Record<string, { decided: number; success: number; recovery: number }>;
}

const START_NS = 1_760_000_000_000_000_000n;
const NS = 1_000_000_000;

/** A 64×48 scene: a gradient wall, a dark table edge and a bright object; `shift` moves the view (pixels). */
async function sceneJpeg(camera: number, shift: number): Promise<Uint8Array> {
  const w = 64;
  const h = 48;
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = x + shift;
      const sy = y + Math.round(shift / 2);
      let v = 60 + ((sx * 3 + camera * 40) % 120);
      if (sy > 30) v = 40;
      if (sx > 20 + camera * 5 && sx < 34 + camera * 5 && sy > 18 && sy < 30) v = 230;
      raw[(y * w + x) * 3] = v;
      raw[(y * w + x) * 3 + 1] = Math.min(255, v + 10);
      raw[(y * w + x) * 3 + 2] = Math.max(0, v - 20);
    }
  }
  return new Uint8Array(await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 80 }).toBuffer());
}

function jointStream(topic: string, rows: number[][], rateHz: number, startNs: bigint): TopicStream {
  const messages: OutMessage[] = rows.map((position, k) => {
    const logTimeNs = startNs + BigInt(Math.round((k * NS) / rateHz));
    return { topic, logTimeNs, data: encodeJointState({ stampNs: logTimeNs, frameId: "base", name: JOINT_NAMES, position, velocity: [], effort: [] }) };
  });
  return {
    channel: { topic, messageEncoding: "cdr", schema: { name: JOINT_STATE_SCHEMA_NAME, encoding: "ros2msg", data: new TextEncoder().encode(JOINT_STATE_DEFINITION) } },
    messages,
  };
}

function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Write the dataset into `outDir` (created; same-named files replaced) and `planted-defects.json` describing it.
 */
export async function generateAuditDataset(outDir: string, options: AuditFixtureOptions = {}): Promise<AuditFixture> {
  const n = options.episodes ?? 120;
  const random = mulberry32(options.seed ?? 14);
  const jointRate = options.jointRateHz ?? 200;
  const cameraRate = options.cameraRateHz ?? 5;
  const base = options.baseDurationS ?? 8;
  const image = foxgloveCameraSchema("CompressedImage");
  const jpegs = await Promise.all(CAMERAS.map((_, c) => sceneJpeg(c, 0)));
  const moved = await sceneJpeg(0, 9);

  // Which episodes get which defect (besides the jerky operator and the moved session): a few of each, spread out.
  const hesitant = new Set<number>();
  const slow = new Set<number>();
  const spiky = new Set<number>();
  // The weakest operator (lowest success rate) also hesitates: hesitations are planted in its episodes first.
  const weakest = OPERATORS[OPERATORS.length - 1]!;
  const pool = shuffle(random, Array.from({ length: n }, (_, i) => i)).sort((a, b) => Number(OPERATORS[b % OPERATORS.length] === weakest) - Number(OPERATORS[a % OPERATORS.length] === weakest));
  const few = Math.max(2, Math.round(n * 0.04));
  for (const i of pool) {
    const op = OPERATORS[i % OPERATORS.length]!;
    const session = SESSIONS[Math.floor((i * SESSIONS.length) / n)]!;
    if (op === JERKY_OPERATOR || session === MOVED_SESSION) continue;
    if (hesitant.size < few) hesitant.add(i);
    else if (slow.size < few) slow.add(i);
    else if (spiky.size < Math.max(1, few / 2)) spiky.add(i);
  }

  const episodes: AuditFixtureEpisode[] = [];
  const fingerprints = new Map<string, EpisodeFingerprint>();
  for (let i = 0; i < n; i++) {
    const operator = OPERATORS[i % OPERATORS.length]!;
    const taskIndex = Math.floor(i / OPERATORS.length) % TASKS.length;
    const task = TASKS[taskIndex]!;
    const session = SESSIONS[Math.floor((i * SESSIONS.length) / n)]!;
    const rel = `${session}/ep_${String(i + 1).padStart(4, "0")}.mcap`;
    const defects: Defect[] = [];
    const plan: MotionPlan = cleanPlan(random, base * (taskIndex === 0 ? 1 : 1.5));
    if (operator === JERKY_OPERATOR) {
      plan.tremorRad = 0.02;
      defects.push("jerky");
    }
    if (hesitant.has(i)) {
      const count = 2;
      let t = plan.durationS * 0.3;
      for (let p = 0; p < count; p++) {
        const len = 1 + random();
        plan.pauses.push([Math.round(t * 100) / 100, Math.round((t + len) * 100) / 100]);
        plan.durationS += len;
        t += len + plan.durationS * 0.2;
      }
      defects.push("hesitation");
    }
    if (slow.has(i)) {
      plan.speed = 0.45;
      plan.durationS = Math.round(((plan.durationS - 2 * plan.restS) / plan.speed + 2 * plan.restS) * 100) / 100;
      defects.push("duration");
    }
    if (session === MOVED_SESSION) defects.push("camera-moved");
    const startNs = START_NS + BigInt(i) * 3600n * BigInt(NS);
    const rows = jointTrajectory(plan, jointRate);
    // The action leads the state by 50 ms, at 50 Hz.
    const actionRate = 50;
    const actionRows: number[][] = [];
    for (let k = 0; k * jointRate < (rows.length - 1) * actionRate + 1; k++) {
      const idx = Math.min(rows.length - 1, Math.round((k / actionRate + 0.05) * jointRate));
      actionRows.push([...rows[idx]!]);
    }
    if (spiky.has(i)) {
      for (const at of [0.4, 0.6]) {
        const k = Math.floor(actionRows.length * at);
        actionRows[k] = actionRows[k]!.map((v, j) => (j < 6 ? v + 0.8 : v));
      }
      defects.push("action-spike");
    }
    const cams = CAMERAS.map((topic, c): TopicStream => {
      const data = session === MOVED_SESSION && topic === MOVED_CAMERA ? moved : jpegs[c]!;
      const messages: OutMessage[] = [];
      for (let k = 0; k <= Math.floor(plan.durationS * cameraRate); k++) {
        const logTimeNs = startNs + BigInt(Math.round((k * NS) / cameraRate)) + BigInt(c * 1_000_000);
        messages.push({ topic, logTimeNs, data: image.encode({ timestampNs: logTimeNs, frameId: topic.slice(1), data, format: "jpeg" }) });
      }
      return { channel: { topic, messageEncoding: "protobuf", schema: { name: image.name, encoding: image.encoding, data: image.data } }, messages };
    });
    const streams = [...cams, jointStream("/joint_states", rows, jointRate, startNs), jointStream("/action", actionRows, actionRate, startNs)];
    const abs = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    const messageCount = await writeMcapFile(abs, {
      library: "episcope audit fixture",
      streams,
      metadata: [{ name: "episode", values: { operator, task, robot: "aloha-1", session, scene: `table_${(i % 2) + 1}` } }],
    });
    const all = streams.flatMap((s) => s.messages.map((m) => m.logTimeNs));
    const first = all.reduce((a, b) => (b < a ? b : a));
    const last = all.reduce((a, b) => (b > a ? b : a));
    episodes.push({
      path: rel,
      operator,
      task,
      session,
      durationS: Number(last - first) / NS,
      defects,
      pauses: plan.pauses.map(([a, b]) => ({ startNs: (startNs + BigInt(Math.round(a * NS))).toString(), endNs: (startNs + BigInt(Math.round(b * NS))).toString() })),
      outcome: null,
      recovery: false,
    });
    fingerprints.set(rel, { sizeBytes: fs.statSync(abs).size, startNs: first, endNs: last, messageCount });
  }

  // Reviews: 5 of every 6 episodes of each operator are reviewed; exactly round(rate × reviewed) are successes.
  const successByOperator: AuditFixture["successByOperator"] = {};
  for (const operator of OPERATORS) {
    const mine = episodes.filter((e) => e.operator === operator);
    const reviewed = mine.filter((_, k) => k % 6 !== 5);
    const successes = Math.round(SUCCESS_RATE[operator]! * reviewed.length);
    shuffle(random, [...reviewed]).forEach((e, k) => {
      e.outcome = k < successes ? "success" : "failure";
      e.recovery = k < successes && k % 3 === 0;
    });
    successByOperator[operator] = { decided: reviewed.length, success: successes, recovery: reviewed.filter((e) => e.recovery).length };
  }
  for (const e of episodes) {
    if (!e.outcome) continue;
    const doc: AnnotationDocument = emptyAnnotation(e.path, fingerprints.get(e.path)!, ANNOTATOR);
    doc.revision = 1;
    doc.updatedAt = "2025-10-10T10:00:00.000Z";
    doc.review = { status: "accepted", outcome: e.outcome, score: null, flags: [], note: "" };
    if (e.recovery) {
      const { startNs, endNs } = fingerprints.get(e.path)!;
      const span = endNs - startNs;
      doc.segments.push({ id: "recovery-1", kind: "recovery", startNs: startNs + (span * 4n) / 10n, endNs: startNs + (span * 6n) / 10n, note: "", camera: null });
    }
    const file = path.join(outDir, ".episcope", "annotations", ANNOTATOR.id, e.path.replace(/\.mcap$/i, ".json"));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, serializeAnnotation(doc));
  }
  const fixture: AuditFixture = { root: outDir, episodes, successByOperator };
  fs.writeFileSync(path.join(outDir, "planted-defects.json"), JSON.stringify(fixture, null, 2) + "\n");
  return fixture;
}
