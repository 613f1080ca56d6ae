import type { Pool } from "pg";
import type { AnnotatorReview } from "../../../../shared/dataset/datasetRow.ts";
import type { ReviewSource } from "../../dataset/labelSources.ts";
import { reviewFromJson } from "../../dataset/reviewReader.ts";

interface CachedReview {
  sha256: string;
  /** Null when the body is not a readable document. */
  parsed: { episodePath: string; review: AnnotatorReview } | null;
}

/**
 * Every layer's review of every episode of a dataset in the team store (`annotation_documents`). Like the file reader,
 * it re-reads only what changed: one query lists (layer, episode, sha256) of the dataset, a second fetches the bodies
 * whose hash is new to this reader, parsed leniently (damaged bodies are skipped).
 */
export class PostgresReviewSource implements ReviewSource {
  readonly #cache = new Map<string, CachedReview>();

  /**
   * @param pool connections to a migrated team store
   * @param dataset the dataset's key
   */
  constructor(
    private readonly pool: Pool,
    private readonly dataset: string,
  ) {}

  async read(): Promise<Map<string, AnnotatorReview[]>> {
    const { rows } = await this.pool.query<{ layer: string; episode: string; sha256: string }>(
      "SELECT layer, episode, sha256 FROM annotation_documents WHERE dataset = $1 ORDER BY layer, episode",
      [this.dataset],
    );
    const key = (layer: string, episode: string) => `${layer}\u0000${episode}`;
    const stale = rows.filter((r) => this.#cache.get(key(r.layer, r.episode))?.sha256 !== r.sha256);
    if (stale.length > 0) {
      const bodies = await this.pool.query<{ layer: string; episode: string; sha256: string; body: string }>(
        `SELECT d.layer, d.episode, d.sha256, d.body FROM annotation_documents d
         JOIN unnest($2::text[], $3::text[]) AS k(layer, episode) ON d.layer = k.layer AND d.episode = k.episode
         WHERE d.dataset = $1`,
        [this.dataset, stale.map((r) => r.layer), stale.map((r) => r.episode)],
      );
      for (const b of bodies.rows) {
        let parsed: CachedReview["parsed"] = null;
        try {
          parsed = reviewFromJson(JSON.parse(b.body), b.layer);
        } catch {
          parsed = null;
        }
        this.#cache.set(key(b.layer, b.episode), { sha256: b.sha256, parsed });
      }
    }
    const live = new Set(rows.map((r) => key(r.layer, r.episode)));
    for (const k of this.#cache.keys()) if (!live.has(k)) this.#cache.delete(k);
    const out = new Map<string, AnnotatorReview[]>();
    for (const r of rows) {
      const parsed = this.#cache.get(key(r.layer, r.episode))?.parsed;
      if (!parsed) continue;
      const list = out.get(parsed.episodePath);
      if (list) list.push(parsed.review);
      else out.set(parsed.episodePath, [parsed.review]);
    }
    return out;
  }
}
