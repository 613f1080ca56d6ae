/**
 * A complete keyboard-only review of the bundled sample episode through `episcope serve`: outcome, score, two quality
 * flags, a failure and a recovery segment, five action chunks whose boundaries snap to robot events, an episode
 * instruction with three paraphrases, a progress-generated reward curve with one keyframe moved; undo/redo
 * round-trips; then a reload brings every value back exactly (on screen and through the HTTP API). The keystrokes are
 * counted and printed. The shortcut sheet (`?`) lists the keys; each tier is photographed.
 */
import { mkdirSync } from "node:fs";
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyAnnotation, type AnnotationDocument } from "../shared/annotation.ts";
import { snapTime } from "../shared/annotation/chunks.ts";
import { eventTimes, robotEventsOf } from "../shared/annotation/snapTargets.ts";
import type { EpiscopeApi } from "../shared/ipc/contract.ts";
import { ARTIFACTS, launchBrowser, type BrowserSession } from "./harness/browser.ts";
import { httpApi } from "./harness/httpApi.ts";
import { clockSeconds } from "./harness/pageProbes.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const SAMPLE = fileURLToPath(new URL("../assets/sample/", import.meta.url));
const EPISODE = "pick_cube_001.mcap";
const ANNOTATOR = { EPISCOPE_ANNOTATOR: "e2e-review:E2E Review" };
const S = 1_000_000_000n;
/** The config's default snap tolerance (ms). */
const TOLERANCE_NS = 150_000_000n;
const INSTRUCTION = "hand the cube from the left arm to the right arm";
const PARAPHRASES = ["pass the cube to the right gripper", "give the block to the other arm", "move the cube across between the arms"];
/** Seconds from the start where the playhead splits the chunks (each near a robot event of the sample). */
const SPLIT_AT_S = [3, 5, 8, 11];
const PRIMITIVES = ["reach", "grasp", "lift", "transport", "place"];

let dataset: string;
let serve: ServeProcess;
let browser: BrowserSession;
let api: EpiscopeApi;
let startNs: bigint;
let endNs: bigint;
/** Log times of the sample's robot events, computed here from the served joint series. */
let events: bigint[];
/** Keys pressed by the review (the keyboard-first cost of a full review). */
let keystrokes = 0;

beforeAll(async () => {
  dataset = await mkdtemp(join(tmpdir(), "episcope-e2e-review-"));
  await cp(SAMPLE, dataset, { recursive: true });
  serve = await startServe(dataset, ANNOTATOR);
  api = httpApi(serve.url);
  const summary = await api.episode.open({ path: EPISODE });
  startNs = summary.startNs;
  endNs = summary.endNs;
  const joints = summary.channels.filter((c) => c.kind === "joints" && c.messageCount > 0 && /joint/i.test(c.schemaName));
  const series = await Promise.all(joints.map((c) => api.episode.series({ episodeId: summary.episodeId, topic: c.topic })));
  events = eventTimes(robotEventsOf(series));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

/** Press one key (counted). */
async function press(page: Page, key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) {
    keystrokes += 1;
    await page.keyboard.press(key);
  }
}

/** Type text into the focused field, one counted keystroke per character. */
async function type(page: Page, text: string): Promise<void> {
  keystrokes += text.length;
  await page.keyboard.type(text);
}

/** The document as the server has it now. */
async function serverDoc(): Promise<AnnotationDocument | null> {
  return api.annotation.load({ path: EPISODE });
}

/** Everything the reviewer edits (not revision / updatedAt), with ns as strings: the thing that must round-trip. */
function edited(doc: AnnotationDocument | null) {
  if (!doc) return null;
  return JSON.parse(
    JSON.stringify({ review: doc.review, segments: doc.segments, chunks: doc.chunks, instructions: doc.instructions, rewards: doc.rewards }, (_k, v) =>
      typeof v === "bigint" ? v.toString() : v,
    ),
  );
}

/** Wait until the save indicator says saved, then the server holds what the page shows: its document of `path`. */
async function settled(page: Page, path = EPISODE): Promise<AnnotationDocument> {
  await expect.poll(() => page.getByTestId("save-state").textContent(), { timeout: 15_000 }).toMatch(/Saved/);
  return (await api.annotation.load({ path }))!;
}

/** The chunks on the server in time order: [primitive, start s, end s]. */
function chunkRows(doc: AnnotationDocument): Array<[string, bigint, bigint]> {
  return [...doc.chunks].sort((a, b) => (a.startNs < b.startNs ? -1 : 1)).map((c) => [c.primitive, c.startNs, c.endNs]);
}

/** The chunk blocks of the tier, in DOM (time) order. */
async function chunkTier(page: Page): Promise<string[]> {
  return page.getByTestId("chunk").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.primitive ?? ""));
}

