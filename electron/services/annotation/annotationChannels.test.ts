/**
 * The annotation, dataset-config and settings channels of the IPC contract, through the real dispatcher (request
 * validation included) and the real handler table, on real files.
 */
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emptyAnnotation, serializeAnnotation } from "../../../shared/annotation.ts";
import { createApi, EpiscopeError } from "../../../shared/ipc/contract.ts";
import { createHandlers, createServices } from "../../ipc/createHandlers.ts";
import { dispatchIpc } from "../../ipc/ipcDispatcher.ts";

async function setup() {
  const root = await mkdtemp(join(tmpdir(), "episcope-channels-"));
  const settings = join(root, "config", "settings.json");
  const services = createServices(root, null, { id: "os-user", name: "os-user" }, "serve", "0.0.0", settings);
  await writeFile(join(root, "ep.mcap"), ""); // the episode the requests name must exist
  const handlers = createHandlers(() => services);
  const api = createApi(async (channel, request) => {
    const result = await dispatchIpc(handlers, channel, request);
    if (!result.ok) throw new EpiscopeError(result.error.code, result.error.message);
    return result.value as never;
  });
  return { root, settings, services, api };
}

const fingerprint = { sizeBytes: 1, startNs: 1_000n, endNs: 9_000n, messageCount: 2 };

