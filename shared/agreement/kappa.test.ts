import { describe, expect, it } from "vitest";
import { bootstrapCi95, quantile } from "./bootstrap.ts";
import { ALL_IDENTICAL, cohenKappa, cohenKappaOfSample, fleissKappa, fleissKappaOfSample, NO_OVERLAP } from "./kappa.ts";

/** Expand a contingency table (rows: rater A's label, columns: rater B's) into item pairs. */
function fromTable(labels: string[], table: number[][]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  table.forEach((row, i) => row.forEach((count, j) => { for (let k = 0; k < count; k++) out.push([labels[i]!, labels[j]!]); }));
  return out;
}

describe("Cohen's kappa", () => {
  it("on the 2×2 textbook table (20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no): pₒ = 0.7, pₑ = 0.5, κ = 0.4", () => {
    const k = cohenKappa(fromTable(["yes", "no"], [[20, 5], [10, 15]]));
    expect(k.n).toBe(50);
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
    expect(k.reason).toBeNull();
  });
  it("on a 3×3 table gives SAS's simple kappa 0.4842", () => {
    expect(cohenKappa(fromTable(["a", "b", "c"], [[0, 4, 1], [0, 8, 0], [0, 1, 5]])).kappa).toBeCloseTo(0.4842, 4);
  });
  it("is 1 for perfect agreement and negative for systematic disagreement", () => {
    expect(cohenKappa([["a", "a"], ["b", "b"]]).kappa).toBe(1);
    expect(cohenKappa([["a", "b"], ["b", "a"]]).kappa).toBe(-1);
  });
  it("is undefined, with the reason, when nothing overlaps or every label is the same", () => {
    expect(cohenKappa([])).toMatchObject({ kappa: null, reason: NO_OVERLAP, n: 0 });
    const same = cohenKappa([["success", "success"], ["success", "success"]]);
    expect(same).toMatchObject({ kappa: null, reason: ALL_IDENTICAL, n: 2, observed: 1, expected: 1 });
    expect(JSON.stringify(same)).not.toContain("NaN");
  });
});

describe("Fleiss' kappa", () => {
  // Fleiss (1971), Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses (as in R's irr::diagnoses).
  const diagnoses = [
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
    [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
    [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
    [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
    [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
  ].map((row) => row.map(String));
  it("on Fleiss 1971's table is 0.430 (irr::kappam.fleiss: 0.4302445)", () => {
    const k = fleissKappa(diagnoses);
    expect(k.n).toBe(30);
    expect(k.kappa).toBeCloseTo(0.4302445, 7);
  });
  it("equals the 2-rater formula of Scott's pi on two raters", () => {
    // Two raters, 4 items, P̄ = 0.5 and marginals 4/8, 4/8 → P̄ₑ = 0.5, κ = 0.
    expect(fleissKappa([["a", "a"], ["a", "b"], ["b", "b"], ["b", "a"]]).kappa).toBeCloseTo(0, 12);
    // P̄ = 0.75; marginals a: 3/8, b: 5/8 → P̄ₑ = 0.53125.
    expect(fleissKappa([["a", "a"], ["a", "b"], ["b", "b"], ["b", "b"]]).kappa).toBeCloseTo((0.75 - 0.53125) / 0.46875, 12);
  });
  it("leaves out items with fewer than two ratings and says why it is undefined", () => {
    expect(fleissKappa([["a"], ["b"]])).toMatchObject({ kappa: null, n: 0 });
    expect(fleissKappa([["a"], ["b"]]).reason).toMatch(/two or more/);
    expect(fleissKappa([["a", "a", "a"], ["a", "a"]])).toMatchObject({ kappa: null, reason: ALL_IDENTICAL, n: 2 });
  });
});

describe("bootstrap interval", () => {
  it("is reproducible with a seed, contains the estimate, and null for too few items", () => {
    const items = fromTable(["yes", "no"], [[20, 5], [10, 15]]);
    const ci = bootstrapCi95(items, (s) => cohenKappa(s).kappa, { seed: 7 });
    expect(ci).toEqual(bootstrapCi95(items, (s) => cohenKappa(s).kappa, { seed: 7 }));
    expect(ci![0]).toBeLessThan(0.4);
    expect(ci![1]).toBeGreaterThan(0.4);
    expect(ci![0]).toBeGreaterThan(0);
    expect(bootstrapCi95([["a", "a"] as [string, string]], (s) => cohenKappa(s).kappa)).toBeNull();
    expect(bootstrapCi95([["a", "a"], ["a", "a"]] as Array<[string, string]>, (s) => cohenKappa(s).kappa)).toBeNull();
  });
  it("computes the same kappas from precoded items as from the labels, on any resample", () => {
    const pairs = fromTable(["a", "b", "c"], [[3, 4, 1], [0, 8, 2], [1, 1, 5]]);
    const fast = cohenKappaOfSample(pairs);
    const items = [["a", "a", "b"], ["b", "b"], ["c", "a", "c", "c"], ["a", "a"], ["b", "c", "b"]];
    const fastFleiss = fleissKappaOfSample(items);
    for (const sample of [[0, 1, 2, 3, 4], [4, 4, 0, 2], [1, 1, 3]]) {
      const fromPairs = cohenKappa(sample.map((i) => pairs[i]!)).kappa;
      if (fromPairs === null) expect(fast(sample)).toBeNull();
      else expect(fast(sample)).toBeCloseTo(fromPairs, 12);
      const k = fleissKappa(sample.map((i) => items[i]!)).kappa;
      if (k === null) expect(fastFleiss(sample)).toBeNull();
      else expect(fastFleiss(sample)).toBeCloseTo(k, 12);
    }
    expect(cohenKappaOfSample([["a", "a"]])([0, 0])).toBeNull();
  });
  it("interpolates quantiles between order statistics", () => {
    expect(quantile([0, 10], 0.25)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
  });
});
