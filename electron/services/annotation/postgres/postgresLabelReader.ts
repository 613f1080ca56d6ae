import type { Pool } from "pg";
import { parseAnnotation, type AnnotationDocument } from "../../../../shared/annotation.ts";
import type { LabelReader, LayerDocumentText } from "../labelReader.ts";
import { checkLayerId, documentName } from "./documentName.ts";

/** What the team store adds to its review source and metadata table to be a `LabelReader`. */
export type LayerDocuments = Pick<LabelReader, "layers" | "document" | "layerDocuments">;

/**
 * The documents of dataset `dataset` in the team store (`annotation_documents`), read as the file reader reads the
 * files (labelReader.ts): same layers, same document names (documentName.ts), same messages for an invalid document,
 * the same order (sorted here by name, never by the database's collation).
 * @param pool connections to a migrated team store
 */
export function postgresLayerDocuments(pool: Pool, dataset: string): LayerDocuments {
  return {
    async layers() {
      const { rows } = await pool.query<{ layer: string }>("SELECT DISTINCT layer FROM annotation_documents WHERE dataset = $1", [dataset]);
      return rows.map((r) => r.layer).sort();
    },
    async document(layer: string, episodePath: string): Promise<AnnotationDocument | null> {
      checkLayerId(layer);
      const name = documentName(episodePath, layer);
      const { rows } = await pool.query<{ body: string }>(
        "SELECT body FROM annotation_documents WHERE dataset = $1 AND layer = $2 AND episode = $3",
        [dataset, layer, episodePath],
      );
      if (rows.length === 0) return null;
      try {
        return parseAnnotation(rows[0]!.body);
      } catch (error) {
        throw new Error(`${name}: ${(error as Error).message}`);
      }
    },
    async layerDocuments(layer: string): Promise<LayerDocumentText[]> {
      const { rows } = await pool.query<{ episode: string; body: string }>(
        "SELECT episode, body FROM annotation_documents WHERE dataset = $1 AND layer = $2",
        [dataset, layer],
      );
      return rows
        .map((r) => {
          try {
            return { name: documentName(r.episode, layer), text: r.body };
          } catch (error) {
            return { name: `${layer}/${r.episode}`, error: error as Error };
          }
        })
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
  };
}
