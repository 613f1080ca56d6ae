/**
 * Reads every layer of a dataset folder (`.episcope/annotations/<layer>/**.json`, DESIGN §4) and computes the
 * agreement report (shared/agreement/agreementReport.ts) for `episcope agreement` and the lead's agreement screen.
 * A document that fails validation is reported (file and field) and left out of the metrics, never guessed at.
 */
import type { Dirent } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { parseAnnotation, type AnnotationDocument } from "../../../shared/annotation.ts";
import { agreementReport, type AgreementOptions, type DatasetAgreement, type LeftOutDocument } from "../../../shared/agreement/agreementReport.ts";
import { ANNOTATIONS_DIR } from "../annotation/annotationMainService.ts";

/** Documents read concurrently. */
const READ_BATCH = 16;

async function jsonFiles(dir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await jsonFiles(abs)));
    else if (e.isFile() && e.name.endsWith(".json") && !e.name.startsWith(".")) out.push(abs);
  }
  return out;
}

/**
 * The agreement report of the dataset folder `root` (absolute).
 * @throws Error when the tolerance is not a number ≥ 0
 */
export async function datasetAgreement(root: string, options: AgreementOptions = {}): Promise<DatasetAgreement> {
  const base = path.join(root, ANNOTATIONS_DIR);
  let layerDirs: Dirent[] = [];
  try {
    layerDirs = (await fs.readdir(base, { withFileTypes: true })).filter((d) => d.isDirectory());
  } catch {
    layerDirs = [];
  }
  const layers = layerDirs.map((d) => d.name).sort();
  const leftOut: LeftOutDocument[] = [];
  const read: Array<{ annotator: string; documents: AnnotationDocument[] }> = [];
  for (const annotator of layers) {
    const documents: AnnotationDocument[] = [];
    const files = (await jsonFiles(path.join(base, annotator))).sort();
    // A few reads in flight at a time: the disk's latency overlaps with parsing, the event loop stays responsive.
    for (let at = 0; at < files.length; at += READ_BATCH) {
      const texts = await Promise.all(files.slice(at, at + READ_BATCH).map((f) => fs.readFile(f, "utf8").then((text) => ({ f, text }), (e: Error) => ({ f, error: e }))));
      for (const item of texts) {
        const rel = path.relative(root, item.f).split(path.sep).join("/");
        try {
          if ("error" in item) throw item.error;
          const doc = parseAnnotation(item.text);
          documents.push({ ...doc, episode: { ...doc.episode, path: doc.episode.path.replace(/\\/g, "/") } });
        } catch (e) {
          leftOut.push({ annotator, file: rel, error: `${rel}: ${(e as Error).message}` });
        }
      }
    }
    read.push({ annotator, documents });
  }
  return { dataset: root, layers, ...agreementReport(read, options), leftOut, leftOutCount: leftOut.length };
}
