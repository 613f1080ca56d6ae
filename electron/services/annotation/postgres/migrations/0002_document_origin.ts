/**
 * Migration 0002 of the team store: each document row keeps which process (`origin`, a random id per serve process)
 * and which account (`actor_id`) wrote it last, so that a change feed resyncing after a lost connection can tell other
 * processes' saves from its own and name who made them. Rows written before stay NULL (treated as remote).
 */
export const sql = `
ALTER TABLE annotation_documents ADD COLUMN origin text, ADD COLUMN actor_id text;
`;
