import { mkdtemp, readFile, readdir, writeFile, mkdir, appendFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emptyAnnotation, serializeAnnotation, type AnnotationDocument } from "../../../shared/annotation.ts";
import { AnnotationMainService } from "./annotationMainService.ts";
import { sha256, WriteAheadJournal } from "./journal.ts";

const annotator = { id: "alice", name: "Alice" };
const fingerprint = { sizeBytes: 1234, startNs: 1_750_000_000_000_000_000n, endNs: 1_750_000_012_000_000_000n, messageCount: 42 };
const S = 1_000_000_000n;

async function tempRoot() {
  return mkdtemp(join(tmpdir(), "episcope-annotation-"));
}

function marked(path: string): AnnotationDocument {
  const doc = emptyAnnotation(path, fingerprint, annotator);
  doc.review.outcome = "failure";
  doc.segments.push({ id: "s1", kind: "recovery", startNs: fingerprint.startNs + 2n * S, endNs: fingerprint.startNs + 3_500_000_000n, note: "", camera: null });
  return doc;
}

describe("AnnotationMainService", () => {
  it("returns null before anything was saved", async () => {
    const store = new AnnotationMainService(await tempRoot(), annotator);
    expect(await store.load("ep_001.mcap")).toBeNull();
  });

  it("saves to .episcope/annotations/<annotator>/<episode>.json and loads it back with ns intact", async () => {
    const root = await tempRoot();
    const store = new AnnotationMainService(root, annotator);
    const result = await store.save("sub/ep_001.mcap", marked("sub/ep_001.mcap"));
    expect(result.file).toBe(".episcope/annotations/alice/sub/ep_001.json");
    expect(result.revision).toBe(1);
    const onDisk = JSON.parse(await readFile(join(root, result.file), "utf8"));
    expect(onDisk.schema).toBe("episcope.annotation/2");
    expect(onDisk.segments[0].startNs).toBe("1750000002000000000");
    expect(onDisk.review.outcome).toBe("failure");
    const reopened = await new AnnotationMainService(root, annotator).load("sub/ep_001.mcap");
    expect(reopened?.segments[0]?.endNs).toBe(1_750_000_003_500_000_000n);
    expect(reopened?.revision).toBe(1);
    // No temp files are left behind, and the journal is empty after the save.
    expect(await readdir(join(root, ".episcope/annotations/alice/sub"))).toEqual(["ep_001.json"]);
    expect(await readFile(join(root, ".episcope/journal/alice.wal"), "utf8")).toBe("");
  });

  it("increments the revision on every save based on the last one", async () => {
    const store = new AnnotationMainService(await tempRoot(), annotator);
    const doc = marked("a.mcap");
    const first = await store.save("a.mcap", doc);
    const second = await store.save("a.mcap", { ...doc, revision: first.revision, review: { ...doc.review, note: "more" } });
    expect(second.revision).toBe(2);
    // Saving exactly what is on disk again (a retry whose acknowledgement was lost) writes nothing and succeeds.
    expect(await store.save("a.mcap", { ...doc, revision: first.revision, review: { ...doc.review, note: "more" } })).toEqual(second);
  });

  it("keeps annotators apart", async () => {
    const root = await tempRoot();
    await new AnnotationMainService(root, annotator).save("a.mcap", marked("a.mcap"));
    expect(await new AnnotationMainService(root, { id: "bob", name: "Bob" }).load("a.mcap")).toBeNull();
  });

  it("names the file and field of a corrupt document", async () => {
    const root = await tempRoot();
    await mkdir(join(root, ".episcope/annotations/alice"), { recursive: true });
    await writeFile(join(root, ".episcope/annotations/alice/a.json"), JSON.stringify({ schema: "episcope.annotation/1", episode: 3 }));
    await expect(new AnnotationMainService(root, annotator).load("a.mcap")).rejects.toThrow(/\.episcope\/annotations\/alice\/a\.json: episode/);
  });

  it("refuses a document for another episode and paths that escape the folder", async () => {
    const store = new AnnotationMainService(await tempRoot(), annotator);
    await expect(store.save("b.mcap", marked("a.mcap"))).rejects.toThrow(/cannot be saved as b\.mcap/);
    expect(() => store.documentPath("../../etc/passwd")).toThrow(/escapes/);
  });

  it("refuses a document that breaks a rule, naming the file and field, and writes nothing", async () => {
    const root = await tempRoot();
    const store = new AnnotationMainService(root, annotator);
    const doc = marked("a.mcap");
    doc.segments[0]!.endNs = fingerprint.endNs + S;
    await expect(store.save("a.mcap", doc)).rejects.toMatchObject({
      code: "invalid-annotation",
      message: expect.stringMatching(/^\.episcope\/annotations\/alice\/a\.json: segments\.0\.endNs: time 13\.000 s is outside the episode/),
    });
    expect(await store.load("a.mcap")).toBeNull();
  });

  it("reads a version 1 file and writes version 2 on the next save", async () => {
    const root = await tempRoot();
    const v1 = { ...JSON.parse(serializeAnnotation(marked("a.mcap"))), schema: "episcope.annotation/1", revision: 4 };
    delete v1.chunks;
    delete v1.instructions;
    delete v1.rewards;
    await mkdir(join(root, ".episcope/annotations/alice"), { recursive: true });
    await writeFile(join(root, ".episcope/annotations/alice/a.json"), JSON.stringify(v1));
    const store = new AnnotationMainService(root, annotator);
    const loaded = (await store.load("a.mcap"))!;
    expect(loaded.revision).toBe(4);
    expect(loaded.chunks).toEqual([]);
    expect((await store.save("a.mcap", loaded)).revision).toBe(5);
    expect(JSON.parse(await readFile(join(root, ".episcope/annotations/alice/a.json"), "utf8")).schema).toBe("episcope.annotation/2");
  });
});

