/**
 * The annotator layer an export takes its labels from, read through the dataset's LabelReader (the files, or the team
 * store with `--store`: electron/services/annotation/labelReader.ts). Read only: an export never writes labels.
 */
import type { LabelReader } from "../annotation/labelReader.ts";

/**
 * The layer to export: the one asked for, else the only one, else none (null) when the dataset has no layer.
 * @throws Error when the asked layer does not exist (naming where the layers are), or several exist and none was
 *   asked (listing them).
 */
export async function chooseAnnotatorLayer(reader: LabelReader, asked: string | undefined): Promise<string | null> {
  const layers = await reader.layers();
  if (asked !== undefined) {
    if (!layers.includes(asked)) throw new Error(`annotator ${asked}: no layer in ${reader.labelsAt} (layers: ${layers.join(", ") || "none"})`);
    return asked;
  }
  if (layers.length <= 1) return layers[0] ?? null;
  throw new Error(`the dataset has several annotator layers (${layers.join(", ")}): choose one with --annotator`);
}
