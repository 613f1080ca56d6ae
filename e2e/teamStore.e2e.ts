/**
 * `episcope serve --store postgres://…` as a shared server (issue 18), real processes on a real PostgreSQL: users sign
 * in with account tokens made by `episcope store user add` (only their hashes stored), saves carry the account's
 * identity whatever the browser sends, roles are enforced by the server (403 with a clear message), a revoked token
 * stops working, and two serve processes share labels, review status and the metadata table through PostgreSQL while
 * the dataset folder gets no label or metadata files; the lead's agreement and export preview read the team store.
 */
import { spawnSync } from "node:child_process";
import { cp, link, mkdir, mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyAnnotation, type AnnotationDocument } from "../shared/annotation.ts";
import { encodeEnvelope } from "../shared/ipc/envelope.ts";
import { ACCOUNT_CACHE_MS } from "../electron/services/annotation/postgres/accounts.ts";
import { startPostgres, type PostgresTestServer } from "../electron/services/annotation/postgres/postgresTestServer.ts";
import { openTeamStore, type TeamStore } from "../electron/services/annotation/postgres/teamStore.ts";
import { launchBrowser, screenshot } from "./harness/browser.ts";
import { httpApi } from "./harness/httpApi.ts";
import { readEventStream } from "./harness/readEventStream.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const SAMPLE_EPISODE = fileURLToPath(new URL("../assets/sample/pick_cube_001.mcap", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/episcope.mjs", import.meta.url));
const EPISODES = Array.from({ length: 12 }, (_, i) => `ep${String(i).padStart(2, "0")}.mcap`);

let pg: PostgresTestServer;
let dataset: string;
let serveA: ServeProcess;
let serveB: ServeProcess;
let team: TeamStore;
const tokens: Record<string, string> = {};

/** `episcope store …` as the admin runs it: the real CLI process. */
function storeCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, "store", ...args, "--store", pg.url], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  pg = await startPostgres();
  dataset = await mkdtemp(join(tmpdir(), "episcope-e2e-team-"));
  await mkdir(join(dataset, "src"));
  await cp(SAMPLE_EPISODE, join(dataset, "src", "ep.bin"));
  for (const name of EPISODES) await link(join(dataset, "src", "ep.bin"), join(dataset, name));
  for (const [name, role] of [["alice", "reviewer"], ["bob", "annotator"], ["carol", "lead"]] as const) {
    const r = storeCli("user", "add", name, "--role", role);
    expect(r.status, r.stderr).toBe(0);
    tokens[name] = /token \(shown only now, give it to them privately\): ([A-Za-z0-9_-]{43})$/.exec(r.stdout.trim())![1]!;
  }
  // --writable: where a lead's exports may go (outside the dataset folder)
  const args = ["--store", pg.url, "--dataset-key", "shared", "--writable", await mkdtemp(join(tmpdir(), "episcope-e2e-team-out-"))];
  [serveA, serveB] = await Promise.all([startServe(dataset, {}, args), startServe(dataset, {}, args)]);
  team = await openTeamStore(pg.url, "shared", 2);
});

afterAll(async () => {
  await serveA?.stop();
  await serveB?.stop();
  await team?.close();
  await pg?.stop();
});

/** A document for `path` with the sample's fingerprint. */
async function documentFor(path: string, annotator = { id: "browser-says", name: "Browser" }): Promise<AnnotationDocument> {
  const summary = await httpApi(serveA.url, tokens.carol!).episode.open({ path });
  const fingerprint = { sizeBytes: summary.sizeBytes, startNs: summary.startNs, endNs: summary.endNs, messageCount: summary.messageCount };
  return emptyAnnotation(path, fingerprint, annotator);
}

