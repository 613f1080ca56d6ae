/**
 * Triage of a dataset (DESIGN §8, issue #14): for every episode, robust z-scores of its metrics within its task
 * (median / 1.4826·MAD of the task's episodes, so a long task is not an outlier of a short one), the derived metrics
 * that need the whole task (start/end state distance to the task's median state, setup drift of each camera's first
 * frame), a score (the largest z in the direction that makes an episode worth watching) and the reasons — each metric
 * whose z reaches REASON_Z (3.5, Iglewicz & Hoaglin's outlier cut-off for the modified z-score).
 *
 * The spread σ̂ of each metric is floored (MetricRule.minSpread) so a task whose episodes all have e.g. 0 hesitations
 * does not make one hesitation infinitely surprising. RMS jerk is scored on a log scale (ln of the value, floored at
 * JERK_LOG_FLOOR): it is a ratio-scale quantity spanning orders of magnitude (a 6 Hz tremor multiplies it ~400×), and
 * on a linear scale its z reached several thousand on the planted-defect dataset, which reads as nonsense. Fewer than MIN_TASK_EPISODES measured episodes in a task: no
 * z-score for that metric (the reasons say nothing rather than something unfounded).
 */
import { isPresent, type MetricValue, absent } from "./metricValue.ts";
import type { EpisodeAudit, SuggestedSegment } from "./episodeMetrics.ts";
import { MAD_TO_SIGMA, mad, median } from "./robustStats.ts";
import { frameDifference, hexToGray, medianFrame, type FirstFrame } from "./setupDrift.ts";

/** z at or above which a metric is a reason. */
export const REASON_Z = 3.5;
/** A metric gets z-scores only in tasks with at least this many measured episodes. */
export const MIN_TASK_EPISODES = 5;

