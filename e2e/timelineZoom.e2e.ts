/**
 * Timeline zoom synchronized with the plots: `=` zooms the detail rows, the tiers and every plot around the playhead,
 * the overview keeps the whole episode with the window as a band, the window follows the playhead, `0` shows all.
 */
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { waitForAllFrames } from "./harness/pageProbes.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const SAMPLE = fileURLToPath(new URL("../assets/sample/", import.meta.url));
let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  const dataset = await mkdtemp(join(tmpdir(), "episcope-e2e-zoom-"));
  await cp(SAMPLE, dataset, { recursive: true });
  serve = await startServe(dataset);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe("timeline zoom", () => {
  it("zooms the timeline and the plots together around the playhead, follows it, and resets", async () => {
    const { page } = browser;
    await page.goto(`${serve.url}/?episode=pick_cube_001.mcap&t=6`);
    const timeline = page.getByRole("group", { name: "Timeline", exact: true });
    await waitForAllFrames(page, ["/cam_high", "/cam_left_wrist", "/cam_right_wrist"]);
    const view = async () => {
      const [a, b] = await Promise.all([timeline.getAttribute("data-view-start-ns"), timeline.getAttribute("data-view-end-ns")]);
      return [BigInt(a!), BigInt(b!)] as const;
    };
    const [start, end] = await view();
    // Keys go to the review screen, not to a focused list row.
    await page.evaluate("document.activeElement && document.activeElement.blur()");
    await page.keyboard.press("=");
    await page.keyboard.press("=");
    await expect.poll(async () => Number((await view())[1] - (await view())[0])).toBe(Math.round(Number(end - start) / 4));
    const [a, b] = await view();
    const t = start + 6_000_000_000n;
    expect(a < t && t < b).toBe(true);
    // The plots show the same window: one second later the plot's playhead sits where that time falls in the window
    // (unzoomed it would be at 7 / 12 of the width).
    await page.keyboard.press("Shift+ArrowRight");
    await expect.poll(() => page.getByRole("timer").first().textContent()).toMatch(/^7\.0/);
    const frac = Number(start + 7_000_000_000n - a) / Number(b - a);
    const playheadFraction = () =>
      page.evaluate(`(() => {
        const line = document.querySelector(".plot-panel .plot-playhead");
        const over = line.parentElement.getBoundingClientRect();
        return (line.getBoundingClientRect().left - over.left) / over.width;
      })()`) as Promise<number>;
    await expect.poll(playheadFraction).toBeCloseTo(frac, 1);
    await screenshot(page, "timeline-zoomed");
    // The window follows the playhead (End: to the last frame).
    await page.keyboard.press("End");
    await expect.poll(async () => (await view())[1]).toBe(end);
    await page.keyboard.press("0");
    await expect.poll(async () => (await view()).join(",")).toBe([start, end].join(","));
  });
});
