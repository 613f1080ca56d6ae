/**
 * App start loads only what the review screen's first picture needs: the dataset workspace (table, overview,
 * agreement, triage, audit) and the timeline overview (wavesurfer.js) come in their own chunks, fetched with import()
 * when first shown. End to end on the bundled sample with `episcope serve` and Chromium: the pictures are up before
 * the dataset workspace's chunk was asked for; the Table button still opens the table (its chunk fetched then), and
 * the overview lane is drawn.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const SAMPLE = fileURLToPath(new URL("../assets/sample/", import.meta.url));

let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  serve = await startServe(SAMPLE);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe("screens loaded when first shown", () => {
  it("the pictures come without the dataset workspace's code; the table and the overview lane still open", async () => {
    const { page, errors } = browser;
    const scripts: string[] = [];
    page.on("request", (r) => {
      if (r.resourceType() === "script") scripts.push(new URL(r.url()).pathname.split("/").pop()!);
    });
    await page.goto(`${serve.url}/?episode=pick_cube_001.mcap`);
    await expect
      .poll(() => page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>("section.tile")).filter((t) => t.dataset.frameIndex !== "-1").length), { timeout: 60_000 })
      .toBe(3);
    expect(scripts.some((s) => s.startsWith("DatasetWorkspace-"))).toBe(false);
    // The overview lane (its own chunk) is drawn: wavesurfer's canvas in the overview group.
    const overview = page.getByRole("group", { name: /Timeline overview/ });
    await expect.poll(() => overview.locator("canvas").count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(scripts.some((s) => s.startsWith("Overview-"))).toBe(true);

    await page.locator(".sidebar-views").getByRole("button", { name: "Table" }).click();
    const table = page.getByRole("table", { name: "Episode table" });
    await expect.poll(() => table.getByText("pick_cube_002").count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(scripts.some((s) => s.startsWith("DatasetWorkspace-"))).toBe(true);
    await screenshot(page, "lazy-dataset-table");
    expect(errors).toEqual([]);
  });
});
