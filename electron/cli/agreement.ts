/**
 * `episcope agreement DATASET [--json] [--tolerance S] [--store postgres://… [--dataset-key KEY]]`: how far the dataset's annotators agree (DESIGN §9) — Cohen's
 * kappa per pair and Fleiss' kappa on the outcome and each quality flag (with 95 % bootstrap intervals), segment F1 /
 * mean IoU / median boundary error per kind at the boundary tolerance (default 0.5 s), action-chunk boundary F1,
 * instruction exact-match rate, the episodes where annotators disagree, and each annotator's summary. Documents that
 * fail validation are listed and left out. With --store the layers are read from the team store on PostgreSQL
 * (storeArg.ts) instead of the dataset's files. With --json: one JSON object (see DatasetAgreement), written whole before
 * the process ends (complete through a pipe). Exit code 0; 1 when DATASET is not a folder or an argument is bad.
 */
import fs from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { DatasetAgreement, LabelAgreement, PooledMatch } from "../../shared/agreement/agreementReport.ts";
import { EpiscopeError } from "../../shared/ipc/contract.ts";
import { datasetAgreement } from "../services/agreement/datasetAgreement.ts";
import { openStoreArg, STORE_OPTION_USAGE, STORE_OPTIONS } from "./storeArg.ts";

/** Usage line of `episcope agreement`. */
export const AGREEMENT_USAGE = `episcope agreement DATASET [--json] [--tolerance S] ${STORE_OPTION_USAGE}   annotator agreement: kappa, segment F1, disagreements`;

const fmt = (x: number | null, digits = 3) => (x === null ? "–" : x.toFixed(digits));
const ci = (c: [number, number] | null) => (c ? ` [${fmt(c[0])}, ${fmt(c[1])}]` : "");

function kappaLines(title: string, k: LabelAgreement): string[] {
  const lines = [`${title}: Fleiss' kappa ${k.fleissKappa === null ? `undefined (${k.fleissReason})` : `${fmt(k.fleissKappa)}${ci(k.fleissCi95)}`} over ${k.fleissN} episodes`];
  for (const p of k.pairs) lines.push(`  ${p.a} × ${p.b}: n ${p.n}, kappa ${p.kappa === null ? `undefined (${p.reason})` : `${fmt(p.kappa)}${ci(p.ci95)}`}`);
  return lines;
}

function matchLine(title: string, m: PooledMatch): string {
  if (m.f1 === null) return `${title}: ${m.reason}`;
  return `${title}: F1 ${fmt(m.f1)} (${m.matched} matched of ${m.inA + m.inB}), mean IoU ${fmt(m.meanIoU)}, median boundary error ${fmt(m.medianBoundaryErrorS)} s`;
}

/** The human-readable report. */
export function agreementText(r: DatasetAgreement): string[] {
  const lines = [`${r.dataset}: ${r.annotators.length} annotators (${r.annotators.join(", ") || "none"}), tolerance ${r.toleranceS} s`];
  if (r.annotators.length < 2) lines.push("agreement needs two annotators or more: every figure below is undefined");
  lines.push(...kappaLines("outcome", r.outcome));
  for (const [flag, k] of Object.entries(r.flags)) lines.push(...kappaLines(`flag ${flag}`, k));
  for (const [kind, m] of Object.entries(r.segments)) lines.push(matchLine(`segments ${kind}`, m));
  lines.push(matchLine("action chunk boundaries", r.actionChunks));
  lines.push(r.instructions.exactMatchRate === null ? `instructions: ${r.instructions.reason}` : `instructions: exact match ${fmt(r.instructions.exactMatchRate)} over ${r.instructions.n}`);
  for (const a of r.perAnnotator) {
    lines.push(`annotator ${a.annotator}: ${a.episodesLabelled} episodes labelled, won ${a.disagreementsWon} of ${a.disagreementsAdjudicated} adjudicated disagreements`);
  }
  lines.push(`${r.disagreements.length} episodes where annotators disagree on the outcome`);
  for (const d of r.disagreementDetails) {
    const outcomes = Object.entries(d.outcomes).map(([a, o]) => `${a}=${o}`).join(" ");
    lines.push(`  ${d.path}\t${outcomes}\t${d.adjudicated ? `adjudicated=${d.adjudicated}` : "not adjudicated"}`);
  }
  if (r.leftOutCount > 0) {
    lines.push(`${r.leftOutCount} documents left out (failed validation):`);
    for (const l of r.leftOut) lines.push(`  ${l.error}`);
  }
  return lines;
}

/**
 * Run `episcope agreement`; the report goes through `out` (one call with the whole text).
 * @returns 0
 * @throws Error on bad arguments (a tolerance that is not a number ≥ 0); EpiscopeError `not-found` when DATASET is not a
 *   folder, `bad-store` when the team store cannot be reached
 */
export async function runAgreement(args: string[], out: (text: string) => void | Promise<void>): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: "boolean", default: false }, tolerance: { type: "string" }, ...STORE_OPTIONS },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new Error(`expected one DATASET folder\nusage: ${AGREEMENT_USAGE}`);
  const root = resolve(positionals[0]!);
  if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new EpiscopeError("not-found", `${positionals[0]}: no such folder`);
  const toleranceS = values.tolerance === undefined ? 0.5 : Number(values.tolerance);
  if (values.tolerance !== undefined && (values.tolerance.trim() === "" || !Number.isFinite(toleranceS) || toleranceS < 0)) {
    throw new Error(`--tolerance: expected seconds ≥ 0, got ${JSON.stringify(values.tolerance)}`);
  }
  const team = await openStoreArg(values, root);
  let report: DatasetAgreement;
  try {
    report = await datasetAgreement(root, { toleranceS }, ...(team ? [team] : []));
  } finally {
    await team?.close();
  }
  await out(values.json ? JSON.stringify(report, null, 2) : agreementText(report).join("\n"));
  return 0;
}
