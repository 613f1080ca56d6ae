/**
 * File › Import in the app: an empty dataset offers the import; BridgeData (RLDS, real data) comes in with a progress
 * bar, the report, and the first imported episode opens with its three cameras.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { waitForAllFrames } from "./harness/pageProbes.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const BRIDGE = `${process.env.EPISCOPE_SHARED_DATA}/rlds/bridge_debug/1.0.0`;
let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  serve = await startServe(await mkdtemp(join(tmpdir(), "episcope-e2e-import-")));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe("import dialog", () => {
  it("imports BridgeData from an empty dataset with progress and a report, then opens an imported episode", async () => {
    const { page } = browser;
    await page.goto(serve.url);
    await page.getByRole("button", { name: /Import a LeRobot, RLDS or ROS 1 dataset/ }).click();
    const dialog = page.getByRole("dialog", { name: "Import a dataset" });
    // A bad source is refused with its path named.
    await dialog.getByRole("textbox", { name: "Import source" }).fill("/no/such/dataset");
    await dialog.getByRole("button", { name: "Import", exact: true }).click();
    await expect.poll(() => dialog.getByRole("alert").textContent()).toMatch(/\/no\/such\/dataset: no such file or folder/);
    await dialog.getByRole("textbox", { name: "Import source" }).fill(BRIDGE);
    await dialog.getByRole("button", { name: "Import", exact: true }).click();
    const status = dialog.getByRole("status", { name: "Import progress" });
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/Imported 50 of 50 episodes into imports\/bridge_debug/);
    expect(await dialog.getByRole("progressbar", { name: "Episodes imported" }).getAttribute("value")).toBe("50");
    await screenshot(page, "import-dialog-done");
    await dialog.getByRole("button", { name: "Open first episode" }).click();
    await waitForAllFrames(page, ["/observation/image_0", "/observation/image_1", "/observation/image_2"]);
    await expect.poll(() => page.getByText("train_episode_000000").count()).toBeGreaterThan(0);
    await screenshot(page, "import-first-episode");
  });
});
