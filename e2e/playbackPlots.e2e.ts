/**
 * Plot panels: a series picked from the field tree by search, drawn from `episode.seriesRange`, with a cursor at the
 * clock, a hover readout and the velocity toggle.
 */
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const SAMPLE = fileURLToPath(new URL("../assets/sample/", import.meta.url));
let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  const dataset = await mkdtemp(join(tmpdir(), "episcope-e2e-plots-"));
  await cp(SAMPLE, dataset, { recursive: true });
  serve = await startServe(dataset);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe("plot panels", () => {
  it("picks a series by search and plots it; velocity toggle; hover readout", async () => {
    const { page } = browser;
    await page.goto(`${serve.url}/?episode=pick_cube_001.mcap&t=3`);
    await page.getByRole("button", { name: "+ Add plot" }).click();
    const panel = page.getByRole("region", { name: "Plot 1" });
    await panel.getByRole("searchbox", { name: "Search series" }).fill("left_waist position");
    const boxes = panel.getByRole("checkbox", { name: /left_waist/ });
    await expect.poll(() => boxes.count(), { timeout: 15_000 }).toBe(1);
    await boxes.first().check();
    await expect.poll(() => panel.getAttribute("data-series-count")).toBe("1");
    await expect.poll(async () => Number(await panel.getAttribute("data-point-count")), { timeout: 15_000 }).toBeGreaterThan(100);
    // Hover readout: uPlot's live legend shows the value under the cursor.
    const over = panel.locator(".u-over");
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await expect.poll(() => panel.locator(".u-legend .u-series").nth(1).locator(".u-value").textContent()).toMatch(/\d/);
    await panel.getByRole("checkbox", { name: /velocity/ }).check();
    await expect.poll(() => panel.locator(".u-legend").textContent()).toContain("d/dt left_waist");
    await screenshot(page, "playback-plot-panel");
  });
});
