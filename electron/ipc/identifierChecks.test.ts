/**
 * Identifiers are checked once, at the contract and the handler table: annotator ids and layer names are one folder
 * name, episode paths stay inside the dataset (also through symbolic links) and name an existing episode; errors name
 * the request field and never the contents of a file. Real dispatcher, real handlers, real files.
 */
import { cp, mkdir, mkdtemp, readdir, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { emptyAnnotation } from "../../shared/annotation.ts";
import { createApi, EpiscopeError } from "../../shared/ipc/contract.ts";
import { episodePathProblem, nameProblem } from "../../shared/ipc/identifiers.ts";
import { parseAnnotatorSpec } from "../services/annotation/currentAnnotator.ts";
import { closeServices, createHandlers, createServices, type EpiscopeServices } from "./createHandlers.ts";
import { dispatchIpc } from "./ipcDispatcher.ts";

const SAMPLE_EPISODE = fileURLToPath(new URL("../../assets/sample/pick_cube_001.mcap", import.meta.url));
const SECRET = "TOP-SECRET-CONTENTS-0123456789";
const fingerprint = { sizeBytes: 1, startNs: 1_000n, endNs: 9_000n, messageCount: 2 };

let services: EpiscopeServices | undefined;
afterEach(async () => {
  if (services) await closeServices(services);
  services = undefined;
});

/** A dataset with one episode, a secret file beside it, and a link to a folder outside holding an episode. */
async function setup() {
  const base = await mkdtemp(join(tmpdir(), "episcope-identifiers-"));
  const root = join(base, "dataset");
  const outside = join(base, "outside");
  await mkdir(root);
  await mkdir(outside);
  await cp(SAMPLE_EPISODE, join(root, "ep.mcap"));
  await writeFile(join(root, "notes.txt"), SECRET);
  await writeFile(join(outside, "secret.mcap"), SECRET);
  await cp(SAMPLE_EPISODE, join(outside, "real.mcap"));
  await symlink(outside, join(root, "escape"));
  await symlink(join(outside, "real.mcap"), join(root, "linked.mcap"));
  services = createServices(root, null, { id: "alice", name: "Alice" }, "serve", "0.0.0", join(base, "settings.json"));
  const handlers = createHandlers(() => services!);
  const api = createApi(async (channel, request) => {
    const result = await dispatchIpc(handlers, channel, request);
    if (!result.ok) throw new EpiscopeError(result.error.code, result.error.message);
    return result.value as never;
  });
  return { root, api };
}

describe("identifier rules", () => {
  it("a name is one folder name: no '.', '..', hidden names, separators or control characters", () => {
    for (const bad of [".", "..", ".hidden", "a/b", "a\\b", "a\u0000", "a b", "", "x".repeat(65)]) expect(nameProblem(bad), bad).not.toBeNull();
    for (const good of ["alice", "e2e-reviewer", "import.lerobot.bridge", "adjudicated", "a.b_c-d"]) expect(nameProblem(good), good).toBeNull();
  });

  it("an episode path is relative with non-empty, non-dot segments and no control characters", () => {
    for (const bad of ["../x.mcap", "a/../b.mcap", "./a.mcap", "a//b.mcap", "/abs.mcap", "C:/x.mcap", "a\\b.mcap", "a\u0001.mcap", ""]) {
      expect(episodePathProblem(bad), bad).not.toBeNull();
    }
    for (const good of ["ep.mcap", "day1/ep.mcap", "bags/rosbag2_2024"]) expect(episodePathProblem(good), good).toBeNull();
  });

  it("EPISCOPE_ANNOTATOR '..' or '.x' never becomes a folder outside the layer", () => {
    expect(parseAnnotatorSpec("..").id).toBe("_");
    expect(parseAnnotatorSpec(".config:Mallory").id).toBe("_config");
    expect(parseAnnotatorSpec("../../etc").id).toBe("__.._etc");
    expect(nameProblem(parseAnnotatorSpec("../../etc").id)).toBeNull();
  });
});

describe("identifiers at the contract", () => {
  it("refuses '.' and '..' annotator ids and layer names on every channel that takes one, naming the field", async () => {
    const { api } = await setup();
    for (const bad of [".", "..", "../bob", ".episcope"]) {
      await expect(api.annotation.layer({ path: "ep.mcap", annotator: bad })).rejects.toMatchObject({
        code: "invalid-request",
        message: expect.stringMatching(/^annotation\.layer: annotator: /),
      });
      await expect(api.settings.setAnnotator({ id: bad, name: "x" })).rejects.toMatchObject({ code: "invalid-request", message: expect.stringContaining(": id: ") });
      await expect(api.export.preview({ format: "json", out: "out", annotator: bad })).rejects.toMatchObject({
        code: "invalid-request",
        message: expect.stringContaining(": annotator: "),
      });
    }
    const doc = emptyAnnotation("ep.mcap", fingerprint, { id: "..", name: "x" });
    await expect(api.annotation.save({ path: "ep.mcap", document: doc })).rejects.toMatchObject({
      code: "invalid-request",
      message: expect.stringContaining("document.annotator.id: annotator id"),
    });
  });

  it("refuses saves and metadata for episodes that do not exist, and writes nothing", async () => {
    const { root, api } = await setup();
    const doc = emptyAnnotation("ghost.mcap", fingerprint, { id: "alice", name: "Alice" });
    await expect(api.annotation.save({ path: "ghost.mcap", document: doc })).rejects.toMatchObject({
      code: "not-found",
      message: 'path: "ghost.mcap" is not an episode of the dataset (an .mcap file or a rosbag2 folder)',
    });
    await expect(api.dataset.setMetadata({ path: "ghost.mcap", fields: { operator: "x" } })).rejects.toMatchObject({ code: "not-found" });
    await expect(api.annotation.save({ path: "notes.txt", document: doc })).rejects.toMatchObject({ code: "not-found" });
    expect(await readdir(root)).not.toContain(".episcope");
    // The episode that exists saves.
    expect(await api.annotation.save({ path: "ep.mcap", document: emptyAnnotation("ep.mcap", fingerprint, { id: "alice", name: "Alice" }) })).toMatchObject({
      file: ".episcope/annotations/alice/ep.json",
    });
  });

  it("refuses episode paths with '..', '.', separators tricks or control characters before any handler runs", async () => {
    const { api } = await setup();
    for (const bad of ["../outside/real.mcap", "./ep.mcap", "a\\..\\ep.mcap", "ep\u0000.mcap", "/etc/passwd"]) {
      await expect(api.episode.open({ path: bad }), bad).rejects.toMatchObject({ code: "invalid-request", message: expect.stringMatching(/^episode\.open: path: /) });
      await expect(api.annotation.load({ path: bad }), bad).rejects.toMatchObject({ code: "invalid-request" });
    }
  });

  it("refuses symbolic links out of the folder, and never shows a file's bytes or whether it exists outside", async () => {
    const { api } = await setup();
    for (const path of ["escape/real.mcap", "escape/secret.mcap", "linked.mcap"]) {
      const error = (await api.episode.open({ path }).catch((e: unknown) => e)) as EpiscopeError;
      expect(error, path).toMatchObject({ code: "invalid-path", message: `path: ${JSON.stringify(path)} leads out of the dataset folder (through a symbolic link)` });
    }
    const missing = (await api.episode.open({ path: "escape/missing.mcap" }).catch((e: unknown) => e)) as EpiscopeError;
    expect(missing.code).toBe("not-found");
    for (const path of ["notes.txt", "escape/secret.mcap"]) {
      const error = (await api.episode.open({ path }).catch((e: unknown) => e)) as EpiscopeError;
      expect(error.message).not.toContain(SECRET.slice(0, 4));
      expect(error.message).not.toMatch(/54 4f 50|544f50/i); // "TOP" in hex
    }
    const doc = emptyAnnotation("escape/real.mcap", fingerprint, { id: "alice", name: "Alice" });
    await expect(api.annotation.save({ path: "escape/real.mcap", document: doc })).rejects.toMatchObject({ code: "invalid-path" });
    expect((await api.episode.open({ path: "ep.mcap" })).messageCount).toBeGreaterThan(0);
  });
});