describe("keyboard-only review of the sample episode", () => {
  let reviewed: ReturnType<typeof edited>;

  it("reviews every tier by keyboard alone, undoes and redoes, and saves it all", async () => {
    const { page } = browser;
    await page.goto(`${serve.url}/?episode=${EPISODE}`);
    await expect.poll(() => page.getByRole("button", { name: "Score 4", exact: true }).isEnabled(), { timeout: 30_000 }).toBe(true);
    // The joint series are loaded (the robot events show as ticks on the chunk tier) before chunks are split.
    await expect.poll(() => page.locator(".robot-events").getAttribute("data-event-count"), { timeout: 30_000 }).toBe(String(events.length));

    // Outcome and quality: partial, score 4, flags "hesitation" and "jerky motion" (F, ←/→, Enter, Esc).
    await press(page, "3");
    await press(page, "Shift+Digit4");
    await press(page, "f");
    await press(page, "Enter");
    await press(page, "ArrowRight", 2);
    await press(page, "Enter");
    await press(page, "Escape");

    // A failure segment 2–4 s and a recovery segment 5–7 s (I/O at the playhead; Shift+K picks the next kind).
    await press(page, "Home");
    await press(page, "Shift+ArrowRight", 2);
    await press(page, "i");
    await press(page, "Shift+ArrowRight", 2);
    await press(page, "o");
    await press(page, "Shift+K");
    await press(page, "Shift+ArrowRight");
    await press(page, "i");
    await press(page, "Shift+ArrowRight", 2);
    await press(page, "o");

    // Five action chunks: S splits at the playhead (snapped to the nearest robot event within 150 ms) ...
    await press(page, "Home");
    let at = 0;
    for (const s of SPLIT_AT_S) {
      await press(page, "Shift+ArrowRight", s - at);
      at = s;
      await press(page, "s");
    }
    // ... and P gives the chunk under the playhead the next primitive: reach, grasp, lift, transport, place.
    await press(page, "p", 4); // at 11 s: the fifth chunk
    await press(page, "Shift+ArrowLeft", 2); // 9 s: the fourth
    await press(page, "p", 3);
    await press(page, "Shift+ArrowLeft", 3); // 6 s: the third
    await press(page, "p", 2);
    await press(page, "Shift+ArrowLeft", 2); // 4 s: the second
    await press(page, "p", 1);
    await expect.poll(() => chunkTier(page), { timeout: 10_000 }).toEqual(PRIMITIVES);
    // The chunk under the playhead (4 s), the one S and P act on, is marked on the tier.
    await expect.poll(() => page.locator('[data-testid="chunk"][data-current="true"]').getAttribute("data-primitive"), { timeout: 10_000 }).toBe("grasp");

    // The episode instruction (T, type, Enter) and three paraphrases (Shift+P, type, Enter).
    await press(page, "t");
    await type(page, INSTRUCTION);
    await press(page, "Enter");
    for (const p of PARAPHRASES) {
      await press(page, "Shift+P");
      await type(page, p);
      await press(page, "Enter");
    }

    // The reward curve: G generates progress from the chunks; R focuses it, → selects keyframe 1, ↑ raises it by
    // 0.1, Alt+→ moves it one step later, Esc leaves.
    await press(page, "g");
    await expect.poll(async () => (await serverDoc())?.rewards?.keyframes.length ?? 0, { timeout: 15_000 }).toBe(6);
    const generated = (await settled(page)).rewards!;
    await press(page, "r");
    await press(page, "ArrowRight");
    await press(page, "ArrowUp");
    await press(page, "Alt+ArrowRight");
    await press(page, "Escape");

    const doc = await settled(page);
    // Outcome & quality.
    expect(doc.review).toMatchObject({ outcome: "partial", score: 4, flags: ["hesitation", "jerky motion"] });
    // Segments: exact times from the keys.
    expect(doc.segments.map((s) => [s.kind, s.startNs - startNs, s.endNs - startNs])).toEqual([
      ["failure", 2n * S, 4n * S],
      ["recovery", 5n * S, 7n * S],
    ]);
    // Chunks: a contiguous partition of the episode whose boundaries are the split times snapped to robot events.
    const expectedBoundaries = SPLIT_AT_S.map((s) => snapTime(startNs + BigInt(s) * S, events, TOLERANCE_NS));
    const edges = [startNs, ...expectedBoundaries, endNs];
    expect(chunkRows(doc)).toEqual(PRIMITIVES.map((p, i) => [p, edges[i]!, edges[i + 1]!]));
    const snapped = expectedBoundaries.filter((t, i) => t !== startNs + BigInt(SPLIT_AT_S[i]!) * S);
    expect(snapped.length).toBeGreaterThanOrEqual(1);
    for (const t of snapped) expect(events).toContain(t); // a boundary landed exactly on a robot event
    const tierBoundaries = await page.locator(".chunk-boundary").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.tNs));
    expect(tierBoundaries).toEqual(expectedBoundaries.map(String));
    // Instruction and paraphrases.
    expect(doc.instructions).toHaveLength(1);
    expect(doc.instructions[0]).toMatchObject({ scope: "episode", text: INSTRUCTION, paraphrases: PARAPHRASES });
    // Reward: progress from chunks, keyframe 1 raised by 0.1 and moved later by one step.
    expect(doc.rewards!.generator.kind).toBe("progress-from-chunks");
    expect(doc.rewards!.keyframes).toHaveLength(generated.keyframes.length);
    const before = generated.keyframes[1]!;
    const after = doc.rewards!.keyframes[1]!;
    expect(after.value).toBeCloseTo(before.value + 0.1, 9);
    expect(after.tNs).toBeGreaterThan(before.tNs);
    expect(after.tNs - before.tNs).toBeLessThan(S / 10n); // one step of the step clock
    for (const i of [0, 2, 3, 4, 5]) expect(doc.rewards!.keyframes[i]).toEqual(generated.keyframes[i]);

    // Undo / redo round-trip: two steps back (the keyframe's move and its value) give the generated curve again, two
    // steps forward give exactly the reviewed document.
    reviewed = edited(doc);
    await press(page, "Control+z", 2);
    await expect.poll(async () => (await serverDoc())?.rewards?.keyframes[1], { timeout: 15_000 }).toEqual(generated.keyframes[1]);
    expect(edited(await settled(page))).toEqual(edited({ ...doc, rewards: { ...doc.rewards!, keyframes: generated.keyframes } }));
    await press(page, "Control+Shift+z", 2);
    await expect.poll(async () => edited(await serverDoc()), { timeout: 15_000 }).toEqual(reviewed);
    await settled(page);

    mkdirSync(ARTIFACTS, { recursive: true });
    for (const tier of ["quality", "segments", "chunks", "instructions", "reward"]) {
      await page.locator(`section.tier[data-tier="${tier}"]`).screenshot({ path: join(ARTIFACTS, `tier-${tier}.png`) });
    }
    await page.locator(".timeline").screenshot({ path: join(ARTIFACTS, "annotation-tiers.png") });
    // V (not counted: only to photograph the inspector) goes from the last segment to none, then to the first.
    await page.keyboard.press("v");
    await page.keyboard.press("v");
    await expect.poll(() => page.getByTestId("selected-segment").isVisible()).toBe(true);
    await page.getByRole("group", { name: "Segments", exact: true }).screenshot({ path: join(ARTIFACTS, "inspector-segments.png") });
    await page.screenshot({ path: join(ARTIFACTS, "annotation-review.png") });
    const typed = INSTRUCTION.length + PARAPHRASES.join("").length;
    console.log(`annotationReview e2e keystrokes: ${keystrokes} (${keystrokes - typed} keys + ${typed} characters of instruction text)`);
    expect(browser.errors.filter((e) => !e.includes("favicon"))).toEqual([]);
  });

  it("brings every value back exactly after a reload", async () => {
    const { page } = browser;
    const saved = await serverDoc();
    expect(edited(saved)).toEqual(reviewed);
    await page.reload();
    await expect.poll(() => page.getByRole("button", { name: /Partial/ }).getAttribute("aria-pressed"), { timeout: 30_000 }).toBe("true");
    expect(await page.getByRole("button", { name: "Score 4", exact: true }).getAttribute("aria-pressed")).toBe("true");
    const chips = page.getByRole("group", { name: "Quality flags" }).getByRole("button", { pressed: true });
    expect(await chips.allTextContents()).toEqual(["hesitation", "jerky motion"]);
    const segments = page.getByTestId("segment");
    expect(await segments.evaluateAll((els) => els.map((e) => e.textContent))).toEqual(["failure00:02.000–00:04.000", "recovery00:05.000–00:07.000"]);
    await expect.poll(() => chunkTier(page), { timeout: 10_000 }).toEqual(PRIMITIVES);
    expect(await page.locator(".chunk-boundary").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.tNs))).toEqual(
      saved!.chunks
        .map((c) => c.endNs)
        .filter((t) => t !== endNs)
        .sort((a, b) => (a < b ? -1 : 1))
        .map(String),
    );
    const text = await page.locator("body").innerText();
    expect(text).toContain(INSTRUCTION);
    // Opening the episode again did not rewrite anything: the document is byte-for-byte the reviewed one.
    await page.waitForTimeout(500);
    const again = await serverDoc();
    expect(again!.revision).toBe(saved!.revision);
    expect(edited(again)).toEqual(reviewed);
    expect(browser.errors.filter((e) => !e.includes("favicon"))).toEqual([]);
  });

  it("lists every key on the shortcut sheet (?), and Escape closes it", async () => {
    const { page } = browser;
    await page.keyboard.press("?");
    const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect.poll(() => sheet.isVisible(), { timeout: 5_000 }).toBe(true);
    const text = await sheet.innerText();
    for (const line of ["Play / pause", "Split the action chunk", "Next segment kind", "Edit the episode instruction", "Show or hide this sheet"]) {
      expect(text).toContain(line);
    }
    for (const key of ["Shift+K", "S", "P", "?", "Ctrl+Z", "Shift+P"]) expect(text).toContain(key);
    await page.screenshot({ path: join(ARTIFACTS, "shortcut-sheet.png") });
    const clock = await clockSeconds(page);
    await page.keyboard.press("ArrowRight"); // swallowed by the sheet: no frame step
    await page.waitForTimeout(300);
    expect(await clockSeconds(page)).toBe(clock);
    await page.keyboard.press("Escape");
    await expect.poll(() => sheet.count(), { timeout: 5_000 }).toBe(0);
  });
});

