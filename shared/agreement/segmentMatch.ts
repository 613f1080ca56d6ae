/**
 * Agreement of two annotators on time ranges (DESIGN §9). A match is a one-to-one pair of segments of the same kind
 * whose start and end are each within the tolerance; pairs are taken greedily in order of increasing boundary error
 * (the larger of |Δstart| and |Δend|), the usual event-based scheme for temporal segmentation (as in sed_eval's
 * event-based metrics with onset and offset collars: A. Mesaros, T. Heittola, T. Virtanen, "Metrics for polyphonic
 * sound event detection", Applied Sciences 6(6), 2016). Treating annotator A as the reference, precision = matched /
 * |B|, recall = matched / |A|, F1 = 2·matched / (|A| + |B|). IoU of a matched pair = |A ∩ B| / |A ∪ B| of the two time
 * ranges (1 when both are instants at the same time). Boundary error = |Δstart| and |Δend| of each match, seconds.
 *
 * Action chunks compare their boundaries: the distinct start and end times of the finest chunks (those no chunk
 * names as parent), matched one-to-one within the tolerance, greedily by increasing |Δ|; F1 as above.
 *
 * Counts add up over episodes (`addCounts`), so a dataset's F1 is computed on the pooled counts, not averaged.
 */

/** A labelled time range (log time, ns). */
export interface TimeRange {
  kind: string;
  startNs: bigint;
  endNs: bigint;
}

/** What comparing two annotators' ranges (of one kind, or chunk boundaries) found; adds up over episodes. */
export interface MatchCounts {
  matched: number;
  /** Items of annotator A (the reference). */
  inA: number;
  /** Items of annotator B. */
  inB: number;
  /** Sum of the IoU of the matches (segments only; 0 for boundaries). */
  iouSum: number;
  /** |Δ| of every matched boundary, seconds (two per segment match, one per boundary match). */
  boundaryErrorsS: number[];
}

/** Agreement figures from counts; null figures come with the reason. */
export interface MatchSummary {
  f1: number | null;
  precision: number | null;
  recall: number | null;
  /** Mean IoU of matched segments; null when nothing matched (or for boundaries). */
  meanIoU: number | null;
  /** Median boundary error of the matches, seconds; null when nothing matched. */
  medianBoundaryErrorS: number | null;
  matched: number;
  inA: number;
  inB: number;
  /** Why F1 is null (nothing to compare), else null. */
  reason: string | null;
}

/** Counts with nothing in them. */
export function emptyCounts(): MatchCounts {
  return { matched: 0, inA: 0, inB: 0, iouSum: 0, boundaryErrorsS: [] };
}

/** `a` + `b` (a new object). */
export function addCounts(a: MatchCounts, b: MatchCounts): MatchCounts {
  return addInto({ ...a, boundaryErrorsS: [...a.boundaryErrorsS] }, b);
}

/** Add `b` into `acc` (mutated; linear in `b`, so pooling many episodes stays linear) and return `acc`. */
export function addInto(acc: MatchCounts, b: MatchCounts): MatchCounts {
  acc.matched += b.matched;
  acc.inA += b.inA;
  acc.inB += b.inB;
  acc.iouSum += b.iouSum;
  for (const e of b.boundaryErrorsS) acc.boundaryErrorsS.push(e);
  return acc;
}

const abs = (x: bigint) => (x < 0n ? -x : x);
const toS = (ns: bigint) => Number(ns) / 1e9;

/** IoU of two closed ranges [s, e] (1 when both are the same instant). */
export function rangeIoU(a: { startNs: bigint; endNs: bigint }, b: { startNs: bigint; endNs: bigint }): number {
  const inter = (a.endNs < b.endNs ? a.endNs : b.endNs) - (a.startNs > b.startNs ? a.startNs : b.startNs);
  const union = (a.endNs > b.endNs ? a.endNs : b.endNs) - (a.startNs < b.startNs ? a.startNs : b.startNs);
  if (union === 0n) return 1;
  return inter <= 0n ? 0 : Number(inter) / Number(union);
}

/**
 * Match the segments of one kind of two annotators.
 * @param a annotator A's segments (the reference); only those of `kind` count
 * @param b annotator B's segments
 * @param toleranceNs how far each boundary may be off, ns (≥ 0)
 */
