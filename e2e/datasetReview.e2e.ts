/**
 * Dataset review end to end: a generated dataset of 8 episodes (one damaged) served by `episcope serve`; the
 * sidebar indexes it with a progress bar; five episodes are reviewed in a row with keys only (n, 1/2, a) — statuses,
 * the queue position and the overview counts follow, every verdict is on disk, and a reload restores everything.
 * Then a second server on the same folder with another annotator reviews too: both layers survive, side by side.
 * Screenshots: the list, the table, the overview (e2e/artifacts/dataset-*.png).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset, type FixtureEpisode } from "../scripts/dataset-fixture/generateDataset.ts";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { httpApi } from "./harness/httpApi.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

let dataset: string;
let episodes: FixtureEpisode[];
let serveA: ServeProcess;
let serveB: ServeProcess | null = null;
let browser: BrowserSession;
let keystrokes = 0;

beforeAll(async () => {
  dataset = await mkdtemp(join(tmpdir(), "episcope-e2e-dataset-"));
  // No annotations: every episode starts unreviewed. One damaged episode must be listed and skipped by the queue.
  episodes = await generateDataset(dataset, { episodes: 8, seed: 11, damaged: 1, annotations: false });
  serveA = await startServe(dataset, { EPISCOPE_ANNOTATOR: "rev_a:Reviewer A" });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serveA?.stop();
  await serveB?.stop();
});

async function press(page: Page, key: string): Promise<void> {
  keystrokes++;
  await page.keyboard.press(key);
}

const sidebar = (page: Page) => page.getByRole("navigation", { name: "Episodes" });
const position = (page: Page) => sidebar(page).getByLabel("Queue position").textContent();
/** Name of the episode marked current in the sidebar list. */
const currentName = (page: Page) => sidebar(page).locator('.episode-item[aria-current="true"] .episode-name > span').textContent();
const statusOf = (page: Page, name: string) => sidebar(page).locator(".episode-item", { hasText: name }).getAttribute("data-status");

async function reviewOnDisk(annotator: string, episodePath: string): Promise<{ status: string; outcome: string | null } | null> {
  try {
    const doc = JSON.parse(await readFile(join(dataset, ".episcope/annotations", annotator, episodePath.replace(/\.mcap$/, ".json")), "utf8"));
    return { status: doc.review.status, outcome: doc.review.outcome };
  } catch {
    return null;
  }
}

