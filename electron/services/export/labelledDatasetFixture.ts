/**
 * Test fixture: a generated dataset of labelled episodes for the export tests and the bench, built with the sample
 * generator's functions (scripts/sample/): each episode has /joint_states (100 Hz), /action (50 Hz) and the H.264
 * camera /cam_high (30 fps, Debian's ffmpeg), an MCAP `episode` metadata record (operator, task, robot), and one
 * annotation document by annotator `alice` whose labels vary by episode index (see `labelsOf`). Two broken episodes
 * can be added: `bad_no_action` (no /action topic) and `bad_reward_clock` (its rewards' step clock is a topic the
 * episode lacks), and one whose state is wider than the others' (`ep_003w`).
 */
import { mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { emptyAnnotation, serializeAnnotation, type AnnotationDocument } from "../../../shared/annotation.ts";
import { cameraStream, SAMPLE_CAMERAS } from "../../../scripts/sample/cameras.ts";
import type { EpisodeSpec } from "../../../scripts/sample/episodes.ts";
import { writeMcapFile } from "../../../scripts/sample/mcapFile.ts";
import { actionStream, jointStateStream } from "../../../scripts/sample/robotStreams.ts";
import type { TopicStream } from "../../../scripts/sample/types.ts";
import { ANNOTATIONS_DIR } from "../annotation/annotationMainService.ts";

/** The annotator whose layer the fixture writes. */
export const FIXTURE_ANNOTATOR = "alice";
const START_NS = 1_760_000_000n * 1_000_000_000n;
const TASK = "transfer the cube from the left gripper to the right";

/** Name of episode i (0-based). */
export const fixtureEpisodeName = (i: number) => `ep_${String(i).padStart(3, "0")}`;

/** The labels of episode i: the test's expected values. */
export function labelsOf(i: number): {
  status: "accepted" | "needs_fix";
  outcome: "success" | "failure";
  flags: string[];
  operator: string;
  /** With a rewards section (linear 0 → 1 over the episode, 50 Hz clock), else rewards come from the outcome. */
  denseReward: boolean;
  durationSec: number;
} {
  return {
    status: i % 5 === 4 ? "needs_fix" : "accepted",
    outcome: i % 4 === 3 ? "failure" : "success",
    flags: i % 3 === 0 ? ["jerky motion"] : [],
    operator: i % 2 === 0 ? "op_a" : "op_b",
    denseReward: i % 2 === 0,
    durationSec: 2 + (i % 3),
  };
}

function spec(name: string, i: number, operator: string, durationSec: number): EpisodeSpec {
  return {
    name,
    durationSec,
    startNs: START_NS + BigInt(i) * 100_000_000_000n,
    seed: i + 1,
    compression: "none",
    variation: { cubeWaist: 0.2 + (i % 7) * 0.02, handoverWaist: 0.4, placeWaist: 0.2 + (i % 5) * 0.02 },
    metadata: { operator, task: TASK, robot: "aloha-sim", session: "fixture" },
  };
}

async function writeEpisode(dir: string, s: EpisodeSpec, streams: TopicStream[]): Promise<{ sizeBytes: number; endNs: bigint; messageCount: number }> {
  const file = path.join(dir, `${s.name}.mcap`);
  const messageCount = await writeMcapFile(file, { library: "episcope export fixture", streams, metadata: [{ name: "episode", values: s.metadata }] });
  const endNs = streams.flatMap((x) => x.messages).reduce((m, x) => (x.logTimeNs > m ? x.logTimeNs : m), 0n);
  return { sizeBytes: (await stat(file)).size, endNs, messageCount };
}

async function writeDocument(dir: string, doc: AnnotationDocument): Promise<void> {
  const file = path.join(dir, ANNOTATIONS_DIR, FIXTURE_ANNOTATOR, doc.episode.path.replace(/\.mcap$/, "") + ".json");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, serializeAnnotation(doc));
}