describe("external changes", () => {
  it("refuses with `conflict` when another writer saved a newer revision, and overwrites only when asked", async () => {
    const root = await tempRoot();
    const windowA = new AnnotationMainService(root, annotator);
    const windowB = new AnnotationMainService(root, annotator);
    await windowA.save("a.mcap", marked("a.mcap"));
    const base = (await windowB.load("a.mcap"))!; // revision 1
    await windowA.save("a.mcap", { ...base, review: { ...base.review, note: "from A" } }); // revision 2
    const fromB = { ...base, review: { ...base.review, note: "from B" } };
    await expect(windowB.save("a.mcap", fromB)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/revision 2 on disk, this edit is based on revision 1/) });
    expect((await windowB.load("a.mcap"))!.review.note).toBe("from A");
    expect((await windowB.save("a.mcap", fromB, { overwrite: true })).revision).toBe(3);
    expect((await windowA.open("a.mcap")).document!.review.note).toBe("from B");
  });

  it("detects a hand edit that keeps the revision, through status and on save; open reloads", async () => {
    const root = await tempRoot();
    const store = new AnnotationMainService(root, annotator);
    const saved = await store.save("a.mcap", marked("a.mcap"));
    expect((await store.status("a.mcap")).changedSinceLoad).toBe(false);
    const file = join(root, saved.file);
    const edited = JSON.parse(await readFile(file, "utf8"));
    edited.review.note = "edited in vim";
    await writeFile(file, JSON.stringify(edited));
    const status = await store.status("a.mcap");
    expect(status).toMatchObject({ exists: true, revision: 1, changedSinceLoad: true, file: ".episcope/annotations/alice/a.json" });
    expect(status.sha256).toMatch(/^[0-9a-f]{64}$/);
    await expect(store.save("a.mcap", { ...marked("a.mcap"), revision: 1 })).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/same revision but different content/) });
    const reloaded = await store.open("a.mcap");
    expect(reloaded.document!.review.note).toBe("edited in vim");
    expect(reloaded.needsOverwrite).toBe(false);
    expect((await store.status("a.mcap")).changedSinceLoad).toBe(false);
    expect((await store.save("a.mcap", reloaded.document!)).revision).toBe(2);
  });
});

