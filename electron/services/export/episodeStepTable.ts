/**
 * The step table of one episode: its asynchronous streams (state topics, the action topic, cameras) resampled to
 * the export's step rate with "latest value ≤ step time" (DESIGN §3), plus the per-step labels of its annotation
 * document. Every exporter writes from this table, so all formats hold the same numbers.
 */
import type { AnnotationDocument } from "../../../shared/annotation.ts";
import type { ChannelSummary, FrameIndex, NumericSeries } from "../../../shared/episode.ts";
import { latestAtSteps, stepTimesAtRate } from "../../../shared/export/resampleLatest.ts";
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
}

/** The action topic of an episode: the asked one, `/action`, or the only joints topic named like "action". */
export function pickActionTopic(channels: readonly ChannelSummary[], asked: string | undefined): string {
  if (asked !== undefined) return asked;
  if (channels.some((c) => c.topic === "/action")) return "/action";
  const named = channels.filter((c) => c.kind === "joints" && /action/i.test(c.topic));
  if (named.length === 1) return named[0]!.topic;
  throw new Error(`no action topic found (no /action, ${named.length} joints topics named like "action"): pass --action TOPIC`);
}

function resample(series: NumericSeries, steps: readonly bigint[]): { stream: StepStream; staleness: bigint } {
  const { indices, maxStalenessNs, missingSteps } = latestAtSteps(series.logTimesNs, steps);
  if (missingSteps > 0) throw new Error(`${series.topic}: no message at or before the first ${missingSteps} steps`);
  const dim = series.fields.length;
  const values = new Float32Array(steps.length * dim);
  for (let s = 0; s < steps.length; s++) {
    const i = indices[s]!;
    for (let f = 0; f < dim; f++) values[s * dim + f] = series.values[f]![i]!;
  }
  return { stream: { topic: series.topic, names: series.fields.map((f) => f.label), dim, values }, staleness: maxStalenessNs };
}

/**
 * Build the step table of one opened episode. The steps are the action topic's messages (default; `fps` is then its
 * mean rate, rounded), or every 1/`fps` s when `fps` is given — in both cases from the time every used stream has a
 * first message through the last message of the action and state topics (so no step needs a value from before a
 * stream starts, and the action is never held past its end).
 * @throws Error naming the topic when a requested stream is missing or empty, or a numeric topic has no fields; the
 *   errors of stepLabels (reward step clock topic absent).
 */
export function buildStepTable(episode: LoadedEpisode, doc: AnnotationDocument | null, options: StepTableOptions): StepTable {
  const summary = episode.summary;
  const channel = (topic: string, what: string): ChannelSummary => {
    const c = summary.channels.find((ch) => ch.topic === topic);
    if (!c) throw new Error(`${what} topic ${topic} is not in this episode`);
    if (c.messageCount === 0 || c.firstNs === null || c.lastNs === null) throw new Error(`${what} topic ${topic} has no messages`);
    return c;
  };
  const actionTopic = pickActionTopic(summary.channels, options.actionTopic);
  const action = channel(actionTopic, "action");
  const stateTopics = options.stateTopics ?? summary.channels.filter((c) => c.kind === "joints" && c.topic !== actionTopic).map((c) => c.topic);
  if (stateTopics.length === 0) throw new Error("no state topic (no joints topic besides the action): pass the state topics");
  const states = stateTopics.map((t) => channel(t, "state"));
  const cameraTopics = options.cameras ?? summary.channels.filter((c) => c.kind === "camera").map((c) => c.topic);
  const cameras = cameraTopics.map((t) => {
    const c = channel(t, "camera");
    if (c.kind !== "camera") throw new Error(`camera topic ${t} is not a camera (${c.schemaName})`);
    return c;
  });
  const fps = options.fps ?? Math.round(action.rateHz ?? 0);
  if (!(fps > 0)) throw new Error(`action topic ${actionTopic} has no rate to step at: pass --fps`);

  const used = [action, ...states, ...cameras];
  const startNs = used.reduce((m, c) => (c.firstNs! > m ? c.firstNs! : m), 0n);
  const endNs = [action, ...states].reduce((m, c) => (c.lastNs! < m ? c.lastNs! : m), action.lastNs!);
  if (endNs < startNs) throw new Error(`the streams do not overlap in time (all start by ${startNs} ns, one ends at ${endNs} ns)`);
  const actionSeries = episode.series(actionTopic);
  // The step clock: every `fps` from the start, or (default) the action messages themselves.
  const steps =
    options.fps !== undefined ? stepTimesAtRate(startNs, endNs, fps) : Array.from(actionSeries.logTimesNs).filter((t) => t >= startNs && t <= endNs);

  const maxStalenessNs: Record<string, bigint> = {};
  const numeric = (topic: string): StepStream => {
    const series = topic === actionTopic ? actionSeries : episode.series(topic);
    if (series.fields.length === 0) throw new Error(`${topic}: no numeric fields`);
    const { stream, staleness } = resample(series, steps);
    maxStalenessNs[topic] = staleness;
    return stream;
  };
  const state = stateTopics.map(numeric);
  const actionStream = numeric(actionTopic);
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
  const labels = stepLabels(doc, steps, summary.startNs, summary.endNs, topicTimes);
  const metadata: Record<string, Record<string, string>> = {};
  for (const m of summary.metadata ?? []) metadata[m.name] = m.entries;
  return {
    path: summary.path,
    name: summary.name,
    fps,
    stepTimesNs: steps,
    state,
    action: actionStream,
    cameras: stepCameras,
    labels,
    doc,
    operator: metadata.episode?.operator ?? null,
    metadata,
    maxStalenessNs,
  };
}

/** The state topics concatenated per step: row-major [steps × Σ dim] float32, with the joined names. */
export function concatenatedState(table: StepTable): StepStream {
  const dim = table.state.reduce((s, x) => s + x.dim, 0);
  const n = table.stepTimesNs.length;
  const values = new Float32Array(n * dim);
  let offset = 0;
  for (const stream of table.state) {
    for (let s = 0; s < n; s++) values.set(stream.values.subarray(s * stream.dim, (s + 1) * stream.dim), s * dim + offset);
    offset += stream.dim;
  }
  return { topic: table.state.map((s) => s.topic).join("+"), names: table.state.flatMap((s) => s.names), dim, values };
}
