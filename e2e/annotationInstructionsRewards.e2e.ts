/**
 * Language instructions and the dense reward curve end to end, through `episcope serve` and real Chromium:
 * - keys only: `t` + text + Enter, three times `Shift+P` + paraphrase + Enter, `g` (progress from the action chunks),
 *   `r` then ←/→ ↑/↓ Alt+→ on the reward tier — saved to disk, and back exactly after a reload;
 * - a file changed on disk behind the app: the next edit shows the conflict dialog; Reload shows what is on disk;
 * - a damaged file: the salvage dialog shows what was dropped and the backup, and writes only after confirmation;
 * - the first-run annotator prompt when the annotator is only the OS user name.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const SAMPLE = fileURLToPath(new URL("../assets/sample/", import.meta.url));
const EPISODE = "pick_cube_001.mcap";
const ANNOTATOR_ID = "e2e-ir";
/** pick_cube_001: first and last message log time (ns) and message count (`episcope info`). */
const START = 1750000000250000000n;
const END = 1750000012240000000n;
const MESSAGES = 2700;
const S = 1_000_000_000n;
/** /action, the default step clock, is published every 20 ms from the episode start. */
const STEP = 20_000_000n;

const INSTRUCTION = "transfer the cube from the left gripper to the right";
const PARAPHRASES = ["hand the cube over to the right arm", "pass the block from left to right", "move the cube between grippers"];

let serve: ServeProcess;
let browser: BrowserSession;
let keystrokes = 0;

/** A temp copy of the sample with this annotator's document holding four contiguous top-level chunks. */
async function datasetWithChunks(extra: Record<string, unknown> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "episcope-e2e-ir-"));
  await cp(SAMPLE, dir, { recursive: true });
  const size = (await stat(join(dir, EPISODE))).size;
  const bounds = [START, START + 3n * S, START + 6n * S, START + 9n * S, END];
  const chunks = ["reach", "grasp", "transport", "release"].map((primitive, i) => ({
    id: `c${i}`,
    primitive,
    startNs: String(bounds[i]),
    endNs: String(bounds[i + 1]),
    parentId: null,
    note: "",
  }));
  const doc = {
    schema: "episcope.annotation/2",
    episode: { path: EPISODE, fingerprint: { sizeBytes: size, startNs: String(START), endNs: String(END), messageCount: MESSAGES } },
    annotator: { id: ANNOTATOR_ID, name: "E2E" },
    revision: 1,
    updatedAt: "2026-01-01T00:00:00.000Z",
    review: { status: "in_progress", outcome: null, score: null, flags: [], note: "" },
    segments: [],
    chunks,
    instructions: [],
    rewards: null,
    ...extra,
  };
  await mkdir(join(dir, ".episcope/annotations", ANNOTATOR_ID), { recursive: true });
  await writeFile(docFile(dir), JSON.stringify(doc, null, 2) + "\n");
  return dir;
}

function docFile(dataset: string): string {
  return join(dataset, ".episcope/annotations", ANNOTATOR_ID, "pick_cube_001.json");
}

/** The parts of the document on disk the tests read (JSON: times are decimal strings). */
interface DiskDocument {
  revision: number;
  review: { outcome: string | null; note: string };
  chunks: unknown[];
  instructions: unknown[];
  rewards: { keyframes: Array<{ tNs: string; value: number }> } | null;
}

async function onDisk(dataset: string): Promise<DiskDocument> {
  return JSON.parse(await readFile(docFile(dataset), "utf8"));
}

async function press(page: Page, key: string): Promise<void> {
  keystrokes += 1;
  await page.keyboard.press(key);
}

async function type(page: Page, text: string): Promise<void> {
  keystrokes += text.length;
  await page.keyboard.type(text);
}