describe("damaged files", () => {
  it("loads what validates, reports the rest, keeps a backup, and never overwrites before the user confirms", async () => {
    const root = await tempRoot();
    const json = JSON.parse(serializeAnnotation(marked("a.mcap")));
    json.revision = 3;
    json.segments.push({ id: "s2", kind: "failure", startNs: "later", endNs: "1" });
    json.review.score = 11;
    const original = JSON.stringify(json, null, 1) + "\n// hand-written comment\n";
    const file = join(root, ".episcope/annotations/alice/a.json");
    await mkdir(join(root, ".episcope/annotations/alice"), { recursive: true });
    await writeFile(file, original);
    const store = new AnnotationMainService(root, annotator);
    // Not even JSON: nothing to keep but the report.
    const notJson = await store.open("a.mcap");
    expect(notJson.document).toBeNull();
    expect(notJson.needsOverwrite).toBe(true);
    expect(notJson.problems[0]!.message).toMatch(/^not valid JSON/);
    expect(await readFile(join(root, notJson.backup!), "utf8")).toBe(original);

    const damaged = JSON.stringify(json, null, 1);
    await writeFile(file, damaged);
    const opened = await store.open("a.mcap");
    expect(opened.problems.map((p) => p.path)).toEqual(["review.score", "segments.1.startNs"]);
    expect(opened.document!.segments.map((s) => s.id)).toEqual(["s1"]);
    expect(opened.document!.review.outcome).toBe("failure");
    expect(opened.needsOverwrite).toBe(true);
    expect(opened.backup).toMatch(/^\.episcope\/backups\/alice\/a\.[0-9a-f]{12}\.json$/);
    expect(await readFile(join(root, opened.backup!), "utf8")).toBe(damaged);
    expect(opened.state).toMatchObject({ exists: true, revision: null });

    await expect(store.save("a.mcap", opened.document!)).rejects.toMatchObject({ code: "needs-overwrite", message: expect.stringContaining(opened.backup!) });
    expect(await readFile(file, "utf8")).toBe(damaged);
    const result = await store.save("a.mcap", opened.document!, { overwrite: true });
    expect(result.revision).toBe(4); // the salvaged revision (3) carries on
    expect((await store.load("a.mcap"))!.segments).toHaveLength(1);
    expect(await readFile(join(root, opened.backup!), "utf8")).toBe(damaged);
  });
});

describe("write-ahead journal", () => {
  it("completes a save that was journalled but not written when the process died", async () => {
    const root = await tempRoot();
    const store = new AnnotationMainService(root, annotator);
    const first = await store.save("a.mcap", marked("a.mcap"));
    // A crash between the journal append and the rename: the record is there, the file still holds revision 1.
    const next = { ...marked("a.mcap"), revision: 2, updatedAt: "2026-01-01T00:00:00.000Z" };
    next.review.note = "in flight";
    await new WriteAheadJournal(join(root, ".episcope/journal/alice.wal")).append({ file: first.file, revision: 2, text: serializeAnnotation(next) });
    // …and a torn record after it (killed mid-append) that must be ignored.
    const torn = JSON.stringify({ file: first.file, revision: 3, text: "{}", sha256: sha256("{}") });
    await appendFile(join(root, ".episcope/journal/alice.wal"), torn.slice(0, torn.length - 9));
    // The temp file a killed write left (its process, pid 2^22 + 7, no longer exists) is removed on recovery.
    await writeFile(join(root, ".episcope/annotations/alice/.a.json.4194311.deadbeef.tmp"), "{ half a doc");
    const restarted = new AnnotationMainService(root, annotator);
    const loaded = (await restarted.load("a.mcap"))!;
    expect(loaded.revision).toBe(2);
    expect(loaded.review.note).toBe("in flight");
    expect(await readFile(join(root, ".episcope/journal/alice.wal"), "utf8")).toBe("");
    expect(await readdir(join(root, ".episcope/annotations/alice"))).toEqual(["a.json"]);
  });

  it("does not replay a record older than the file", async () => {
    const root = await tempRoot();
    const store = new AnnotationMainService(root, annotator);
    const saved = await store.save("a.mcap", marked("a.mcap"));
    await store.save("a.mcap", { ...marked("a.mcap"), revision: saved.revision, segments: [] });
    await new WriteAheadJournal(join(root, ".episcope/journal/alice.wal")).append({ file: saved.file, revision: 1, text: serializeAnnotation(marked("a.mcap")) });
    expect((await new AnnotationMainService(root, annotator).load("a.mcap"))!.revision).toBe(2);
  });
});