function document(name: string, s: EpisodeSpec, written: { sizeBytes: number; endNs: bigint; messageCount: number }, i: number): AnnotationDocument {
  const l = labelsOf(i);
  const doc = emptyAnnotation(`${name}.mcap`, { sizeBytes: written.sizeBytes, startNs: s.startNs, endNs: written.endNs, messageCount: written.messageCount }, { id: FIXTURE_ANNOTATOR, name: "Alice" });
  doc.revision = 1;
  doc.updatedAt = "2026-01-01T00:00:00.000Z";
  doc.review = { status: l.status, outcome: l.outcome, score: 4, flags: l.flags, note: `episode ${i}` };
  doc.instructions = [
    { id: "i1", scope: "episode", text: i % 2 ? "hand the cube over" : TASK, paraphrases: ["pass the cube to the right hand"], flags: { negative: false, ambiguous: false }, language: "en" },
  ];
  doc.segments = l.outcome === "failure" ? [{ id: "s1", kind: "failure", startNs: s.startNs + 500_000_000n, endNs: s.startNs + 1_000_000_000n, note: "dropped", camera: null }] : [];
  doc.chunks = [
    { id: "c1", primitive: "reach", startNs: s.startNs, endNs: s.startNs + 1_000_000_000n, parentId: null, note: "" },
    { id: "c2", primitive: "grasp", startNs: s.startNs + 1_000_000_000n, endNs: written.endNs, parentId: null, note: "" },
  ];
  if (l.denseReward) {
    doc.rewards = {
      clock: { kind: "rate", hz: 50 },
      keyframes: [{ tNs: s.startNs, value: 0 }, { tNs: written.endNs, value: 1 }],
      interpolation: "linear",
      generator: { kind: "custom" },
      gamma: 0.9,
    };
  }
  return doc;
}

/** A stream of `stream` republished under another topic (a second joints topic). */
const renamed = (stream: TopicStream, topic: string): TopicStream => ({ channel: { ...stream.channel, topic }, messages: stream.messages.map((m) => ({ ...m, topic })) });

/**
 * Write `count` labelled episodes (and optionally the two broken ones, and `ep_003w`: labelled like episode 1 but
 * with a second joints topic `/gripper_states`, so its state is twice as wide as every other episode's — a format
 * that needs one state size fails it only once another episode was exported before it) into `dir`.
 * @returns the episode file names written, in path order.
 */
export async function writeLabelledDataset(dir: string, count: number, options: { broken?: boolean; wideState?: boolean } = {}): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const camera = SAMPLE_CAMERAS[0]!; // /cam_high, H.264, 30 fps
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = fixtureEpisodeName(i);
    const l = labelsOf(i);
    const s = spec(name, i, l.operator, l.durationSec);
    const streams = [await cameraStream(camera, s, { frameCounter: false }), jointStateStream(s), actionStream(s)];
    await writeDocument(dir, document(name, s, await writeEpisode(dir, s, streams), i));
    names.push(`${name}.mcap`);
  }
  if (options.broken) {
    const noAction = spec("bad_no_action", 90, "op_a", 2);
    await writeEpisode(dir, noAction, [jointStateStream(noAction)]);
    const badClock = spec("bad_reward_clock", 91, "op_a", 2);
    const written = await writeEpisode(dir, badClock, [await cameraStream(camera, badClock, { frameCounter: false }), jointStateStream(badClock), actionStream(badClock)]);
    const doc = document("bad_reward_clock", badClock, written, 0);
    doc.rewards = { clock: { kind: "topic", topic: "/steps" }, keyframes: [], interpolation: "step", generator: { kind: "custom" }, gamma: 1 };
    await writeDocument(dir, doc);
    names.push("bad_no_action.mcap", "bad_reward_clock.mcap");
  }
  if (options.wideState) {
    const wide = spec("ep_003w", 93, labelsOf(1).operator, 2);
    const joints = jointStateStream(wide);
    const streams = [await cameraStream(camera, wide, { frameCounter: false }), joints, renamed(joints, "/gripper_states"), actionStream(wide)];
    await writeDocument(dir, document("ep_003w", wide, await writeEpisode(dir, wide, streams), 1));
    names.push("ep_003w.mcap");
  }
  return names.sort();
}
