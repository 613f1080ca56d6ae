/**
 * The shared test suite of the `AnnotationStore` contract (issue 18): the same cases with the same expectations, run
 * against the file store and the PostgreSQL team store (`annotationStores.test.ts`).
 */
import { describe, expect, it } from "vitest";
import { emptyAnnotation, type AnnotationDocument, type Annotator } from "../../../shared/annotation.ts";
import type { AnnotationStore } from "../../../shared/annotation/annotationStore.ts";

/** Makes stores over one fresh, empty dataset; each call is another client (window, server) of the same dataset. */
export type StoreFactory = () => Promise<(annotator: Annotator) => Promise<AnnotationStore>>;

export const alice: Annotator = { id: "alice", name: "Alice" };
const S = 1_000_000_000n;
export const fingerprint = { sizeBytes: 1234, startNs: 1_750_000_000n * S, endNs: 1_750_000_030n * S, messageCount: 42 };

/** A reviewed document: outcome failure, one recovery segment. */
export function marked(path: string, annotator: Annotator = alice): AnnotationDocument {
  const doc = emptyAnnotation(path, fingerprint, annotator);
  doc.review.outcome = "failure";
  doc.segments.push({ id: "s1", kind: "recovery", startNs: fingerprint.startNs + 2n * S, endNs: fingerprint.startNs + 3_500_000_000n, note: "", camera: null });
  return doc;
}

/**
 * Client `i`'s edit, retried on `conflict` (reload, re-apply) as the app does: adds segment `c<i>` at [i s, i + 0.5 s].
 * @returns how many conflicts it met.
 */
export async function addSegmentWithRetry(store: AnnotationStore, path: string, i: number): Promise<number> {
  for (let conflicts = 0; ; conflicts++) {
    const base = (await store.open(path)).document ?? emptyAnnotation(path, fingerprint, store.currentAnnotator);
    const segment = { id: `c${i}`, kind: "failure", startNs: fingerprint.startNs + BigInt(i) * S, endNs: fingerprint.startNs + BigInt(i) * S + S / 2n, note: "", camera: null };
    try {
      await store.save(path, { ...base, segments: [...base.segments, segment] });
      return conflicts;
    } catch (error) {
      if ((error as { code?: string }).code !== "conflict") throw error;
    }
  }
}

const code = (promise: Promise<unknown>) => promise.then(() => "resolved", (e: { code?: string }) => e.code);

/** Declare the contract cases for the store `name` made by `fresh`. */
export function describeAnnotationStore(name: string, fresh: StoreFactory): void {
  describe(`AnnotationStore contract: ${name}`, () => {
    it("returns null before anything was saved, and the status says the document does not exist", async () => {
      const store = await (await fresh())(alice);
      expect(await store.load("ep_001.mcap")).toBeNull();
      expect(await store.status("ep_001.mcap")).toMatchObject({ exists: false, revision: null, sha256: null, changedSinceLoad: false });
    });

    it("saves and loads back with ns intact in another client; the result names the file-store path", async () => {
      const open = await fresh();
      const result = await (await open(alice)).save("sub/ep_001.mcap", marked("sub/ep_001.mcap"));
      expect(result).toMatchObject({ revision: 1, file: ".episcope/annotations/alice/sub/ep_001.json" });
      const reopened = await (await open(alice)).load("sub/ep_001.mcap");
      expect(reopened?.segments[0]?.endNs).toBe(1_750_000_003_500_000_000n);
      expect(reopened?.review.outcome).toBe("failure");
      expect(reopened?.revision).toBe(1);
      expect(reopened?.updatedAt).toBe(result.updatedAt);
    });

    it("increments the revision per save; saving what is stored again is an idempotent retry", async () => {
      const store = await (await fresh())(alice);
      const doc = marked("a.mcap");
      const first = await store.save("a.mcap", doc);
      const next = { ...doc, revision: first.revision, review: { ...doc.review, note: "more" } };
      const second = await store.save("a.mcap", next);
      expect(second.revision).toBe(2);
      expect(await store.save("a.mcap", next)).toEqual(second);
    });

    it("keeps annotators apart; another layer is read with loadLayer; bad ids and escaping paths are refused", async () => {
      const open = await fresh();
      await (await open(alice)).save("a.mcap", marked("a.mcap"));
      const bob = await open({ id: "bob", name: "Bob" });
      expect(await bob.load("a.mcap")).toBeNull();
      expect((await bob.loadLayer("a.mcap", "alice"))?.review.outcome).toBe("failure");
      expect(await code(bob.loadLayer("a.mcap", "../alice"))).toBe("invalid-path");
      expect(await code(bob.load("../../etc/passwd.mcap"))).toBe("invalid-path");
    });

    it("refuses a save based on an older revision with `conflict` and the same message; overwrite replaces", async () => {
      const open = await fresh();
      const windowA = await open(alice);
      const windowB = await open(alice);
      const base = marked("a.mcap");
      await windowA.save("a.mcap", base);
      const loadedA = (await windowA.load("a.mcap"))!;
      const loadedB = (await windowB.load("a.mcap"))!;
      await windowA.save("a.mcap", { ...loadedA, review: { ...loadedA.review, note: "from A" } });
      const refused = windowB.save("a.mcap", { ...loadedB, review: { ...loadedB.review, note: "from B" } });
      await expect(refused).rejects.toMatchObject({ code: "conflict" });
      await expect(refused).rejects.toThrow(
        ".episcope/annotations/alice/a.json changed on disk since it was loaded (revision 2 on disk, this edit is based on revision 1). Reload it, or save with overwrite.",
      );
      expect((await windowB.status("a.mcap")).changedSinceLoad).toBe(true);
      expect((await windowB.load("a.mcap"))!.review.note).toBe("from A");
      const forced = await windowB.save("a.mcap", { ...loadedB, review: { ...loadedB.review, note: "from B" } }, { overwrite: true });
      expect(forced.revision).toBe(3);
      expect((await windowA.load("a.mcap"))!.review.note).toBe("from B");
    });

    it("refuses a document for another episode and one that breaks a rule, naming the field", async () => {
      const store = await (await fresh())(alice);
      expect(await code(store.save("b.mcap", marked("a.mcap")))).toBe("wrong-episode");
      const bad = marked("a.mcap");
      bad.segments[0]!.endNs = fingerprint.endNs + 10n * S;
      await expect(store.save("a.mcap", bad)).rejects.toMatchObject({ code: "invalid-annotation", message: expect.stringMatching(/^\.episcope\/annotations\/alice\/a\.json: segments/) });
      expect(await store.load("a.mcap")).toBeNull();
    });

    it("open reads a valid document with no problems and the state of the stored one", async () => {
      const store = await (await fresh())(alice);
      const saved = await store.save("a.mcap", marked("a.mcap"));
      const opened = await store.open("a.mcap");
      expect(opened).toMatchObject({ needsOverwrite: false, backup: null, problems: [], state: { exists: true, revision: 1, file: saved.file } });
      expect(opened.document?.segments).toHaveLength(1);
      expect((await store.status("a.mcap")).changedSinceLoad).toBe(false);
    });

    it("20 concurrent clients of one server, each adding a segment (reload and retry on conflict), lose nothing", async () => {
      const store = await (await fresh())(alice);
      await Promise.all(Array.from({ length: 20 }, (_, i) => addSegmentWithRetry(store, "a.mcap", i)));
      const final = (await store.load("a.mcap"))!;
      expect(final.segments.map((s) => s.id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `c${i}`).sort());
      expect(final.revision).toBe(20);
    });
  });
}
