/**
 * Serve mode as complete as the desktop: Ctrl+O opens the Open dialog (browse the served folder, type a path + Enter,
 * recent paths; paths outside the folder refused by the server), the empty screen names the key instead of
 * "File › Open", a dropped `.mcap` of the served folder opens and any other gets a clear notice, and serving one
 * `.mcap` file opens just that file: its siblings are not listed and no `.episcope` folder appears until a save.
 * Real CLI, real Chromium, real files. Screenshots: e2e/artifacts/serve-open-*.png.
 */
import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const SAMPLE = fileURLToPath(new URL("../assets/sample/pick_cube_001.mcap", import.meta.url));
const SAMPLE_2 = fileURLToPath(new URL("../assets/sample/pick_cube_002.mcap", import.meta.url));

let browser: BrowserSession;
const servers: ServeProcess[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.stop();
});

async function serve(path: string): Promise<ServeProcess> {
  const s = await startServe(path, { EPISCOPE_ANNOTATOR: "e2e-open" });
  servers.push(s);
  return s;
}

const episodeNames = () => browser.page.locator("nav[aria-label=Episodes] .episode-item .episode-name").allInnerTexts();

describe("the Open dialog (serve mode)", () => {
  let dataset: string;
  let url: string;
  beforeAll(async () => {
    dataset = await mkdtemp(join(tmpdir(), "episcope-e2e-open-"));
    await mkdir(join(dataset, "day1"));
    await cp(SAMPLE, join(dataset, "first.mcap"));
    await cp(SAMPLE_2, join(dataset, "day1", "second.mcap"));
    url = (await serve(dataset)).url;
  });

  it("browses folders, opens a typed path with Enter, remembers it, and refuses a path outside the served folder", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(`${url}/?episode=first.mcap`);
    await expect.poll(() => page.locator("section.tile").count(), { timeout: 30_000 }).toBe(3);
    await page.keyboard.press("Control+o");
    const dialog = page.getByRole("dialog", { name: "Open" });
    await expect.poll(() => dialog.getByRole("list", { name: "Folder contents" }).innerText()).toMatch(/day1\/[\s\S]*first\.mcap/);
    await screenshot(page, "serve-open-dialog-1600x1000");
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, "serve-open-dialog-1280x720");
    await page.setViewportSize({ width: 1600, height: 1000 });
    // Into day1/, and back up.
    await dialog.getByRole("button", { name: /day1\// }).click();
    await expect.poll(() => dialog.getByLabel("Folder shown").innerText()).toBe(`${dataset}/day1`);
    await expect.poll(() => dialog.getByRole("list", { name: "Folder contents" }).innerText()).toContain("second.mcap");
    await dialog.getByRole("button", { name: "↑ Up" }).click();
    await expect.poll(() => dialog.getByLabel("Folder shown").innerText()).toBe(dataset);
    // Outside the served folder: the server refuses, the dialog says so.
    await dialog.getByLabel("Path to open").fill("../..");
    await page.keyboard.press("Enter");
    await expect.poll(() => dialog.getByRole("alert").innerText()).toMatch(/must be a path relative to the dataset folder, without '\.\.'/);
    await dialog.getByLabel("Path to open").fill("/etc");
    await page.keyboard.press("Enter");
    await expect.poll(() => dialog.getByRole("alert").innerText()).toMatch(/outside the served folder/);
    // A typed path + Enter opens the episode and closes the dialog.
    await dialog.getByLabel("Path to open").fill("day1/second.mcap");
    await page.keyboard.press("Enter");
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => new URLSearchParams(location.search).get("episode"))).toBe("day1/second.mcap");
    await expect.poll(() => page.locator("section.tile").count(), { timeout: 30_000 }).toBe(3);
    // Ctrl+Shift+O opens it too, with the recent path listed; picking it reopens.
    await page.keyboard.press("Control+Shift+O");
    await expect.poll(() => dialog.getByRole("list", { name: "Recent paths" }).innerText()).toContain("day1/second.mcap");
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it("opens a dropped .mcap of the served folder, and says why a file from elsewhere cannot be opened", async () => {
    const { page } = browser;
    const size = statSync(join(dataset, "first.mcap")).size;
    const drop = (name: string, bytes: number) =>
      page.evaluate(
        ([n, b]) => {
          const transfer = new DataTransfer();
          transfer.items.add(new File([new Uint8Array(b as number)], n as string));
          window.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, cancelable: true }));
          window.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, cancelable: true }));
        },
        [name, bytes] as const,
      );
    await drop("first.mcap", size);
    await expect.poll(() => page.evaluate(() => new URLSearchParams(location.search).get("episode"))).toBe("first.mcap");
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Opened first.mcap" }).count()).toBe(1);
    await drop("elsewhere.mcap", 1000);
    const alert = page.getByRole("alert").filter({ hasText: "elsewhere.mcap" });
    await expect.poll(() => alert.innerText()).toMatch(/A browser cannot open a dropped file by its path — copy it into .*, or run episcope serve on its folder/);
    await screenshot(page, "serve-open-drop-notice-1600x1000");
    await alert.getByRole("button", { name: "Dismiss" }).click();
  });
});

