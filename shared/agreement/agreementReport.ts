/**
 * The agreement report of a dataset (DESIGN §9; `episcope agreement --json`, the lead's agreement screen): pairwise
 * Cohen's kappa and Fleiss' kappa on the outcome and on each quality flag (present/absent), segment F1 / mean IoU /
 * median boundary error per kind, action-chunk boundary F1, instruction exact-match rate, the episodes where annotators
 * disagree on the outcome, and each annotator's summary (episodes labelled, disagreements won in adjudication).
 *
 * Which layers count: every annotator's layer except `adjudicated` (the lead's resolution, compared against instead)
 * and imported layers (`import.*`, labels claimed by a source dataset). An annotator has *labelled* an episode when
 * their document has a decided status (accepted, rejected, needs fix) or an outcome.
 * - outcome: episodes where both (all, for Fleiss) gave an outcome;
 * - flags: episodes both labelled, each flag present or absent;
 * - segments: episodes both labelled (no segment of a kind is a label too);
 * - action chunks: episodes where both split the episode into action chunks;
 * - instructions: episodes where both wrote an episode instruction.
 * Confidence intervals: 95 % percentile bootstrap over episodes (seeded, see bootstrap.ts).
 */
import type { AnnotationDocument, Outcome } from "../annotation.ts";
import { ADJUDICATED_ANNOTATOR } from "../dataset/datasetRow.ts";
import { bootstrapCi95 } from "./bootstrap.ts";
import { episodeInstruction, instructionsMatch } from "./instructionMatch.ts";
import { cohenKappa, cohenKappaOfSample, fleissKappa, fleissKappaOfSample, type KappaResult } from "./kappa.ts";
import { addInto, chunkBoundaries, emptyCounts, matchBoundaries, matchSegments, summarizeCounts, type MatchCounts, type MatchSummary } from "./segmentMatch.ts";

/** True for layers compared as annotators (not `adjudicated`, not imported `import.*`). */
export function isAnnotatorLayer(id: string): boolean {
  return id !== ADJUDICATED_ANNOTATOR && !id.startsWith("import.");
}

/** One annotator's valid documents. */
export interface LayerDocuments {
  annotator: string;
  documents: readonly AnnotationDocument[];
}

/** Options of the report. */
export interface AgreementOptions {
  /** Boundary tolerance of segment and chunk matching, seconds. Default 0.5. */
  toleranceS?: number;
  /** Seed of the bootstrap. Default 1. */
  seed?: number;
  /** Bootstrap resamples. Default 1000. */
  resamples?: number;
  /** Flags to report even when nobody set them (the dataset config's). */
  flags?: readonly string[];
}

/** Kappa of one pair of annotators. */
export interface PairKappa extends KappaResult {
  a: string;
  b: string;
  /** 95 % bootstrap interval over episodes; null when undefined. */
  ci95: [number, number] | null;
}

/** Kappa of one nominal label (outcome, or one flag). */
export interface LabelAgreement {
  pairs: PairKappa[];
  /** Fleiss' kappa across all annotators; null when undefined (see `fleissReason`). */
  fleissKappa: number | null;
  fleissReason: string | null;
  /** Episodes in Fleiss' kappa (rated by two or more). */
  fleissN: number;
  fleissCi95: [number, number] | null;
}

/** Segment (or chunk boundary) agreement pooled over all pairs, and per pair. */
export interface PooledMatch extends MatchSummary {
  pairs: Array<MatchSummary & { a: string; b: string; episodes: number }>;
}

/** Instruction exact-match agreement. */
export interface InstructionAgreement {
  /** Share of compared (pair, episode) cases with the same instruction; null when none (see `reason`). */
  exactMatchRate: number | null;
  /** Compared (pair, episode) cases. */
  n: number;
  reason: string | null;
  pairs: Array<{ a: string; b: string; n: number; exactMatchRate: number | null }>;
}

/** One annotator's summary. */
export interface AnnotatorSummary {
  annotator: string;
  /** Episodes with a decided status or an outcome. */
  episodesLabelled: number;
  /** Time spent labelling, seconds; null: not recorded by Episcope's documents. */
  timeSpentS: number | null;
  /** Disagreements this annotator took part in that the lead adjudicated (an adjudicated outcome exists). */
  disagreementsAdjudicated: number;
  /** Of those, how many the adjudicated outcome equals this annotator's. */
  disagreementsWon: number;
  /** won / adjudicated; null when none was adjudicated. */
  wonShare: number | null;
}

/** An episode where annotators gave different outcomes. */
export interface Disagreement {
  /** Episode path relative to the dataset. */
  path: string;
  /** Each annotator's outcome (annotators with none are absent). */
  outcomes: Record<string, Outcome>;
  /** The adjudicated outcome, or null when not adjudicated. */
  adjudicated: Outcome | null;
}

