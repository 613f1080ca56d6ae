/**
 * The per-start token of `episcope serve` against the real CLI: every channel of the contract refuses a request
 * without it (401, nothing changes on disk), the printed token URL works in Debian's Chromium (cookie, token stripped
 * from the address bar) and deep links work after it.
 */
import { cp, mkdtemp, readdir, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channels } from "../shared/ipc/contract.ts";
import { encodeEnvelope } from "../shared/ipc/envelope.ts";
import { launchBrowser, type BrowserSession } from "./harness/browser.ts";
import { httpApi } from "./harness/httpApi.ts";
import { waitForText } from "./harness/pageProbes.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const SAMPLE = fileURLToPath(new URL("../assets/sample/", import.meta.url));
const EPISODE = "pick_cube_001.mcap";

let dataset: string;
let serve: ServeProcess;
let browser: BrowserSession | undefined;

/** Every file under `dir` with its size and mtime: what "changes nothing" compares. */
async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path);
    out.push(`${relative(dir, path)} ${info.isDirectory() ? "dir" : `${info.size} ${info.mtimeMs}`}`);
  }
  return out.sort();
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${serve.url}${path}`, { method: "POST", body: encodeEnvelope(body), headers });

beforeAll(async () => {
  dataset = await mkdtemp(join(tmpdir(), "episcope-e2e-auth-"));
  await cp(SAMPLE, dataset, { recursive: true });
  // EPISCOPE_TOKEN empty: a random token, as a user gets it.
  serve = await startServe(dataset, { EPISCOPE_TOKEN: "", EPISCOPE_ANNOTATOR: "auth-e2e" });
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe("serve token", () => {
  it("prints one line with a fresh 256-bit token", () => {
    expect(serve.line).toMatch(/^Episcope serving .+ at http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it("refuses every channel of the contract without the token, or with a wrong one, and changes nothing", async () => {
    const before = await snapshot(dataset);
    const wrong = { authorization: `token ${"x".repeat(43)}`, cookie: `episcope-token-${new URL(serve.url).port}=${"y".repeat(43)}` };
    for (const channel of channels) {
      expect((await post(`/api/${channel}`, {})).status, channel).toBe(401);
      expect((await post(`/api/${channel}`, {}, wrong)).status, `${channel} (wrong token)`).toBe(401);
    }
    // Well-formed writes, refused before they run.
    expect((await post("/api/dataset.setMetadata", { path: EPISODE, fields: { operator: "mallory" } })).status).toBe(401);
    expect((await post("/api/dataset.index", {})).status).toBe(401);
    expect((await post("/api/export.start", { format: "json", out: join(dataset, "stolen") })).status).toBe(401);
    expect(await snapshot(dataset)).toEqual(before);
    // The same call with the token works.
    const api = httpApi(serve.url, serve.token);
    expect((await api.app.info({})).mode).toBe("serve");
  });

  it("refuses the page and its assets without the token, and a wrong token URL", async () => {
    for (const path of ["/", `/?episode=${EPISODE}`, "/index.html", "/assets/none.js"]) {
      expect((await fetch(`${serve.url}${path}`)).status, path).toBe(401);
    }
    expect((await fetch(`${serve.url}/?token=wrong-token-wrong-token`, { redirect: "manual" })).status).toBe(401);
  });

  it("trades the token URL for an HttpOnly SameSite=Strict cookie and strips it; deep links work after", async () => {
    browser = await launchBrowser({ withToken: false });
    const { page, context } = browser;
    await page.goto(`${serve.url}/?token=${serve.token}`);
    expect(page.url()).toBe(`${serve.url}/`);
    // Signed in: the listing shows the episode's row ("pick_cube_001"; the file name itself is only in the transient
    // "Opening pick_cube_001.mcap…" status, which a fast open replaces before a wait sees it).
    await waitForText(page, EPISODE.replace(/\.mcap$/, ""), browser.errors, 30_000, () => `server stderr: ${JSON.stringify(serve.stderr().slice(-800))}`);
    const cookies = await context.cookies(serve.url);
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ value: serve.token, httpOnly: true, sameSite: "Strict" });
    // Scripts in the page cannot read it.
    expect(await page.evaluate(() => document.cookie)).toBe("");

    await page.goto(`${serve.url}/?episode=${EPISODE}&t=2`);
    await expect.poll(() => page.locator("section.tile").count(), { timeout: 30_000 }).toBe(3);
    expect(page.url()).toBe(`${serve.url}/?episode=${EPISODE}&t=2`);
    expect(browser.errors.filter((e) => /401/.test(e))).toEqual([]);
    // The CSP has no 'unsafe-inline': wavesurfer's shadow-root <style> applies through this load's nonce, nothing is refused.
    const overflow = await page.waitForFunction(() => {
      const host = Array.from(document.querySelectorAll(".overview *")).find((e) => e.shadowRoot);
      const canvas = host?.shadowRoot?.querySelector("canvas");
      return canvas ? getComputedStyle(canvas).imageRendering : null;
    }, null, { timeout: 30_000 });
    expect(await overflow.jsonValue()).toBe("pixelated");
    expect(browser.errors.filter((e) => /Content.Security.Policy/i.test(e))).toEqual([]);
    const page2 = await fetch(`${serve.url}/`, { headers: { authorization: `token ${serve.token}` } });
    const csp = page2.headers.get("content-security-policy")!;
    expect(csp).not.toContain("unsafe-inline");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(await page2.text()).toContain(`<meta name="episcope-csp-nonce" content="${nonce}" />`);
  });

  it("keeps other query parameters when stripping the token", async () => {
    const response = await fetch(`${serve.url}/?episode=${EPISODE}&token=${serve.token}&t=1`, { redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/?episode=${EPISODE}&t=1`);
    expect(response.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it("answers 400 to a bad percent-escape", async () => {
    const response = await fetch(`${serve.url}/assets/%E0%A4%A.js`, { headers: { authorization: `token ${serve.token}` } });
    expect(response.status).toBe(400);
  });
});

describe("serve token options", () => {
  it("--token T fixes the token; one too short is refused", async () => {
    const fixed = "fixed-token-for-scripts-0123";
    const other = await startServe(dataset, { EPISCOPE_TOKEN: "" }, ["--token", fixed]);
    try {
      expect(other.token).toBe(fixed);
      expect((await httpApi(other.url, fixed).app.info({})).mode).toBe("serve");
    } finally {
      await other.stop();
    }
    await expect(startServe(dataset, {}, ["--token", "short"])).rejects.toThrow(/--token must be 16/);
  });

  it("--no-token serves without authentication after a loud warning", async () => {
    const open = await startServe(dataset, {}, ["--no-token"]);
    try {
      expect(open.token).toBeNull();
      expect(open.line).toMatch(/ at http:\/\/127\.0\.0\.1:\d+$/);
      expect((await httpApi(open.url, null).app.info({})).mode).toBe("serve");
    } finally {
      await open.stop();
    }
    expect(open.stderr()).toMatch(/WARNING: --no-token: serve runs WITHOUT authentication/);
  });
});
