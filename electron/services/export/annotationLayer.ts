/**
 * Reading one annotator's layer of a dataset for export: `<dataset>/.episcope/annotations/<annotator>/<episode>.json`
 * (see AnnotationMainService). Read only: an export never writes into the dataset.
 */
import fs from "node:fs";
import path from "node:path";
import { parseAnnotation, type AnnotationDocument } from "../../../shared/annotation.ts";
import { ANNOTATIONS_DIR } from "../annotation/annotationMainService.ts";

/** The annotator ids that have a layer in the dataset, sorted. */
export function listAnnotatorLayers(dataset: string): string[] {
  const dir = path.join(dataset, ANNOTATIONS_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/**
 * The layer to export: the one asked for, else the only one, else none (null) when the dataset has no layer.
 * @throws Error when the asked layer does not exist, or several exist and none was asked (listing them).
 */
export function chooseAnnotatorLayer(dataset: string, asked: string | undefined): string | null {
  const layers = listAnnotatorLayers(dataset);
  if (asked !== undefined) {
    if (!layers.includes(asked)) throw new Error(`annotator ${asked}: no layer in ${path.join(dataset, ANNOTATIONS_DIR)} (layers: ${layers.join(", ") || "none"})`);
    return asked;
  }
  if (layers.length <= 1) return layers[0] ?? null;
  throw new Error(`the dataset has several annotator layers (${layers.join(", ")}): choose one with --annotator`);
}

/**
 * The annotator's document of an episode, or null when there is none.
 * @throws Error naming the file and the invalid field when the document does not validate.
 */
export function readEpisodeDocument(dataset: string, annotator: string | null, episodePath: string): AnnotationDocument | null {
  if (annotator === null) return null;
  const file = path.join(dataset, ANNOTATIONS_DIR, annotator, episodePath.replace(/\.mcap$/i, "") + ".json");
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
  try {
    return parseAnnotation(text);
  } catch (error) {
    throw new Error(`${path.relative(dataset, file)}: ${(error as Error).message}`);
  }
}
