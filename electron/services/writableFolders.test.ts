/**
 * Serve writes only where the user chose: imports and exports inside the served folder or a `--writable` folder
 * (links resolved), and `force` never deletes a folder Episcope did not create. Real jobs on real files, through the
 * real handler table in serve mode.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createApi, EpiscopeError, type EpiscopeApi } from "../../shared/ipc/contract.ts";
import { closeServices, createHandlers, createServices, type EpiscopeServices } from "../ipc/createHandlers.ts";
import { dispatchIpc } from "../ipc/ipcDispatcher.ts";
import { ExportJobs } from "./export/exportJobs.ts";
import { WritableFolders } from "./writableFolders.ts";

const SAMPLE = fileURLToPath(new URL("../../assets/sample/", import.meta.url));
const BRIDGE = `${process.env.EPISCOPE_SHARED_DATA}/rlds/bridge_debug/1.0.0`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-writable-"));
const opened: EpiscopeServices[] = [];
afterAll(async () => {
  for (const s of opened) await closeServices(s);
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The API of a serve-mode handler table on `root` with `extra` writable folders. */
function serveApi(root: string, extra: string[] = []): EpiscopeApi {
  const services = createServices(root, null, { id: "alice", name: "Alice" }, "serve", "0.0.0", path.join(tmp, "settings.json"), new WritableFolders(root, extra));
  opened.push(services);
  const handlers = createHandlers(() => services);
  return createApi(async (channel, request) => {
    const result = await dispatchIpc(handlers, channel, request);
    if (!result.ok) throw new EpiscopeError(result.error.code, result.error.message);
    return result.value as never;
  });
}

async function until<T extends { state: string }>(poll: () => Promise<T | null>): Promise<T> {
  for (;;) {
    const p = (await poll())!;
    if (p.state !== "running") return p;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("WritableFolders", () => {
  const root = path.join(tmp, "dataset");
  const writable = path.join(tmp, "exports");
  const elsewhere = path.join(tmp, "elsewhere");
  fs.cpSync(SAMPLE, root, { recursive: true });
  fs.mkdirSync(writable);
  fs.mkdirSync(elsewhere);
  fs.symlinkSync(elsewhere, path.join(root, "link-out"));
  fs.symlinkSync(path.join(tmp, "nowhere"), path.join(writable, "dangling"));

  it("allows strictly inside the served folder and the --writable folders, with links resolved", () => {
    const folders = new WritableFolders(root, [writable]);
    expect(folders.check(path.join(root, "imports", "x"), "out")).toBe(path.join(fs.realpathSync(root), "imports", "x"));
    expect(folders.check(path.join(writable, "a", "b"), "out")).toContain("exports");
    for (const bad of [writable, root, elsewhere, path.join(elsewhere, "x"), path.join(root, "link-out", "x"), path.join(writable, "dangling", "x"), "/etc/x"]) {
      expect(() => folders.check(bad, "out"), bad).toThrow(expect.objectContaining({ code: "not-writable", message: expect.stringMatching(/^out: .* is outside the folders serve may write/) }));
    }
    expect(() => new WritableFolders(root, [path.join(tmp, "missing")])).toThrow(/--writable .*missing: no such folder/);
  });

  it("serve refuses an export outside the writable folders (absolute out, relative out without --writable)", async () => {
    const api = serveApi(root);
    const victim = path.join(elsewhere, "victim");
    fs.mkdirSync(victim);
    fs.writeFileSync(path.join(victim, "keep.txt"), "precious");
    for (const out of [victim, path.join(elsewhere, "new"), "beside-the-dataset"]) {
      await expect(api.export.start({ format: "json", out, force: true }), out).rejects.toMatchObject({
        code: "bad-export",
        message: expect.stringMatching(/^out: .* is outside the folders serve may write .* --writable DIR/),
      });
    }
    expect(fs.readFileSync(path.join(victim, "keep.txt"), "utf8")).toBe("precious");
    expect(fs.existsSync(path.join(elsewhere, "new"))).toBe(false);
  });

  it("serve exports into a --writable folder; a relative out lands there", async () => {
    const api = serveApi(root, [writable]);
    const preview = await api.export.preview({ format: "csv", out: "labels" });
    expect(preview).toMatchObject({ out: path.join(fs.realpathSync(writable), "labels"), error: null });
    const started = await api.export.start({ format: "csv", out: "labels" });
    expect(await until(() => api.export.status({ jobId: started.jobId }))).toMatchObject({ state: "done" });
    expect(fs.existsSync(path.join(writable, "labels", "episcope-export.json"))).toBe(true);
  });

  it("force replaces an earlier export by rename, never a folder Episcope did not create", async () => {
    const jobs = new ExportJobs(root, new WritableFolders(root, [writable]));
    const foreign = path.join(writable, "foreign");
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, "thesis.tex"), "years of work");
    const started = await jobs.start({ format: "csv", out: foreign, force: true });
    const failed = await until(async () => jobs.status(started.jobId));
    expect(failed).toMatchObject({ state: "failed", error: expect.stringMatching(/foreign exists and is not an Episcope export \(no episcope-export\.json\): not replaced/) });
    expect(fs.readFileSync(path.join(foreign, "thesis.tex"), "utf8")).toBe("years of work");
    expect(fs.readdirSync(writable).filter((n) => n.startsWith("foreign"))).toEqual(["foreign"]);
    // An earlier export is replaced.
    const first = path.join(writable, "labels");
    const again = await jobs.start({ format: "json", out: first, force: true });
    expect(await until(async () => jobs.status(again.jobId))).toMatchObject({ state: "done" });
    expect(fs.existsSync(path.join(first, "episodes.json")) || fs.readdirSync(first).length > 1).toBe(true);
    expect(fs.readdirSync(writable).filter((n) => n.includes(".old-") || n.includes(".tmp-"))).toEqual([]);
  });

  it("serve refuses an import into .episcope (another annotator's layer), a hidden folder or through a link out", async () => {
    const api = serveApi(root);
    for (const outDir of [".episcope/annotations/bob", "imports/.hidden", "link-out/x"]) {
      await expect(api.import.start({ source: BRIDGE, outDir }), outDir).rejects.toMatchObject({
        code: expect.stringMatching(/^(invalid-path|not-writable)$/),
        message: expect.stringContaining("outDir: "),
      });
    }
    await expect(api.import.start({ source: BRIDGE, outDir: "../escape" })).rejects.toMatchObject({ code: "invalid-path" });
    expect(fs.existsSync(path.join(elsewhere, "x"))).toBe(false);
    expect(fs.existsSync(path.join(root, ".episcope", "annotations", "bob"))).toBe(false);
  });
});
