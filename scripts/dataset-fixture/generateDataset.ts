/**
 * A deterministic dataset of small robot episodes for dataset-review tests and benchmarks: `session_NN/ep_NNNN.mcap`
 * files, each with two JPEG cameras (foxglove.CompressedImage, protobuf, 5 Hz), joint states
 * (sensor_msgs/msg/JointState, CDR, 20 Hz) and an MCAP metadata record `episode` (operator, task, robot, session,
 * scene); optionally annotation documents of two annotators (statuses, outcomes, scores, flags) so the overview has
 * data, and a few damaged files. Same seed → same bytes (mulberry32, shared/random.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { emptyAnnotation, serializeAnnotation, type AnnotationDocument, type Outcome } from "../../shared/annotation.ts";
import type { ReviewStatus } from "../../shared/annotation.ts";
import { mulberry32, type Random } from "../../shared/random.ts";
import { foxgloveCameraSchema } from "../sample/foxgloveProto.ts";
import { encodeJointState, JOINT_STATE_DEFINITION, JOINT_STATE_SCHEMA_NAME } from "../sample/jointState.ts";
import { writeMcapFile } from "../sample/mcapFile.ts";
import type { OutMessage, TopicStream } from "../sample/types.ts";

/** What to generate. */
export interface DatasetFixtureOptions {
  /** Number of episodes (default 1000). */
  episodes?: number;
  /** Seed of the generator (default 6). */
  seed?: number;
  /** Operators `op_01…` (default 10) and tasks (default 5, from TASKS). */
  operators?: number;
  tasks?: number;
  /** Write annotation documents for about 60 % of the episodes (default true). */
  annotations?: boolean;
  /** Number of damaged (truncated) episodes among them (default 0). */
  damaged?: number;
}

/** Task names, in order. */
export const TASKS = ["pick_cube", "stack_blocks", "open_drawer", "pour_cup", "fold_towel"] as const;
/** Annotators of the generated layers. */
export const FIXTURE_ANNOTATORS = [
  { id: "rev_alice", name: "Alice" },
  { id: "rev_bob", name: "Bob" },
] as const;

/** One generated episode. */
export interface FixtureEpisode {
  path: string;
  operator: string;
  task: string;
  durationSec: number;
  damaged: boolean;
}

/** Two 64×48 JPEGs (blue, orange), made once with ffmpeg (`color=c=…:s=64x48`, -q:v 10). */
const JPEGS = [
  "/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgUFBcUFxsbGxsbGyAeICEhISAgICAhISEkJCQqKiokJCQhISQkKCgqKi4vLisrKisvLzIyMjw8OTlGRkhWVmf/xABMAAEBAAAAAAAAAAAAAAAAAAAABQEBAQAAAAAAAAAAAAAAAAAAAAYQAQAAAAAAAAAAAAAAAAAAAAARAQAAAAAAAAAAAAAAAAAAAAD/wAARCAAwAEADASIAAhEAAxEA/9oADAMBAAIRAxEAPwCEAr02AAAAAAAAAAAAAAAAAAAAAA//2Q==",
  "/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgUFBcUFxsbGxsbGyAeICEhISAgICAhISEkJCQqKiokJCQhISQkKCgqKi4vLisrKisvLzIyMjw8OTlGRkhWVmf/xABMAAEBAAAAAAAAAAAAAAAAAAAABAEBAQAAAAAAAAAAAAAAAAAAAAYQAQAAAAAAAAAAAAAAAAAAAAARAQAAAAAAAAAAAAAAAAAAAAD/wAARCAAwAEADASIAAhEAAxEA/9oADAMBAAIRAxEAPwCUBLq4AAAAAAAAAAAAAAAAAAAAAB//2Q==",
].map((b64) => new Uint8Array(Buffer.from(b64, "base64")));

const JOINTS = ["waist", "shoulder", "elbow", "wrist_angle", "wrist_rotate", "gripper"];
const START_NS = 1_750_000_000_000_000_000n; // 2025-06-15
const NS = 1_000_000_000n;

function pickWeighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = random() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1]![0];
}

function streams(random: Random, startNs: bigint, durationSec: number): TopicStream[] {
  const image = foxgloveCameraSchema("CompressedImage");
  const cams = ["/cam_high", "/cam_wrist"].map((topic, c): TopicStream => {
    const messages: OutMessage[] = [];
    for (let t = 0; t <= durationSec * 5; t++) {
      const logTimeNs = startNs + (BigInt(t) * NS) / 5n + BigInt(c * 1_000_000);
      messages.push({ topic, logTimeNs, data: image.encode({ timestampNs: logTimeNs, frameId: topic.slice(1), data: JPEGS[c]!, format: "jpeg" }) });
    }
    return { channel: { topic, messageEncoding: "protobuf", schema: { name: image.name, encoding: image.encoding, data: image.data } }, messages };
  });
  const phase = random() * Math.PI * 2;
  const joints: OutMessage[] = [];
  for (let t = 0; t <= durationSec * 20; t++) {
    const stampNs = startNs + (BigInt(t) * NS) / 20n;
    const s = t / 20;
    const position = JOINTS.map((_, j) => Math.sin(s * (0.5 + j * 0.2) + phase + j) * (0.3 + 0.1 * j));
    joints.push({
      topic: "/joint_states",
      logTimeNs: stampNs,
      data: encodeJointState({ stampNs, frameId: "base", name: JOINTS, position, velocity: position.map((p) => p * 0.5), effort: position.map(() => 0) }),
    });
  }
  return [
    ...cams,
    {
      channel: { topic: "/joint_states", messageEncoding: "cdr", schema: { name: JOINT_STATE_SCHEMA_NAME, encoding: "ros2msg", data: new TextEncoder().encode(JOINT_STATE_DEFINITION) } },
      messages: joints,
    },
  ];
}