describe("the empty screen (serve mode)", () => {
  it("names Ctrl+O and the Open dialog, not the desktop's File › Open", async () => {
    const empty = await mkdtemp(join(tmpdir(), "episcope-e2e-open-empty-"));
    const { page } = browser;
    await page.goto((await serve(empty)).url);
    const note = page.getByRole("note");
    await expect.poll(() => note.innerText(), { timeout: 20_000 }).toContain("Ctrl+O");
    expect(await note.innerText()).not.toContain("File › Open");
    await note.getByRole("button", { name: "Open…" }).click();
    await expect.poll(() => page.getByRole("dialog", { name: "Open" }).count()).toBe(1);
    await screenshot(page, "serve-open-empty-1600x1000");
    await page.keyboard.press("Escape");
  });
});

describe("serving one .mcap file", () => {
  it("lists only that file and writes nothing next to it until a label is saved", async () => {
    const folder = await mkdtemp(join(tmpdir(), "episcope-e2e-open-single-"));
    await cp(SAMPLE, join(folder, "served.mcap"));
    await cp(SAMPLE_2, join(folder, "sibling.mcap"));
    await mkdir(join(folder, "more"));
    await cp(SAMPLE_2, join(folder, "more", "deeper.mcap"));
    await writeFile(join(folder, "notes.txt"), "not an episode");
    const s = await serve(join(folder, "served.mcap"));
    const { page } = browser;
    await page.goto(s.url);
    await expect.poll(() => page.locator("section.tile").count(), { timeout: 30_000 }).toBe(3);
    await expect.poll(episodeNames).toEqual([expect.stringContaining("served")]);
    // The dataset table and the Open dialog know only the served file too.
    await page.keyboard.press("Control+o");
    const dialog = page.getByRole("dialog", { name: "Open" });
    await expect.poll(() => dialog.getByRole("list", { name: "Folder contents" }).innerText()).toContain("served.mcap");
    expect(await dialog.getByRole("list", { name: "Folder contents" }).innerText()).not.toMatch(/sibling|more/);
    await dialog.getByLabel("Path to open").fill("sibling.mcap");
    await page.keyboard.press("Enter");
    await expect.poll(() => dialog.getByRole("alert").innerText()).toMatch(/sibling.mcap is not served: episcope serves only served.mcap/);
    await page.keyboard.press("Escape");
    await new Promise((r) => setTimeout(r, 1500));
    expect(existsSync(join(folder, ".episcope")), ".episcope written before any save").toBe(false);
    // A label (outcome: success) is saved: now, and only now, the folder gets its .episcope.
    await page.keyboard.press("1");
    await expect.poll(() => page.getByText(/Saved/).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => existsSync(join(folder, ".episcope")), { timeout: 15_000 }).toBe(true);
  });
});
