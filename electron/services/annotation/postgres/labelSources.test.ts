/**
 * The review status and metadata table of the team store on a real PostgreSQL: concurrent metadata updates from
 * separate connection pools (as separate serve processes) lose nothing, and the reviews read from PostgreSQL equal
 * those the file reader finds for the same documents.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mergeTables } from "../../../../shared/dataset/metadataTable.ts";
import { fileReviewSource } from "../../dataset/labelSources.ts";
import { AnnotationMainService } from "../annotationMainService.ts";
import { alice, marked } from "../annotationStoreSuite.ts";
import type { TeamStore } from "./teamStore.ts";
import { postgresForTests } from "./testTeamStores.ts";

const postgres = postgresForTests();

const team = (dataset: string): Promise<TeamStore> => postgres.open(dataset, 1);

describe("PostgresMetadataTable", () => {
  it("24 concurrent updates from 12 pools (12 episodes × 2 fields, one pool each) lose nothing", async () => {
    const clients = await Promise.all(Array.from({ length: 12 }, () => team("meta")));
    const updates = clients.flatMap((client, i) => [
      client.metadata.update((t) => mergeTables(t, { [`ep${i}.mcap`]: { operator: `op_${i}` } })),
      clients[(i + 1) % 12]!.metadata.update((t) => mergeTables(t, { [`ep${i}.mcap`]: { task: `task ${i}` } })),
    ]);
    await Promise.all(updates);
    const { table, ignored } = await clients[0]!.metadata.read();
    expect(ignored).toEqual([]);
    expect(Object.keys(table)).toHaveLength(12);
    for (let i = 0; i < 12; i++) expect(table[`ep${i}.mcap`]).toEqual({ operator: `op_${i}`, task: `task ${i}` });
  });

  it("clears fields and drops an episode left without any; a throwing change writes nothing", async () => {
    const t = await team("clear");
    await t.metadata.update((table) => mergeTables(table, { "a.mcap": { operator: "op", scene: "lab" }, "b.mcap": { robot: "r" } }));
    await t.metadata.update((table) => mergeTables(table, { "a.mcap": { scene: null }, "b.mcap": { robot: "" } }));
    await expect(t.metadata.update(() => { throw new Error("bad row"); })).rejects.toThrow("bad row");
    expect((await t.metadata.read()).table).toEqual({ "a.mcap": { operator: "op" } });
    const { rows } = await t.pool.query("SELECT episode FROM dataset_metadata WHERE dataset = 'clear'");
    expect(rows).toEqual([{ episode: "a.mcap" }]);
  });
});

describe("PostgresReviewSource", () => {
  it("reads the same reviews as the file reader for the same documents, and follows later saves", async () => {
    const root = await mkdtemp(join(tmpdir(), "episcope-reviews-"));
    const t = await team("reviews");
    const bob = { id: "bob", name: "Bob" };
    for (const [annotator, path] of [[alice, "a.mcap"], [alice, "sub/b.mcap"], [bob, "a.mcap"]] as const) {
      const doc = marked(path, annotator);
      doc.review.status = "accepted";
      doc.review.score = 4;
      doc.review.flags = ["blur"];
      const saved = await t.store(annotator).save(path, doc);
      // The file store gets the very document (same updatedAt) so both readers see equal reviews.
      const stored = (await t.store(annotator).load(path))!;
      await new AnnotationMainService(root, annotator).save(path, { ...stored, revision: 0 });
      expect(saved.revision).toBe(1);
    }
    const fromPostgres = await t.reviews.read();
    const fromFiles = await fileReviewSource(root).read();
    const norm = (m: Map<string, { annotator: string; updatedAt: string }[]>) =>
      [...m.entries()].sort().map(([p, list]) => [p, list.map((r) => ({ ...r, updatedAt: "" })).sort((x, y) => x.annotator.localeCompare(y.annotator))]);
    expect(norm(fromPostgres)).toEqual(norm(fromFiles));
    expect(fromPostgres.get("a.mcap")!.map((r) => r.annotator).sort()).toEqual(["alice", "bob"]);
    const doc = (await t.store(bob).load("a.mcap"))!;
    await t.store(bob).save("a.mcap", { ...doc, review: { ...doc.review, outcome: "success" } });
    expect((await t.reviews.read()).get("a.mcap")!.find((r) => r.annotator === "bob")).toMatchObject({ outcome: "success", status: "accepted" });
  });
});
