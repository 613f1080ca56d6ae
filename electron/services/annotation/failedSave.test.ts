/**
 * A save that cannot be written fails loudly and stays failed: the error names the file and the cause, nothing is
 * written, and the write-ahead journal never completes it on the next start. Real files; the annotator's folder is
 * blocked by a file (this works as root too, where permission bits do not stop writes).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emptyAnnotation } from "../../../shared/annotation.ts";
import { AnnotationMainService } from "./annotationMainService.ts";
import { WriteAheadJournal } from "./journal.ts";

const fingerprint = { sizeBytes: 1, startNs: 1_000n, endNs: 9_000n, messageCount: 2 };
const annotator = { id: "alice", name: "Alice" };

describe("a failed save", () => {
  it("names the file and the cause, writes nothing, and is never replayed by the journal", async () => {
    const root = await mkdtemp(join(tmpdir(), "episcope-failed-save-"));
    await mkdir(join(root, ".episcope", "annotations"), { recursive: true });
    // A file where alice's folder should be: every write into it fails (ENOTDIR).
    await writeFile(join(root, ".episcope", "annotations", "alice"), "not a folder");
    const store = new AnnotationMainService(root, annotator);
    const doc = emptyAnnotation("ep.mcap", fingerprint, annotator);
    doc.review.outcome = "success";
    await expect(store.save("ep.mcap", doc)).rejects.toMatchObject({
      code: "save-failed",
      message: expect.stringMatching(/^\.episcope\/annotations\/alice\/ep\.json: not saved: .*\((ENOTDIR|EEXIST)\)$/),
    });
    expect(await new WriteAheadJournal(join(root, ".episcope", "journal", "alice.wal")).records()).toEqual([]);
    // The folder is fixed; a restart must not apply the save that was reported as failed.
    await rm(join(root, ".episcope", "annotations", "alice"));
    const restarted = new AnnotationMainService(root, annotator);
    expect(await restarted.load("ep.mcap")).toBeNull();
    await expect(readFile(join(root, ".episcope", "annotations", "alice", "ep.json"))).rejects.toMatchObject({ code: "ENOENT" });
    // A retry now saves.
    expect(await restarted.save("ep.mcap", doc)).toMatchObject({ revision: 1, file: ".episcope/annotations/alice/ep.json" });
  });
});
