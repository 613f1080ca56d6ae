/**
 * The labels an imported dataset already claims (success, per-step rewards, the language instruction), written as a
 * read-only annotation layer of their own next to the imported episodes: one DESIGN §4 document per episode at
 * `<outDir>/.episcope/annotations/import.<format>.<dataset>/<episode>.json`. Reviewers see what the source says
 * beside their own labels (another annotator's layer), and exports can use or ignore it like any layer.
 *
 * Read from what the importers write into each episode (importMetadata.ts): the `episcope.labels` metadata record
 * (`layer`, `instruction`, `success`, `step_label_topics`) and the per-step label channels it lists, whose `reward` /
 * `next.reward` field becomes one keyframe per step with step interpolation on that topic's step clock, so the
 * resolved per-step rewards equal the source's exactly.
 */
import path from "node:path";
import { emptyAnnotation, serializeAnnotation, type AnnotationDocument } from "../../../shared/annotation.ts";
import { annotationDocumentSchema } from "../../../shared/annotation/documentSchema.ts";
import { ANNOTATIONS_DIR } from "../annotation/annotationMainService.ts";
import { writeFileAtomic } from "../annotation/atomicWrite.ts";
import { LoadedEpisode } from "../episode/loadedEpisode.ts";
import { LABELS_RECORD } from "./importMetadata.ts";

/** Reward fields of the per-step label channels, by the sources' names (RLDS `reward`, LeRobot `next.reward`). */
const REWARD_LABELS = ["reward", "next.reward"];

/** The annotator of an imported layer: id `import.<format>.<dataset>` (letters, digits, `.`, `_`, `-`). */
export function importedAnnotator(layer: string): { id: string; name: string } {
  const id = `import.${layer.replace(/[^A-Za-z0-9._-]+/g, ".")}`.slice(0, 64).replace(/\.+$/, "");
  return { id, name: `${layer} (imported labels)` };
}

/**
 * Build the imported layer's document for the episode at `mcapPath` (inside `outDir`), or null when its source claims
 * no labels.
 * @throws Error naming the file when it cannot be opened; Error naming the field when the labels do not make a valid
 *   document (should not happen: it is validated before it is returned)
 */
export async function importedLabelDocument(mcapPath: string, outDir: string): Promise<AnnotationDocument | null> {
  const rel = path.relative(outDir, mcapPath).split(path.sep).join("/");
  const episode = await LoadedEpisode.open({ episodeId: "import-labels", absPath: mcapPath, relPath: rel });
  try {
    const summary = episode.summary;
    const labels = summary.metadata?.find((m) => m.name === LABELS_RECORD)?.entries;
    if (!labels?.layer) return null;
    const doc = emptyAnnotation(rel, { sizeBytes: summary.sizeBytes, startNs: summary.startNs, endNs: summary.endNs, messageCount: summary.messageCount }, importedAnnotator(labels.layer));
    let claims = false;
    if (labels.success === "true" || labels.success === "false") {
      doc.review = { ...doc.review, outcome: labels.success === "true" ? "success" : "failure" };
      claims = true;
    }
    if (labels.instruction && labels.instruction.trim() !== "") {
      doc.instructions = [{ id: "import-instruction", scope: "episode", text: labels.instruction, paraphrases: [], flags: { negative: false, ambiguous: false }, language: "en" }];
      claims = true;
    }
    for (const topic of (labels.step_label_topics ?? "").split(",").filter((t) => t !== "")) {
      if (!summary.channels.some((c) => c.topic === topic)) continue;
      const series = episode.series(topic);
      const field = series.fields.findIndex((f) => REWARD_LABELS.includes(f.label));
      if (field < 0) continue;
      const values = series.values[field]!;
      doc.rewards = {
        clock: { kind: "topic", topic },
        keyframes: Array.from(series.logTimesNs, (tNs, i) => ({ tNs, value: Number.isFinite(values[i]!) ? values[i]! : 0 })),
        interpolation: "step",
        generator: { kind: "custom" },
        gamma: 0.99,
      };
      claims = true;
      break;
    }
    if (!claims) return null;
    doc.updatedAt = new Date().toISOString();
    return annotationDocumentSchema.parse(doc);
  } finally {
    episode.close();
  }
}

/**
 * Write the imported layer of the episode at `mcapPath` (atomically). Returns the written file, or null when the
 * source claims no labels.
 * @throws like importedLabelDocument; Error naming the file when it cannot be written
 */
export async function writeImportedLabelLayer(mcapPath: string, outDir: string): Promise<string | null> {
  const doc = await importedLabelDocument(mcapPath, outDir);
  if (!doc) return null;
  const file = path.join(outDir, ANNOTATIONS_DIR, doc.annotator.id, `${doc.episode.path.replace(/\.mcap$/i, "")}.json`);
  await writeFileAtomic(file, serializeAnnotation(doc));
  return file;
}