export function matchSegments(a: readonly TimeRange[], b: readonly TimeRange[], kind: string, toleranceNs: bigint): MatchCounts {
  const sa = a.filter((s) => s.kind === kind);
  const sb = b.filter((s) => s.kind === kind);
  const counts: MatchCounts = { ...emptyCounts(), inA: sa.length, inB: sb.length };
  for (const [i, j] of pairSegments(sa, sb, toleranceNs)) {
    const x = sa[i]!;
    const y = sb[j]!;
    counts.matched++;
    counts.iouSum += rangeIoU(x, y);
    counts.boundaryErrorsS.push(toS(abs(x.startNs - y.startNs)), toS(abs(x.endNs - y.endNs)));
  }
  return counts;
}

/** One-to-one pairs `[i, j]` of same-kind segments of `a` and `b` with both boundaries within the tolerance. */
function pairSegments(a: readonly TimeRange[], b: readonly TimeRange[], toleranceNs: bigint): Array<[number, number]> {
  const candidates: Candidate[] = [];
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      if (a[i]!.kind !== b[j]!.kind) continue;
      const ds = abs(a[i]!.startNs - b[j]!.startNs);
      const de = abs(a[i]!.endNs - b[j]!.endNs);
      if (ds <= toleranceNs && de <= toleranceNs) candidates.push({ i, j, err: ds > de ? ds : de });
    }
  }
  return greedyPairs(candidates);
}

/**
 * Which ranges of `a` and of `b` have no partner in the other (same kind, both boundaries within the tolerance, one
 * to one): the differences the side-by-side overlay highlights. Indices into `a` and `b`.
 */
export function unmatchedRanges(a: readonly TimeRange[], b: readonly TimeRange[], toleranceNs: bigint): { onlyA: Set<number>; onlyB: Set<number> } {
  const pairs = pairSegments(a, b, toleranceNs);
  const onlyA = new Set(a.map((_, i) => i));
  const onlyB = new Set(b.map((_, j) => j));
  for (const [i, j] of pairs) {
    onlyA.delete(i);
    onlyB.delete(j);
  }
  return { onlyA, onlyB };
}

interface Candidate {
  i: number;
  j: number;
  /** Boundary error, ns. */
  err: bigint;
}

/** Take candidate pairs by increasing error (ties by index), each item at most once. */
function greedyPairs(candidates: Candidate[]): Array<[number, number]> {
  candidates.sort((x, y) => (x.err < y.err ? -1 : x.err > y.err ? 1 : x.i - y.i || x.j - y.j));
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const pairs: Array<[number, number]> = [];
  for (const c of candidates) {
    if (usedA.has(c.i) || usedB.has(c.j)) continue;
    usedA.add(c.i);
    usedB.add(c.j);
    pairs.push([c.i, c.j]);
  }
  return pairs;
}

/** The distinct start/end times (ns, ascending) of the finest action chunks: those no chunk names as its parent. */
export function chunkBoundaries(chunks: ReadonlyArray<{ id: string; startNs: bigint; endNs: bigint; parentId: string | null }>): bigint[] {
  const parents = new Set(chunks.map((c) => c.parentId).filter((p): p is string => p !== null));
  const set = new Set<bigint>();
  for (const c of chunks) {
    if (parents.has(c.id)) continue;
    set.add(c.startNs);
    set.add(c.endNs);
  }
  return [...set].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

/** Match two annotators' boundary times one-to-one within `toleranceNs`, greedily by increasing |Δ|. */
export function matchBoundaries(a: readonly bigint[], b: readonly bigint[], toleranceNs: bigint): MatchCounts {
  const candidates: Candidate[] = [];
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      const err = abs(a[i]! - b[j]!);
      if (err <= toleranceNs) candidates.push({ i, j, err });
    }
  }
  const counts: MatchCounts = { ...emptyCounts(), inA: a.length, inB: b.length };
  for (const [i, j] of greedyPairs(candidates)) {
    counts.matched++;
    counts.boundaryErrorsS.push(toS(abs(a[i]! - b[j]!)));
  }
  return counts;
}

/** The median of values (mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * F1, precision, recall, mean IoU and median boundary error of pooled counts.
 * @param what names the items in the reason, e.g. "failure segments"
 * @param withIoU false for boundaries (meanIoU stays null)
 */
export function summarizeCounts(c: MatchCounts, what: string, withIoU = true): MatchSummary {
  const total = c.inA + c.inB;
  return {
    f1: total === 0 ? null : (2 * c.matched) / total,
    precision: c.inB === 0 ? null : c.matched / c.inB,
    recall: c.inA === 0 ? null : c.matched / c.inA,
    meanIoU: withIoU && c.matched > 0 ? c.iouSum / c.matched : null,
    medianBoundaryErrorS: median(c.boundaryErrorsS),
    matched: c.matched,
    inA: c.inA,
    inB: c.inB,
    reason: total === 0 ? `no ${what} in either layer` : null,
  };
}
