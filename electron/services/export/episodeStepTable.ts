/**
 * The step table of one episode: its asynchronous streams (state topics, the action topic, cameras) resampled to
 * the export's step rate with "latest value ≤ step time" (DESIGN §3), plus the per-step labels of its annotation
 * document. Every exporter writes from this table, so all formats hold the same numbers.
 */
import type { AnnotationDocument } from "../../../shared/annotation.ts";
import type { ChannelSummary, FrameIndex, NumericSeries } from "../../../shared/episode.ts";
import { latestAtSteps, stepTimesAtRate } from "../../../shared/export/resampleLatest.ts";
import { defaultStateTopics, isBookkeepingField } from "../../../shared/export/stateFields.ts";
import { stepLabels, type StepLabels } from "../../../shared/export/stepLabels.ts";
import type { LoadedEpisode } from "../episode/loadedEpisode.ts";

/** One numeric stream resampled to the steps: row-major values[step * dim + field] (float32, units as recorded). */
export interface StepStream {
  topic: string;
  /** Field labels (JointState: joint names), length dim. */
  names: string[];
  dim: number;
  values: Float32Array;
}

/** One camera resampled to the steps. */
export interface StepCamera {
  topic: string;
  frameIndex: FrameIndex;
  /** Per step: the frame index shown at that step (latest frame ≤ step time). */
  frameOfStep: Int32Array;
}

/**
 * Where the action comes from: a topic's messages (latest at or before each step), or — when the episode has no
 * action topic or the action named is a state topic — the next step's state (action[t] = state[t+1], the commanded
 * next position), the last step dropped (default) or given its own state.
 */
export type ActionSource = { kind: "topic"; topic: string } | { kind: "next-state"; topics: string[]; lastStep: LastStep };

/** What to do with the last step when the action is the next state: drop it, or repeat its state as its action. */
export type LastStep = "drop" | "repeat";

/** Everything the writers need about one episode. */
export interface StepTable {
  /** Path relative to the dataset (POSIX). */
  path: string;
  /** File name without extension. */
  name: string;
  fps: number;
  /** Step log times (ns), ascending. */
  stepTimesNs: bigint[];
  /** The state topics, each resampled, in option order. */
  state: StepStream[];
  action: StepStream;
  actionSource: ActionSource;
  cameras: StepCamera[];
  labels: StepLabels;
  doc: AnnotationDocument | null;
  /** `operator` of the MCAP `episode` metadata record, or null. */
  operator: string | null;
  /** MCAP metadata records of the episode. */
  metadata: Record<string, Record<string, string>>;
  /** Largest staleness (ns) per resampled topic. */
  maxStalenessNs: Record<string, bigint>;
}

/** Which streams become what. */
export interface StepTableOptions {
  /** Step rate (Hz); default: step on the action topic's messages. */
  fps?: number;
  actionTopic?: string;
  stateTopics?: readonly string[];
  cameras?: readonly string[];
  /** When the action is the next state: drop the last step (default) or repeat its state. */
  lastStep?: LastStep;
  /** Segment kinds that get a per-step mask (the dataset config's kinds). */
  segmentKinds?: readonly string[];
}

/**
 * The action topic of an episode: the asked one, `/action`, or the only joints topic named like "action"; null when
 * there is none (the export then takes the next state as the action).
 * @throws Error when several joints topics are named like "action" and none was asked
 */
export function findActionTopic(channels: readonly ChannelSummary[], asked: string | undefined): string | null {
  if (asked !== undefined) return asked;
  if (channels.some((c) => c.topic === "/action")) return "/action";
  const named = channels.filter((c) => c.kind === "joints" && /action/i.test(c.topic));
  if (named.length === 1) return named[0]!.topic;
  if (named.length > 1) throw new Error(`${named.length} joints topics are named like "action" (${named.map((c) => c.topic).join(", ")}): pass --action TOPIC`);
  return null;
}

/**
 * Like findActionTopic, for callers that need a topic.
 * @throws Error "no action topic found …" when there is none
 */
export function pickActionTopic(channels: readonly ChannelSummary[], asked: string | undefined): string {
  const topic = findActionTopic(channels, asked);
  if (topic === null) throw new Error(`no action topic found (no /action, no joints topic named like "action"): pass --action TOPIC`);
  return topic;
}