/** The whole report. */
export interface AgreementReport {
  /** Annotators compared, sorted. */
  annotators: string[];
  toleranceS: number;
  outcome: LabelAgreement;
  flags: Record<string, LabelAgreement>;
  segments: Record<string, PooledMatch>;
  actionChunks: PooledMatch;
  instructions: InstructionAgreement;
  /** Episode paths (relative) where annotators disagree on the outcome, sorted. */
  disagreements: string[];
  disagreementDetails: Disagreement[];
  perAnnotator: AnnotatorSummary[];
}

/** A document left out of the metrics because it failed validation. */
export interface LeftOutDocument {
  /** The layer (annotator id) it belongs to. */
  annotator: string;
  /** Path relative to the dataset folder (POSIX). */
  file: string;
  /** What is wrong, naming the file and field. */
  error: string;
}

/** The report of a dataset folder (`episcope agreement --json`, `dataset.agreement`). */
export interface DatasetAgreement extends AgreementReport {
  /** Absolute dataset folder. */
  dataset: string;
  /** Every layer found (annotators, `adjudicated`, imported ones), sorted. */
  layers: string[];
  /** Documents that failed validation, left out of the metrics. */
  leftOut: LeftOutDocument[];
  leftOutCount: number;
}

const DECIDED = new Set(["accepted", "rejected", "needs_fix"]);

/** True when the annotator labelled the episode in `doc` (a decided status or an outcome). */
export function isLabelled(doc: AnnotationDocument): boolean {
  return DECIDED.has(doc.review.status) || doc.review.outcome !== null;
}

/** 0 … n − 1: the bootstrap resamples item indices (the kappas of a sample are computed from precoded items). */
const indicesOf = (items: readonly unknown[]) => items.map((_, i) => i);

const byPath = (docs: readonly AnnotationDocument[]) => new Map(docs.map((d) => [d.episode.path, d]));

/** Kappa of every pair and Fleiss across all of a nominal label read from each document (null: not rated). */
function labelAgreement(
  annotators: string[],
  docs: Map<string, Map<string, AnnotationDocument>>,
  paths: string[],
  label: (doc: AnnotationDocument) => string | null,
  options: AgreementOptions,
): LabelAgreement {
  const rating = (a: string, path: string) => {
    const doc = docs.get(a)!.get(path);
    return doc ? label(doc) : null;
  };
  const pairs: PairKappa[] = [];
  for (let i = 0; i < annotators.length; i++) {
    for (let j = i + 1; j < annotators.length; j++) {
      const a = annotators[i]!;
      const b = annotators[j]!;
      const items: Array<[string, string]> = [];
      for (const path of paths) {
        const x = rating(a, path);
        const y = rating(b, path);
        if (x !== null && y !== null) items.push([x, y]);
      }
      const k = cohenKappa(items);
      pairs.push({ a, b, ...k, ci95: k.kappa === null ? null : bootstrapCi95(indicesOf(items), cohenKappaOfSample(items), options) });
    }
  }
  const items = paths.map((p) => annotators.map((a) => rating(a, p)).filter((x): x is string => x !== null)).filter((l) => l.length >= 2);
  const f = annotators.length < 2 ? { ...fleissKappa([]), reason: "only one annotator" } : fleissKappa(items);
  return {
    pairs,
    fleissKappa: f.kappa,
    fleissReason: f.reason,
    fleissN: f.n,
    fleissCi95: f.kappa === null ? null : bootstrapCi95(indicesOf(items), fleissKappaOfSample(items), options),
  };
}

/**
 * The agreement report of the given layers.
 * @param layers every layer's valid documents (invalid ones already left out by the caller); `adjudicated` is used
 *   for the per-annotator "won" counts, `import.*` layers are ignored
 */
