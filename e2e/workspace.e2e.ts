/**
 * The review workspace on the bundled sample at 1600×1000: the default layout gives the three camera pictures at least a
 * third of the window, a maximized tile takes at least 60 %, separators resize panes by drag and by arrow keys and the
 * sizes survive a reload, focus mode and the named layouts (Alt+1/2/3) rearrange the panes, the side panes collapse.
 * Screenshots of each layout at 1600×1000 and 1280×720 go to e2e/artifacts/workspace-*.png.
 */
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { pictureAreas, rectOf } from "./harness/layoutProbes.ts";
import { waitForAllFrames } from "./harness/pageProbes.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const SAMPLE = fileURLToPath(new URL("../assets/sample/", import.meta.url));
const EPISODE = "pick_cube_001.mcap";
const CAMERAS = ["/cam_high", "/cam_left_wrist", "/cam_right_wrist"];
const WINDOW = 1600 * 1000;

let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  const dataset = await mkdtemp(join(tmpdir(), "episcope-e2e-workspace-"));
  await cp(SAMPLE, dataset, { recursive: true });
  serve = await startServe(dataset, { EPISCOPE_ANNOTATOR: "e2e-layout" });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

async function openSample(): Promise<void> {
  const { page } = browser;
  await page.goto(`${serve.url}/?episode=${EPISODE}&t=3`);
  await expect.poll(() => page.locator("section.tile").count(), { timeout: 30_000 }).toBe(3);
  await waitForAllFrames(page, CAMERAS);
}

/** Wait until the pictures stop changing size (the grid re-arranges once the first frames give the aspect). */
async function settledAreas(): Promise<Record<string, number>> {
  let last = "";
  let areas: Record<string, number> = {};
  await expect
    .poll(
      async () => {
        areas = await pictureAreas(browser.page);
        const now = JSON.stringify(Object.values(areas).map(Math.round));
        const same = now === last && Object.keys(areas).length > 0;
        last = now;
        return same;
      },
      { timeout: 10_000, interval: 200 },
    )
    .toBe(true);
  return areas;
}

