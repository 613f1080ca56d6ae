import { mkdtemp, readFile, readdir, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emptyAnnotation, type AnnotationDocument } from "../../../shared/annotation.ts";
import { AnnotationMainService } from "./annotationMainService.ts";

const annotator = { id: "alice", name: "Alice" };
const fingerprint = { sizeBytes: 1234, startNs: 1_750_000_000_000_000_000n, endNs: 1_750_000_012_000_000_000n, messageCount: 42 };

async function tempRoot() {
  return mkdtemp(join(tmpdir(), "episcope-annotation-"));
}

function marked(path: string): AnnotationDocument {
  const doc = emptyAnnotation(path, fingerprint, annotator);
  doc.review.outcome = "failure";
  doc.segments.push({ id: "s1", kind: "recovery", startNs: fingerprint.startNs + 2_000_000_000n, endNs: fingerprint.startNs + 3_500_000_000n, note: "", camera: null });
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
    expect(onDisk.segments[0].startNs).toBe("1750000002000000000");
    expect(onDisk.review.outcome).toBe("failure");
    const reopened = await new AnnotationMainService(root, annotator).load("sub/ep_001.mcap");
    expect(reopened?.segments[0]?.endNs).toBe(1_750_000_003_500_000_000n);
    expect(reopened?.revision).toBe(1);
    // No temp files are left behind.
    expect(await readdir(join(root, ".episcope/annotations/alice/sub"))).toEqual(["ep_001.json"]);
  });

  it("increments the revision on every save", async () => {
    const store = new AnnotationMainService(await tempRoot(), annotator);
    const doc = marked("a.mcap");
    await store.save("a.mcap", doc);
    const second = await store.save("a.mcap", doc);
    expect(second.revision).toBe(2);
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
});
