/**
 * The lead's audit end to end (issue #14): a generated planted-defect dataset served by `episcope serve`; the lead
 * opens the Audit screen, filters the episode list to the worst operator (lowest success rate, marked) by a click,
 * opens the top episode of the Triage view, accepts a suggested hesitation with one key (`y`); the segment is in the
 * annotation document on disk and still on the timeline after a reload. Screenshots of the Triage view, the Audit
 * screen (1600×1000 and 1280×720) and the HTML report of `episcope audit --html`.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANNOTATOR, generateAuditDataset, type AuditFixture } from "../scripts/audit-fixture/generateAuditDataset.ts";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

let dataset: string;
let fixture: AuditFixture;
let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  dataset = await mkdtemp(join(tmpdir(), "episcope-e2e-audit-"));
  fixture = await generateAuditDataset(dataset, { episodes: 48, baseDurationS: 5 });
  serve = await startServe(dataset, { EPISCOPE_ANNOTATOR: `${ANNOTATOR.id}:${ANNOTATOR.name}` });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

const docOf = async (episodePath: string) =>
  JSON.parse(await readFile(join(dataset, ".episcope/annotations", ANNOTATOR.id, episodePath.replace(/\.mcap$/, ".json")), "utf8")) as {
    segments: Array<{ kind: string; startNs: string; endNs: string }>;
  };

describe("lead's audit", () => {
  it("audit screen → worst operator by a click → top triage episode → accept a suggested hesitation with one key", async () => {
    const { page } = browser;
    const reviewed = fixture.episodes.filter((e) => e.outcome !== null).length;
    await page.goto(serve.url);
    const sidebar = page.getByRole("navigation", { name: "Episodes" });
    await expect.poll(() => sidebar.getByLabel("Queue position").textContent(), { timeout: 60_000 }).toBe(`${reviewed} / 48 reviewed`);
    await expect.poll(() => page.getByRole("progressbar").count(), { timeout: 60_000 }).toBe(0);

    // The Audit screen: groups by operator; the worst (lowest success) is marked and says why.
    await sidebar.getByRole("button", { name: "Audit" }).click();
    const worst = Object.entries(fixture.successByOperator).sort((a, b) => a[1].success / a[1].decided - b[1].success / b[1].decided)[0]![0];
    const row = page.locator(".audit-group", { has: page.getByRole("rowheader", { name: new RegExp(worst) }) });
    await expect.poll(() => row.getAttribute("data-stands-out"), { timeout: 30_000 }).toBe("true");
    const truth = fixture.successByOperator[worst]!;
    const text = (await row.textContent())!;
    expect(text).toContain(`(${truth.success}/${truth.decided})`);
    // Failure and recovery shares of the decided episodes, each over its Wilson interval.
    expect(text).toContain(`(${truth.decided - truth.success}/${truth.decided})`);
    expect(text).toContain(`(${truth.recovery}/${truth.decided})`);
    expect(await row.locator(".audit-ci").count()).toBe(3);
    // 1600×1000: the whole table fits its pane (no sideways scrolling).
    const pane = page.locator(".audit-screen");
    const overflow = () => pane.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, "audit-screen");
    // 1280×720: the table scrolls sideways inside its pane (not the page), and the group column stays in view.
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect.poll(overflow).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    const header = row.getByRole("rowheader");
    const episodesCell = row.locator("td").first();
    const before = { header: (await header.boundingBox())!.x, cell: (await episodesCell.boundingBox())!.x };
    await pane.evaluate((el) => (el.scrollLeft = el.scrollWidth));
    await expect.poll(() => pane.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    const scrolled = await pane.evaluate((el) => el.scrollLeft);
    expect((await episodesCell.boundingBox())!.x).toBeCloseTo(before.cell - scrolled, 0);
    // The group cell did not move with the rest (sticky), and is still inside the pane.
    const paneLeft = (await pane.boundingBox())!.x;
    const headerX = (await header.boundingBox())!.x;
    expect(Math.abs(headerX - before.header)).toBeLessThanOrEqual(1);
    expect(headerX).toBeGreaterThanOrEqual(paneLeft - 1);
    await screenshot(page, "audit-screen-1280");
    await pane.evaluate((el) => (el.scrollLeft = 0));
    await page.setViewportSize({ width: 1600, height: 1000 });

    // Session facet: the moved-camera session stands out.
    await page.getByRole("tab", { name: "session" }).click();
    await expect.poll(() => page.locator('.audit-group[data-stands-out="true"]', { hasText: "camera /cam_high moved" }).count()).toBe(1);
    await page.getByRole("tab", { name: "operator" }).click();

    // A click filters the episode list to that operator.
    await row.click();
    const mine = fixture.episodes.filter((e) => e.operator === worst).length;
    await expect.poll(() => page.locator(".workspace-title").textContent()).toContain(`${mine} of 48 episodes`);

    // The Triage view (within the filter): the top episode, opened by a click.
    await page.getByRole("tab", { name: "Triage" }).click();
    const top = page.locator(".triage-item").first();
    await expect.poll(() => top.locator(".reason-chip").first().textContent()).toMatch(/hesitat/);
    await screenshot(page, "audit-triage");
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, "audit-triage-1280");
    await page.setViewportSize({ width: 1600, height: 1000 });
    const topPath = (await top.locator(".triage-path").textContent())!;
    const planted = fixture.episodes.find((e) => e.path === topPath)!;
    expect(planted.defects).toContain("hesitation");
    await top.click();

    // The review screen: the suggestions are shown, nothing is written yet; `y` accepts the first hesitation.
    const suggestion = page.locator('.suggestion-block[data-kind="hesitation"]').first();
    await expect.poll(() => suggestion.count(), { timeout: 30_000 }).toBe(1);
    expect((await docOf(topPath)).segments).toEqual([]);
    await screenshot(page, "audit-suggestions");
    await page.keyboard.press("y");
    await expect.poll(async () => (await docOf(topPath)).segments.map((s) => s.kind), { timeout: 15_000 }).toEqual(["hesitation"]);
    const saved = (await docOf(topPath)).segments[0]!;
    const pause = planted.pauses[0]!;
    const inter = Math.min(Number(saved.endNs), Number(pause.endNs)) - Math.max(Number(saved.startNs), Number(pause.startNs));
    const union = Math.max(Number(saved.endNs), Number(pause.endNs)) - Math.min(Number(saved.startNs), Number(pause.startNs));
    expect(inter / union).toBeGreaterThanOrEqual(0.5);

    // After reloading the page the segment is still there (on disk and on the timeline), as an ordinary hesitation segment.
    // A fresh page on the episode's deep link (what a reload of the review screen shows).
    await page.goto(`${serve.url}${serve.url.includes("?") ? "&" : "?"}episode=${encodeURIComponent(topPath)}&t=0`);
    await expect.poll(() => page.locator('.segment-block[data-kind="hesitation"]').count(), { timeout: 30_000 }).toBe(1);
    expect((await docOf(topPath)).segments).toHaveLength(1);
    expect(browser.errors).toEqual([]);
  }, 240_000);

  it("the HTML report of `episcope audit --html` renders (screenshot)", async () => {
    const html = join(dataset, "..", "episcope-e2e-audit-report.html");
    execFileSync(process.execPath, [join(import.meta.dirname, "..", "bin", "episcope.mjs"), "audit", dataset, "--html", html], { stdio: "ignore" });
    await browser.page.goto(pathToFileURL(html).href);
    expect(await browser.page.locator("svg").count()).toBeGreaterThan(4);
    await screenshot(browser.page, "audit-html-report");
  }, 120_000);
});
