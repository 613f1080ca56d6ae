/**
 * Group statistics of the lead's audit (DESIGN §8): the episodes grouped by a facet (operator, session, task,
 * condition, or any metadata field), each group with its counts, success rate and Wilson 95 % interval, outcome
 * shares and the distributions of duration, idle fraction, hesitations, jerk and SPARC — and whether it stands out.
 *
 * Definitions: `reviewed` = episodes whose effective review is decided (accepted / rejected / needs fix, or annotators
 * in conflict; shared/dataset/datasetRow.ts isDecided); `decided` =
 * episodes with an outcome; `success` = outcome "success"; successRate = success / decided, null ("no decided
 * episodes") when decided = 0. Of the same decided episodes: the failure share (outcome "failure") and the recovery
 * share (some annotator marked a `recovery` segment), each with its Wilson 95 % interval, null when decided = 0. A group stands out when its median triage score reaches REASON_Z, when at least half of
 * its episodes have a setup-drift reason (a moved camera), or when its Wilson interval lies wholly below the
 * success rate of the whole dataset.
 */
import type { Outcome } from "../annotation.ts";
import { isDecided, type EffectiveStatus } from "../dataset/datasetRow.ts";
import { isPresent } from "./metricValue.ts";
import { fiveNumbers, median, type FiveNumbers } from "./robustStats.ts";
import { REASON_Z, type TriageEntry } from "./triage.ts";
import { wilsonInterval } from "./wilson.ts";

/** Metrics whose distributions are summarized per group. */
export const GROUP_METRICS = ["durationS", "idleFraction", "hesitationCount", "rmsJerkRadPerS3", "sparc"] as const;

/** One episode's labels as grouping needs them. */
export interface GroupInput {
  path: string;
  /** Facet values (operator, session, task, condition, …); null/absent = "(none)". */
  facets: Record<string, string | null>;
  status: EffectiveStatus;
  outcome: Outcome | null;
  /** Segment kinds in the episode's labels, over all annotators (for the recovery share). */
  segmentKinds: readonly string[];
}

/** One group of a facet. */
export interface AuditGroup {
  key: string;
  episodes: number;
  reviewed: number;
  decided: number;
  success: number;
  successRate: number | null;
  wilson95: [number, number] | null;
  /** Decided episodes with outcome failure. */
  failure: number;
  /** failure / decided; null with none decided ("no decided episodes", never 0 %). */
  failureShare: number | null;
  /** Wilson 95 % interval of failureShare; null with none decided. */
  failureWilson95: [number, number] | null;
  /** Decided episodes whose labels hold a recovery segment. */
  recovery: number;
  /** recovery / decided; null with none decided. */
  recoveryShare: number | null;
  /** Wilson 95 % interval of recoveryShare; null with none decided. */
  recoveryWilson95: [number, number] | null;
  /** Median triage score of its scored episodes, null when none. */
  medianScore: number | null;
  distributions: Record<(typeof GROUP_METRICS)[number], FiveNumbers | null>;
  standsOut: boolean;
  /** Why it stands out (empty when it does not). */
  why: string[];
  /** Episode paths of the group. */
  paths: string[];
}

/** Label of episodes without a value of the facet. */
export const NO_VALUE = "(none)";

/**
 * Group `inputs` by `facet` (groups sorted by key), with the triage entries for the metric distributions.
 */
export function groupBy(facet: string, inputs: readonly GroupInput[], triage: readonly TriageEntry[]): AuditGroup[] {
  const byPath = new Map(triage.map((t) => [t.path, t]));
  const decidedAll = inputs.filter((i) => i.outcome !== null);
  const overallRate = decidedAll.length > 0 ? decidedAll.filter((i) => i.outcome === "success").length / decidedAll.length : null;
  const groups = new Map<string, GroupInput[]>();
  for (const i of inputs) {
    const key = i.facets[facet] ?? NO_VALUE;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(i);
  }
  return [...groups.keys()].sort().map((key): AuditGroup => {
    const items = groups.get(key)!;
    const entries = items.map((i) => byPath.get(i.path)).filter((t): t is TriageEntry => t !== undefined);
    const decided = items.filter((i) => i.outcome !== null);
    const success = decided.filter((i) => i.outcome === "success").length;
    const failure = decided.filter((i) => i.outcome === "failure").length;
    const recovery = decided.filter((i) => i.segmentKinds.includes("recovery")).length;
    const wilson95 = wilsonInterval(success, decided.length);
    const scores = entries.map((e) => e.score).filter((s): s is number => s !== null);
    const medianScore = scores.length > 0 ? median(scores) : null;
    const why: string[] = [];
    if (medianScore !== null && medianScore >= REASON_Z) why.push(`median triage score ${medianScore.toFixed(1)}`);
    const drifted = new Map<string, number>();
    for (const e of entries) for (const r of e.reasons) if (r.metric.startsWith("setupDrift:")) drifted.set(r.metric, (drifted.get(r.metric) ?? 0) + 1);
    for (const [metric, count] of drifted) {
      if (count * 2 >= items.length) why.push(`camera ${metric.slice("setupDrift:".length)} moved in ${count} of ${items.length} episodes`);
    }
    if (wilson95 && overallRate !== null && wilson95[1] < overallRate) {
      why.push(`success ${Math.round((success / decided.length) * 100)} % (95 % CI up to ${Math.round(wilson95[1] * 100)} %) below the dataset's ${Math.round(overallRate * 100)} %`);
    }
    const distributions = Object.fromEntries(
      GROUP_METRICS.map((m) => [m, fiveNumbers(entries.map((e) => e.metrics[m]).filter(isPresent))]),
    ) as AuditGroup["distributions"];
    return {
      key,
      episodes: items.length,
      reviewed: items.filter((i) => isDecided(i.status)).length,
      decided: decided.length,
      success,
      successRate: decided.length > 0 ? success / decided.length : null,
      wilson95,
      failure,
      failureShare: decided.length > 0 ? failure / decided.length : null,
      failureWilson95: wilsonInterval(failure, decided.length),
      recovery,
      recoveryShare: decided.length > 0 ? recovery / decided.length : null,
      recoveryWilson95: wilsonInterval(recovery, decided.length),
      medianScore,
      distributions,
      standsOut: why.length > 0,
      why,
      paths: items.map((i) => i.path),
    };
  });
}