const nameOf = (p: string) => p.replace(/^.*\//, "").replace(/\.mcap$/, "");

describe("dataset review queue", () => {
  it("indexes, reviews five episodes with keys only, counts, and restores everything after a reload", async () => {
    const { page } = browser;
    const readable = episodes.filter((e) => !e.damaged);
    const damaged = episodes.find((e) => e.damaged)!;
    await page.goto(serveA.url);
    await expect.poll(() => position(page), { timeout: 30_000 }).toBe("0 / 8 reviewed");
    // Indexed: every readable row has its duration and operator; the damaged one says why.
    await expect.poll(() => sidebar(page).locator(".episode-duration", { hasText: /^\d+:\d\d\.\d$/ }).count(), { timeout: 30_000 }).toBe(readable.length);
    await expect.poll(() => sidebar(page).locator(".episode-item.unreadable").textContent()).toMatch(/unreadable: truncated/);
    expect(await sidebar(page).getByText(readable[0]!.operator).first().isVisible()).toBe(true);
    await expect.poll(() => currentName(page), { timeout: 30_000 }).toBe(nameOf(episodes[0]!.path));
    await screenshot(page, "dataset-list");

    // The queue: n opens the next unreviewed readable episode (after the one open at start), 1 = success, a = accept.
    const order = episodes.slice(1).filter((e) => !e.damaged).slice(0, 5);
    const switchMs: number[] = [];
    for (const [i, e] of order.entries()) {
      const t0 = Date.now();
      await press(page, "n");
      // Ready: the list marks the episode current and its loading mark (◌) gave way to the playing mark (▶).
      await page.waitForFunction(
        (name) => document.querySelector('.episode-item[aria-current="true"] .episode-name')?.textContent === `▶ ${name}`,
        nameOf(e.path),
        { polling: "raf", timeout: 15_000 },
      );
      switchMs.push(Date.now() - t0);
      await expect.poll(() => reviewOnDisk("rev_a", e.path), { timeout: 15_000 }).toEqual({ status: "in_progress", outcome: null });
      await press(page, i === 2 ? "2" : "1");
      await press(page, "a");
      await expect.poll(() => statusOf(page, nameOf(e.path)), { timeout: 10_000 }).toBe("accepted");
      await expect.poll(() => position(page)).toBe(`${i + 1} / 8 reviewed`);
      await expect.poll(() => reviewOnDisk("rev_a", e.path), { timeout: 10_000 }).toEqual({ status: "accepted", outcome: i === 2 ? "failure" : "success" });
    }
    expect(keystrokes).toBe(15);
    // The first switch opens a cold episode; the next ones were prefetched while the previous one was reviewed.
    console.log(`datasetReview e2e: n → episode ready, ms: ${switchMs.join(", ")}`);
    expect(order.map((e) => e.path)).not.toContain(damaged.path);
    await expect.poll(() => page.getByTestId("save-state").getAttribute("data-state"), { timeout: 10_000 }).toBe("saved");
    await screenshot(page, "dataset-queue");

    // The overview counts what was done.
    await sidebar(page).getByRole("button", { name: "Overview" }).click();
    const statusChart = page.getByRole("img", { name: /^Review status:/ });
    expect(await statusChart.getAttribute("aria-label")).toBe("Review status: unreviewed 3, in progress 0, accepted 5, rejected 0, needs fix 0, conflict 0");
    expect(await page.getByRole("img", { name: /^Outcome:/ }).getAttribute("aria-label")).toBe("Outcome: success 4, failure 1, partial 0, unusable 0, (none) 3");
    expect(await page.getByRole("img", { name: /^Durations histogram:/ }).count()).toBe(1);
    await screenshot(page, "dataset-overview");
    // The table, filtered by a facet.
    await page.getByRole("tab", { name: "Episodes" }).click();
    await page.getByRole("complementary", { name: "Facets" }).getByRole("checkbox").first().check(); // Status: the biggest value
    await expect.poll(() => page.getByRole("table", { name: "Episode table" }).getAttribute("aria-rowcount")).toBe("5");
    await screenshot(page, "dataset-table");

    // Metadata edited in the app overrides the MCAP record (kept in .episcope/episodes.json).
    const edited = order[0]!;
    await page.getByRole("table", { name: "Episode table" }).getByText(nameOf(edited.path), { exact: true }).click();
    await page.getByRole("textbox", { name: `operator of ${nameOf(edited.path)}` }).fill("lead_op");
    await page.getByRole("button", { name: "Save metadata" }).click();
    await expect.poll(() => page.locator(`.table-row[data-path="${edited.path}"] .cell.overridden`).first().textContent(), { timeout: 10_000 }).toBe("lead_op");
    expect(JSON.parse(await readFile(join(dataset, ".episcope/episodes.json"), "utf8"))).toEqual({ episodes: { [edited.path]: { operator: "lead_op" } } });
    // A table import with an unknown column and a bad row is taken in part, with a report of what was ignored.
    await page.getByLabel("Import metadata table").setInputFiles({
      name: "ops.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`path,task,weather\n${order[1]!.path},relabelled,sunny\nbad-row\n`),
    });
    const report = page.getByRole("status").filter({ hasText: "Imported" });
    await expect.poll(() => report.textContent(), { timeout: 10_000 }).toMatch(/Imported 1 episode; ignored 2:.*ops\.csv column "weather".*ops\.csv line 3/);
    await expect.poll(() => page.locator(`.table-row[data-path="${order[1]!.path}"] .cell.overridden`).first().textContent()).toBe("relabelled");
    await screenshot(page, "dataset-table-metadata");
    await page.getByRole("button", { name: "Dismiss" }).click();
    await page.getByRole("complementary", { name: "Facets" }).getByRole("checkbox").first().uncheck();
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("region", { name: /Dataset (table|overview)/ }).count()).toBe(0);

    // Reload: statuses, outcomes and the position come back from disk.
    await page.reload();
    await expect.poll(() => position(page), { timeout: 60_000 }).toBe("5 / 8 reviewed");
    for (const e of order) expect(await statusOf(page, nameOf(e.path))).toBe("accepted");
    await expect.poll(() => currentName(page), { timeout: 30_000 }).toBe(nameOf(order.at(-1)!.path));
    // Shift+N goes back one readable episode; opening a decided episode again leaves its verdict alone.
    await press(page, "Shift+N");
    await expect.poll(() => currentName(page), { timeout: 15_000 }).toBe(nameOf(order.at(-2)!.path));
    await expect.poll(() => page.getByTestId("save-state").getAttribute("data-state"), { timeout: 10_000 }).toBe("saved");
    expect(await reviewOnDisk("rev_a", order.at(-2)!.path)).toEqual({ status: "accepted", outcome: "success" });
    expect(browser.errors.filter((e) => !e.includes("favicon"))).toEqual([]);
  });

  it("two servers with two annotators on one folder both save, and both layers survive", async () => {
    serveB = await startServe(dataset, { EPISCOPE_ANNOTATOR: "rev_b:Reviewer B" });
    const pageA = browser.page;
    const pageB = await browser.context.newPage();
    await pageB.goto(serveB.url);
    await expect.poll(() => position(pageB), { timeout: 30_000 }).toBe("5 / 8 reviewed"); // B sees A's layer
    const target = episodes.filter((e) => !e.damaged).at(-1)!; // the last unreviewed readable one
    // Both reviewers open the same episode through their own queues and decide differently, at the same time.
    await sidebar(pageB).getByText(nameOf(target.path), { exact: true }).click();
    await sidebar(pageA).getByText(nameOf(target.path), { exact: true }).click();
    await expect.poll(() => currentName(pageB), { timeout: 15_000 }).toBe(nameOf(target.path));
    await expect.poll(() => currentName(pageA), { timeout: 15_000 }).toBe(nameOf(target.path));
    await pageB.keyboard.press("2");
    await pageB.keyboard.press("x");
    await pageA.keyboard.press("3");
    await pageA.keyboard.press("m");
    await expect.poll(() => reviewOnDisk("rev_b", target.path), { timeout: 15_000 }).toEqual({ status: "rejected", outcome: "failure" });
    await expect.poll(() => reviewOnDisk("rev_a", target.path), { timeout: 15_000 }).toEqual({ status: "needs_fix", outcome: "partial" });

    // Both servers report both layers for that episode, and A's five verdicts are intact.
    for (const serve of [serveA, serveB]) {
      const { rows } = await httpApi(serve.url).dataset.rows({});
      const row = rows.find((r) => r.path === target.path)!;
      expect(row.annotators).toEqual(["rev_a", "rev_b"]);
      expect(row.reviews.map((r) => [r.annotator, r.status, r.outcome])).toEqual([
        ["rev_a", "needs_fix", "partial"],
        ["rev_b", "rejected", "failure"],
      ]);
      expect(rows.filter((r) => r.reviews.some((v) => v.annotator === "rev_a" && v.status === "accepted"))).toHaveLength(5);
    }
    await pageB.reload();
    await expect.poll(() => sidebar(pageB).getByLabel("Annotation layers").textContent(), { timeout: 30_000 }).toMatch(/rev_a \(read-only\): needs fix · partial.*rev_b \(you, editing\): rejected · failure/);
    await screenshot(pageB, "dataset-two-layers");
    await pageB.close();
  });

  it("indexes a large dataset in the background with a progress bar, cancel and resume", async () => {
    const big = await mkdtemp(join(tmpdir(), "episcope-e2e-dataset-big-"));
    await generateDataset(big, { episodes: 600, seed: 5, damaged: 2 });
    const serve = await startServe(big, { EPISCOPE_ANNOTATOR: "rev_a:Reviewer A" });
    const page = await browser.context.newPage();
    try {
      await page.goto(serve.url);
      const bar = sidebar(page).getByRole("progressbar", { name: "Indexing progress" });
      await bar.waitFor({ timeout: 30_000 });
      await screenshot(page, "dataset-indexing");
      await sidebar(page).getByRole("button", { name: "Cancel" }).click();
      const status = sidebar(page).getByRole("status", { name: "Indexing" });
      await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/Indexing cancelled at \d+ \/ 600/);
      const cancelledAt = Number(/at (\d+)/.exec((await status.textContent())!)![1]);
      expect(cancelledAt).toBeLessThan(600);
      await sidebar(page).getByRole("button", { name: "Resume" }).click();
      await expect.poll(() => status.textContent(), { timeout: 90_000 }).toBe("600 indexed · 2 unreadable");
      const progress = await httpApi(serve.url).dataset.indexStatus({});
      expect(progress).toMatchObject({ state: "done", total: 600, failed: 2 });
      expect(progress!.cached).toBeGreaterThanOrEqual(cancelledAt - 2); // what the cancelled job indexed was kept
      await expect.poll(() => position(page)).toMatch(/^\d+ \/ 600 reviewed$/);
      // The list is virtualized: 600 rows, only a screenful in the DOM.
      expect(await sidebar(page).locator(".episode-item").count()).toBeLessThan(60);
      await sidebar(page).getByRole("button", { name: "Overview" }).click();
      await screenshot(page, "dataset-overview-600");
    } finally {
      await page.close();
      await serve.stop();
      await rm(big, { recursive: true, force: true });
    }
  });
});