export function agreementReport(layers: readonly LayerDocuments[], options: AgreementOptions = {}): AgreementReport {
  const toleranceS = options.toleranceS ?? 0.5;
  if (!(toleranceS >= 0) || !Number.isFinite(toleranceS)) throw new Error(`tolerance must be a number of seconds ≥ 0, got ${toleranceS}`);
  const toleranceNs = BigInt(Math.round(toleranceS * 1e9));
  const annotators = layers.map((l) => l.annotator).filter(isAnnotatorLayer).sort();
  const docs = new Map(layers.filter((l) => isAnnotatorLayer(l.annotator)).map((l) => [l.annotator, byPath(l.documents.filter(isLabelled))]));
  const allDocs = new Map(layers.filter((l) => isAnnotatorLayer(l.annotator)).map((l) => [l.annotator, byPath(l.documents)]));
  const adjudicated = byPath(layers.find((l) => l.annotator === ADJUDICATED_ANNOTATOR)?.documents ?? []);
  const paths = [...new Set([...docs.values()].flatMap((m) => [...m.keys()]))].sort();

  const outcome = labelAgreement(annotators, docs, paths, (d) => d.review.outcome, options);
  const flagNames = new Set(options.flags ?? []);
  for (const m of docs.values()) for (const d of m.values()) for (const f of d.review.flags) flagNames.add(f);
  const flags: Record<string, LabelAgreement> = {};
  for (const flag of [...flagNames].sort()) flags[flag] = labelAgreement(annotators, docs, paths, (d) => (d.review.flags.includes(flag) ? "present" : "absent"), options);

  // Segments per kind and chunk boundaries, per pair then pooled.
  const kinds = new Set<string>();
  for (const m of docs.values()) for (const d of m.values()) for (const s of d.segments) kinds.add(s.kind);
  const segmentCounts = new Map<string, Array<{ a: string; b: string; episodes: number; counts: MatchCounts }>>([...kinds].sort().map((k) => [k, []]));
  const chunkPairs: Array<{ a: string; b: string; episodes: number; counts: MatchCounts }> = [];
  const instructionPairs: InstructionAgreement["pairs"] = [];
  let instructionN = 0;
  let instructionMatches = 0;
  for (let i = 0; i < annotators.length; i++) {
    for (let j = i + 1; j < annotators.length; j++) {
      const a = annotators[i]!;
      const b = annotators[j]!;
      const both = paths.filter((p) => docs.get(a)!.has(p) && docs.get(b)!.has(p));
      for (const [kind, list] of segmentCounts) {
        const counts = emptyCounts();
        for (const p of both) addInto(counts, matchSegments(docs.get(a)!.get(p)!.segments, docs.get(b)!.get(p)!.segments, kind, toleranceNs));
        list.push({ a, b, episodes: both.length, counts });
      }
      // Chunks and instructions: any document (an annotator may split chunks before deciding the outcome).
      const anyBoth = [...allDocs.get(a)!.keys()].filter((p) => allDocs.get(b)!.has(p)).sort();
      const chunkCounts = emptyCounts();
      let chunkEpisodes = 0;
      let n = 0;
      let same = 0;
      for (const p of anyBoth) {
        const x = allDocs.get(a)!.get(p)!;
        const y = allDocs.get(b)!.get(p)!;
        if (x.chunks.length > 0 && y.chunks.length > 0) {
          chunkEpisodes++;
          addInto(chunkCounts, matchBoundaries(chunkBoundaries(x.chunks), chunkBoundaries(y.chunks), toleranceNs));
        }
        const ix = episodeInstruction(x.instructions);
        const iy = episodeInstruction(y.instructions);
        if (ix !== null && iy !== null) {
          n++;
          if (instructionsMatch(ix, iy)) same++;
        }
      }
      chunkPairs.push({ a, b, episodes: chunkEpisodes, counts: chunkCounts });
      instructionPairs.push({ a, b, n, exactMatchRate: n === 0 ? null : same / n });
      instructionN += n;
      instructionMatches += same;
    }
  }
  const pool = (list: Array<{ a: string; b: string; episodes: number; counts: MatchCounts }>, what: string, withIoU: boolean): PooledMatch => ({
    ...summarizeCounts(list.reduce((acc, p) => addInto(acc, p.counts), emptyCounts()), what, withIoU),
    ...(annotators.length < 2 ? { reason: "only one annotator" } : {}),
    pairs: list.map((p) => ({ a: p.a, b: p.b, episodes: p.episodes, ...summarizeCounts(p.counts, what, withIoU) })),
  });
  const segments: Record<string, PooledMatch> = {};
  for (const [kind, list] of segmentCounts) segments[kind] = pool(list, `${kind} segments`, true);

  // Disagreements on the outcome and who won them.
  const disagreementDetails: Disagreement[] = [];
  for (const p of paths) {
    const outcomes: Record<string, Outcome> = {};
    for (const a of annotators) {
      const o = docs.get(a)!.get(p)?.review.outcome;
      if (o) outcomes[a] = o;
    }
    if (new Set(Object.values(outcomes)).size > 1) disagreementDetails.push({ path: p, outcomes, adjudicated: adjudicated.get(p)?.review.outcome ?? null });
  }
  const perAnnotator: AnnotatorSummary[] = annotators.map((annotator) => {
    const settled = disagreementDetails.filter((d) => d.adjudicated !== null && d.outcomes[annotator] !== undefined);
    const won = settled.filter((d) => d.outcomes[annotator] === d.adjudicated).length;
    return {
      annotator,
      episodesLabelled: docs.get(annotator)!.size,
      timeSpentS: null,
      disagreementsAdjudicated: settled.length,
      disagreementsWon: won,
      wonShare: settled.length === 0 ? null : won / settled.length,
    };
  });

  return {
    annotators,
    toleranceS,
    outcome,
    flags,
    segments,
    actionChunks: pool(chunkPairs, "action chunks", false),
    instructions: {
      exactMatchRate: instructionN === 0 ? null : instructionMatches / instructionN,
      n: instructionN,
      reason: annotators.length < 2 ? "only one annotator" : instructionN === 0 ? "no episode where two annotators both wrote an episode instruction" : null,
      pairs: instructionPairs,
    },
    disagreements: disagreementDetails.map((d) => d.path),
    disagreementDetails,
    perAnnotator,
  };
}
