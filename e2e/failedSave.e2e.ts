/**
 * A failed save is impossible to miss: with the annotator's folder read-only, marking the outcome shows an alert in
 * view (role="alert") naming the file and the cause, the outcome stays marked unsaved (never lit as saved), and Retry
 * saves once the folder is writable again. Real serve, run as an unprivileged user when the test runs as root (root
 * ignores file modes), real Chromium.
 */
import { chmod, chown, cp, mkdir, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const SAMPLE = fileURLToPath(new URL("../assets/sample/", import.meta.url));
const EPISODE = "pick_cube_001.mcap";
const ANNOTATOR = "e2e-readonly";
const NOBODY = { uid: 65534, gid: 65534 };

let dataset: string;
let layer: string;
let serve: ServeProcess;
let browser: BrowserSession;
const asRoot = process.getuid?.() === 0;

beforeAll(async () => {
  dataset = await mkdtemp(join(tmpdir(), "episcope-e2e-readonly-"));
  await cp(SAMPLE, dataset, { recursive: true });
  const config = join(dataset, ".config");
  layer = join(dataset, ".episcope", "annotations", ANNOTATOR);
  await mkdir(layer, { recursive: true });
  await mkdir(config);
  await chmod(dataset, 0o755);
  if (asRoot) {
    // serve runs as nobody: it may write Episcope's other files, not the annotator's folder (root's, 0555).
    for (const dir of [join(dataset, ".episcope"), join(dataset, ".episcope", "annotations"), config]) await chown(dir, NOBODY.uid, NOBODY.gid);
  }
  await chmod(layer, 0o555);
  serve = await startServe(dataset, { EPISCOPE_ANNOTATOR: ANNOTATOR, EPISCOPE_CONFIG_DIR: config }, [], asRoot ? NOBODY : null);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe("a save into a read-only annotations folder", () => {
  it("shows an alert in view, keeps the outcome marked unsaved, and Retry saves once the folder is writable", async () => {
    const { page } = browser;
    await page.goto(`${serve.url}/?episode=${EPISODE}&t=1`);
    const success = page.getByRole("button", { name: /Success/ });
    await expect.poll(() => success.isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.keyboard.press("1");

    const alert = page.getByTestId("save-failed-alert");
    await alert.waitFor({ state: "visible", timeout: 15_000 });
    expect(await alert.getAttribute("role")).toBe("alert");
    expect(await alert.textContent()).toMatch(
      new RegExp(`Not saved\\..*\\.episcope/annotations/${ANNOTATOR}/pick_cube_001\\.json: not saved: no permission to write there .*\\(EACCES\\)`),
    );
    // In view without scrolling, at both window sizes.
    for (const size of [{ width: 1600, height: 1000 }, { width: 1280, height: 720 }]) {
      await page.setViewportSize(size);
      const box = (await alert.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(size.height);
      expect(box.x + box.width).toBeLessThanOrEqual(size.width);
      await screenshot(page, `save-failed-${size.width}x${size.height}`);
    }
    // The label is shown, but as unsaved — never lit as if it were on disk.
    expect(await success.getAttribute("aria-pressed")).toBe("true");
    expect(await success.getAttribute("data-unsaved")).toBe("true");
    expect(await success.textContent()).toContain("unsaved");
    expect(await page.locator(".annotation-tiers").getAttribute("data-unsaved")).toBe("true");
    expect(await page.getByTestId("save-state").getAttribute("data-state")).toBe("error");
    await expect(readFile(join(layer, "pick_cube_001.json"))).rejects.toMatchObject({ code: "ENOENT" });

    // The folder is fixed: Retry saves, the alert and the marks go.
    if (asRoot) await chown(layer, NOBODY.uid, NOBODY.gid);
    await chmod(layer, 0o755);
    await page.getByRole("button", { name: "Retry save" }).first().click();
    await expect.poll(() => page.getByTestId("save-state").getAttribute("data-state"), { timeout: 15_000 }).toBe("saved");
    expect(await alert.count()).toBe(0);
    expect(await success.getAttribute("data-unsaved")).toBeNull();
    const saved = JSON.parse(await readFile(join(layer, "pick_cube_001.json"), "utf8")) as { review: { outcome: string } };
    expect(saved.review.outcome).toBe("success");
  });
});
