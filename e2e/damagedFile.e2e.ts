/**
 * A damaged file is never a silent short play: a copy of the bundled sample cut at 60 % of its bytes opens with a
 * banner (role="alert") naming the damage (truncated MCAP, the offset) and how much of the recording could be read.
 * Unreadable episodes get a verdict from the episode list: the row's context menu, or 4 on the row, saves the outcome
 * "unusable" in the annotator's document. Screenshots: e2e/artifacts/damaged-file-*.png, unusable-menu-*.png.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const SAMPLE = fileURLToPath(new URL("../assets/sample/pick_cube_001.mcap", import.meta.url));

let serve: ServeProcess;
let browser: BrowserSession;
let cutAt: number;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "episcope-e2e-damaged-"));
  const bytes = await readFile(SAMPLE);
  cutAt = Math.floor(bytes.length * 0.6);
  await writeFile(join(folder, "cut.mcap"), bytes.subarray(0, cutAt));
  await writeFile(join(folder, "whole.mcap"), bytes);
  await writeFile(join(folder, "broken.mcap"), "PK\x03\x04 a zip, not an MCAP file");
  await writeFile(join(folder, "empty.mcap"), "");
  serve = await startServe(folder, { EPISCOPE_ANNOTATOR: "e2e-damaged" });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe("a damaged episode file", () => {
  it("opens with a banner naming the damage and the readable part", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(`${serve.url}/?episode=cut.mcap`);
    const banner = page.getByRole("alert", { name: "Damaged file" });
    await expect.poll(() => banner.count(), { timeout: 30_000 }).toBe(1);
    await banner.getByText("What the reader found").click();
    const text = await banner.innerText();
    expect(text).toContain("Damaged file: cut.mcap.");
    expect(text).toMatch(new RegExp(`truncated MCAP: .*offset ${cutAt}`));
    const readable = Number(/Only the first ([\d.]+) s \(([\d,]+) messages\) could be read/.exec(text)?.[1]);
    expect(readable).toBeGreaterThan(1);
    expect(readable).toBeLessThan(11.9); // the whole sample is 11.99 s
    await expect.poll(() => page.locator("section.tile").count(), { timeout: 30_000 }).toBe(3);
    await banner.getByText("What the reader found").click(); // folded again: the banner stays two lines
    await screenshot(page, "damaged-file-1600x1000");
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, "damaged-file-1280x720");
    await page.setViewportSize({ width: 1600, height: 1000 });
    // The whole file has no banner; back on the cut one it shows again until dismissed.
    await page.goto(`${serve.url}/?episode=whole.mcap`);
    await expect.poll(() => page.locator("section.tile").count(), { timeout: 30_000 }).toBe(3);
    expect(await banner.count()).toBe(0);
    await page.goto(`${serve.url}/?episode=cut.mcap`);
    await expect.poll(() => banner.count(), { timeout: 30_000 }).toBe(1);
    await banner.getByRole("button", { name: "Dismiss" }).click();
    expect(await banner.count()).toBe(0);
  });

  it("can be marked unusable from the episode list (context menu, or 4 on the row), saved in the annotator's document", async () => {
    const { page } = browser;
    const documentOf = (name: string) => join(folder, ".episcope", "annotations", "e2e-damaged", `${name}.json`);
    await page.goto(`${serve.url}/?episode=whole.mcap`);
    const row = (name: string) => page.locator("nav[aria-label=Episodes] .episode-item").filter({ hasText: name });
    await expect.poll(() => row("broken").innerText(), { timeout: 30_000 }).toContain("unreadable");
    expect(existsSync(documentOf("broken"))).toBe(false);
    await row("broken").click({ button: "right" });
    const menu = page.getByRole("menu", { name: "Episode broken" });
    await expect.poll(() => menu.count()).toBe(1);
    await screenshot(page, "unusable-menu-1600x1000");
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, "unusable-menu-1280x720");
    await page.setViewportSize({ width: 1600, height: 1000 });
    await menu.getByRole("menuitem", { name: /Mark unusable/ }).click();
    await expect.poll(() => row("broken").innerText()).toContain("unusable");
    expect(JSON.parse(readFileSync(documentOf("broken"), "utf8")).review.outcome).toBe("unusable");
    // The key: 4 on a focused unreadable row.
    await expect.poll(() => row("empty").innerText()).toContain("unreadable");
    await row("empty").focus();
    await page.keyboard.press("4");
    await expect.poll(() => existsSync(documentOf("empty")) && JSON.parse(readFileSync(documentOf("empty"), "utf8")).review.outcome).toBe("unusable");
    await expect.poll(() => row("empty").innerText()).toContain("unusable");
    // The open (readable) episode kept its own outcome.
    expect(existsSync(documentOf("whole"))).toBe(false);
  });
});
