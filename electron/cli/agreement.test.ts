/**
 * `episcope agreement` on a generated three-annotator dataset: the built CLI's JSON through a pipe equals an
 * independent computation from the documents on disk (written here from the formulas, not with shared/agreement).
 */
import { execFile } from "node:child_process";
import { readdir, readFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../scripts/dataset-fixture/generateDataset.ts";
import type { DatasetAgreement } from "../../shared/agreement/agreementReport.ts";
import { runAgreement } from "./agreement.ts";
import { THREE_ANNOTATORS, writeThreeAnnotatorLayers } from "./threeAnnotatorLayers.ts";

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, "../../bin/episcope.mjs");
let root: string;
let damaged: string;

interface Doc {
  episode: { path: string };
  review: { status: string; outcome: string | null; flags: string[] };
  segments: Array<{ kind: string; startNs: string; endNs: string }>;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "episcope-agreement-"));
  const episodes = await generateDataset(root, { episodes: 24, seed: 3, damaged: 0, annotations: false });
  damaged = await writeThreeAnnotatorLayers(root, episodes.map((e) => e.path));
}, 60_000);

/** Every valid document of a layer, by episode path. */
async function layer(annotator: string): Promise<Map<string, Doc>> {
  const dir = path.join(root, ".episcope/annotations", annotator);
  const out = new Map<string, Doc>();
  for (const name of await readdir(dir, { recursive: true })) {
    if (!name.endsWith(".json")) continue;
    const doc = JSON.parse(await readFile(path.join(dir, name), "utf8")) as Doc;
    if (doc.review.outcome === "maybe") continue; // the damaged one
    out.set(doc.episode.path, doc);
  }
  return out;
}

const labelled = (d: Doc | undefined) => d !== undefined && (d.review.status === "accepted" || d.review.outcome !== null);

/** Cohen (1960) from the confusion matrix. */
function cohen(pairs: Array<[string, string]>): number | null {
  const cats = [...new Set(pairs.flat())];
  const n = pairs.length;
  const m = cats.map((x) => cats.map((y) => pairs.filter(([a, b]) => a === x && b === y).length));
  const po = cats.reduce((s, _, i) => s + m[i]![i]!, 0) / n;
  const pe = cats.reduce((s, _, i) => s + (m[i]!.reduce((a, b) => a + b, 0) / n) * (m.reduce((a, row) => a + row[i]!, 0) / n), 0);
  return pe === 1 ? null : (po - pe) / (1 - pe);
}

/** Fleiss (1971) from the subject × category count table, Pᵢ = (Σⱼ nᵢⱼ² − nᵢ) / (nᵢ(nᵢ − 1)). */
function fleiss(items: string[][]): number | null {
  const cats = [...new Set(items.flat())];
  const table = items.map((labels) => cats.map((c) => labels.filter((l) => l === c).length));
  const total = table.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  const pBar = table.reduce((s, row) => {
    const ni = row.reduce((a, b) => a + b, 0);
    return s + (row.reduce((a, b) => a + b * b, 0) - ni) / (ni * (ni - 1));
  }, 0) / table.length;
  const pe = cats.reduce((s, _, j) => s + (table.reduce((a, row) => a + row[j]!, 0) / total) ** 2, 0);
  return pe === 1 ? null : (pBar - pe) / (1 - pe);
}

