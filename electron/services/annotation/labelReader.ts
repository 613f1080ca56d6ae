/**
 * Reading a dataset's labels for what runs over the whole dataset (issue 18): the export, the inter-annotator
 * agreement, and the review status and metadata table of the dataset rows and of `episcope index|audit`. One async
 * interface with two versions, chosen where the label store is chosen (createServices' LabelBackend, the CLI's
 * `--store`): the files beside the data (`fileLabelReader`, the default) and the team store on PostgreSQL
 * (`postgres/teamStore.ts`). Given the same labels, both return the same documents, names and messages. Read only.
 */
import type { Dirent } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { parseAnnotation, type AnnotationDocument } from "../../../shared/annotation.ts";
import { fileMetadataTable, fileReviewSource, type MetadataTableStore, type ReviewSource } from "../dataset/labelSources.ts";
import { ANNOTATIONS_DIR } from "./annotationMainService.ts";

/**
 * One stored document of a layer as text, under its name in both stores:
 * `.episcope/annotations/<layer>/<episode path without .mcap>.json` (POSIX, relative to the dataset). `error` when it
 * could not be read (a file that vanished or is unreadable).
 */
export type LayerDocumentText = { name: string; text: string } | { name: string; error: Error };

/** The labels of one dataset, read only. */
export interface LabelReader {
  /**
   * Where the layers are, for messages: the annotations folder (absolute), or the team store's URL (without its
   * password) and dataset key.
   */
  readonly labelsAt: string;
  /** The annotator ids that have a layer (the `adjudicated` and `import.*` layers included), sorted. */
  layers(): Promise<string[]>;
  /**
   * Layer `layer`'s document of episode `episodePath` (relative, POSIX), or null when there is none.
   * @throws Error `<document name>: <what is invalid>` when the stored document does not validate
   */
  document(layer: string, episodePath: string): Promise<AnnotationDocument | null>;
  /** Every document of `layer` as stored text, sorted by name (damaged ones too: the caller parses and reports them). */
  layerDocuments(layer: string): Promise<LayerDocumentText[]>;
  /** Every layer's review status of every episode. */
  reviews: ReviewSource;
  /** The dataset's metadata table (operator, task, robot, session, scene, condition per episode). */
  metadata: Pick<MetadataTableStore, "read">;
}

/** Documents read concurrently by `layerDocuments` (the disk's latency overlaps with the rest). */
const READ_BATCH = 16;

/** Every `.json` file under `dir` (recursively; hidden files skipped), unsorted; none when it does not exist. */
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
 * The labels in the files under the dataset's label folder `root` (absolute): `.episcope/annotations/<layer>/…json`
 * (DESIGN §4), the review status through the cached file reader and the metadata table `.episcope/episodes.json` /
 * `.csv`.
 * @param reviews the review source to share (default: a new file review source of `root`)
 */
export function fileLabelReader(root: string, reviews: ReviewSource = fileReviewSource(root)): LabelReader {
  const base = path.join(root, ANNOTATIONS_DIR);
  return {
    labelsAt: base,
    async layers() {
      try {
        return (await fs.readdir(base, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
      } catch {
        return [];
      }
    },
    async document(layer, episodePath) {
      const file = path.join(base, layer, episodePath.replace(/\.mcap$/i, "") + ".json");
      let text: string;
      try {
        text = await fs.readFile(file, "utf8");
      } catch {
        return null;
      }
      try {
        return parseAnnotation(text);
      } catch (error) {
        throw new Error(`${path.relative(root, file)}: ${(error as Error).message}`);
      }
    },
    async layerDocuments(layer) {
      const files = (await jsonFiles(path.join(base, layer))).sort();
      const out: LayerDocumentText[] = [];
      for (let at = 0; at < files.length; at += READ_BATCH) {
        const read = await Promise.all(
          files.slice(at, at + READ_BATCH).map(async (file) => {
            const name = path.relative(root, file).split(path.sep).join("/");
            try {
              return { name, text: await fs.readFile(file, "utf8") };
            } catch (error) {
              return { name, error: error as Error };
            }
          }),
        );
        out.push(...read);
      }
      return out;
    },
    reviews,
    metadata: fileMetadataTable(root),
  };
}