/** How a metric is scored: which direction is worth watching, its spread floor and how to phrase a reason. */
interface MetricRule {
  direction: "high" | "low" | "both";
  /** Floor of σ̂ in the metric's (scored) units, absolute or relative to |task median| (the larger wins). */
  minSpread: number;
  minSpreadRelative?: number;
  /** Map the value before scoring (e.g. a log scale); median, MAD and the floors are then in the mapped units. */
  scoreScale?: (value: number) => number;
  text: (value: number, taskMedian: number) => string;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;
const num = (x: number, digits = 1) => x.toFixed(digits);

/** RMS jerk below this (rad/s³) is scored as this: a practically jerk-free motion (and ln 0 is −∞). */
export const JERK_LOG_FLOOR = 0.1;

/** Rules of the scored metrics; `setupDrift:<camera>` metrics use DRIFT_RULE. */
export const METRIC_RULES: Readonly<Record<string, MetricRule>> = {
  durationS: { direction: "both", minSpread: 0.5, minSpreadRelative: 0.05, text: (v, m) => `duration ${num(v)} s (task median ${num(m)} s)` },
  idleFraction: { direction: "high", minSpread: 0.03, text: (v, m) => `idle ${pct(v)} (task median ${pct(m)})` },
  hesitationCount: { direction: "high", minSpread: 0.5, text: (v, m) => `${v} hesitation${v === 1 ? "" : "s"} (task median ${num(m, 0)})` },
  hesitationS: { direction: "high", minSpread: 0.3, text: (v, m) => `hesitating ${num(v)} s (task median ${num(m)} s)` },
  pathLengthRad: { direction: "both", minSpread: 0.05, minSpreadRelative: 0.05, text: (v, m) => `joint path ${num(v, 2)} rad (task median ${num(m, 2)} rad)` },
  // σ̂ ≥ ln 1.25: a jerk 25 % above the task's (geometric) median is one σ̂ (z 3.5 ≈ 2.2× the median).
  rmsJerkRadPerS3: { direction: "high", minSpread: Math.log(1.25), scoreScale: (v) => Math.log(Math.max(v, JERK_LOG_FLOOR)), text: (v, m) => `RMS jerk ${num(v)} rad/s³ (task median ${num(m)})` },
  ldlj: { direction: "low", minSpread: 0.5, text: (v, m) => `LDLJ ${num(v)} (task median ${num(m)}; less smooth)` },
  actionSpikeCount: { direction: "high", minSpread: 0.5, text: (v, m) => `${v} action spike${v === 1 ? "" : "s"} (task median ${num(m, 0)})` },
  gripperCycles: { direction: "both", minSpread: 0.5, text: (v, m) => `${v} gripper cycle${v === 1 ? "" : "s"} (task median ${num(m, 0)})` },
  startDistanceRad: { direction: "high", minSpread: 0.05, text: (v) => `start pose ${num(v, 2)} rad from the task's median start` },
  endDistanceRad: { direction: "high", minSpread: 0.05, text: (v) => `end pose ${num(v, 2)} rad from the task's median end` },
};

const driftRule = (camera: string): MetricRule => ({
  direction: "high",
  minSpread: 0.02,
  text: (v) => `camera ${camera} moved (first frame differs ${pct(v)} from the task's median)`,
});

/** Metric key of the setup drift of `camera`. */
export const driftKey = (camera: string) => `setupDrift:${camera}`;

/** One episode as triage needs it. */
export interface TriageInput {
  path: string;
  /** Task the z-scores are taken within (null: the "(no task)" group). */
  task: string | null;
  /** Null when the episode could not be read (see error). */
  audit: EpisodeAudit | null;
  /** First frames by camera topic (absent with the reason when it could not be decoded). */
  firstFrames?: Record<string, FirstFrame | { absent: string }>;
  error?: string | null;
}

/** One reason an episode is worth watching. */
export interface TriageReason {
  metric: string;
  text: string;
  /** Robust z of the metric (signed so that larger = worse for this metric). */
  z: number;
}

/** An episode's triage. */
export interface TriageEntry {
  path: string;
  task: string | null;
  /** Every metric, including the derived ones (start/end distance, setup drift per camera). */
  metrics: Record<string, MetricValue>;
  /** Largest directional z, ≥ 0; null when nothing was measurable or the episode is unreadable. */
  score: number | null;
  reasons: TriageReason[];
  suggested: SuggestedSegment[];
  error: string | null;
}

function distance(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}

/** Elementwise median of equally long vectors. */
function medianVector(vectors: readonly (readonly number[])[]): number[] {
  return vectors[0]!.map((_, i) => median(vectors.map((v) => v[i]!)));
}

/** Add the derived metrics of one task's episodes (start/end distance, setup drift) to their metric maps. */
function deriveTaskMetrics(items: readonly TriageInput[], metrics: Map<string, Record<string, MetricValue>>): void {
  for (const which of ["startState", "endState"] as const) {
    const key = which === "startState" ? "startDistanceRad" : "endDistanceRad";
    const withState = items.filter((i) => i.audit?.[which]);
    // The layout most episodes share (joint labels); others are absent.
    const layouts = new Map<string, number>();
    for (const i of withState) layouts.set(i.audit!.stateLabels.join("\u0000"), (layouts.get(i.audit!.stateLabels.join("\u0000")) ?? 0) + 1);
    const common = [...layouts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    const same = withState.filter((i) => i.audit!.stateLabels.join("\u0000") === common);
    const med = same.length > 0 ? medianVector(same.map((i) => i.audit![which]!)) : null;
    for (const i of items) {
      const m = metrics.get(i.path)!;
      if (!i.audit) continue;
      const pathLength = i.audit.metrics.pathLengthRad;
      if (!i.audit[which]) m[key] = absent(isPresent(pathLength) ? "no joint state" : pathLength.absent);
      else if (!med || i.audit.stateLabels.join("\u0000") !== common) m[key] = absent("its joints differ from the task's usual joints");
      else m[key] = distance(i.audit[which]!, med);
    }
  }
  const cameras = new Set(items.flatMap((i) => Object.keys(i.firstFrames ?? {})));
  for (const camera of cameras) {
    const frames = new Map<string, Uint8Array>();
    for (const i of items) {
      const f = i.firstFrames?.[camera];
      if (f && "gray" in f) {
        try {
          frames.set(i.path, hexToGray(f.gray));
        } catch {
          // a damaged cache entry: absent below
        }
      }
    }
    const med = medianFrame([...frames.values()]);
    for (const i of items) {
      if (!i.audit || !i.firstFrames || !(camera in i.firstFrames)) continue;
      const f = frames.get(i.path);
      const given = i.firstFrames[camera]!;
      metrics.get(i.path)![driftKey(camera)] = f && med ? frameDifference(f, med) : absent("absent" in given ? given.absent : "unreadable thumbnail");
    }
  }
}

/**
 * Triage every episode. Entries come back sorted by score (highest first; ties by path), unreadable and unscored
 * episodes last.
 */
export function triage(inputs: readonly TriageInput[]): TriageEntry[] {
  const metrics = new Map<string, Record<string, MetricValue>>();
  for (const i of inputs) metrics.set(i.path, i.audit ? { ...i.audit.metrics } : {});
  const byTask = new Map<string, TriageInput[]>();
  for (const i of inputs) {
    const key = i.task ?? "\u0000";
    if (!byTask.has(key)) byTask.set(key, []);
    byTask.get(key)!.push(i);
  }
  const entries: TriageEntry[] = [];
  for (const items of byTask.values()) {
    deriveTaskMetrics(items, metrics);
    const names = new Set(items.flatMap((i) => Object.keys(metrics.get(i.path)!)));
    const stats = new Map<string, { med: number; scoredMed: number; sigma: number; rule: MetricRule }>();
    for (const name of names) {
      const rule = METRIC_RULES[name] ?? (name.startsWith("setupDrift:") ? driftRule(name.slice("setupDrift:".length)) : undefined);
      if (!rule) continue;
      const values = items.map((i) => metrics.get(i.path)![name]).filter(isPresent);
      if (values.length < MIN_TASK_EPISODES) continue;
      const scored = rule.scoreScale ? values.map(rule.scoreScale) : values;
      const scoredMed = median(scored);
      const sigma = Math.max(MAD_TO_SIGMA * mad(scored), rule.minSpread, (rule.minSpreadRelative ?? 0) * Math.abs(scoredMed));
      if (sigma > 0) stats.set(name, { med: median(values), scoredMed, sigma, rule });
    }
    for (const i of items) {
      const m = metrics.get(i.path)!;
      const reasons: TriageReason[] = [];
      let score: number | null = null;
      if (i.audit) {
        for (const [name, s] of stats) {
          const v = m[name];
          if (!isPresent(v)) continue;
          const raw = ((s.rule.scoreScale ? s.rule.scoreScale(v) : v) - s.scoredMed) / s.sigma;
          const z = s.rule.direction === "high" ? raw : s.rule.direction === "low" ? -raw : Math.abs(raw);
          score = Math.max(score ?? 0, z);
          if (z >= REASON_Z) reasons.push({ metric: name, text: s.rule.text(v, s.med), z });
        }
      }
      reasons.sort((a, b) => b.z - a.z);
      entries.push({ path: i.path, task: i.task, metrics: m, score, reasons, suggested: i.audit?.suggested ?? [], error: i.error ?? null });
    }
  }
  return entries.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
