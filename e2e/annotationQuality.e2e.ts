/**
 * Outcome quality end to end: score, quality flags from the dataset's own config, a note, undo/redo by key and by
 * button — every step saved to disk through `episcope serve`, and everything back exactly after a reload.
 */
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, launchBrowser, type BrowserSession } from "./harness/browser.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const SAMPLE = fileURLToPath(new URL("../assets/sample/", import.meta.url));
const EPISODE = "pick_cube_001.mcap";
const ANNOTATOR = { EPISCOPE_ANNOTATOR: "e2e-quality:E2E Quality" };
/** The dataset's own vocabulary: "gripper slip" is not a default flag, so seeing it proves the config was read. */
const FLAGS = ["hesitation", "gripper slip", "jerky motion", "occlusion"];
const NOTE = "slow grasp";

let dataset: string;
let serve: ServeProcess;
let browser: BrowserSession;
/** Keys pressed by the flow (the keyboard-first cost of this review). */
let keystrokes = 0;

beforeAll(async () => {
  dataset = await mkdtemp(join(tmpdir(), "episcope-e2e-quality-"));
  await cp(SAMPLE, dataset, { recursive: true });
  await mkdir(join(dataset, ".episcope"), { recursive: true });
  await writeFile(join(dataset, ".episcope/config.json"), JSON.stringify({ schema: "episcope.config/1", flags: FLAGS }));
  serve = await startServe(dataset, ANNOTATOR);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

/** Press one key (counted). */
async function press(page: Page, key: string): Promise<void> {
  keystrokes += 1;
  await page.keyboard.press(key);
}

/** The review section of the annotation document on disk, or null before the first save. */
async function reviewOnDisk(): Promise<{ score: number | null; flags: string[]; note: string } | null> {
  const file = join(dataset, ".episcope/annotations/e2e-quality/pick_cube_001.json");
  try {
    return JSON.parse(await readFile(file, "utf8")).review;
  } catch {
    return null;
  }
}

/** Wait until the file on disk holds exactly this score, flags and note. */
async function expectOnDisk(expected: { score: number | null; flags: string[]; note: string }): Promise<void> {
  await expect
    .poll(async () => {
      const review = await reviewOnDisk();
      return review && { score: review.score, flags: review.flags, note: review.note };
    }, { timeout: 10_000 })
    .toEqual(expected);
}

/** aria-pressed of every flag chip, in order. */
async function pressedFlags(page: Page): Promise<string[]> {
  const chips = page.getByRole("group", { name: "Quality flags" }).getByRole("button");
  const out: string[] = [];
  for (const chip of await chips.all()) if ((await chip.getAttribute("aria-pressed")) === "true") out.push((await chip.textContent())!);
  return out;
}

describe("score, quality flags and note with undo/redo", () => {
  it("edits, undoes, redoes and reloads with every value intact on screen and on disk", async () => {
    const { page } = browser;
    await page.goto(`${serve.url}/?episode=${EPISODE}&t=1`);
    const score4 = page.getByRole("button", { name: "Score 4", exact: true });
    await expect.poll(() => score4.isEnabled(), { timeout: 30_000 }).toBe(true);
    // The chips are the dataset's vocabulary.
    const chips = page.getByRole("group", { name: "Quality flags" }).getByRole("button");
    await expect.poll(() => chips.allTextContents(), { timeout: 10_000 }).toEqual(FLAGS);

    await press(page, "Shift+Digit4");
    await expect.poll(() => score4.getAttribute("aria-pressed")).toBe("true");
    await chips.filter({ hasText: "hesitation" }).click();
    await chips.filter({ hasText: "gripper slip" }).click();
    const note = page.getByRole("textbox", { name: "Note" });
    await note.click();
    for (const ch of NOTE) await press(page, ch); // typed into the note: no hotkey may fire (o, s, l …)
    await press(page, "Tab"); // blur: the whole note is one undo step
    const full = { score: 4, flags: ["hesitation", "gripper slip"], note: NOTE };
    await expectOnDisk(full);
    expect(await note.inputValue()).toBe(NOTE);
    expect(await page.getByRole("button", { name: "Failure" }).getAttribute("aria-pressed")).toBe("false");

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await press(page, "Control+z"); // undo the note (one step)
    await expect.poll(() => note.inputValue()).toBe("");
    await expectOnDisk({ ...full, note: "" });
    await page.getByRole("button", { name: "Undo", exact: true }).click(); // undo the last flag
    await expect.poll(() => pressedFlags(page)).toEqual(["hesitation"]);
    await expectOnDisk({ score: 4, flags: ["hesitation"], note: "" });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await press(page, "Control+Shift+z"); // redo the flag
    await expect.poll(() => pressedFlags(page)).toEqual(["hesitation", "gripper slip"]);
    await press(page, "Control+y"); // redo the note
    await expect.poll(() => note.inputValue()).toBe(NOTE);
    await expectOnDisk(full);
    await expect.poll(() => page.getByTestId("save-state").textContent(), { timeout: 10_000 }).toMatch(/Saved/);
    expect(await page.getByRole("button", { name: "Redo", exact: true }).isDisabled()).toBe(true);

    await page.reload();
    await expect.poll(() => score4.getAttribute("aria-pressed"), { timeout: 30_000 }).toBe("true");
    await expect.poll(() => pressedFlags(page), { timeout: 10_000 }).toEqual(["hesitation", "gripper slip"]);
    await expect.poll(() => note.inputValue()).toBe(NOTE);
    for (const n of [1, 2, 3, 5]) expect(await page.getByRole("button", { name: `Score ${n}`, exact: true }).getAttribute("aria-pressed")).toBe("false");
    await expectOnDisk(full);

    await page.getByRole("complementary", { name: "Inspector" }).screenshot({ path: join(ARTIFACTS, "inspector-quality.png") });
    console.log(`annotationQuality e2e keystrokes: ${keystrokes}`);
    expect(keystrokes).toBe(1 + NOTE.length + 1 + 3);
    expect(browser.errors.filter((e) => !e.includes("favicon"))).toEqual([]);
  });
});
