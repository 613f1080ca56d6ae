/**
 * Reads every layer of a dataset (`.episcope/annotations/<layer>/**.json`, DESIGN §4, or the same documents in the team
 * store: electron/services/annotation/labelReader.ts) and computes the agreement report
 * (shared/agreement/agreementReport.ts) for `episcope agreement` and the lead's agreement screen. A document that fails
 * validation is reported (its name and field) and left out of the metrics, never guessed at.
 */
import { parseAnnotation, type AnnotationDocument } from "../../../shared/annotation.ts";
import { agreementReport, type AgreementOptions, type DatasetAgreement, type LeftOutDocument } from "../../../shared/agreement/agreementReport.ts";
import { fileLabelReader, type LabelReader } from "../annotation/labelReader.ts";

/**
 * The agreement report of the dataset folder `root` (absolute).
 * @param labels where the layers are read from (default: the files under `root`; `--store` passes the team store)
 * @throws Error when the tolerance is not a number ≥ 0
 */
export async function datasetAgreement(root: string, options: AgreementOptions = {}, labels: LabelReader = fileLabelReader(root)): Promise<DatasetAgreement> {
  const layers = await labels.layers();
  const leftOut: LeftOutDocument[] = [];
  const read: Array<{ annotator: string; documents: AnnotationDocument[] }> = [];
  for (const annotator of layers) {
    const documents: AnnotationDocument[] = [];
    for (const item of await labels.layerDocuments(annotator)) {
      try {
        if ("error" in item) throw item.error;
        const doc = parseAnnotation(item.text);
        documents.push({ ...doc, episode: { ...doc.episode, path: doc.episode.path.replace(/\\/g, "/") } });
      } catch (e) {
        leftOut.push({ annotator, file: item.name, error: `${item.name}: ${(e as Error).message}` });
      }
    }
    read.push({ annotator, documents });
  }
  return { dataset: root, layers, ...agreementReport(read, options), leftOut, leftOutCount: leftOut.length };
}