/** Resample the series' robot fields (bookkeeping fields left out, see stateFields.ts) to the steps. */
function resample(series: NumericSeries, steps: readonly bigint[]): { stream: StepStream; staleness: bigint } {
  const { indices, maxStalenessNs, missingSteps } = latestAtSteps(series.logTimesNs, steps);
  if (missingSteps > 0) throw new Error(`${series.topic}: no message at or before the first ${missingSteps} steps`);
  const fields = series.fields.map((f, k) => ({ label: f.label, column: series.values[k]! })).filter((f) => !isBookkeepingField(f.label));
  if (fields.length === 0) throw new Error(`${series.topic}: only bookkeeping fields (${series.fields.map((f) => f.label).join(", ")}), no robot state`);
  const dim = fields.length;
  const values = new Float32Array(steps.length * dim);
  for (let s = 0; s < steps.length; s++) {
    const i = indices[s]!;
    for (let f = 0; f < dim; f++) values[s * dim + f] = fields[f]!.column[i]!;
  }
  return { stream: { topic: series.topic, names: fields.map((f) => f.label), dim, values }, staleness: maxStalenessNs };
}

/** The next step's state as the action: row t = state row t+1; the last row is its own state (for `repeat`). */
function nextState(state: StepStream): StepStream {
  const n = state.values.length / state.dim;
  const values = new Float32Array(state.values.length);
  if (n > 0) {
    values.set(state.values.subarray(state.dim), 0);
    values.set(state.values.subarray((n - 1) * state.dim), (n - 1) * state.dim);
  }
  return { topic: state.topic, names: state.names, dim: state.dim, values };
}

/**
 * Build the step table of one opened episode. The steps are the action topic's messages (default; `fps` is then its
 * mean rate, rounded) — or, when the action is the next state, the first state topic's messages —, or every 1/`fps` s
 * when `fps` is given; in all cases from the time every used stream has a first message through the last message of
 * the action and state topics (so no step needs a value from before a stream starts, and the action is never held
 * past its end). With the action taken from the next state, action[t] = state[t+1] and the last step is dropped
 * (`lastStep: "drop"`, default) or keeps its own state (`"repeat"`).
 * @throws Error naming the topic when a requested stream is missing or empty, or a numeric topic has no robot
 *   fields; the errors of stepLabels (reward step clock topic absent).
 */