describe("review workspace", () => {
  it("gives the three pictures at least a third of the window by default", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1600, height: 1000 });
    await openSample();
    const areas = await settledAreas();
    expect(Object.keys(areas).sort()).toEqual([...CAMERAS].sort());
    console.log(`pictures: ${((100 * sum(areas)) / WINDOW).toFixed(1)} % of the window`);
    expect(sum(areas) / WINDOW).toBeGreaterThanOrEqual(1 / 3);
    await screenshot(page, "workspace-review-1600x1000");
    await page.setViewportSize({ width: 1280, height: 720 });
    await settledAreas();
    await screenshot(page, "workspace-review-1280x720");
    await page.setViewportSize({ width: 1600, height: 1000 });
  });

  it("plots one readable panel per joint group: ≥ 120 px tall, ≥ 3 distinct y tick labels, units, hover values", async () => {
    const { page } = browser;
    const panels = page.locator("section.plot-panel");
    await expect.poll(() => panels.evaluateAll((els) => els.map((e) => `${e.getAttribute("data-topic")} ${e.getAttribute("data-group")}`)), { timeout: 30_000 }).toEqual(
      ["/action", "/joint_states"].flatMap((t) => ["left arm", "left gripper", "right arm", "right gripper"].map((g) => `${t} ${g}`)),
    );
    for (const panel of await panels.all()) {
      const name = await panel.getAttribute("aria-label");
      await panel.scrollIntoViewIfNeeded();
      expect((await rectOf(panel)).height, name!).toBeGreaterThanOrEqual(120);
      await expect.poll(async () => (await panel.getAttribute("data-y-ticks"))?.split("|").length ?? 0, { message: name! }).toBeGreaterThanOrEqual(3);
      for (const axis of ["data-y-ticks", "data-x-ticks"]) {
        const ticks = (await panel.getAttribute(axis))!.split("|");
        expect(new Set(ticks).size, `${name} ${axis} ${ticks.join(", ")}`).toBe(ticks.length);
      }
    }
    expect(await page.locator('section.plot-panel[data-topic="/joint_states"][data-group="left arm"]').getAttribute("data-unit")).toBe("rad");
    // Hovering a plot shows each joint's value there in the legend.
    const arm = page.locator('section.plot-panel[data-topic="/joint_states"][data-group="left arm"]');
    await arm.scrollIntoViewIfNeeded();
    const over = await rectOf(arm.locator(".u-over"));
    await page.mouse.move(over.x + over.width / 2, over.y + over.height / 2);
    await expect.poll(() => arm.locator(".legend-value").first().textContent()).toMatch(/^-?\d+\.\d{3}$/);
    await page.mouse.move(0, 0);
  });

  it("has keyboard-resizable separators for every split", async () => {
    const separators = browser.page.getByRole("separator");
    await expect.poll(() => separators.count()).toBe(4);
    for (const label of ["Resize the episode list", "Resize the inspector", "Resize cameras and plots", "Resize the timeline"]) {
      await expect.poll(() => browser.page.getByRole("separator", { name: label }).getAttribute("tabindex")).toBe("0");
    }
  });

  it("resizes panes by dragging and by arrow keys, and keeps the sizes over a reload", async () => {
    const { page } = browser;
    const cameras = page.locator(".pane-cameras");
    const inspector = page.locator(".pane-inspector");
    const before = { cameras: (await rectOf(cameras)).height, inspector: (await rectOf(inspector)).width };
    // Drag the cameras/plots separator 100 px up.
    const sep = await rectOf(page.getByRole("separator", { name: "Resize cameras and plots" }));
    await page.mouse.move(sep.x + sep.width / 2, sep.y + sep.height / 2);
    await page.mouse.down();
    await page.mouse.move(sep.x + sep.width / 2, sep.y + sep.height / 2 - 50, { steps: 5 });
    await page.mouse.move(sep.x + sep.width / 2, sep.y + sep.height / 2 - 100, { steps: 5 });
    await page.mouse.up();
    const dragged = (await rectOf(cameras)).height;
    expect(before.cameras - dragged).toBeGreaterThan(80);
    expect(before.cameras - dragged).toBeLessThan(120);
    // Three presses of ← on the inspector's separator: 3 × 2 % of the row wider.
    await page.getByRole("separator", { name: "Resize the inspector" }).focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowLeft");
    const keyed = (await rectOf(inspector)).width;
    expect(keyed - before.inspector).toBeGreaterThan(60);
    await page.reload();
    await openSample();
    await expect.poll(async () => Math.round((await rectOf(cameras)).height)).toBe(Math.round(dragged));
    expect(Math.round((await rectOf(inspector)).width)).toBe(Math.round(keyed));
  });

  it("switches named layouts by key and keeps each one's sizes", async () => {
    const { page } = browser;
    const cameras = page.locator(".pane-cameras");
    const review = (await rectOf(cameras)).height;
    await page.locator("body").press("Alt+3");
    await expect.poll(() => page.locator(".app").getAttribute("data-layout")).toBe("audit");
    const audit = (await rectOf(cameras)).height;
    expect(Math.abs(audit - review)).toBeGreaterThan(40);
    await screenshot(page, "workspace-audit-1600x1000");
    await page.locator("body").press("Alt+2");
    await expect.poll(() => page.locator(".app").getAttribute("data-layout")).toBe("annotate");
    await screenshot(page, "workspace-annotate-1600x1000");
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, "workspace-annotate-1280x720");
    await page.locator("body").press("Alt+3");
    await screenshot(page, "workspace-audit-1280x720");
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.locator("body").press("Alt+1");
    await expect.poll(() => page.locator(".app").getAttribute("data-layout")).toBe("review");
    await expect.poll(async () => Math.round((await rectOf(cameras)).height)).toBe(Math.round(review));
  });

  it("collapses and restores the episode list and the inspector", async () => {
    const { page } = browser;
    const stage = page.locator(".pane-stage");
    const wide = (await rectOf(stage)).width;
    await page.locator("body").press("Control+b");
    await expect.poll(() => page.getByRole("navigation", { name: "Episodes" }).isVisible()).toBe(false);
    await page.getByRole("button", { name: "Inspector" }).click();
    await expect.poll(async () => (await rectOf(stage)).width).toBeGreaterThan(1500);
    await page.getByRole("button", { name: "Episode list" }).click();
    await page.locator("body").press("Control+Alt+b");
    await expect.poll(async () => Math.round((await rectOf(stage)).width)).toBe(Math.round(wide));
  });

  it("maximizes a tile over the whole workspace (≥ 60 % of the window) and has a focus mode", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Maximize /cam_high" }).click();
    const max = await settledAreas();
    expect(Object.keys(max)).toEqual(["/cam_high"]);
    console.log(`maximized: ${((100 * max["/cam_high"]!) / WINDOW).toFixed(1)} % of the window`);
    expect(max["/cam_high"]! / WINDOW).toBeGreaterThanOrEqual(0.6);
    await screenshot(page, "workspace-maximized-1600x1000");
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, "workspace-maximized-1280x720");
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.getByRole("button", { name: "Restore /cam_high" }).click();
    await expect.poll(() => page.getByRole("navigation", { name: "Episodes" }).isVisible()).toBe(true);
    // Focus mode: all cameras, nothing else but the transport bar; Esc leaves.
    await page.locator("body").press("Shift+F");
    await expect.poll(() => page.getByRole("navigation", { name: "Episodes" }).isVisible()).toBe(false);
    const focus = await settledAreas();
    expect(Object.keys(focus)).toHaveLength(3);
    expect(sum(focus) / WINDOW).toBeGreaterThanOrEqual(0.5);
    expect(await page.getByRole("group", { name: "Timeline", exact: true }).isVisible()).toBe(false);
    await screenshot(page, "workspace-focus-1600x1000");
    await page.locator("body").press("Escape");
    await expect.poll(() => page.getByRole("group", { name: "Timeline", exact: true }).isVisible()).toBe(true);
  });

  it("logs no page errors", () => {
    expect(browser.errors).toEqual([]);
  });
});
