/**
 * Export, agreement and batch review status from the team store (issue 18), on a real PostgreSQL (one server for the
 * file): the same labels saved into files and into PostgreSQL give byte-equal exports (LeRobot, json, csv) and equal
 * agreement reports, through the services and through the CLI (`--store`). The file labels are moved
 * away before anything reads the team store, so a store path that silently read files would find no layer and fail.
 * A served dataset (`createServices` with the team store, as `serve --store`): a lead exports the labels two reviewers
 * saved and computes their agreement; a reviewer may not export.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAnnotation, serializeAnnotation } from "../../../shared/annotation.ts";
import { EpiscopeError, type CallContext } from "../../../shared/ipc/contract.ts";
import type { DatasetAgreement } from "../../../shared/agreement/agreementReport.ts";
import { runAgreement } from "../../cli/agreement.ts";
import { runExport } from "../../cli/export.ts";
import { runIndex } from "../../cli/index.ts";
import { runMerge } from "../../cli/merge.ts";
import { runStore } from "../../cli/store.ts";
import { closeServices, createHandlers, createServices, servicesAs, type EpiscopeServices } from "../../ipc/createHandlers.ts";
import { guardHandlers } from "../../ipc/roleGuard.ts";
import { datasetAgreement } from "../agreement/datasetAgreement.ts";
import { ANNOTATIONS_DIR } from "../annotation/annotationMainService.ts";
import { fileLabelReader } from "../annotation/labelReader.ts";
import type { TeamStore } from "../annotation/postgres/teamStore.ts";
import { postgresForTests } from "../annotation/postgres/testTeamStores.ts";
import { readMetadataTable, updateMetadataTable } from "../dataset/metadataTableFile.ts";
import { WritableFolders } from "../writableFolders.ts";
import { exportDataset } from "./exportDataset.ts";
import { fixtureEpisodeName, writeLabelledDataset } from "./labelledDatasetFixture.ts";
import type { ExportFormat, ExportOptions } from "./exportTypes.ts";
import { expectSameExport } from "./testSameExport.ts";

const postgres = postgresForTests();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-store-labels-"));
const dataset = path.join(tmp, "pick_cube");
/** Where the file labels go once they are in PostgreSQL (out of the dataset's reach). */
const moved = path.join(tmp, "moved-labels");
const KEY = "pick_cube";
const EPISODES = 4;
let team: TeamStore;
const services: EpiscopeServices[] = [];

afterAll(async () => {
  for (const s of services) await closeServices(s);
  fs.rmSync(tmp, { recursive: true, force: true });
});

/**
 * The options of each format's export: LeRobot at the camera rate (its H.264 is remuxed, nothing encoded); json and
 * csv carry the documents and the per-episode labels and metadata. (RLDS and robomimic re-encode every frame, 5–9 s
 * per export here; their label columns come from the same step table as LeRobot's.)
 */
const OPTIONS: Partial<Record<ExportFormat, Partial<ExportOptions>>> = {
  lerobot: { fps: 30 },
  json: {},
  csv: {},
};
const FORMATS = Object.keys(OPTIONS) as ExportFormat[];
const fromFiles = (format: string) => path.join(tmp, `files-${format}`);
let agreementFromFiles: DatasetAgreement;
let indexFromFiles: unknown;

/** Bob's layer: alice's documents with another outcome on every second episode, and one damaged document. */
function writeBobLayer(): void {
  for (let i = 0; i < EPISODES; i++) {
    const name = fixtureEpisodeName(i);
    const doc = parseAnnotation(fs.readFileSync(path.join(dataset, ANNOTATIONS_DIR, "alice", `${name}.json`), "utf8"));
    doc.annotator = { id: "bob", name: "Bob" };
    if (i % 2 === 1) doc.review.outcome = doc.review.outcome === "success" ? "failure" : "success";
    fs.mkdirSync(path.join(dataset, ANNOTATIONS_DIR, "bob"), { recursive: true });
    fs.writeFileSync(path.join(dataset, ANNOTATIONS_DIR, "bob", `${name}.json`), serializeAnnotation(doc));
  }
  fs.mkdirSync(path.join(dataset, ANNOTATIONS_DIR, "bob", "later"), { recursive: true });
  fs.writeFileSync(path.join(dataset, ANNOTATIONS_DIR, "bob", "later", "ep_x.json"), '{"schema": "episcope.annotation/1", "review": ');
}

