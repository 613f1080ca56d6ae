/**
 * Three annotators on one folder (three `episcope serve` processes): alice and bob review by keyboard through their
 * own queues (`n` visits only the episodes *they* have not reviewed), two episodes end in conflict and the list marks
 * them with every annotator's outcome; the lead, logged in under her own name, adjudicates both by keyboard (Shift+A,
 * n = disagreements first, Alt+O adopt the overlaid outcome — one undo step —, Alt+L next layer, 3, a) into the
 * `adjudicated` layer, never her own; the agreement screen shows the kappa matrix; `episcope export --annotator
 * adjudicated` exports exactly the adjudicated values. Screenshots: agreement-*.png at 1600×1000 and 1280×720.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset, type FixtureEpisode } from "../scripts/dataset-fixture/generateDataset.ts";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const BIN = resolve(import.meta.dirname, "../bin/episcope.mjs");
let dataset: string;
let episodes: FixtureEpisode[];
const serves: ServeProcess[] = [];
let browser: BrowserSession;

beforeAll(async () => {
  dataset = await mkdtemp(join(tmpdir(), "episcope-e2e-agreement-"));
  episodes = await generateDataset(dataset, { episodes: 5, seed: 21, damaged: 0, annotations: false });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  for (const s of serves) await s.stop();
});

const sidebar = (page: Page) => page.getByRole("navigation", { name: "Episodes" });
const nameOf = (p: string) => p.replace(/^.*\//, "").replace(/\.mcap$/, "");
const row = (page: Page, path: string) => sidebar(page).locator(".episode-item", { has: page.getByText(nameOf(path), { exact: true }) });

/** Wait until the list marks `path` as the open, loaded episode. */
async function waitCurrent(page: Page, path: string): Promise<void> {
  await page.waitForFunction((name) => document.querySelector('.episode-item[aria-current="true"] .episode-name')?.textContent === `▶ ${name}`, nameOf(path), { timeout: 30_000 });
}

async function onDisk(layer: string, path: string): Promise<{ status: string; outcome: string | null } | null> {
  try {
    const doc = JSON.parse(await readFile(join(dataset, ".episcope/annotations", layer, path.replace(/\.mcap$/, ".json")), "utf8"));
    return { status: doc.review.status, outcome: doc.review.outcome };
  } catch {
    return null;
  }
}

/** Label the open episode with an outcome key and a decision key, and wait for it on disk. */
async function decide(page: Page, layer: string, path: string, outcomeKey: string, decisionKey: string, expected: { status: string; outcome: string }): Promise<void> {
  await page.keyboard.press(outcomeKey);
  await page.keyboard.press(decisionKey);
  await expect.poll(() => onDisk(layer, path), { timeout: 15_000 }).toEqual(expected);
}

/** `n`, and the episode it opened. */
async function next(page: Page, expected: string): Promise<void> {
  await page.keyboard.press("n");
  await waitCurrent(page, expected);
}

