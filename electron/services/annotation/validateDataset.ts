import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { EpisodeFingerprint } from "../../../shared/annotation.ts";
import type { FieldProblem } from "../../../shared/annotation/issues.ts";
import { salvageAnnotationText } from "../../../shared/annotation/salvage.ts";
import { validateAnnotation } from "../../../shared/annotation/validate.ts";
import type { EpisodeSummary } from "../../../shared/episode.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { summarizeEpisodeFile } from "../episode/episodeMainService.ts";
import { ANNOTATIONS_DIR } from "./annotationMainService.ts";
import { DATASET_CONFIG_FILE, loadDatasetConfig } from "./datasetConfigFile.ts";

/** The problems of one file of the dataset. */
export interface FileReport {
  /** Path relative to the dataset folder (POSIX separators). */
  file: string;
  /** The episode the document annotates (relative path), when known. */
  episode: string | null;
  /** The annotator folder the document lies in. */
  annotator: string | null;
  problems: FieldProblem[];
}

/** What `episcope validate` found. */
export interface DatasetReport {
  /** The dataset folder (absolute). */
  dataset: string;
  /** True when no file has an error (warnings allowed). */
  valid: boolean;
  errors: number;
  warnings: number;
  /** `.episcope/config.json` (its problems; none when missing). */
  config: FileReport;
  documents: FileReport[];
}

/**
 * Check every annotation document of a dataset (`<root>/.episcope/annotations/<annotator>/**.json`, hidden files
 * skipped) against the schema (every field that does not validate), its location (the episode and annotator it names),
 * its episode as it is now (times inside the episode; a changed fingerprint is a warning), the semantic rules
 * (chunks contiguous per level, ids unique, …) and the dataset config (vocabularies, paraphrase minimum: warnings).
 * @throws EpiscopeError `not-found` when `root` is not a folder.
 */
export async function validateDataset(root: string): Promise<DatasetReport> {
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) throw new EpiscopeError("not-found", `${root}: no such dataset folder`);
  const { config, problems: configProblems } = await loadDatasetConfig(root);
  const episodes = new Map<string, Promise<EpisodeSummary>>();
  const summary = (rel: string) => {
    let p = episodes.get(rel);
    if (!p) {
      p = summarizeEpisodeFile(join(root, rel));
      p.catch(() => {});
      episodes.set(rel, p);
    }
    return p;
  };
  const documents: FileReport[] = [];
  for (const file of await listDocuments(join(root, ANNOTATIONS_DIR))) {
    const [annotator, ...rest] = file.split("/");
    const episode = rest.join("/").replace(/\.json$/i, "") + ".mcap";
    const report: FileReport = { file: `${ANNOTATIONS_DIR.split("\\").join("/")}/${file}`, episode, annotator: annotator ?? null, problems: [] };
    documents.push(report);
    const text = await readFile(join(root, ANNOTATIONS_DIR, file), "utf8");
    const { document, problems } = salvageAnnotationText(text, { path: episode, annotator: { id: annotator!, name: annotator! } });
    report.problems.push(...problems);
    if (!document) continue;
    if (document.episode.path !== episode) {
      report.problems.push({ path: "episode.path", severity: "error", message: `names ${JSON.stringify(document.episode.path)}, but the file lies where the annotation of ${JSON.stringify(episode)} belongs` });
    }
    if (document.annotator.id !== annotator) {
      report.problems.push({ path: "annotator.id", severity: "warning", message: `is ${JSON.stringify(document.annotator.id)}, but the file lies in the folder of annotator ${JSON.stringify(annotator)}` });
    }
    let range: { startNs: bigint; endNs: bigint } | undefined;
    try {
      const s = await summary(episode);
      range = { startNs: s.startNs, endNs: s.endNs };
      // A fingerprint the salvage had to replace says nothing about the episode.
      if (!problems.some((p) => p.path === "episode" || p.path.startsWith("episode."))) {
        report.problems.push(...fingerprintChanges(document.episode.fingerprint, s));
      }
    } catch (error) {
      report.problems.push({ path: "episode.path", severity: "error", message: `cannot open the episode ${episode}: ${(error as Error).message}` });
    }
    report.problems.push(...validateAnnotation(document, { range, config }));
  }
  const all = [...configProblems, ...documents.flatMap((d) => d.problems)];
  const errors = all.filter((p) => p.severity === "error").length;
  return {
    dataset: root,
    valid: errors === 0,
    errors,
    warnings: all.length - errors,
    config: { file: DATASET_CONFIG_FILE, episode: null, annotator: null, problems: configProblems },
    documents,
  };
}

function fingerprintChanges(recorded: EpisodeFingerprint, now: EpisodeSummary): FieldProblem[] {
  const out: FieldProblem[] = [];
  const check = (key: keyof EpisodeFingerprint, current: number | bigint) => {
    if (recorded[key] !== current) {
      out.push({ path: `episode.fingerprint.${key}`, severity: "warning", message: `was ${recorded[key]} when annotated; the episode file now has ${current}` });
    }
  };
  check("sizeBytes", now.sizeBytes);
  check("startNs", now.startNs);
  check("endNs", now.endNs);
  check("messageCount", now.messageCount);
  return out;
}

/** Every `.json` under `dir` (relative, POSIX separators, sorted), hidden files and folders skipped. */
async function listDocuments(dir: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith(".")) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listDocuments(dir, rel)));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith(".json") && prefix) out.push(rel);
  }
  return out;
}