beforeAll(async () => {
  await writeLabelledDataset(dataset, EPISODES);
  writeBobLayer();
  await updateMetadataTable(dataset, (t) => ({ ...t, "ep_000.mcap": { operator: "op_table", scene: "bench 2" }, "ep_002.mcap": { task: "stack the cube" } }));
  // From the files: each format's export, the agreement, the index.
  for (const format of FORMATS) {
    const summary = await exportDataset({ dataset, format, out: fromFiles(format), annotator: "alice", selection: { status: ["accepted"] }, ...OPTIONS[format] });
    expect(summary.exported, format).toBe(EPISODES);
  }
  agreementFromFiles = await datasetAgreement(dataset);
  const lines: string[] = [];
  expect(await runIndex([dataset, "--json"], (l) => lines.push(l), () => {})).toBe(0);
  indexFromFiles = JSON.parse(lines.join("\n")).episodes;
  // The same labels into PostgreSQL (`episcope store import` and the metadata table), then out of the dataset folder.
  expect(await runStore(["import", dataset, "--store", postgres.url, "--dataset-key", KEY], () => {})).toBe(0);
  team = await postgres.open(KEY, 2);
  const { table } = readMetadataTable(dataset);
  await team.metadata.update(() => table);
  fs.mkdirSync(moved);
  fs.renameSync(path.join(dataset, ANNOTATIONS_DIR), path.join(moved, "annotations"));
  fs.renameSync(path.join(dataset, ".episcope", "episodes.json"), path.join(moved, "episodes.json"));
  expect(await fileLabelReader(dataset).layers()).toEqual([]);
}, 240_000);

describe("labels from the team store equal labels from the files", () => {
  it("reads the same layers, documents and names through the LabelReader", async () => {
    expect(await team.layers()).toEqual(["alice", "bob"]);
    const bob = await team.layerDocuments("bob");
    expect(bob.map((d) => d.name)).toEqual([
      ".episcope/annotations/bob/ep_000.json",
      ".episcope/annotations/bob/ep_001.json",
      ".episcope/annotations/bob/ep_002.json",
      ".episcope/annotations/bob/ep_003.json",
      ".episcope/annotations/bob/later/ep_x.json",
    ]);
    await expect(team.document("bob", "later/ep_x.mcap")).rejects.toThrow(/^\.episcope\/annotations\/bob\/later\/ep_x\.json: /);
    expect(await team.document("alice", "ep_999.mcap")).toBeNull();
    expect((await team.document("alice", "ep_001.mcap"))?.review.status).toBe("accepted");
  });

  for (const format of FORMATS) {
    it(`${format}: the export from PostgreSQL is the export from the files`, async () => {
      const out = path.join(tmp, `store-${format}`);
      const summary = await exportDataset({ dataset, format, out, annotator: "alice", selection: { status: ["accepted"] }, labelReader: team, ...OPTIONS[format] });
      expect(summary.exported).toBe(EPISODES);
      await expectSameExport(fromFiles(format), out);
    }, 120_000);
  }

  it("the agreement from PostgreSQL is the agreement from the files (damaged document left out, named alike)", async () => {
    const report = await datasetAgreement(dataset, {}, team);
    expect(report.layers).toEqual(["alice", "bob"]);
    expect(report.outcome.pairs[0]).toMatchObject({ a: "alice", b: "bob", n: EPISODES });
    expect(report.leftOut).toEqual([{ annotator: "bob", file: ".episcope/annotations/bob/later/ep_x.json", error: expect.stringMatching(/^\.episcope\/annotations\/bob\/later\/ep_x\.json: /) }]);
    expect(report).toEqual(agreementFromFiles);
  });

  it("episcope export|agreement|index|merge --store read the team store (shards too); without it they find no labels", async () => {
    const out = path.join(tmp, "cli-lerobot");
    const err: string[] = [];
    const code = await runExport([dataset, "--format", "lerobot", "--fps", "30", "--status", "accepted", "--annotator", "alice", "--out", out, "--store", postgres.url, "--dataset-key", KEY], () => {}, (l) => err.push(l));
    expect(code, err.join("\n")).toBe(0);
    await expectSameExport(fromFiles("lerobot"), out);
    // without --store: the files, which hold no layer any more
    const noStore: string[] = [];
    expect(await runExport([dataset, "--format", "csv", "--annotator", "alice", "--out", path.join(tmp, "nothing")], () => {}, (l) => noStore.push(l))).toBe(1);
    expect(noStore.join("\n")).toContain(`annotator alice: no layer in ${path.join(dataset, ANNOTATIONS_DIR)} (layers: none)`);
    // a wrong key: no layer in the team store, named without a password
    const wrongKey: string[] = [];
    expect(await runExport([dataset, "--format", "csv", "--annotator", "alice", "--out", path.join(tmp, "nothing"), "--store", postgres.url, "--dataset-key", "other"], () => {}, (l) => wrongKey.push(l))).toBe(1);
    expect(wrongKey.join("\n")).toMatch(/annotator alice: no layer in the team store postgres:\/\/.*, dataset other \(layers: none\)/);
    let text = "";
    expect(await runAgreement([dataset, "--json", "--store", postgres.url, "--dataset-key", KEY], (t) => void (text = t))).toBe(0);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(agreementFromFiles)));
    const lines: string[] = [];
    expect(await runIndex([dataset, "--json", "--store", postgres.url, "--dataset-key", KEY], (l) => lines.push(l), () => {})).toBe(0);
    const episodes = JSON.parse(lines.join("\n")).episodes;
    expect(episodes).toEqual(indexFromFiles);
    expect(episodes[1].annotators).toEqual({ alice: expect.any(String), bob: expect.any(String) });
    await expect(runIndex([dataset, "--dataset-key", KEY], () => {}, () => {})).rejects.toThrow(/--dataset-key .* give --store/);
    // Sharded: an export's shards read the labels (--store), an index's merge reads the review status (--store).
    const part = path.join(tmp, "lerobot-part-0");
    expect(await runExport([dataset, "--format", "lerobot", "--fps", "30", "--status", "accepted", "--annotator", "alice", "--shard", "0/1", "--part", part, "--store", postgres.url, "--dataset-key", KEY], () => {}, () => {})).toBe(0);
    const merged = path.join(tmp, "merged-lerobot");
    expect(await runMerge([part, "--out", merged], () => {}, () => {})).toBe(0);
    await expectSameExport(fromFiles("lerobot"), merged);
    const indexPart = path.join(tmp, "index-part-0.json");
    expect(await runIndex([dataset, "--shard", "0/1", "--part", indexPart], () => {}, () => {})).toBe(0);
    let mergedIndex = "";
    expect(await runMerge([indexPart, "--json", "--store", postgres.url, "--dataset-key", KEY], (t) => void (mergedIndex += t), () => {})).toBe(0);
    expect(JSON.parse(mergedIndex).episodes).toEqual(indexFromFiles);
    await expect(runIndex([dataset, "--shard", "0/2", "--part", path.join(tmp, "p.json"), "--store", postgres.url], () => {}, () => {})).rejects.toThrow(/a shard reads no labels: give --store to the merge/);
  }, 120_000);
});

