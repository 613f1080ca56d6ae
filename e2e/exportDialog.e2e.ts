/**
 * File › Export in the app (Shift+E): the preview counts the episodes the filters select and shows what the format
 * writes; the export runs with progress and a report; an existing output needs "replace".
 */
import { cp, mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const SAMPLE = fileURLToPath(new URL("../assets/sample/", import.meta.url));
let serve: ServeProcess;
let browser: BrowserSession;
let parent: string;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), "episcope-e2e-export-"));
  await cp(SAMPLE, join(parent, "dataset"), { recursive: true });
  // Exports go beside the dataset: serve may write there only when told at start.
  serve = await startServe(join(parent, "dataset"), {}, ["--writable", parent]);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe("export dialog", () => {
  it("previews, exports JSON with progress and a report, and asks before replacing", async () => {
    const { page } = browser;
    await page.goto(`${serve.url}/?episode=pick_cube_001.mcap`);
    await expect.poll(() => page.locator("section.tile").count(), { timeout: 30_000 }).toBe(3);
    // Label the first episode a success (key 1), then export only successes.
    await page.keyboard.press("1");
    await expect.poll(() => page.getByText(/Saved/).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // … and flag it "hesitation" (F focuses the flag chips, Enter toggles the first).
    await page.keyboard.press("f");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator(".quality-flags").textContent()).toContain("hesitation");
    await page.keyboard.press("Shift+E");
    const dialog = page.getByRole("dialog", { name: "Export the dataset" });
    await dialog.getByRole("combobox", { name: "Export format" }).selectOption("json");
    const preview = dialog.getByRole("region", { name: "Export preview" });
    await expect.poll(() => preview.textContent()).toMatch(/2 of 2 episodes/);
    await dialog.getByRole("checkbox", { name: "success" }).check();
    await expect.poll(() => preview.textContent()).toMatch(/1 of 2 episodes.*export-json/);
    // A flag filter: no episode has "collision"; the success has "hesitation".
    await dialog.getByRole("checkbox", { name: "collision" }).check();
    await expect.poll(() => preview.textContent()).toMatch(/0 of 2 episodes/);
    await dialog.getByRole("checkbox", { name: "collision" }).uncheck();
    await dialog.getByRole("checkbox", { name: "hesitation" }).check();
    await expect.poll(() => preview.textContent()).toMatch(/1 of 2 episodes/);
    await screenshot(page, "export-dialog-preview");
    await dialog.getByRole("button", { name: "Export", exact: true }).click();
    const status = dialog.getByRole("status", { name: "Export progress" });
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/Exported 1 episodes .* 1 not selected, 0 failed/);
    await screenshot(page, "export-dialog-done");
    const out = join(parent, "export-json");
    expect((await readdir(out)).sort()).toContain("episcope-export.json");
    const manifest = JSON.parse(await readFile(join(out, "episcope-export.json"), "utf8")) as { format: string };
    expect(manifest.format).toBe("json");
    // The folder exists now: Export waits for "replace".
    await expect.poll(() => preview.textContent()).toMatch(/\(exists\)/);
    expect(await dialog.getByRole("button", { name: "Export", exact: true }).isDisabled()).toBe(true);
    await dialog.getByRole("checkbox", { name: /Replace the existing folder/ }).check();
    expect(await dialog.getByRole("button", { name: "Export", exact: true }).isDisabled()).toBe(false);
  });

  it("says what will be written per camera and per label before exporting (LeRobot, RLDS)", async () => {
    const { page } = browser;
    const dialog = page.getByRole("dialog", { name: "Export the dataset" });
    if (!(await dialog.isVisible())) await page.keyboard.press("Shift+E");
    await dialog.getByRole("combobox", { name: "Export format" }).selectOption("lerobot");
    const cameras = dialog.getByRole("list", { name: "Cameras to write" });
    await expect.poll(() => cameras.textContent(), { timeout: 15_000 }).toMatch(/\/cam_left_wrist \(jpeg, 15 Hz\) → videos\/observation\.images\.cam_left_wrist\/…mp4: re-encoded to AV1/);
    expect(await cameras.locator("li").count()).toBe(3);
    await expect.poll(() => dialog.getByRole("list", { name: "Labels to write" }).textContent()).toMatch(/episcope\.segment\.intervention/);
    for (const [w, h] of [[1600, 1000], [1280, 720]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await screenshot(page, `export-dialog-plan-lerobot-${w}x${h}`);
    }
    await dialog.getByRole("combobox", { name: "Export format" }).selectOption("rlds");
    await expect.poll(() => cameras.textContent()).toMatch(/steps\/observation\/cam_left_wrist: the source JPEG bytes per step/);
    await screenshot(page, "export-dialog-plan-rlds-1280x720");
    await page.setViewportSize({ width: 1600, height: 1000 });
  });
});