async function screenshots(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-1600`);
  await page.setViewportSize({ width: 1280, height: 720 });
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 1600, height: 1000 });
}

describe("three annotators, one truth", () => {
  it("per-annotator queues, visible conflicts, keyboard adjudication in the adjudicated layer, exact export", async () => {
    const [e0, e1, e2, e3, e4] = episodes.map((e) => e.path) as [string, string, string, string, string];
    for (const who of ["alice:Alice", "bob:Bob", "lena:Lena"]) serves.push(await startServe(dataset, { EPISCOPE_ANNOTATOR: who }));
    const [alice, bob, lena] = [browser.page, await browser.context.newPage(), await browser.context.newPage()];

    // Alice reviews e0 (open at start), then n → e1, e2.
    await alice.goto(serves[0]!.url);
    await waitCurrent(alice, e0);
    await decide(alice, "alice", e0, "2", "x", { status: "rejected", outcome: "failure" });
    await next(alice, e1);
    await decide(alice, "alice", e1, "1", "a", { status: "accepted", outcome: "success" });
    await next(alice, e2);
    await decide(alice, "alice", e2, "1", "a", { status: "accepted", outcome: "success" });

    // Bob's queue is his own: alice's reviews do not make n skip e1 and e2.
    await bob.goto(serves[1]!.url);
    await waitCurrent(bob, e0);
    await decide(bob, "bob", e0, "1", "a", { status: "accepted", outcome: "success" });
    await next(bob, e1);
    await decide(bob, "bob", e1, "1", "a", { status: "accepted", outcome: "success" });
    await next(bob, e2);
    await decide(bob, "bob", e2, "2", "x", { status: "rejected", outcome: "failure" });
    await next(bob, e3);
    await decide(bob, "bob", e3, "1", "a", { status: "accepted", outcome: "success" });

    // Alice's n goes to e3 (bob reviewed it, she did not), then e4, then says nothing is left for her.
    await alice.bringToFront();
    await next(alice, e3);
    await decide(alice, "alice", e3, "1", "a", { status: "accepted", outcome: "success" });
    await next(alice, e4);
    await alice.keyboard.press("n");
    await expect.poll(() => sidebar(alice).getByLabel("Queue notice").textContent(), { timeout: 10_000 }).toMatch(/No unreviewed episode left for alice/);

    // The lead sees both conflicts in the list, with every annotator's outcome.
    await lena.goto(serves[2]!.url);
    await waitCurrent(lena, e0);
    await expect.poll(() => sidebar(lena).locator(".episode-item.conflict").count(), { timeout: 30_000 }).toBe(2);
    expect(await row(lena, e0).getAttribute("data-status")).toBe("conflict");
    expect(await row(lena, e0).locator(".annotator-outcomes").textContent()).toBe("alice failure · bob success");
    expect(await row(lena, e2).locator(".annotator-outcomes").textContent()).toBe("alice success · bob failure");
    expect(await row(lena, e1).getAttribute("data-status")).toBe("accepted");
    await screenshots(lena, "agreement-list-conflicts");
    // The table: the facet "Annotators › annotators disagree" keeps exactly the two conflicts.
    await sidebar(lena).getByRole("button", { name: "Table" }).click();
    const facets = lena.getByRole("complementary", { name: "Facets" });
    await facets.locator("label", { hasText: "annotators disagree" }).getByRole("checkbox").check();
    await expect.poll(() => lena.getByRole("table", { name: "Episode table" }).getAttribute("aria-rowcount")).toBe("2");
    expect(await lena.locator(".table-row .conflict-cell").count()).toBe(2);
    await screenshots(lena, "agreement-table-conflicts");
    await facets.locator("label", { hasText: "annotators disagree" }).getByRole("checkbox").uncheck();
    await lena.keyboard.press("Escape");

    // Adjudicate by keyboard, logged in as lena: Shift+A; n takes the disagreements first (e2, then e0).
    await lena.keyboard.press("Shift+A");
    await expect.poll(() => sidebar(lena).getByLabel("Adjudication mode").textContent()).toMatch(/Adjudicating.*adjudicated layer \(you are lena\)/);
    await next(lena, e2);
    const sideBySide = lena.getByRole("region", { name: "Side by side: adjudicated and alice" });
    await expect.poll(() => sideBySide.getByLabel("Layer alice").locator(".overlay-summary").textContent(), { timeout: 15_000 }).toMatch(/^success/);
    await lena.keyboard.press("Alt+O"); // adopt alice's outcome
    await expect.poll(() => onDisk("adjudicated", e2), { timeout: 15_000 }).toEqual({ status: "in_progress", outcome: "success" });
    await lena.keyboard.press("Control+Z"); // one undo step takes it back
    await expect.poll(() => onDisk("adjudicated", e2), { timeout: 15_000 }).toEqual({ status: "in_progress", outcome: null });
    await lena.keyboard.press("Alt+O");
    await expect.poll(() => onDisk("adjudicated", e2), { timeout: 15_000 }).toEqual({ status: "in_progress", outcome: "success" });
    await lena.keyboard.press("a");
    await expect.poll(() => onDisk("adjudicated", e2), { timeout: 15_000 }).toEqual({ status: "accepted", outcome: "success" });
    await lena.keyboard.press("Alt+L"); // bob beside the adjudicated result: the outcomes differ
    const withBob = lena.getByRole("region", { name: "Side by side: adjudicated and bob" });
    await expect.poll(() => withBob.locator(".overlay-summary b[data-differs]").count(), { timeout: 15_000 }).toBe(2);
    await withBob.scrollIntoViewIfNeeded();
    await screenshots(lena, "agreement-side-by-side");

    await next(lena, e0);
    await decide(lena, "adjudicated", e0, "3", "a", { status: "accepted", outcome: "partial" });
    await expect.poll(() => sidebar(lena).locator(".episode-item.conflict").count(), { timeout: 15_000 }).toBe(0);
    // Nothing under lena's own name; alice's and bob's layers unchanged.
    expect((await readdir(join(dataset, ".episcope/annotations"))).sort()).toEqual(["adjudicated", "alice", "bob"]);
    expect(await onDisk("alice", e0)).toEqual({ status: "rejected", outcome: "failure" });
    expect(await onDisk("bob", e2)).toEqual({ status: "rejected", outcome: "failure" });

    // The mode belongs to this dataset and survives a reload; leaving it goes back to lena's own layer.
    await lena.reload();
    await expect.poll(() => sidebar(lena).getByLabel("Adjudication mode").count(), { timeout: 30_000 }).toBe(1);
    await lena.keyboard.press("Shift+A");
    await expect.poll(() => sidebar(lena).getByLabel("Adjudication mode").count()).toBe(0);

    // The agreement screen: alice × bob agree on 2 of 4 with the same marginals: kappa (0.5 − 0.625) / 0.375 = −0.33.
    await sidebar(lena).getByRole("button", { name: "Agreement" }).click();
    const matrix = lena.getByRole("table", { name: "Pairwise kappa on the outcome" });
    await expect.poll(() => matrix.locator('td[data-pair="alice|bob"] b').first().textContent(), { timeout: 15_000 }).toBe("-0.33");
    const summary = lena.getByRole("table", { name: "Per-annotator summary" });
    expect(await summary.locator("tr", { hasText: "alice" }).textContent()).toMatch(/1 \/ 2 \(50 %\)/);
    expect(await summary.locator("tr", { hasText: "bob" }).textContent()).toMatch(/0 \/ 2 \(0 %\)/);
    await screenshots(lena, "agreement-screen");
    await lena.keyboard.press("Escape");

    // Export the adjudicated layer: exactly the two adjudicated verdicts.
    const out = join(await mkdtemp(join(tmpdir(), "episcope-e2e-agreement-out-")), "export");
    await promisify(execFile)(process.execPath, [BIN, "export", dataset, "--format", "json", "--out", out, "--annotator", "adjudicated"]);
    const rows = JSON.parse(await readFile(join(out, "episodes.json"), "utf8")) as Array<{ episode: string; annotator: string | null; status: string; outcome: string | null }>;
    const labelled = rows.filter((r) => r.annotator !== null).map((r) => [r.episode, r.annotator, r.status, r.outcome]);
    expect(labelled.sort()).toEqual([
      [e0, "adjudicated", "accepted", "partial"],
      [e2, "adjudicated", "accepted", "success"],
    ].sort());
    expect(browser.errors.filter((e) => !e.includes("favicon"))).toEqual([]);
  }, 300_000);
});