/** The element that has the focus: its tag and accessible label. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()}:${el.getAttribute("aria-label") ?? ""}` : "none";
  });
}

async function openEpisode(page: Page, url: string): Promise<Locator> {
  await page.goto(`${url}/?episode=${EPISODE}&t=1`);
  const text = page.getByRole("textbox", { name: "Instruction text" });
  await waitEditable(page, text);
  return text;
}

/** Wait until the instruction text field is editable (the episode and its annotation are loaded). */
async function waitEditable(page: Page, text: Locator): Promise<void> {
  try {
    await expect.poll(() => text.isEnabled(), { timeout: 60_000 }).toBe(true);
  } catch (e) {
    await screenshot(page, "annotation-ir-open-failed");
    const inspector = await page.getByRole("complementary", { name: "Inspector" }).textContent().catch(() => "");
    throw new Error(`the episode did not open with an editable instruction field (errors: ${browser.errors.join("; ")}; inspector: ${inspector})`, { cause: e });
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe("instructions and the reward curve by keyboard", () => {
  it("writes an instruction with three paraphrases and a moved keyframe, and reloads them exactly", async () => {
    const dataset = await datasetWithChunks();
    serve = await startServe(dataset, { EPISCOPE_ANNOTATOR: `${ANNOTATOR_ID}:E2E` });
    const { page, errors } = browser;
    const text = await openEpisode(page, serve.url);
    await expect.poll(() => page.getByTestId("paraphrase-warning").textContent()).toContain("at least 3");

    // t: the episode instruction's text field; Enter commits and gives the focus back to the page.
    await press(page, "t");
    expect(await focused(page)).toBe("input:Instruction text");
    await type(page, INSTRUCTION);
    await press(page, "Enter");
    expect(await focused(page)).toBe("body:");
    for (const p of PARAPHRASES) {
      await press(page, "Shift+P");
      expect(await focused(page)).toBe("input:New paraphrase");
      await type(page, p);
      await press(page, "Enter");
      expect(await focused(page)).toBe("body:");
    }
    await expect.poll(() => page.getByTestId("paraphrase-warning").count()).toBe(0);

    // g: progress 0 → 1 across the four chunks (keyframes at the chunk boundaries).
    await press(page, "g");
    const tier = page.getByRole("group", { name: "Reward tier" });
    const rel = (t: bigint) => String(t - START);
    await expect
      .poll(() => tier.getAttribute("data-keyframes"))
      .toBe(`0:0 ${rel(START + 3n * S)}:0.25 ${rel(START + 6n * S)}:0.5 ${rel(START + 9n * S)}:0.75 ${rel(END)}:1`);

    // r: focus the tier on keyframe 0; → → selects keyframe 2; Alt+→ moves it one /action step; ↑ ↑ Shift+↓: +0.19.
    const timer = page.getByRole("timer", { name: "Playback time in seconds since the episode start" });
    const playheadBefore = await timer.textContent();
    await press(page, "r");
    expect(await focused(page)).toBe("div:Reward tier");
    await expect.poll(() => tier.getAttribute("data-selected-keyframe")).toBe("0");
    await press(page, "ArrowRight");
    await press(page, "ArrowRight");
    await expect.poll(() => tier.getAttribute("data-selected-keyframe")).toBe("2");
    await press(page, "Alt+ArrowRight");
    await press(page, "ArrowUp");
    await press(page, "ArrowUp");
    await press(page, "Shift+ArrowDown");
    const moved = START + 6n * S + STEP;
    const expectedKeyframes = `0:0 ${rel(START + 3n * S)}:0.25 ${rel(moved)}:0.69 ${rel(START + 9n * S)}:0.75 ${rel(END)}:1`;
    await expect.poll(() => tier.getAttribute("data-keyframes")).toBe(expectedKeyframes);
    // The arrows were the tier's: the global frame step did not move the playhead.
    expect(await timer.textContent()).toBe(playheadBefore);
    await press(page, "Escape");
    expect(await focused(page)).toBe("body:");

    await expect
      .poll(async () => {
        const doc = await onDisk(dataset);
        return doc.rewards?.keyframes?.[2];
      }, { timeout: 10_000 })
      .toEqual({ tNs: String(moved), value: 0.69 });
    const saved = await onDisk(dataset);
    expect(saved.instructions).toEqual([
      expect.objectContaining({ scope: "episode", text: INSTRUCTION, paraphrases: PARAPHRASES, flags: { negative: false, ambiguous: false }, language: "en" }),
    ]);
    expect(saved.rewards).toMatchObject({ clock: { kind: "topic", topic: "/action" }, interpolation: "linear", generator: { kind: "progress-from-chunks", level: 0 } });
    await expect.poll(() => page.getByRole("figure", { name: /Plot of r_t/ }).getAttribute("data-step-count")).toBe("600");
    console.log(`instructions + reward review: ${keystrokes} keystrokes`);

    // By mouse: a range instruction for the playhead ± 1 s (no loop set), flags and language (a bad tag is refused).
    const inspector = page.getByRole("complementary", { name: "Inspector" });
    const panel = inspector.getByRole("region", { name: "Instructions", exact: true });
    await panel.getByRole("button", { name: "+ For selection" }).click();
    await panel.getByRole("textbox", { name: "New range instruction text" }).fill("reach for the cube");
    await panel.getByRole("textbox", { name: "New range instruction text" }).press("Enter");
    await panel.getByRole("checkbox", { name: /ambiguous/ }).check();
    const language = panel.getByRole("textbox", { name: "Instruction language" });
    await language.fill("german!");
    await language.press("Enter");
    expect(await panel.getByRole("alert").textContent()).toMatch(/BCP 47/);
    await language.fill("en-GB");
    await language.press("Enter");
    await expect
      .poll(async () => (await onDisk(dataset)).instructions, { timeout: 10_000 })
      .toEqual([
        expect.objectContaining({ scope: "episode", text: INSTRUCTION }),
        expect.objectContaining({ scope: { startNs: String(START), endNs: String(START + 2n * S) }, text: "reach for the cube", language: "en-GB", flags: { negative: false, ambiguous: true } }),
      ]);
    const instructionsAfter = (await onDisk(dataset)).instructions;

    await screenshot(page, "annotation-instructions-rewards");
    const rewardSection = inspector.getByRole("region", { name: "Reward", exact: true });
    await rewardSection.scrollIntoViewIfNeeded();
    await rewardSection.screenshot({ path: join(await artifactsDir(), "annotation-reward-panel.png") });
    await panel.scrollIntoViewIfNeeded();
    await page.getByRole("complementary", { name: "Inspector" }).screenshot({ path: join(await artifactsDir(), "annotation-inspector-instructions-rewards.png") });
    await tier.scrollIntoViewIfNeeded();
    await page.getByRole("group", { name: "Annotation tiers" }).screenshot({ path: join(await artifactsDir(), "annotation-tiers-instructions-rewards.png") });

    // Reload: everything is back exactly, on screen and on disk.
    await page.reload();
    await waitEditable(page, text);
    await expect.poll(() => text.inputValue(), { timeout: 10_000 }).toBe(INSTRUCTION);
    for (const [i, p] of PARAPHRASES.entries()) {
      expect(await page.getByRole("textbox", { name: `Paraphrase ${i + 1}`, exact: true }).inputValue()).toBe(p);
    }
    await expect.poll(() => page.getByRole("group", { name: "Reward tier" }).getAttribute("data-keyframes")).toBe(expectedKeyframes);
    expect((await onDisk(dataset)).rewards!.keyframes).toEqual(saved.rewards!.keyframes);
    expect((await onDisk(dataset)).instructions).toEqual(instructionsAfter);
    expect(await page.getByRole("group", { name: "Instructions tier" }).getAttribute("data-count")).toBe("2");

    // A drag of a handle is one undo step; Shift+R adds a keyframe at the playhead (1 s), undone by Ctrl+Z.
    const reloadedTier = page.getByRole("group", { name: "Reward tier" });
    await reloadedTier.scrollIntoViewIfNeeded();
    const handle = reloadedTier.locator('[data-keyframe-index="3"]');
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 5; i++) await page.mouse.move(box.x + box.width / 2 + i * 8, box.y + box.height / 2 + i * 2);
    await page.mouse.up();
    await expect.poll(() => reloadedTier.getAttribute("data-keyframes")).not.toBe(expectedKeyframes);
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+z");
    await expect.poll(() => reloadedTier.getAttribute("data-keyframes")).toBe(expectedKeyframes);
    await page.keyboard.press("Shift+R");
    await expect.poll(() => reloadedTier.getAttribute("data-keyframe-count")).toBe("6");
    expect((await reloadedTier.getAttribute("data-keyframes"))!.split(" ")[1]).toBe(`${S}:0.083333333`); // 0.25 · 1 s / 3 s, rounded to 1e-9
    await page.keyboard.press("Control+z");
    await expect.poll(() => reloadedTier.getAttribute("data-keyframes")).toBe(expectedKeyframes);
    await expect.poll(async () => (await onDisk(dataset)).rewards!.keyframes, { timeout: 10_000 }).toEqual(saved.rewards!.keyframes);
    expect(errors).toEqual([]);
    await serve.stop();
  });
});

describe("a file changed or damaged on disk", () => {
  it("shows the conflict dialog after an external change, and Reload shows what is on disk", async () => {
    const dataset = await datasetWithChunks();
    serve = await startServe(dataset, { EPISCOPE_ANNOTATOR: `${ANNOTATOR_ID}:E2E` });
    const { page } = browser;
    await openEpisode(page, serve.url);
    // Behind the app: another tool writes a note (same revision, other bytes).
    const external = await onDisk(dataset);
    external.review.note = "edited elsewhere";
    await writeFile(docFile(dataset), JSON.stringify(external, null, 2) + "\n");
    const before = await readFile(docFile(dataset), "utf8");

    await page.keyboard.press("1"); // outcome success: refused, the file changed on disk
    const dialog = page.getByRole("alertdialog", { name: "The annotation changed on disk" });
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    await screenshot(page, "annotation-conflict-dialog");
    expect(await readFile(docFile(dataset), "utf8")).toBe(before);

    await dialog.getByRole("button", { name: "Reload" }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => page.getByRole("textbox", { name: "Note" }).inputValue()).toBe("edited elsewhere");
    expect(await readFile(docFile(dataset), "utf8")).toBe(before);

    // After the reload, edits save again on top of the external change.
    await page.keyboard.press("1");
    await expect.poll(async () => (await onDisk(dataset)).review, { timeout: 10_000 }).toMatchObject({ outcome: "success", note: "edited elsewhere" });
    await serve.stop();
  });

  it("Overwrite replaces the changed file with what the app shows", async () => {
    const dataset = await datasetWithChunks();
    serve = await startServe(dataset, { EPISCOPE_ANNOTATOR: `${ANNOTATOR_ID}:E2E` });
    const { page } = browser;
    await openEpisode(page, serve.url);
    const external = await onDisk(dataset);
    external.review.note = "edited elsewhere";
    external.revision = 7;
    await writeFile(docFile(dataset), JSON.stringify(external, null, 2) + "\n");
    await page.keyboard.press("2"); // outcome failure
    const dialog = page.getByRole("alertdialog", { name: "The annotation changed on disk" });
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    await dialog.getByRole("button", { name: "Overwrite" }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(async () => (await onDisk(dataset)).review, { timeout: 10_000 }).toMatchObject({ outcome: "failure", note: "" });
    expect((await onDisk(dataset)).revision).toBe(8);
    // The store continues from the new revision: the next edit saves without another conflict.
    await page.keyboard.press("3");
    await expect.poll(async () => (await onDisk(dataset)).review.outcome, { timeout: 10_000 }).toBe("partial");
    expect(await dialog.count()).toBe(0);
    await serve.stop();
  });

  it("salvages a damaged file only after confirmation, keeping a backup", async () => {
    const dataset = await datasetWithChunks({
      instructions: [{ id: "i1", scope: "episode", text: "", paraphrases: [], flags: { negative: false, ambiguous: false }, language: "en" }],
    });
    const damaged = await readFile(docFile(dataset), "utf8");
    serve = await startServe(dataset, { EPISCOPE_ANNOTATOR: `${ANNOTATOR_ID}:E2E` });
    const { page } = browser;
    await page.goto(`${serve.url}/?episode=${EPISODE}&t=1`);
    const dialog = page.getByRole("alertdialog", { name: "The annotation file is damaged" });
    await expect.poll(() => dialog.isVisible(), { timeout: 60_000 }).toBe(true);
    const dropped = await dialog.getByRole("list", { name: "Dropped parts" }).textContent();
    expect(dropped).toContain("instructions");
    const backup = await dialog.getByTestId("salvage-backup").textContent();
    expect(backup).toMatch(/^\.episcope\/backups\/e2e-ir\/pick_cube_001\.[0-9a-f]{12}\.json$/);
    expect(await readFile(join(dataset, backup!), "utf8")).toBe(damaged);
    await screenshot(page, "annotation-salvage-dialog");
    // Nothing is written before the confirmation.
    expect(await readFile(docFile(dataset), "utf8")).toBe(damaged);

    await dialog.getByRole("button", { name: "Keep salvaged and overwrite" }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(async () => (await onDisk(dataset)).chunks.length, { timeout: 10_000 }).toBe(4);
    expect((await onDisk(dataset)).instructions).toEqual([]);
    await expect.poll(() => page.getByRole("textbox", { name: "Instruction text" }).isEnabled(), { timeout: 10_000 }).toBe(true);
    await serve.stop();
  });
});

describe("a file damaged while the app has it open", () => {
  it("refuses to save over it until the user confirms, then overwrites with what the app shows", async () => {
    const dataset = await datasetWithChunks();
    serve = await startServe(dataset, { EPISCOPE_ANNOTATOR: `${ANNOTATOR_ID}:E2E` });
    const { page } = browser;
    await openEpisode(page, serve.url);
    const damaged = '{"schema": "episcope.annotation/2", "revision": ';
    await writeFile(docFile(dataset), damaged);
    await page.keyboard.press("4"); // outcome unusable: refused, the file on disk is not a valid document
    const dialog = page.getByRole("alertdialog", { name: "The annotation file is damaged" });
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    const backup = (await dialog.getByTestId("salvage-backup").textContent())!;
    expect(await readFile(join(dataset, backup), "utf8")).toBe(damaged);
    expect(await readFile(docFile(dataset), "utf8")).toBe(damaged);
    await dialog.getByRole("button", { name: "Overwrite with what you see" }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(async () => (await onDisk(dataset).catch(() => null))?.review.outcome, { timeout: 10_000 }).toBe("unusable");
    expect((await onDisk(dataset)).chunks).toHaveLength(4);
    // Saving goes on normally afterwards.
    await page.keyboard.press("1");
    await expect.poll(async () => (await onDisk(dataset)).review.outcome, { timeout: 10_000 }).toBe("success");
    expect(await dialog.count()).toBe(0);
    await serve.stop();
  });
});

describe("first-run annotator prompt", () => {
  it("asks for a name when the annotator is only the OS user, stores it, and never blocks review", async () => {
    const dataset = await datasetWithChunks();
    const configDir = await mkdtemp(join(tmpdir(), "episcope-e2e-settings-"));
    serve = await startServe(dataset, { EPISCOPE_ANNOTATOR: "", EPISCOPE_CONFIG_DIR: configDir });
    const { page } = browser;
    await page.goto(`${serve.url}/?episode=${EPISODE}&t=1`);
    const prompt = page.getByRole("dialog", { name: "Who is annotating?" });
    await expect.poll(() => prompt.isVisible(), { timeout: 60_000 }).toBe(true);
    // Review goes on while it is open: a global key still works.
    await waitEditable(page, page.getByRole("textbox", { name: "Instruction text" }));
    await screenshot(page, "annotation-annotator-prompt");
    await page.keyboard.press("t");
    expect(await focused(page)).toBe("input:Instruction text");
    await page.keyboard.press("Escape");

    await prompt.getByRole("textbox", { name: "Annotator id" }).fill("bad id!");
    await prompt.getByRole("button", { name: "Save" }).click();
    expect(await prompt.getByRole("alert").textContent()).toMatch(/letters, digits/);
    await prompt.getByRole("textbox", { name: "Annotator id" }).fill("ada");
    await prompt.getByRole("textbox", { name: "Annotator name" }).fill("Ada Lovelace");
    await prompt.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => prompt.count(), { timeout: 10_000 }).toBe(0);
    expect(await readdir(configDir)).toContain("settings.json");
    const settings = JSON.parse(await readFile(join(configDir, "settings.json"), "utf8"));
    expect(settings.annotator).toEqual({ id: "ada", name: "Ada Lovelace" });
    // Edits now go to the new annotator's layer.
    await page.keyboard.press("1");
    await expect
      .poll(async () => JSON.parse(await readFile(join(dataset, ".episcope/annotations/ada/pick_cube_001.json"), "utf8").catch(() => "null"))?.review?.outcome, {
        timeout: 10_000,
      })
      .toBe("success");
    // The prompt does not come back once the annotator is stored.
    await page.reload();
    await waitEditable(page, page.getByRole("textbox", { name: "Instruction text" }));
    expect(await prompt.count()).toBe(0);
    await serve.stop();
  });
});

async function artifactsDir(): Promise<string> {
  const dir = fileURLToPath(new URL("./artifacts/", import.meta.url));
  await mkdir(dir, { recursive: true });
  return dir;
}
