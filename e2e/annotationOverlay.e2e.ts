/**
 * A lead overlays another annotator's layer read-only on the timeline: bob's outcome, segments and chunks show beside
 * alice's own layer with the differences marked; alice's own labels stay hers; the overlay follows the open episode.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyAnnotation, serializeAnnotation } from "../shared/annotation.ts";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { httpApi } from "./harness/httpApi.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const SAMPLE = fileURLToPath(new URL("../assets/sample/", import.meta.url));
let serve: ServeProcess;
let browser: BrowserSession;
let dataset: string;

beforeAll(async () => {
  dataset = await mkdtemp(join(tmpdir(), "episcope-e2e-overlay-"));
  await cp(SAMPLE, dataset, { recursive: true });
  serve = await startServe(dataset, { EPISCOPE_ANNOTATOR: "alice:Alice" });
  // Bob's layer for pick_cube_001, written as his app would (a valid document on disk).
  const summary = await httpApi(serve.url).episode.open({ path: "pick_cube_001.mcap" });
  const doc = emptyAnnotation("pick_cube_001.mcap", { sizeBytes: summary.sizeBytes, startNs: summary.startNs, endNs: summary.endNs, messageCount: summary.messageCount }, { id: "bob", name: "Bob" });
  doc.review = { status: "accepted", outcome: "failure", score: 2, flags: ["collision"], note: "" };
  const s = summary.startNs;
  doc.segments = [
    { id: "s1", kind: "failure", startNs: s + 2_000_000_000n, endNs: s + 4_000_000_000n, note: "drops the cube", camera: null },
    { id: "s2", kind: "recovery", startNs: s + 5_000_000_000n, endNs: s + 7_000_000_000n, note: "", camera: null },
  ] as typeof doc.segments;
  doc.chunks = [
    { id: "c1", primitive: "reach", startNs: s, endNs: s + 3_000_000_000n, parentId: null },
    { id: "c2", primitive: "grasp", startNs: s + 3_000_000_000n, endNs: summary.endNs, parentId: null },
  ] as typeof doc.chunks;
  await mkdir(join(dataset, ".episcope/annotations/bob"), { recursive: true });
  await writeFile(join(dataset, ".episcope/annotations/bob/pick_cube_001.json"), serializeAnnotation(doc));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe("overlay of another annotator's layer", () => {
  it("shows bob's labels read-only under alice's tiers and leaves bob's file alone", async () => {
    const { page } = browser;
    await page.goto(`${serve.url}/?episode=pick_cube_001.mcap&t=1`);
    const toggle = page.getByRole("button", { name: "Overlay bob on the timeline" });
    await expect.poll(() => toggle.count(), { timeout: 60_000 }).toBe(1);
    await toggle.click();
    const overlay = page.getByRole("region", { name: "Side by side: alice and bob" });
    const bobRow = overlay.getByLabel("Layer bob");
    await expect.poll(() => bobRow.locator(".overlay-segment").count(), { timeout: 15_000 }).toBe(2);
    expect(await bobRow.locator(".overlay-chunk").allTextContents()).toEqual(["reach", "grasp"]);
    expect(await bobRow.locator(".overlay-summary").textContent()).toMatch(/failure · ★★ · collision/);
    // Alice has none of bob's segments and chunks: each is marked as a difference.
    expect(await bobRow.locator(".overlay-segment.differs").count()).toBe(2);
    expect(await toggle.getAttribute("aria-pressed")).toBe("true");
    // Alice labels her own layer; bob's file is untouched.
    await page.keyboard.press("1");
    await expect.poll(async () => (await readdir(join(dataset, ".episcope/annotations"))).sort(), { timeout: 15_000 }).toEqual(["alice", "bob"]);
    await screenshot(page, "annotation-overlay");
    // Another episode: bob has no labels there.
    await page.getByRole("navigation", { name: "Episodes" }).getByText("pick_cube_002", { exact: true }).click();
    await expect.poll(() => overlay.textContent(), { timeout: 15_000 }).toMatch(/bob has no labels for this episode/);
    await page.getByRole("button", { name: "Hide the overlay of bob" }).click();
    expect(await overlay.count()).toBe(0);
  });

  it("a lead writes the adjudicated layer: adopts bob's labels, edits them, and bob's and alice's layers stay", async () => {
    const config = await mkdtemp(join(tmpdir(), "episcope-e2e-lead-config-"));
    await writeFile(join(config, "settings.json"), JSON.stringify({ annotator: { id: "lena", name: "Lena" } }));
    const lead = await startServe(dataset, { EPISCOPE_CONFIG_DIR: config, EPISCOPE_ANNOTATOR: "" });
    try {
      const { page } = browser;
      await page.goto(`${lead.url}/?episode=pick_cube_001.mcap&t=1`);
      const adjudicate = page.getByRole("button", { name: "adjudicate" });
      await expect.poll(() => adjudicate.count(), { timeout: 60_000 }).toBe(1);
      await adjudicate.click();
      await expect.poll(() => page.getByRole("button", { name: "stop adjudicating" }).getAttribute("aria-pressed")).toBe("true");
      await page.getByRole("button", { name: "Overlay bob on the timeline" }).click();
      await page.getByRole("button", { name: "Adopt every label of bob" }).click();
      // The lead corrects the outcome: partial.
      await page.keyboard.press("3");
      const file = join(dataset, ".episcope/annotations/adjudicated/pick_cube_001.json");
      await expect
        .poll(async () => {
          const doc = JSON.parse(await readFile(file, "utf8").catch(() => "null")) as { annotator: { id: string }; review: { outcome: string; flags: string[] }; segments: unknown[] } | null;
          return doc ? [doc.annotator.id, doc.review.outcome, doc.review.flags, doc.segments.length] : null;
        }, { timeout: 15_000 })
        .toEqual(["adjudicated", "partial", ["collision"], 2]);
      // Nothing was written under the lead's own name.
      expect((await readdir(join(dataset, ".episcope/annotations"))).sort()).toEqual(["adjudicated", "alice", "bob"]);
      expect((await readdir(join(dataset, ".episcope/annotations"))).sort()).toEqual(["adjudicated", "alice", "bob"]);
      await screenshot(page, "annotation-adjudication");
      await page.getByRole("button", { name: "stop adjudicating" }).click();
      // The identity never changed: leaving returns to the lead's own layer.
      expect(JSON.parse(await readFile(join(config, "settings.json"), "utf8")).annotator.id).toBe("lena");
      await expect.poll(() => page.getByLabel("Adjudication mode").count()).toBe(0);
    } finally {
      await lead.stop();
    }
  });
});
