/**
 * Chance-corrected agreement on nominal labels (an episode's outcome, a quality flag present/absent).
 *
 * Cohen's kappa for two raters: κ = (pₒ − pₑ) / (1 − pₑ), pₒ the share of items both gave the same label, pₑ = Σₖ aₖ·bₖ
 * with aₖ, bₖ each rater's share of label k (J. Cohen, "A coefficient of agreement for nominal scales", Educational and
 * Psychological Measurement 20(1), 1960).
 *
 * Fleiss' kappa for any number of raters per item: κ = (P̄ − P̄ₑ) / (1 − P̄ₑ), Pᵢ = Σⱼ nᵢⱼ(nᵢⱼ − 1) / (nᵢ(nᵢ − 1)) the
 * agreement on item i, P̄ their mean, P̄ₑ = Σⱼ pⱼ² with pⱼ the share of all ratings in category j (J. L. Fleiss,
 * "Measuring nominal scale agreement among many raters", Psychological Bulletin 76(5), 1971). Items may have different
 * numbers of ratings nᵢ ≥ 2 (items with fewer are left out); with a constant nᵢ this is exactly Fleiss 1971.
 *
 * Both are undefined when pₑ = 1 (every rating is the same label) or when no item is rated twice: the result says so
 * in `reason` and `kappa` is null, never NaN.
 */

/** A kappa, or why it is undefined. */
export interface KappaResult {
  /** κ in [−1, 1]; null when undefined (see `reason`). */
  kappa: number | null;
  /** Why `kappa` is null (e.g. every label identical); null when defined. */
  reason: string | null;
  /** Items (episodes) counted. */
  n: number;
  /** Observed agreement pₒ (Cohen) or P̄ (Fleiss); null when n = 0. */
  observed: number | null;
  /** Chance agreement pₑ (Cohen) or P̄ₑ (Fleiss); null when n = 0. */
  expected: number | null;
}

/** Reason given when no item was labelled by both (or by two raters). */
export const NO_OVERLAP = "no episode labelled by both annotators";
/** Reason given when every rating is the same label (pₑ = 1). */
export const ALL_IDENTICAL = "every label is the same (chance agreement pₑ = 1), so kappa is undefined";

function finish(n: number, observed: number, expected: number): KappaResult {
  if (expected >= 1 - 1e-12) return { kappa: null, reason: ALL_IDENTICAL, n, observed, expected };
  return { kappa: (observed - expected) / (1 - expected), reason: null, n, observed, expected };
}

/**
 * Cohen's kappa of two raters over the same items.
 * @param pairs one `[labelA, labelB]` per item both rated (labels compared with ===)
 */
export function cohenKappa(pairs: ReadonlyArray<readonly [string, string]>): KappaResult {
  const n = pairs.length;
  if (n === 0) return { kappa: null, reason: NO_OVERLAP, n, observed: null, expected: null };
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  let agree = 0;
  for (const [x, y] of pairs) {
    if (x === y) agree++;
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
  }
  let expected = 0;
  for (const [label, count] of a) expected += (count / n) * ((b.get(label) ?? 0) / n);
  return finish(n, agree / n, expected);
}

/**
 * Fleiss' kappa over items each rated by any number of raters.
 * @param items per item, the labels its raters gave (items with fewer than 2 labels are left out)
 */
export function fleissKappa(items: ReadonlyArray<readonly string[]>): KappaResult {
  const rated = items.filter((labels) => labels.length >= 2);
  const n = rated.length;
  if (n === 0) return { kappa: null, reason: "no episode labelled by two or more annotators", n, observed: null, expected: null };
  const totals = new Map<string, number>();
  let ratings = 0;
  let sumP = 0;
  for (const labels of rated) {
    const counts = new Map<string, number>();
    for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    let agreeing = 0;
    for (const [label, c] of counts) {
      agreeing += c * (c - 1);
      totals.set(label, (totals.get(label) ?? 0) + c);
    }
    sumP += agreeing / (labels.length * (labels.length - 1));
    ratings += labels.length;
  }
  let expected = 0;
  for (const c of totals.values()) expected += (c / ratings) ** 2;
  return finish(n, sumP / n, expected);
}

/**
 * A fast Cohen's kappa over resamples of fixed items (for the bootstrap): the labels are coded once; the returned
 * function takes item indices (with repeats) and gives κ, or null where undefined — the same value as `cohenKappa`
 * on the selected pairs.
 */
export function cohenKappaOfSample(pairs: ReadonlyArray<readonly [string, string]>): (indices: readonly number[]) => number | null {
  const codes = new Map<string, number>();
  const code = (label: string) => {
    let c = codes.get(label);
    if (c === undefined) codes.set(label, (c = codes.size));
    return c;
  };
  const a = pairs.map(([x]) => code(x));
  const b = pairs.map(([, y]) => code(y));
  const countA = new Float64Array(codes.size);
  const countB = new Float64Array(codes.size);
  return (indices) => {
    const n = indices.length;
    if (n === 0) return null;
    countA.fill(0);
    countB.fill(0);
    let agree = 0;
    for (const i of indices) {
      const x = a[i]!;
      const y = b[i]!;
      if (x === y) agree++;
      countA[x]!++;
      countB[y]!++;
    }
    let expected = 0;
    for (let k = 0; k < countA.length; k++) expected += (countA[k]! / n) * (countB[k]! / n);
    return expected >= 1 - 1e-12 ? null : (agree / n - expected) / (1 - expected);
  };
}

/**
 * A fast Fleiss' kappa over resamples of fixed items (for the bootstrap): each item's agreement Pᵢ and category counts
 * are computed once; the returned function takes item indices (with repeats) and gives κ, or null where undefined —
 * the same value as `fleissKappa` on the selected items. Items must each have 2 or more labels.
 */
export function fleissKappaOfSample(items: ReadonlyArray<readonly string[]>): (indices: readonly number[]) => number | null {
  const codes = new Map<string, number>();
  const perItem = items.map((labels) => {
    const counts = new Map<number, number>();
    for (const l of labels) {
      let c = codes.get(l);
      if (c === undefined) codes.set(l, (c = codes.size));
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    let agreeing = 0;
    for (const c of counts.values()) agreeing += c * (c - 1);
    return { p: agreeing / (labels.length * (labels.length - 1)), n: labels.length, counts: [...counts] };
  });
  const totals = new Float64Array(codes.size);
  return (indices) => {
    if (indices.length === 0) return null;
    totals.fill(0);
    let sumP = 0;
    let ratings = 0;
    for (const i of indices) {
      const item = perItem[i]!;
      sumP += item.p;
      ratings += item.n;
      for (const [c, count] of item.counts) totals[c]! += count;
    }
    let expected = 0;
    for (const c of totals) expected += (c / ratings) ** 2;
    return expected >= 1 - 1e-12 ? null : (sumP / indices.length - expected) / (1 - expected);
  };
}