describe("serve --store: the lead exports what the reviewers saved", () => {
  const CALL: CallContext = { signal: new AbortController().signal, origin: null };

  it("a lead previews, exports and compares two reviewers' labels from PostgreSQL; a reviewer may not export", async () => {
    const served = await postgres.open("served", 2);
    // Two reviewers save their reviews through the team store (as two accounts of a shared server do).
    for (const [reviewer, flip] of [["rev_a", false], ["rev_b", true]] as const) {
      for (let i = 0; i < EPISODES; i++) {
        const name = fixtureEpisodeName(i);
        const doc = parseAnnotation(fs.readFileSync(path.join(moved, "annotations", "alice", `${name}.json`), "utf8"));
        const annotator = { id: reviewer, name: reviewer };
        doc.revision = 0;
        doc.annotator = annotator;
        if (flip && i === 0) doc.review.outcome = "failure";
        await served.store(annotator).save(`${name}.mcap`, doc);
      }
    }
    const outDir = path.join(tmp, "served-out");
    fs.mkdirSync(outDir);
    const base = createServices(dataset, null, { id: "server", name: "server" }, "serve", "0.0.0", path.join(tmp, "settings.json"), new WritableFolders(dataset, [outDir]), served);
    services.push(base);
    const as = (name: string, role: "reviewer" | "lead") => guardHandlers(createHandlers(() => servicesAs(base, served, { id: name, name })), { name, role }, async () => null);
    const lead = as("lena", "lead");
    const reviewer = as("rev_a", "reviewer");

    const preview = await lead["export.preview"]({ format: "json", out: "rev_a-json", annotator: "rev_a" }, CALL);
    expect(preview.error).toBeNull();
    expect(preview.layers).toEqual(["rev_a", "rev_b"]);
    expect(preview.episodes.map((e) => [e.path, e.status])).toEqual(Array.from({ length: EPISODES }, (_, i) => [`${fixtureEpisodeName(i)}.mcap`, "accepted"]));

    await expect(reviewer["export.start"]({ format: "json", out: "mine", annotator: "rev_a" }, CALL)).rejects.toThrow(
      new EpiscopeError("forbidden", "user rev_a (role reviewer) may not use export.start: that needs role lead"),
    );
    const started = await lead["export.start"]({ format: "json", out: "rev_b-json", annotator: "rev_b" }, CALL);
    let progress = started;
    while (progress.state === "running") {
      await new Promise((r) => setTimeout(r, 20));
      progress = (await lead["export.status"]({ jobId: started.jobId }, CALL))!;
    }
    expect(progress).toMatchObject({ state: "done", summary: { exported: EPISODES } });
    // The exported documents are rev_b's, as stored in PostgreSQL.
    const exported = fs.readFileSync(path.join(outDir, "rev_b-json", "annotations", "ep_000.json"), "utf8");
    expect(parseAnnotation(exported)).toEqual(await served.document("rev_b", "ep_000.mcap"));
    expect(parseAnnotation(exported).review.outcome).toBe("failure");

    const agreement = await lead["dataset.agreement"]({}, CALL);
    expect(agreement.layers).toEqual(["rev_a", "rev_b"]);
    expect(agreement.disagreements).toEqual(["ep_000.mcap"]);
    // Nothing was written into the dataset folder's labels.
    expect(fs.existsSync(path.join(dataset, ANNOTATIONS_DIR))).toBe(false);
  }, 120_000);
});