/**
 * Write the dataset into `outDir` (created; existing files of the same names are replaced). Returns the episodes
 * in path order.
 */
export async function generateDataset(outDir: string, options: DatasetFixtureOptions = {}): Promise<FixtureEpisode[]> {
  const n = options.episodes ?? 1000;
  const random = mulberry32(options.seed ?? 6);
  const operators = Array.from({ length: options.operators ?? 10 }, (_, i) => `op_${String(i + 1).padStart(2, "0")}`);
  const tasks = TASKS.slice(0, Math.max(1, Math.min(TASKS.length, options.tasks ?? 5)));
  const damaged = new Set<number>();
  while (damaged.size < Math.min(n, options.damaged ?? 0)) damaged.add(Math.floor(random() * n));
  const out: FixtureEpisode[] = [];
  for (let i = 0; i < n; i++) {
    const session = `session_${String(Math.floor(i / 50) + 1).padStart(2, "0")}`;
    const rel = `${session}/ep_${String(i + 1).padStart(4, "0")}.mcap`;
    const abs = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    const operatorIndex = Math.floor(random() * operators.length);
    const operator = operators[operatorIndex]!;
    const taskIndex = Math.floor(random() * tasks.length);
    const task = tasks[taskIndex]!;
    // Tasks differ in length; slower operators take longer; plus noise. 3–20 s.
    const durationSec = Math.round(Math.min(20, Math.max(3, 4 + taskIndex * 2 + operatorIndex * 0.4 + random() * 5)) * 20) / 20;
    const startNs = START_NS + BigInt(i) * 3600n * NS;
    // One session per 50 episodes, one day per session.
    const day = new Date(Date.UTC(2025, 5, 15 + Math.floor(i / 50))).toISOString().slice(0, 10);
    await writeMcapFile(abs, {
      library: "episcope dataset fixture",
      streams: streams(random, startNs, durationSec),
      metadata: [{ name: "episode", values: { operator, task, robot: i % 3 === 0 ? "aloha-2" : "aloha-1", session: `${day}_${session}`, scene: `table_${(i % 4) + 1}` } }],
    });
    const isDamaged = damaged.has(i);
    if (isDamaged) {
      const bytes = fs.readFileSync(abs);
      fs.writeFileSync(abs, bytes.subarray(0, Math.floor(bytes.length / 3)));
    }
    out.push({ path: rel, operator, task, durationSec, damaged: isDamaged });

    if ((options.annotations ?? true) && !isDamaged && random() < 0.6) {
      const messageCount = Math.floor(durationSec * 5 + 1) * 2 + Math.floor(durationSec * 20 + 1);
      const sizeBytes = fs.statSync(abs).size;
      const annotator = FIXTURE_ANNOTATORS[random() < 0.7 ? 0 : 1];
      const status = pickWeighted<ReviewStatus>(random, [["accepted", 6], ["rejected", 1.5], ["needs_fix", 1], ["in_progress", 1.5]]);
      const skill = 1 - operatorIndex / (operators.length * 1.5);
      const outcome = pickWeighted<Outcome>(random, [["success", 6 * skill], ["failure", 2], ["partial", 1.2], ["unusable", 0.4]]);
      const doc: AnnotationDocument = emptyAnnotation(rel, { sizeBytes, startNs, endNs: startNs + BigInt(Math.round(durationSec * 20)) * (NS / 20n), messageCount }, annotator);
      doc.revision = 1;
      doc.updatedAt = new Date(Date.UTC(2025, 5, 16) + i * 60_000).toISOString();
      doc.review = {
        status,
        outcome: status === "in_progress" && random() < 0.5 ? null : outcome,
        score: random() < 0.8 ? 1 + Math.floor(random() * 5) : null,
        flags: random() < 0.3 ? [pickWeighted(random, [["hesitation", 3], ["jerky_motion", 2], ["collision", 1], ["occlusion", 1]])] : [],
        note: "",
      };
      const file = path.join(outDir, ".episcope", "annotations", annotator.id, rel.replace(/\.mcap$/i, ".json"));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, serializeAnnotation(doc));
    }
  }
  return out;
}
