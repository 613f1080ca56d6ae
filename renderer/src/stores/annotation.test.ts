import { describe, expect, it } from "vitest";
import type { AnnotationDocument } from "../../../shared/annotation.ts";
import type { EpisodeSummary } from "../../../shared/episode.ts";
import type { EpiscopeApi, SaveResult, Subscribe } from "../../../shared/ipc/contract.ts";
import { EventHub } from "../../../shared/ipc/eventHub.ts";
import { emptyAnnotation } from "../../../shared/annotation.ts";
import { createAnnotationStore } from "./annotation.ts";
import { selectPrimarySegment, selectSaveLabel } from "./selectors.ts";

const summary = { path: "ep.mcap", sizeBytes: 5, startNs: 100n, endNs: 900n, messageCount: 3 } as EpisodeSummary;

/** A fake api whose saves resolve when the test says so; `hub` publishes events to the store (as the transports do). */
function fakeApi(existing: AnnotationDocument | null = null) {
  const saves: Array<{ document: AnnotationDocument; resolve: (r: SaveResult) => void; reject: (e: Error) => void }> = [];
  const hub = new EventHub();
  const disk = { document: existing };
  const api = {
    app: { info: async () => ({ version: "0", mode: "serve", annotator: { id: "ann", name: "Ann" } }) },
    annotation: {
      load: async () => disk.document,
      save: ({ document }: { document: AnnotationDocument }) =>
        new Promise<SaveResult>((resolve, reject) => saves.push({ document, resolve, reject })),
    },
    on: ((event, listener) => hub.subscribe((m) => m.event === event && listener(m.payload as never))) as Subscribe,
  } as unknown as EpiscopeApi;
  return { api, saves, hub, disk };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe("annotation store and other pages' saves (annotation.changed)", () => {
  const fingerprint = { sizeBytes: 5, startNs: 100n, endNs: 900n, messageCount: 3 };
  const saved = (revision: number, outcome: "success" | "failure") => {
    const doc = emptyAnnotation("ep.mcap", fingerprint, { id: "ann", name: "Ann" });
    return { ...doc, revision, review: { ...doc.review, outcome } };
  };

  it("reloads a document saved elsewhere when it has no unsaved edits; ignores its own layer's older revisions and other layers", async () => {
    const { api, hub, disk } = fakeApi(saved(1, "success"));
    const store = createAnnotationStore(api);
    await store.getState().load(summary);
    disk.document = saved(2, "failure");
    hub.publish("annotation.changed", { episodePath: "ep.mcap", layer: "bob", revision: 2, origin: null });
    hub.publish("annotation.changed", { episodePath: "other.mcap", layer: "ann", revision: 2, origin: null });
    hub.publish("annotation.changed", { episodePath: "ep.mcap", layer: "ann", revision: 1, origin: null });
    await tick();
    expect(store.getState().document!.review.outcome).toBe("success");
    hub.publish("annotation.changed", { episodePath: "ep.mcap", layer: "ann", revision: 2, origin: "page-other" });
    await tick();
    await tick();
    expect(store.getState().document).toMatchObject({ revision: 2, review: { outcome: "failure" } });
  });

  it("keeps unsaved edits and turns their failed save into a conflict (the conflict dialog's cue)", async () => {
    const { api, hub, saves } = fakeApi(saved(1, "success"));
    const store = createAnnotationStore(api);
    await store.getState().load(summary);
    store.getState().setOutcome("partial");
    saves[0]!.reject(new Error("disk full"));
    await tick();
    expect(store.getState().save).toMatchObject({ kind: "error", message: "disk full" });
    hub.publish("annotation.changed", { episodePath: "ep.mcap", layer: "ann", revision: 2, origin: null });
    await tick();
    expect(store.getState().document!.review.outcome).toBe("partial");
    expect(store.getState().save).toMatchObject({ kind: "error", message: expect.stringMatching(/changed on disk \(saved elsewhere as revision 2\)/) });
  });
});

describe("annotation store", () => {
  it("starts an empty document with the summary's fingerprint and the app's annotator", async () => {
    const { api } = fakeApi();
    const store = createAnnotationStore(api);
    await store.getState().load(summary);
    const doc = store.getState().document!;
    expect(doc.episode).toEqual({ path: "ep.mcap", fingerprint: { sizeBytes: 5, startNs: 100n, endNs: 900n, messageCount: 3 } });
    expect(doc.annotator).toEqual({ id: "ann", name: "Ann" });
    expect(selectSaveLabel(store.getState())).toBe("Not saved yet");
  });

  it("reads and writes the adjudicated layer while set, whatever the annotator; a loaded document keeps its layer", async () => {
    const requests: Array<{ kind: string; layer?: string }> = [];
    const api = {
      app: { info: async () => ({ version: "0", mode: "serve", annotator: { id: "lena", name: "Lena" } }) },
      annotation: {
        load: async ({ layer }: { layer?: string }) => (requests.push({ kind: "load", layer }), null),
        save: async ({ layer }: { layer?: string }) => (requests.push({ kind: "save", layer }), { revision: 1, updatedAt: "2025-01-01T00:00:00Z", file: "x" }),
      },
      on: () => () => {},
    } as unknown as EpiscopeApi;
    const store = createAnnotationStore(api);
    store.getState().setLayer("adjudicated");
    await store.getState().load(summary);
    expect(store.getState().document!.annotator.id).toBe("adjudicated");
    store.getState().setLayer(undefined); // leaving: the next load reads lena's layer; this document still saves to its own
    store.getState().setOutcome("partial");
    await tick();
    await store.getState().load(summary);
    store.getState().setOutcome("failure");
    await tick();
    expect(requests).toEqual([
      { kind: "load", layer: "adjudicated" },
      { kind: "save", layer: "adjudicated" },
      { kind: "load", layer: undefined },
      { kind: "save", layer: undefined },
    ]);
    expect(store.getState().document!.annotator.id).toBe("lena");
  });

  it("saves every change, one at a time, latest wins, revision from the result", async () => {
    const { api, saves } = fakeApi();
    const store = createAnnotationStore(api);
    await store.getState().load(summary);
    store.getState().setOutcome("success");
    expect(selectSaveLabel(store.getState())).toBe("Saving…");
    store.getState().setSegmentIn(200n);
    store.getState().setSegmentOut(400n);
    await tick();
    expect(saves).toHaveLength(1);
    expect(saves[0]!.document.review.outcome).toBe("success");
    saves[0]!.resolve({ revision: 1, updatedAt: "2025-01-01T00:00:00Z", file: "x" });
    await tick();
    expect(saves).toHaveLength(2);
    expect(saves[1]!.document.revision).toBe(1);
    expect(saves[1]!.document.segments[0]).toMatchObject({ kind: "failure", startNs: 200n, endNs: 400n });
    expect(selectSaveLabel(store.getState())).toBe("Saving…");
    saves[1]!.resolve({ revision: 2, updatedAt: "2025-01-01T00:00:01Z", file: "x" });
    await tick();
    expect(selectSaveLabel(store.getState())).toBe("Saved ✓ rev 2");
    expect(store.getState().document!.revision).toBe(2);
  });

  it("shows a failed save and retries it", async () => {
    const { api, saves } = fakeApi();
    const store = createAnnotationStore(api);
    await store.getState().load(summary);
    store.getState().setOutcome("unusable");
    await tick();
    saves[0]!.reject(new Error("disk full"));
    await tick();
    expect(selectSaveLabel(store.getState())).toBe("Save failed: disk full");
    store.getState().retrySave();
    await tick();
    expect(saves[1]!.document.review.outcome).toBe("unusable");
    saves[1]!.resolve({ revision: 1, updatedAt: "t", file: "x" });
    await tick();
    expect(selectSaveLabel(store.getState())).toBe("Saved ✓ rev 1");
  });

  it("does not save unchanged documents and keeps the kind picker for new segments", async () => {
    const { api, saves } = fakeApi();
    const store = createAnnotationStore(api);
    await store.getState().load(summary);
    store.getState().setSegmentKind("recovery");
    store.getState().deleteSegment();
    await tick();
    expect(saves).toHaveLength(0);
    store.getState().setSegmentOut(300n);
    expect(selectPrimarySegment(store.getState())).toMatchObject({ kind: "recovery", startNs: 300n, endNs: 300n });
  });

  it("applies edits made while the document loads, then saves them", async () => {
    const { api, saves } = fakeApi();
    const store = createAnnotationStore(api);
    store.getState().begin(summary.path);
    store.getState().setOutcome("failure");
    store.getState().setSegmentIn(250n);
    expect(store.getState().document).toBeNull();
    await store.getState().attach(summary);
    expect(store.getState().document!.review.outcome).toBe("failure");
    expect(selectPrimarySegment(store.getState())).toMatchObject({ startNs: 250n, endNs: 250n });
    await tick();
    expect(saves).toHaveLength(1);
    expect(selectSaveLabel(store.getState())).toBe("Saving…");
  });

  it("loads an existing document as saved", async () => {
    const { api } = fakeApi();
    const store0 = createAnnotationStore(api);
    await store0.getState().load(summary);
    const existing = { ...store0.getState().document!, revision: 7 };
    const store = createAnnotationStore(fakeApi(existing).api);
    await store.getState().load(summary);
    expect(selectSaveLabel(store.getState())).toBe("Saved ✓ rev 7");
  });
});

describe("annotation history", () => {
  it("undoes and redoes score, flags and a note typed as one step, saving each", async () => {
    const { api, saves } = fakeApi();
    const store = createAnnotationStore(api);
    await store.getState().load(summary);
    const s = () => store.getState();
    s().setScore(4);
    s().toggleFlag("hesitation");
    s().setNote("sl");
    s().setNote("slow grasp");
    s().sealHistory();
    s().toggleFlag("collision");
    expect(s().document!.review).toMatchObject({ score: 4, flags: ["hesitation", "collision"], note: "slow grasp" });
    s().undo();
    expect(s().document!.review.flags).toEqual(["hesitation"]);
    s().undo();
    expect(s().document!.review.note).toBe("");
    s().redo();
    s().redo();
    expect(s().document!.review).toMatchObject({ score: 4, flags: ["hesitation", "collision"], note: "slow grasp" });
    s().redo();
    expect(s().document!.review.flags).toEqual(["hesitation", "collision"]);
    expect(saves.length).toBeGreaterThan(0);
    let last: AnnotationDocument | undefined;
    while (saves.length) {
      const next = saves.shift()!;
      last = next.document;
      next.resolve({ revision: 1, updatedAt: "2026-01-01T00:00:00.000Z" } as SaveResult);
      await tick();
    }
    expect(last!.review.flags).toEqual(["hesitation", "collision"]);
  });
});

describe("segments in the store", () => {
  it("marks several segments with I/O, overlapping across kinds, and selects, edits and deletes them", async () => {
    const { api } = fakeApi();
    const store = createAnnotationStore(api);
    await store.getState().load(summary);
    const s = () => store.getState();
    s().setSegmentIn(200n); // a new failure segment, open until O
    s().setSegmentIn(210n); // I again moves its start while it is open
    s().setSegmentOut(400n);
    s().setSegmentKind("recovery"); // closed: only new segments get the kind
    s().setSegmentIn(300n);
    s().setSegmentKind("idle"); // open: the segment being marked changes kind
    s().setSegmentOut(600n);
    expect(s().document!.segments.map((x) => [x.kind, x.startNs, x.endNs])).toEqual([
      ["failure", 210n, 400n],
      ["idle", 300n, 600n],
    ]);
    const [first, second] = s().document!.segments;
    expect(s().selectedSegmentId).toBe(second!.id);
    s().setSegmentOut(650n); // O edits the selected segment's end
    expect(s().document!.segments[1]!.endNs).toBe(650n);
    s().selectAdjacentSegment(1); // past the last: none
    expect(s().selectedSegmentId).toBeNull();
    s().setSegmentOut(800n); // nothing selected: a new segment that ends here, open until I
    s().setSegmentIn(700n);
    expect(s().document!.segments[2]).toMatchObject({ kind: "idle", startNs: 700n, endNs: 800n });
    s().setSegmentIn(750n); // closed and not picked: I starts another segment
    expect(s().document!.segments).toHaveLength(4);
    s().undo();
    s().selectAdjacentSegment(-1); // picked by key (the last in time order): I and O both edit it
    expect(s().selectedSegmentId).toBe(s().document!.segments[2]!.id);
    s().setSegmentIn(720n);
    s().setSegmentOut(820n);
    expect(s().document!.segments[2]).toMatchObject({ startNs: 720n, endNs: 820n });
    expect(s().document!.segments).toHaveLength(3);
    s().selectSegment(first!.id);
    s().updateSegment(first!.id, { note: "slip", camera: "/cam_high" });
    s().deleteSegment();
    expect(s().document!.segments.map((x) => x.kind)).toEqual(["idle", "idle"]);
    expect(s().selectedSegmentId).toBeNull();
    s().undo(); // the delete
    expect(s().document!.segments[0]).toMatchObject({ id: first!.id, note: "slip", camera: "/cam_high" });
  });

  it("makes a drag of one segment one undo step", async () => {
    const { api } = fakeApi();
    const store = createAnnotationStore(api);
    await store.getState().load(summary);
    const s = () => store.getState();
    s().addSegment({ id: "seg", kind: "hesitation", startNs: 200n, endNs: 300n, note: "", camera: null });
    for (const t of [310n, 350n, 420n]) s().setSegmentRange("seg", t - 100n, t, "drag-1");
    s().sealHistory();
    expect(s().document!.segments[0]).toMatchObject({ startNs: 320n, endNs: 420n });
    s().undo();
    expect(s().document!.segments[0]).toMatchObject({ startNs: 200n, endNs: 300n });
    s().undo();
    expect(s().document!.segments).toEqual([]);
  });
});
