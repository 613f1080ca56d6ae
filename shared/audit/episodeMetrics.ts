/**
 * Every per-episode metric of the lead's audit (DESIGN §8, issue #14), from the episode's joint series and, where
 * there is one, its action series. Pipeline: arm joint positions (JointState `position[...]` fields that are not the
 * gripper; else every non-gripper field) → checked and linearly resampled to a uniform clock (min(100 Hz, recorded
 * rate)) → zero-phase Butterworth low-pass (lowpass.ts, 10 Hz) → speed ‖q̇‖ (rad/s) → activity (idle fraction,
 * hesitations), path length, RMS jerk, LDLJ, SPARC (sparc.ts, on that filtered speed); action spikes on the raw action messages; gripper cycles on the raw
 * series. Every metric that cannot be computed is `{ absent: reason }`. Docs: shared/docs/audit-metrics.md.
 */
import type { NumericSeries } from "../episode.ts";
import { activity, type RangeS } from "./activity.ts";
import { actionSpikes } from "./actionSpikes.ts";
import { normAcross, derivative } from "./derivatives.ts";
import { GRIPPER_PATTERN, gripperCycles } from "./gripperCycles.ts";
import { DEFAULT_CUTOFF_HZ, lowpassZeroPhase } from "./lowpass.ts";
import { absent, finiteOr, type MetricValue } from "./metricValue.ts";
import { pathLength, smoothness } from "./smoothness.ts";
import { sparc } from "./sparc.ts";
import { resampleUniform, SignalError } from "./uniformSignal.ts";

/** Names of the per-episode metrics (units in the name; see audit-metrics.md). */
export const EPISODE_METRICS = [
  "durationS",
  "activeS",
  "idleFraction",
  "hesitationCount",
  "hesitationS",
  "pathLengthRad",
  "rmsJerkRadPerS3",
  "ldlj",
  "sparc",
  "actionSpikeCount",
  "gripperCycles",
] as const;
export type EpisodeMetricName = (typeof EPISODE_METRICS)[number];

/** A proposed segment (not written anywhere until a reviewer accepts it). Times: log time ns, decimal strings. */
export interface SuggestedSegment {
  kind: "hesitation" | "idle" | "action_spike";
  startNs: string;
  endNs: string;
}

/** The per-episode part of the audit, cached with the episode's summary. */
export interface EpisodeAudit {
  /** First log time of the episode (ns, decimal string): suggested segments' times minus this are seconds into it. */
  startNs: string;
  /** Joint and action topics measured (null when none). */
  jointTopic: string | null;
  actionTopic: string | null;
  metrics: Record<EpisodeMetricName, MetricValue>;
  /** Arm joint positions (rad) at the first and last sample, with their labels; null when unmeasurable. */
  startState: number[] | null;
  endState: number[] | null;
  stateLabels: string[];
  suggested: SuggestedSegment[];
  /** How the joint signal was processed, e.g. "resampled 100 Hz; Butterworth 2nd order ×2 (zero-phase) 10 Hz". */
  processing: string;
}

/** Tuning of the metrics. */
export interface EpisodeMetricOptions {
  /** Resampling rate cap (Hz). Default 100. */
  maxRateHz?: number;
  cutoffHz?: number;
  idleRatio?: number;
  minPauseS?: number;
}

/** Inputs: the episode's time range (log time ns) and its series. */
export interface EpisodeSeriesInput {
  startNs: bigint;
  endNs: bigint;
  /** The joint series, or the reason there is none ("no joint topic"). */
  joints: NumericSeries | { absent: string };
  action: NumericSeries | { absent: string };
}

/** Indices of the arm joint fields of a joint series. */
export function armFields(series: NumericSeries): number[] {
  const notGripper = (i: number) => !GRIPPER_PATTERN.test(series.fields[i]!.label) && !GRIPPER_PATTERN.test(series.fields[i]!.path);
  const all = series.fields.map((_, i) => i);
  const positions = all.filter((i) => series.fields[i]!.path.startsWith("position[") && notGripper(i));
  if (positions.length > 0) return positions;
  return all.filter((i) => notGripper(i) && !series.fields[i]!.path.startsWith("velocity[") && !series.fields[i]!.path.startsWith("effort["));
}

function meanRate(series: NumericSeries): number {
  const n = series.logTimesNs.length;
  if (n < 2) return 0;
  return (n - 1) / (Number(series.logTimesNs[n - 1]! - series.logTimesNs[0]!) / 1e9);
}

const nsAt = (startNs: bigint, seconds: number) => (startNs + BigInt(Math.round(seconds * 1e9))).toString();