describe("episcope agreement", () => {
  it("prints JSON through a pipe equal to an independent computation", async () => {
    const { stdout } = await run(process.execPath, [BIN, "agreement", root, "--json"], { maxBuffer: 64 * 1024 * 1024 });
    const report = JSON.parse(stdout) as DatasetAgreement;
    const layers = new Map(await Promise.all(THREE_ANNOTATORS.map(async (a) => [a, await layer(a)] as const)));
    const adjudicated = await layer("adjudicated");
    expect(report.annotators).toEqual([...THREE_ANNOTATORS]);
    expect(report.layers).toEqual(["adjudicated", ...THREE_ANNOTATORS]);
    expect(report.leftOutCount).toBe(1);
    expect(report.leftOut[0]).toMatchObject({ annotator: "ann_c", file: damaged });
    expect(report.leftOut[0]!.error).toMatch(/review\.outcome|annotator|episode/);

    const paths = [...new Set([...layers.values()].flatMap((m) => [...m.keys()]))].sort();
    for (const p of report.outcome.pairs) {
      const pairs: Array<[string, string]> = [];
      for (const e of paths) {
        const a = layers.get(p.a as never)!.get(e);
        const b = layers.get(p.b as never)!.get(e);
        if (a?.review.outcome && b?.review.outcome) pairs.push([a.review.outcome, b.review.outcome]);
      }
      expect(p.n).toBe(pairs.length);
      expect(p.kappa).toBeCloseTo(cohen(pairs)!, 12);
      expect(p.ci95![0]).toBeLessThanOrEqual(p.kappa!);
      expect(p.ci95![1]).toBeGreaterThanOrEqual(p.kappa!);
    }
    const items = paths.map((e) => THREE_ANNOTATORS.map((a) => layers.get(a)!.get(e)?.review.outcome).filter((o): o is string => !!o)).filter((l) => l.length >= 2);
    expect(report.outcome.fleissN).toBe(items.length);
    expect(report.outcome.fleissKappa).toBeCloseTo(fleiss(items)!, 12);

    // The blur flag, present/absent on episodes both labelled.
    const ab = report.flags.blur!.pairs.find((p) => p.a === "ann_a" && p.b === "ann_b")!;
    const flagPairs = paths
      .filter((e) => labelled(layers.get("ann_a")!.get(e)) && labelled(layers.get("ann_b")!.get(e)))
      .map((e) => ["ann_a", "ann_b"].map((a) => (layers.get(a as never)!.get(e)!.review.flags.includes("blur") ? "y" : "n")) as [string, string]);
    expect(ab.n).toBe(flagPairs.length);
    expect(ab.kappa).toBeCloseTo(cohen(flagPairs)!, 12);

    // Failure segments: pooled over pairs, on episodes both labelled; matches are unambiguous at 0.5 s.
    let matched = 0;
    let total = 0;
    const ious: number[] = [];
    const errors: number[] = [];
    const ns = (x: string) => Number(BigInt(x)) / 1e9;
    for (let i = 0; i < 3; i++) {
      for (let j = i + 1; j < 3; j++) {
        for (const e of paths) {
          const a = layers.get(THREE_ANNOTATORS[i]!)!.get(e);
          const b = layers.get(THREE_ANNOTATORS[j]!)!.get(e);
          if (!labelled(a) || !labelled(b)) continue;
          const fa = a!.segments.filter((s) => s.kind === "failure");
          const fb = b!.segments.filter((s) => s.kind === "failure");
          total += fa.length + fb.length;
          for (const x of fa) {
            const y = fb.find((s) => Math.abs(ns(s.startNs) - ns(x.startNs)) <= 0.5 && Math.abs(ns(s.endNs) - ns(x.endNs)) <= 0.5);
            if (!y) continue;
            matched++;
            const inter = Math.min(ns(x.endNs), ns(y.endNs)) - Math.max(ns(x.startNs), ns(y.startNs));
            const union = Math.max(ns(x.endNs), ns(y.endNs)) - Math.min(ns(x.startNs), ns(y.startNs));
            ious.push(inter / union);
            errors.push(Math.abs(ns(x.startNs) - ns(y.startNs)), Math.abs(ns(x.endNs) - ns(y.endNs)));
          }
        }
      }
    }
    errors.sort((x, y) => x - y);
    const median = errors.length % 2 ? errors[errors.length >> 1]! : (errors[errors.length / 2 - 1]! + errors[errors.length / 2]!) / 2;
    expect(matched).toBeGreaterThan(5);
    expect(report.segments.failure!.f1).toBeCloseTo((2 * matched) / total, 9);
    expect(report.segments.failure!.meanIoU).toBeCloseTo(ious.reduce((s, x) => s + x, 0) / ious.length, 6);
    expect(report.segments.failure!.medianBoundaryErrorS).toBeCloseTo(median, 6);

    // Disagreements on the outcome, and who won them in adjudication.
    const disagree = paths.filter((e) => new Set(THREE_ANNOTATORS.map((a) => layers.get(a)!.get(e)?.review.outcome).filter(Boolean)).size > 1);
    expect(report.disagreements).toEqual(disagree);
    for (const s of report.perAnnotator) {
      const settled = disagree.filter((e) => adjudicated.has(e) && layers.get(s.annotator as never)!.get(e)?.review.outcome);
      expect(s.disagreementsAdjudicated).toBe(settled.length);
      expect(s.disagreementsWon).toBe(settled.filter((e) => layers.get(s.annotator as never)!.get(e)!.review.outcome === adjudicated.get(e)!.review.outcome).length);
    }
    expect(stdout.endsWith("}\n")).toBe(true);
  }, 60_000);

  it("takes --tolerance, prints a table, and refuses bad arguments", async () => {
    const out: string[] = [];
    expect(await runAgreement([root, "--tolerance", "2"], (t) => void out.push(t))).toBe(0);
    const text = out.join("\n");
    expect(text).toMatch(/3 annotators \(ann_a, ann_b, ann_c\), tolerance 2 s/);
    expect(text).toMatch(/outcome: Fleiss' kappa -?\d\.\d{3} \[/);
    expect(text).toMatch(/1 documents left out/);
    await expect(runAgreement([root, "--tolerance=-1"], () => {})).rejects.toThrow(/--tolerance: expected seconds ≥ 0, got "-1"/);
    await expect(runAgreement([root, "--tolerance", "abc"], () => {})).rejects.toThrow(/--tolerance: expected seconds ≥ 0, got "abc"/);
    await expect(runAgreement([path.join(root, "nope")], () => {})).rejects.toThrow(/no such folder/);
  });

  it("says why agreement is undefined with one annotator", async () => {
    const single = await mkdtemp(path.join(tmpdir(), "episcope-agreement-one-"));
    await writeThreeAnnotatorLayers(single, ["a.mcap"], 1);
    const out: string[] = [];
    const { rm } = await import("node:fs/promises");
    for (const a of ["ann_b", "ann_c", "adjudicated"]) await rm(path.join(single, ".episcope/annotations", a), { recursive: true, force: true });
    await runAgreement([single, "--json"], (t) => void out.push(t));
    const r = JSON.parse(out.join("")) as DatasetAgreement;
    expect(r.outcome.fleissKappa).toBeNull();
    expect(r.outcome.fleissReason).toBe("only one annotator");
    expect(r.outcome.pairs).toEqual([]);
    expect(out.join("")).not.toMatch(/NaN/);
  });
});