describe("serve --store accounts", () => {
  it("stores only token hashes; lists and prints each token once", async () => {
    const { rows } = await team.pool.query("SELECT name, role, token_sha256 FROM accounts ORDER BY name");
    expect(rows.map((r) => `${r.name}/${r.role}`)).toEqual(["alice/reviewer", "bob/annotator", "carol/lead"]);
    for (const r of rows) expect(r.token_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(tokens.alice);
    const list = storeCli("user", "list");
    expect(list.stdout).toMatch(/^alice\treviewer\tcreated \S+\tactive$/m);
    expect(list.stdout).not.toContain(tokens.alice);
    expect(storeCli("user", "add", "alice", "--role", "lead").stderr).toMatch(/user alice exists; revoke it first/);
    expect(storeCli("user", "add", "eve", "--role", "admin").stderr).toMatch(/--role must be one of reviewer, annotator, lead/);
  });

  it("refuses requests without an active user token (401), and the server's line carries no token", async () => {
    expect(serveA.token).toBeNull();
    expect(serveA.stderr()).toContain("Users sign in at");
    const info = (token: string | null) =>
      fetch(`${serveA.url}/api/app.info`, { method: "POST", body: encodeEnvelope({}), headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await info(null)).status).toBe(401);
    expect((await info("x".repeat(43))).status).toBe(401);
    const refused = await info(null);
    expect(await refused.text()).toMatch(/missing, unknown or revoked user token/);
    expect((await info(tokens.bob!)).status).toBe(200);
    // The browser's way in: ?token= sets the session cookie.
    const signIn = await fetch(`${serveA.url}/?token=${tokens.bob}`, { redirect: "manual" });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const withCookie = await fetch(`${serveA.url}/api/app.info`, { method: "POST", body: encodeEnvelope({}), headers: { cookie } });
    expect(withCookie.status).toBe(200);
  });

  it("saves as the account whatever the document or the settings say", async () => {
    const bob = httpApi(serveA.url, tokens.bob!);
    expect((await bob.app.info({})).annotator).toEqual({ id: "bob", name: "bob" });
    const saved = await bob.annotation.save({ path: "ep00.mcap", document: await documentFor("ep00.mcap", { id: "mallory", name: "Mallory" }) });
    expect(saved.file).toBe(".episcope/annotations/bob/ep00.json");
    const stored = await team.store({ id: "bob", name: "bob" }).load("ep00.mcap");
    expect(stored?.annotator).toEqual({ id: "bob", name: "bob" });
    const { rows } = await team.pool.query("SELECT actor_id FROM annotation_audit WHERE dataset = 'shared' AND episode = 'ep00.mcap'");
    expect(rows).toEqual([{ actor_id: "bob" }]);
    await expect(bob.settings.setAnnotator({ id: "mallory", name: "Mallory" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await bob.settings.get({})).toMatchObject({ annotator: { id: "bob", name: "bob" }, source: "account" });
  });

  it("enforces roles on the server: 403 with a message naming what the role may not do", async () => {
    const alice = httpApi(serveA.url, tokens.alice!);
    const base = await documentFor("ep01.mcap", { id: "alice", name: "alice" });
    // A reviewer sets the outcome and segments…
    const reviewed = { ...base, review: { ...base.review, outcome: "success" as const, status: "accepted" as const } };
    const first = await alice.annotation.save({ path: "ep01.mcap", document: reviewed });
    expect(first.revision).toBe(1);
    // …but not instructions: refused with 403, nothing written.
    const instructed = { ...reviewed, revision: 1, instructions: [{ id: "i1", scope: "episode" as const, text: "pick the cube", paraphrases: [], flags: { negative: false, ambiguous: false } }] };
    const raw = await fetch(`${serveA.url}/api/annotation.save`, {
      method: "POST",
      body: encodeEnvelope({ path: "ep01.mcap", document: instructed }),
      headers: { authorization: `Bearer ${tokens.alice}` },
    });
    expect(raw.status).toBe(403);
    await expect(alice.annotation.save({ path: "ep01.mcap", document: instructed })).rejects.toThrow(
      "user alice (role reviewer) may not change instructions (a reviewer sets the review and segments): that needs role annotator or lead",
    );
    expect((await team.store({ id: "alice", name: "alice" }).load("ep01.mcap"))?.instructions).toEqual([]);
    // An annotator may add instructions, not adjudicate nor export; a lead may.
    const bob = httpApi(serveA.url, tokens.bob!);
    const bobDoc = { ...(await documentFor("ep01.mcap")), instructions: instructed.instructions };
    expect((await bob.annotation.save({ path: "ep01.mcap", document: bobDoc })).revision).toBe(1);
    await expect(bob.annotation.save({ path: "ep01.mcap", document: bobDoc, layer: "adjudicated" })).rejects.toThrow(
      /user bob \(role annotator\) may not adjudicate .*: that needs role lead/,
    );
    await expect(bob.dataset.importMetadata({ text: "path,operator\nep01.mcap,x\n", format: "csv" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(alice.dataset.setMetadata({ path: "ep01.mcap", fields: { operator: "x" } })).rejects.toMatchObject({ code: "forbidden" });
    const carol = httpApi(serveB.url, tokens.carol!);
    const adjudicated = await carol.annotation.save({ path: "ep01.mcap", document: bobDoc, layer: "adjudicated" });
    expect(adjudicated.file).toBe(".episcope/annotations/adjudicated/ep01.json");
    // The lead's agreement and export read the layers from PostgreSQL (labelReader.ts), not from the folder's files.
    expect((await carol.dataset.agreement({})).layers).toEqual(["adjudicated", "alice", "bob"]);
    const preview = await carol.export.preview({ format: "json", out: "out", annotator: "alice" });
    expect(preview.layers).toEqual(["adjudicated", "alice", "bob"]);
    expect(preview.error).toBeNull();
    expect(preview.episodes.find((e) => e.path === "ep01.mcap")).toMatchObject({ selected: true, status: "accepted", outcome: "success" });
    await expect(bob.export.start({ format: "json", out: "out", annotator: "alice" })).rejects.toThrow(/user bob \(role annotator\) may not use export\.start: that needs role lead/);
  });

  it("two serve processes share review status and the metadata table; 24 concurrent metadata updates lose nothing; no label files in the dataset", async () => {
    const [a, b] = [httpApi(serveA.url, tokens.bob!), httpApi(serveB.url, tokens.carol!)];
    await Promise.all(
      EPISODES.flatMap((path, i) => [
        (i % 2 ? a : b).dataset.setMetadata({ path, fields: { operator: `op_${i}` } }),
        (i % 2 ? b : a).dataset.setMetadata({ path, fields: { task: `task ${i}` } }),
      ]),
    );
    const { rows } = await b.dataset.rows({});
    EPISODES.forEach((path, i) => {
      const row = rows.find((r) => r.path === path)!;
      expect(row.fields, path).toMatchObject({ operator: `op_${i}`, task: `task ${i}` });
    });
    // alice's review (saved through serve A) is in serve B's rows.
    const ep01 = rows.find((r) => r.path === "ep01.mcap")!;
    expect(ep01.reviews.find((r) => r.annotator === "alice")).toMatchObject({ status: "accepted", outcome: "success" });
    const { table } = await team.metadata.read();
    expect(Object.keys(table)).toHaveLength(12);
    // Nothing a user authored went to the folder: no annotations, no metadata table (the index cache may exist).
    const episcope = await readdir(join(dataset, ".episcope")).catch(() => [] as string[]);
    expect(episcope.filter((f) => /^(annotations|episodes\.(json|csv)|backups|journal)/.test(f))).toEqual([]);
  });

  it("a save through one serve process reaches the other's event stream within a second (LISTEN/NOTIFY → /events)", async () => {
    const controller = new AbortController();
    const stream = await fetch(`${serveB.url}/events`, { headers: { authorization: `Bearer ${tokens.bob}` }, signal: controller.signal });
    expect(stream.status).toBe(200);
    const seen: { payload: { episodePath: string; layer: string; revision: number }; at: number }[] = [];
    const pump = readEventStream(stream.body!, ({ event, payload }) => {
      if (event === "annotation.changed") seen.push({ payload: payload as never, at: performance.now() });
    });
    try {
      const bob = httpApi(serveA.url, tokens.bob!);
      const current = (await bob.annotation.load({ path: "ep00.mcap" }))!;
      const latencies: number[] = [];
      for (let i = 0; i < 5; i++) {
        const before = performance.now();
        const saved = await bob.annotation.save({ path: "ep00.mcap", document: { ...current, revision: current.revision + i, review: { ...current.review, note: `edit ${i}` } } });
        await expect.poll(() => seen.some((e) => e.payload.revision === saved.revision && e.payload.layer === "bob"), { timeout: 1_000, interval: 5 }).toBe(true);
        latencies.push(seen.find((e) => e.payload.revision === saved.revision)!.at - before);
      }
      expect(seen.every((e) => e.payload.episodePath === "ep00.mcap")).toBe(true);
      console.log(`save on serve A → annotation.changed on serve B's /events: ${latencies.map((l) => l.toFixed(0)).join(", ")} ms (save request included)`);
    } finally {
      controller.abort();
      await pump.catch(() => {});
    }
  });

  it("a user signs in in the browser with their token URL; the app opens the dataset and an episode as that account; a lead's agreement screen and Export dialog work", async () => {
    const browser = await launchBrowser({ withToken: false });
    try {
      const { page, context } = browser;
      await page.goto(`${serveB.url}/?token=${tokens.bob}`);
      expect(page.url()).toBe(`${serveB.url}/`);
      // Signed in: the listing is up and the first episode opened (not the transient "Opening ep00.mcap…" status,
      // which a fast open replaces before a poll sees it).
      const sidebar = page.getByRole("navigation", { name: "Episodes" });
      await expect.poll(() => sidebar.getByText("ep00", { exact: true }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
      await expect.poll(() => page.locator("section.tile").count(), { timeout: 30_000 }).toBe(3);
      expect((await context.cookies(serveB.url))[0]).toMatchObject({ value: tokens.bob, httpOnly: true, sameSite: "Strict" });
      // The identity is the account's: the first-run "Who is annotating?" prompt is not shown.
      await expect.poll(() => page.getByText("(you, editing)").count(), { timeout: 30_000 }).toBeGreaterThan(0);
      expect(await page.getByText("Who is annotating?").count()).toBe(0);
      await screenshot(page, "team-store-signed-in-1600x1000");
      await page.goto(`${serveB.url}/?episode=ep00.mcap&t=1`);
      await expect.poll(() => page.locator("section.tile").count(), { timeout: 30_000 }).toBe(3);
      await page.setViewportSize({ width: 1280, height: 720 });
      await screenshot(page, "team-store-episode-1280x720");
      // The lead's agreement screen and Export dialog read the layers from PostgreSQL.
      await page.setViewportSize({ width: 1600, height: 1000 });
      await page.goto(`${serveB.url}/?token=${tokens.carol}`);
      await page.goto(`${serveB.url}/?episode=ep01.mcap`);
      await expect.poll(() => page.locator("section.tile").count(), { timeout: 30_000 }).toBe(3);
      await page.getByRole("navigation", { name: "Episodes" }).getByRole("button", { name: "Agreement" }).click();
      const matrix = page.getByRole("table", { name: "Pairwise kappa on the outcome" });
      await expect.poll(() => matrix.locator('td[data-pair="alice|bob"]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await screenshot(page, "team-store-agreement-1600x1000");
      await page.keyboard.press("Escape");
      await page.keyboard.press("Shift+E");
      const dialog = page.getByRole("dialog", { name: "Export the dataset" });
      await dialog.getByRole("combobox", { name: "Label layer" }).selectOption("alice");
      await expect.poll(() => dialog.getByRole("region", { name: "Export preview" }).textContent(), { timeout: 15_000 }).toMatch(/labels from alice/);
      await screenshot(page, "team-store-export-1600x1000");
      expect(browser.errors.filter((e) => /40[13]|forbidden/i.test(e))).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("a revoked token stops signing in (within the server's account cache time)", async () => {
    const r = storeCli("user", "revoke", "alice");
    expect(r.stdout).toContain("user alice revoked");
    await new Promise((resolve) => setTimeout(resolve, ACCOUNT_CACHE_MS + 200));
    await expect(httpApi(serveA.url, tokens.alice!).app.info({})).rejects.toThrow(/HTTP 401/);
    expect(storeCli("user", "list").stdout).toMatch(/^alice\treviewer\tcreated \S+\trevoked \S+$/m);
  });
});