/** Compute the audit metrics of one episode. Never throws on bad data: what cannot be measured is absent. */
export function episodeAudit(input: EpisodeSeriesInput, options: EpisodeMetricOptions = {}): EpisodeAudit {
  const durationS = Number(input.endNs - input.startNs) / 1e9;
  const metrics = Object.fromEntries(EPISODE_METRICS.map((m) => [m, absent("not computed")])) as Record<EpisodeMetricName, MetricValue>;
  metrics.durationS = durationS > 0 ? durationS : absent("the episode has no time span");
  const out: EpisodeAudit = {
    startNs: input.startNs.toString(),
    jointTopic: "absent" in input.joints ? null : input.joints.topic,
    actionTopic: "absent" in input.action ? null : input.action.topic,
    metrics,
    startState: null,
    endState: null,
    stateLabels: [],
    suggested: [],
    processing: "",
  };
  const jointMetrics: EpisodeMetricName[] = ["activeS", "idleFraction", "hesitationCount", "hesitationS", "pathLengthRad", "rmsJerkRadPerS3", "ldlj", "sparc"];
  const setJointAbsent = (reason: string) => jointMetrics.forEach((m) => (metrics[m] = absent(reason)));

  if ("absent" in input.joints) {
    setJointAbsent(input.joints.absent);
    metrics.gripperCycles = absent(input.joints.absent);
  } else {
    const joints = input.joints;
    const gc = gripperCycles(joints);
    metrics.gripperCycles = gc === null ? absent(`${joints.topic}: no gripper field`) : gc;
    const rate = Math.min(options.maxRateHz ?? 100, meanRate(joints));
    const cutoff = options.cutoffHz ?? DEFAULT_CUTOFF_HZ;
    try {
      if (!(rate > 0)) throw new SignalError(`${joints.topic}: ${joints.logTimesNs.length} sample(s), no rate`);
      const fields = armFields(joints);
      const signal = resampleUniform(joints, fields, rate);
      const effectiveCutoff = Math.min(cutoff, rate * 0.45);
      out.processing = `resampled ${rate.toFixed(1)} Hz (linear); Butterworth 2nd order, forward-backward (zero-phase), ${effectiveCutoff.toFixed(1)} Hz`;
      const q = signal.values.map((c) => lowpassZeroPhase(c, rate, cutoff));
      const speed = normAcross(q.map((c) => derivative(c, rate)));
      out.stateLabels = signal.labels;
      out.startState = fields.map((f) => joints.values[f]![0]!);
      out.endState = fields.map((f) => joints.values[f]![joints.logTimesNs.length - 1]!);
      metrics.pathLengthRad = pathLength(speed, rate);
      const smooth = smoothness(q, speed, rate);
      metrics.rmsJerkRadPerS3 = finiteOr(smooth.rmsJerk, `${joints.topic}: too short for jerk (needs 7 samples at ${rate.toFixed(0)} Hz)`);
      metrics.ldlj = smooth.ldlj === null ? absent(`${joints.topic}: no motion (peak speed or jerk is 0)`) : smooth.ldlj;
      // Below 1e-9 rad/s the "motion" is rounding noise, whose spectrum SPARC would happily measure.
      const spectralArc = speed.some((v) => v > 1e-9) ? sparc(speed, rate) : null;
      metrics.sparc = spectralArc === null ? absent(`${joints.topic}: the joints never move (peak speed ≤ 1e-9 rad/s)`) : spectralArc;
      const act = activity(speed, rate, { idleRatio: options.idleRatio, minPauseS: options.minPauseS });
      if (!act) {
        for (const m of ["activeS", "idleFraction", "hesitationCount", "hesitationS"] as const) metrics[m] = absent(`${joints.topic}: the joints never move`);
      } else {
        metrics.activeS = act.activeS;
        metrics.idleFraction = act.idleFraction;
        metrics.hesitationCount = act.hesitations.length;
        metrics.hesitationS = act.hesitations.reduce((s, h) => s + (h.endS - h.startS), 0);
        const at = (r: RangeS, kind: SuggestedSegment["kind"]): SuggestedSegment => ({ kind, startNs: nsAt(signal.startNs, r.startS), endNs: nsAt(signal.startNs, r.endS) });
        out.suggested.push(...act.hesitations.map((h) => at(h, "hesitation")), ...act.idleStretches.map((h) => at(h, "idle")));
      }
    } catch (error) {
      if (!(error instanceof SignalError)) throw error;
      setJointAbsent(error.message);
    }
  }

  if ("absent" in input.action) metrics.actionSpikeCount = absent(input.action.absent);
  else {
    const action = input.action;
    const fields = armFieldsOrAll(action);
    const bad = findBad(action, fields);
    if (bad) metrics.actionSpikeCount = absent(bad);
    else {
      const spikes = actionSpikes(fields.map((f) => action.values[f]!));
      if (!spikes) metrics.actionSpikeCount = absent(`${action.topic}: ${action.logTimesNs.length} message(s) (need at least 3)`);
      else {
        metrics.actionSpikeCount = spikes.indices.length;
        const t = action.logTimesNs;
        // Consecutive spike steps (a jump and its return) make one suggested segment.
        for (let k = 0; k < spikes.indices.length; k++) {
          const first = spikes.indices[k]!;
          while (k + 1 < spikes.indices.length && spikes.indices[k + 1] === spikes.indices[k]! + 1) k++;
          out.suggested.push({ kind: "action_spike", startNs: t[first - 1]!.toString(), endNs: t[spikes.indices[k]!]!.toString() });
        }
      }
    }
  }
  out.suggested.sort((a, b) => (BigInt(a.startNs) < BigInt(b.startNs) ? -1 : 1));
  return out;
}

/** Action dimensions: JointState positions when present, else every field. */
function armFieldsOrAll(series: NumericSeries): number[] {
  const positions = series.fields.map((f, i) => ({ f, i })).filter(({ f }) => f.path.startsWith("position["));
  return positions.length > 0 ? positions.map(({ i }) => i) : series.fields.map((_, i) => i);
}

/** The first problem that makes the action unmeasurable (non-finite value, time going back), or null. */
function findBad(series: NumericSeries, fields: readonly number[]): string | null {
  const t = series.logTimesNs;
  if (fields.length === 0) return `${series.topic}: no numeric field`;
  for (let i = 1; i < t.length; i++) if (t[i]! < t[i - 1]!) return `${series.topic}: log time goes back at message ${i}`;
  for (const f of fields) {
    const col = series.values[f]!;
    for (let i = 0; i < col.length; i++) if (!Number.isFinite(col[i]!)) return `${series.topic}: ${series.fields[f]!.path} is ${col[i]} at message ${i}`;
  }
  return null;
}