describe("annotation channels", () => {
  it("annotation.save refuses a document that breaks a rule with the field path, and a conflict unless overwrite", async () => {
    const { api } = await setup();
    const doc = emptyAnnotation("ep.mcap", fingerprint, { id: "x", name: "x" });
    doc.chunks.push({ id: "c", primitive: "reach", startNs: 500n, endNs: 2_000n, parentId: null, note: "" });
    await expect(api.annotation.save({ path: "ep.mcap", document: doc })).rejects.toMatchObject({
      code: "invalid-annotation",
      message: ".episcope/annotations/os-user/ep.json: chunks.0.startNs: time -0.000000500 s is outside the episode (0.000 s – 0.000008000 s)",
    });
    doc.chunks[0]!.startNs = 1_000n;
    expect(await api.annotation.save({ path: "ep.mcap", document: doc })).toMatchObject({ revision: 1 });
    const stale = { ...doc, review: { ...doc.review, note: "old base" } };
    await expect(api.annotation.save({ path: "ep.mcap", document: stale })).rejects.toMatchObject({ code: "conflict" });
    expect(await api.annotation.save({ path: "ep.mcap", document: stale, overwrite: true })).toMatchObject({ revision: 2 });
    // A schema error in the request names the field.
    const bad = JSON.parse(serializeAnnotation(doc));
    bad.instructions = [{ id: "i", text: "" }];
    await expect(api.annotation.save({ path: "ep.mcap", document: bad })).rejects.toMatchObject({
      code: "invalid-request",
      message: "annotation.save: document.instructions.0.text: instruction text must not be empty",
    });
  });

  it("annotation.open and annotation.status report a hand edit and a damaged file", async () => {
    const { root, api } = await setup();
    const doc = emptyAnnotation("ep.mcap", fingerprint, { id: "x", name: "x" });
    await api.annotation.save({ path: "ep.mcap", document: doc });
    expect(await api.annotation.status({ path: "ep.mcap" })).toMatchObject({ exists: true, revision: 1, changedSinceLoad: false });
    await writeFile(join(root, ".episcope/annotations/os-user/ep.json"), '{"schema":"episcope.annotation/2","review":{"outcome":"success"}}');
    expect(await api.annotation.status({ path: "ep.mcap" })).toMatchObject({ revision: null, changedSinceLoad: true });
    const opened = await api.annotation.open({ path: "ep.mcap" });
    expect(opened).toMatchObject({ needsOverwrite: true, backup: expect.stringMatching(/^\.episcope\/backups\/os-user\/ep\./) });
    expect(opened.document!.review.outcome).toBe("success");
    expect(opened.problems.map((p) => p.path)).toEqual(["episode", "annotator", "revision", "updatedAt"]);
    await expect(api.annotation.save({ path: "ep.mcap", document: doc })).rejects.toMatchObject({ code: "needs-overwrite" });
  });

  it("layer adjudicated writes the adjudicated layer whatever the identity, also when it equals an annotator's id", async () => {
    const { root, api } = await setup();
    // The lead's identity is "os-user", which also has its own layer.
    await api.annotation.save({ path: "ep.mcap", document: { ...emptyAnnotation("ep.mcap", fingerprint, { id: "os-user", name: "Lead" }), review: { status: "accepted", outcome: "failure", score: null, flags: [], note: "" } } });
    const mine = emptyAnnotation("ep.mcap", fingerprint, { id: "os-user", name: "Lead" });
    mine.review.outcome = "partial";
    expect(await api.annotation.save({ path: "ep.mcap", document: mine, layer: "adjudicated" })).toMatchObject({ revision: 1 });
    const written = JSON.parse(await readFile(join(root, ".episcope/annotations/adjudicated/ep.json"), "utf8"));
    expect(written.annotator).toEqual({ id: "adjudicated", name: "Adjudicated by os-user" });
    expect(written.review.outcome).toBe("partial");
    expect((await api.annotation.load({ path: "ep.mcap", layer: "adjudicated" }))!.review.outcome).toBe("partial");
    expect((await api.annotation.load({ path: "ep.mcap" }))!.review.outcome).toBe("failure");
    expect(await api.annotation.status({ path: "ep.mcap", layer: "adjudicated" })).toMatchObject({ file: ".episcope/annotations/adjudicated/ep.json", revision: 1 });
    await expect(api.annotation.load({ path: "ep.mcap", layer: "bob" as "adjudicated" })).rejects.toMatchObject({ code: "invalid-request" });
  });

  it("dataset.config reads .episcope/config.json with defaults and field problems", async () => {
    const { root, api } = await setup();
    expect(await api.dataset.config({})).toMatchObject({ exists: false, problems: [], config: { paraphraseMinimum: 3 } });
    await mkdir(join(root, ".episcope"), { recursive: true });
    await writeFile(join(root, ".episcope/config.json"), JSON.stringify({ primitives: ["insert"], flags: [] }));
    const result = await api.dataset.config({});
    expect(result.config.primitives).toEqual(["insert"]);
    expect(result.config.flags).toContain("collision");
    expect(result.problems).toEqual([{ path: "flags", severity: "error", message: expect.stringMatching(/at least one entry; using the default/) }]);
  });

  it("settings.setAnnotator stores the identity and switches the layer being written", async () => {
    const { settings, services, api } = await setup();
    const saved = process.env.EPISCOPE_ANNOTATOR;
    delete process.env.EPISCOPE_ANNOTATOR;
    try {
      expect(await api.settings.get({})).toMatchObject({ source: "os", stored: null, file: settings });
      await expect(api.settings.setAnnotator({ id: "../x", name: "" })).rejects.toMatchObject({ code: "invalid-request" });
      expect(await api.settings.setAnnotator({ id: "frank", name: "Frank F." })).toMatchObject({ annotator: { id: "frank", name: "Frank F." }, source: "settings" });
      expect(JSON.parse(await readFile(settings, "utf8")).annotator).toEqual({ id: "frank", name: "Frank F." });
      expect((await api.app.info({})).annotator.id).toBe("frank");
      const doc = emptyAnnotation("ep.mcap", fingerprint, { id: "x", name: "x" });
      expect(await api.annotation.save({ path: "ep.mcap", document: doc })).toMatchObject({ file: ".episcope/annotations/frank/ep.json" });
      expect(services.annotations.currentAnnotator.id).toBe("frank");
    } finally {
      if (saved !== undefined) process.env.EPISCOPE_ANNOTATOR = saved;
    }
  });
});