export function buildStepTable(episode: LoadedEpisode, doc: AnnotationDocument | null, options: StepTableOptions): StepTable {
  const summary = episode.summary;
  const channel = (topic: string, what: string): ChannelSummary => {
    const c = summary.channels.find((ch) => ch.topic === topic);
    if (!c) throw new Error(`${what} topic ${topic} is not in this episode`);
    if (c.messageCount === 0 || c.firstNs === null || c.lastNs === null) throw new Error(`${what} topic ${topic} has no messages`);
    return c;
  };
  const picked = findActionTopic(summary.channels, options.actionTopic);
  const numericTopics = summary.channels.filter((c) => c.kind === "joints" && c.topic !== picked && c.messageCount > 0);
  const stateTopics =
    options.stateTopics ?? defaultStateTopics(numericTopics, (topic) => episode.series(topic).fields.map((f) => f.label));
  if (stateTopics.length === 0) throw new Error("no state topic (no numeric topic with robot fields besides the action): pass the state topics");
  // A state topic named as the action, or no action topic at all: the action is the next step's state.
  const derived = picked === null || stateTopics.includes(picked);
  const lastStep = options.lastStep ?? "drop";
  const actionTopic = derived ? stateTopics[0]! : picked;
  const action = channel(actionTopic, derived ? "state" : "action");
  const states = stateTopics.map((t) => channel(t, "state"));
  const cameraTopics = options.cameras ?? summary.channels.filter((c) => c.kind === "camera").map((c) => c.topic);
  const cameras = cameraTopics.map((t) => {
    const c = channel(t, "camera");
    if (c.kind !== "camera") throw new Error(`camera topic ${t} is not a camera (${c.schemaName})`);
    return c;
  });
  const fps = options.fps ?? Math.round(action.rateHz ?? 0);
  if (!(fps > 0)) throw new Error(`${derived ? "state" : "action"} topic ${actionTopic} has no rate to step at: pass --fps`);

  const used = [action, ...states, ...cameras];
  const startNs = used.reduce((m, c) => (c.firstNs! > m ? c.firstNs! : m), 0n);
  const endNs = [action, ...states].reduce((m, c) => (c.lastNs! < m ? c.lastNs! : m), action.lastNs!);
  if (endNs < startNs) throw new Error(`the streams do not overlap in time (all start by ${startNs} ns, one ends at ${endNs} ns)`);
  const clockSeries = episode.series(actionTopic);
  // The step clock: every `fps` from the start, or (default) the action (or first state) messages themselves.
  let steps =
    options.fps !== undefined ? stepTimesAtRate(startNs, endNs, fps) : Array.from(clockSeries.logTimesNs).filter((t) => t >= startNs && t <= endNs);
  if (derived && lastStep === "drop") {
    if (steps.length < 2) throw new Error(`${steps.length} step: the action is the next step's state, so at least 2 steps are needed`);
  }
  const allSteps = steps;
  if (derived && lastStep === "drop") steps = steps.slice(0, -1);

  const maxStalenessNs: Record<string, bigint> = {};
  const numeric = (topic: string, at: readonly bigint[]): StepStream => {
    const series = topic === actionTopic ? clockSeries : episode.series(topic);
    if (series.fields.length === 0) throw new Error(`${topic}: no numeric fields`);
    const { stream, staleness } = resample(series, at);
    maxStalenessNs[topic] = staleness;
    return stream;
  };
  let actionStream: StepStream;
  let state: StepStream[];
  if (derived) {
    // Resampled over every step (the dropped last one included), so the action of step t is the state of step t+1.
    const full = stateTopics.map((t) => numeric(t, allSteps));
    const next = nextState(concatenated(full, allSteps.length));
    const n = steps.length;
    state = full.map((x) => ({ ...x, values: x.values.slice(0, n * x.dim) }));
    actionStream = { ...next, values: next.values.slice(0, n * next.dim) };
  } else {
    state = stateTopics.map((t) => numeric(t, steps));
    actionStream = numeric(actionTopic, steps);
  }
  const actionSource: ActionSource = derived ? { kind: "next-state", topics: [...stateTopics], lastStep } : { kind: "topic", topic: actionTopic };
  const stepCameras = cameraTopics.map((topic): StepCamera => {
    const frameIndex = episode.frameIndex(topic);
    const { indices, maxStalenessNs: staleness } = latestAtSteps(frameIndex.logTimesNs, steps);
    maxStalenessNs[topic] = staleness;
    return { topic, frameIndex, frameOfStep: indices };
  });

  const topicTimes = (topic: string) => {
    const c = summary.channels.find((ch) => ch.topic === topic);
    if (!c || c.messageCount === 0) return undefined;
    return c.kind === "camera" ? episode.frameIndex(topic).logTimesNs : episode.series(topic).logTimesNs;
  };
  const labels = stepLabels(doc, steps, summary.startNs, summary.endNs, topicTimes, options.segmentKinds ?? []);
  const metadata: Record<string, Record<string, string>> = {};
  for (const m of summary.metadata ?? []) metadata[m.name] = m.entries;
  return {
    path: summary.path,
    name: summary.name,
    fps,
    stepTimesNs: steps,
    state,
    action: actionStream,
    actionSource,
    cameras: stepCameras,
    labels,
    doc,
    operator: metadata.episode?.operator ?? null,
    metadata,
    maxStalenessNs,
  };
}

/** Streams of `n` steps concatenated per step: row-major [n × Σ dim] float32, topics joined with "+". */
function concatenated(streams: readonly StepStream[], n: number): StepStream {
  const dim = streams.reduce((s, x) => s + x.dim, 0);
  const values = new Float32Array(n * dim);
  let offset = 0;
  for (const stream of streams) {
    for (let s = 0; s < n; s++) values.set(stream.values.subarray(s * stream.dim, (s + 1) * stream.dim), s * dim + offset);
    offset += stream.dim;
  }
  return { topic: streams.map((s) => s.topic).join("+"), names: streams.flatMap((s) => s.names), dim, values };
}

/** The state topics concatenated per step: row-major [steps × Σ dim] float32, with the joined names. */
export function concatenatedState(table: StepTable): StepStream {
  return concatenated(table.state, table.stepTimesNs.length);
}