describe("pointer edits on the tiers (second sample episode)", () => {
  const EPISODE_2 = "pick_cube_002.mcap";

  /** The second episode's document as the server has it. */
  const doc2 = async () => (await api.annotation.load({ path: EPISODE_2 }))!;

  /** Drag with the mouse from (x0, y) to (x1, y) in small steps. */
  async function drag(page: Page, x0: number, x1: number, y: number): Promise<void> {
    await page.mouse.move(x0, y);
    await page.mouse.down();
    await page.mouse.move((x0 + x1) / 2, y, { steps: 4 });
    await page.mouse.move(x1, y, { steps: 4 });
    await page.mouse.up();
  }

  it("creates, resizes and moves a segment by dragging, each drag one undo step, and snaps a dragged chunk boundary", async () => {
    const { page } = browser;
    const summary = await api.episode.open({ path: EPISODE_2 });
    const start = summary.startNs;
    const span = Number(summary.endNs - start);
    const joints = summary.channels.filter((c) => c.kind === "joints" && c.messageCount > 0 && /joint/i.test(c.schemaName));
    const series = await Promise.all(joints.map((c) => api.episode.series({ episodeId: summary.episodeId, topic: c.topic })));
    const events2 = eventTimes(robotEventsOf(series));
    // A task → subtask → primitive tree, saved through the API before the page opens the episode.
    const cut = start + BigInt(Math.round(span * 0.8));
    const chunk = (id: string, primitive: string, a: bigint, b: bigint, parentId: string | null) => ({ id, primitive, startNs: a, endNs: b, parentId, note: "" });
    const fingerprint = { sizeBytes: summary.sizeBytes, startNs: summary.startNs, endNs: summary.endNs, messageCount: summary.messageCount };
    await api.annotation.save({
      path: EPISODE_2,
      document: {
        ...emptyAnnotation(EPISODE_2, fingerprint, { id: "e2e-review", name: "E2E Review" }),
        chunks: [
          chunk("task", "hand over", start, summary.endNs, null),
          chunk("grab", "grab cube", start, cut, "task"),
          chunk("put", "put down", cut, summary.endNs, "task"),
          chunk("p1", "reach", start, cut, "grab"),
          chunk("p2", "place", cut, summary.endNs, "put"),
        ],
      },
    });
    await page.goto(`${serve.url}/?episode=${EPISODE_2}`);
    try {
      await expect.poll(() => page.getByRole("button", { name: "Score 4", exact: true }).isEnabled(), { timeout: 60_000 }).toBe(true);
    } catch (e) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, "annotation-tiers-pointer-failed-open.png") });
      throw new Error(`${EPISODE_2} did not open for editing; page errors: ${browser.errors.join("; ")}`, { cause: e });
    }
    await expect.poll(() => page.locator(".robot-events").getAttribute("data-event-count"), { timeout: 30_000 }).toBe(String(events2.length));
    // The parent levels are thin rows above the primitives.
    expect(await page.locator(".chunk-parent-row").count()).toBe(2);
    expect(await page.locator(".chunk-parent").count()).toBe(3);
    expect(await chunkTier(page)).toEqual(["reach", "place"]);

    // The timeline scrolls inside its pane: bring the lane into view before pointing at it.
    await page.locator('.segment-lane[data-lane="hesitation"]').scrollIntoViewIfNeeded();
    const lane = (await page.locator('.segment-lane[data-lane="hesitation"]').boundingBox())!;
    const xAt = (f: number) => lane.x + lane.width * f;
    const frac = (t: bigint) => Number(t - start) / span;
    const px = 1 / lane.width; // one pixel as a fraction of the episode
    const y = lane.y + lane.height / 2;

    // Create: drag 20 % → 40 % on the hesitation lane.
    await drag(page, xAt(0.2), xAt(0.4), y);
    // The page saves as it drags (latest wins): "Saved" means the server holds the drag's end.
    let seg = (await settled(page, EPISODE_2)).segments[0]!;
    expect(seg.kind).toBe("hesitation");
    expect(frac(seg.startNs)).toBeCloseTo(0.2, 2);
    expect(Math.abs(frac(seg.endNs) - 0.4)).toBeLessThan(2 * px);
    const created = { startNs: seg.startNs, endNs: seg.endNs };

    // Resize: drag its end edge 10 % later.
    const endEdge = (await page.locator(`[data-segment-id="${seg.id}"] [data-edge="end"]`).boundingBox())!;
    await drag(page, endEdge.x + endEdge.width / 2, endEdge.x + endEdge.width / 2 + lane.width * 0.1, y);
    seg = (await settled(page, EPISODE_2)).segments[0]!;
    expect(Math.abs(frac(seg.endNs) - 0.5)).toBeLessThan(3 * px);
    const resized = { startNs: seg.startNs, endNs: seg.endNs };

    // Move: drag its body 10 % earlier; the length is kept.
    const body = (await page.locator(`[data-segment-id="${seg.id}"]`).boundingBox())!;
    await drag(page, body.x + body.width / 2, body.x + body.width / 2 - lane.width * 0.1, y);
    seg = (await settled(page, EPISODE_2)).segments[0]!;
    expect(Math.abs(frac(seg.startNs) - (frac(resized.startNs) - 0.1))).toBeLessThan(3 * px);
    expect(seg.endNs - seg.startNs).toBe(resized.endNs - resized.startNs);

    // Each drag is one undo step: undo the move, then the resize, then the creation.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await doc2()).segments[0]?.startNs, { timeout: 10_000 }).toBe(resized.startNs);
    expect((await doc2()).segments[0]!.endNs).toBe(resized.endNs);
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await doc2()).segments[0]?.endNs, { timeout: 10_000 }).toBe(created.endNs);
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await doc2()).segments.length, { timeout: 10_000 }).toBe(0);
    await page.keyboard.press("Control+Shift+z");
    await expect.poll(async () => (await doc2()).segments.length, { timeout: 10_000 }).toBe(1);

    // A chunk boundary dragged to 50 ms after a gripper event snaps onto it (tolerance 150 ms) ...
    await page.keyboard.press("Home");
    await page.keyboard.press("Shift+ArrowRight");
    await page.keyboard.press("s");
    await expect.poll(async () => (await doc2()).chunks.length, { timeout: 10_000 }).toBe(6);
    expect(await chunkTier(page)).toEqual(["reach", "reach", "place"]);
    const target = events2.find((t) => frac(t) > 0.3 && frac(t) < 0.7)!;
    const handle = page.locator(".chunk-boundary").first();
    await page.locator(".chunk-row").scrollIntoViewIfNeeded();
    const hb = (await handle.boundingBox())!;
    const row = (await page.locator(".chunk-row").boundingBox())!;
    const targetX = row.x + row.width * frac(target + 50_000_000n);
    await drag(page, hb.x + hb.width / 2, targetX, hb.y + hb.height / 2);
    // The left primitive of the dragged boundary (under "grab cube"): its end is the boundary.
    const boundary = async () => (await doc2()).chunks.find((c) => c.id === "p1")!.endNs;
    await expect.poll(boundary, { timeout: 10_000 }).toBe(target);

    // ... but not when the reviewer sets the tolerance to 0 ms in the tier's field.
    await page.getByRole("spinbutton", { name: "Snap tolerance (ms)" }).fill("0");
    await page.keyboard.press("Enter");
    const hb2 = (await handle.boundingBox())!;
    await drag(page, hb2.x + hb2.width / 2, targetX + 1, hb2.y + hb2.height / 2);
    await settled(page, EPISODE_2);
    expect(await boundary()).not.toBe(target);
    expect(Math.abs(frac(await boundary()) - frac(target + 50_000_000n))).toBeLessThan(3 * px);
    await page.getByRole("spinbutton", { name: "Snap tolerance (ms)" }).fill("");
    await page.keyboard.press("Enter");
    // B moves the nearest boundary back to the playhead (1 s), snapped again with the config's 150 ms.
    await page.keyboard.press("b");
    await expect.poll(boundary, { timeout: 10_000 }).toBe(snapTime(start + S, events2, TOLERANCE_NS));
    // Shift+S merges the chunk at the playhead (the last one under "grab cube") back into the one before it.
    await page.keyboard.press("Shift+S");
    await expect.poll(() => chunkTier(page), { timeout: 10_000 }).toEqual(["reach", "place"]);
    await expect.poll(boundary, { timeout: 10_000 }).toBe(cut);

    await page.locator(".timeline").screenshot({ path: join(ARTIFACTS, "annotation-tiers-pointer.png") });
    expect(browser.errors.filter((e) => !e.includes("favicon"))).toEqual([]);
  });
});

describe("robot events that cannot be found", () => {
  it("the chunks tier says so (nothing snaps) instead of showing no ticks silently", async () => {
    const page = await browser.context.newPage();
    try {
      // The robot events worker's script cannot be loaded (as when a build is incomplete): the worker fails.
      await page.route(/robotEvents\.worker/, (route) => route.abort());
      await page.goto(`${serve.url}/?episode=${EPISODE}`);
      const warning = page.locator('.tier[data-tier="chunks"] .tier-warning');
      await expect.poll(() => warning.textContent(), { timeout: 30_000 }).toBe("robot events not found: no snapping");
      expect(await warning.getAttribute("title")).toMatch(/robot events/);
      expect(await page.locator(".robot-events").getAttribute("data-event-count")).toBe("0");
      await page.locator('.tier[data-tier="chunks"]').screenshot({ path: join(ARTIFACTS, "chunks-tier-no-robot-events.png") });
    } finally {
      await page.close();
    }
  });
});
