/**
 * The streaming contract end to end (issue 20): a real `episcope serve`, real Chromium, a generated dataset.
 * - Indexing progress reaches the page as `job.progress` events over the one event stream (`GET /events`): the page
 *   shows the job and its end, and asks for no status at all (no `dataset.indexStatus`, `import.status`,
 *   `export.status` request; `/events` opened once; rows fetched a bounded number of times).
 * - A file replaced on disk while open shows "the episode file changed on disk — reload" through an
 *   `episode.fileChanged` event, with no request of the page involved; Reload opens the new file.
 * - A save from another client (`annotation.changed`) reloads the open document in the page, which had no unsaved
 *   edits; the figure printed is the time from the save's reply to the event in the page.
 */
import { copyFile, mkdtemp, rename } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset, type FixtureEpisode } from "../scripts/dataset-fixture/generateDataset.ts";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { openEventStream } from "./harness/eventStream.ts";
import { httpApi } from "./harness/httpApi.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

let dataset: string;
let episodes: FixtureEpisode[];
let serve: ServeProcess;
let browser: BrowserSession;
/** Every request the page made: method and path. */
const requests: string[] = [];

/** Records every server-sent event the page's EventSource receives (time and text) in `window.__episcopeEvents`. */
const RECORD_EVENTS = `
  (() => {
    const Original = window.EventSource;
    window.__episcopeEvents = [];
    window.EventSource = class extends Original {
      constructor(url, init) {
        super(url, init);
        this.addEventListener("message", (m) => window.__episcopeEvents.push({ t: Date.now(), data: m.data }));
      }
    };
  })();
`;

interface SeenEvent {
  t: number;
  event: string;
  payload: Record<string, unknown>;
}

async function seenEvents(page: Page): Promise<SeenEvent[]> {
  const raw = await page.evaluate(() => (window as unknown as { __episcopeEvents: { t: number; data: string }[] }).__episcopeEvents);
  return raw.map(({ t, data }) => ({ t, ...(JSON.parse(data) as { event: string; payload: Record<string, unknown> }) }));
}

const count = (pattern: RegExp) => requests.filter((r) => pattern.test(r)).length;

beforeAll(async () => {
  dataset = await mkdtemp(join(tmpdir(), "episcope-e2e-stream-"));
  episodes = await generateDataset(dataset, { episodes: 12, seed: 5, annotations: false });
  serve = await startServe(dataset, { EPISCOPE_ANNOTATOR: "rev_s:Reviewer S" });
  browser = await launchBrowser();
  await browser.page.addInitScript(RECORD_EVENTS);
  browser.page.on("request", (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe("events instead of polling", () => {
  it("index progress reaches the page as events; the page polls no status", async () => {
    const { page } = browser;
    // A second receiver in the test process: the page's receipt of each progress event is timed against it.
    const node = await openEventStream(serve.url);
    await page.goto(serve.url);
    const sidebar = page.getByRole("navigation", { name: "Episodes" });
    await expect.poll(() => sidebar.getByLabel("Queue position").textContent(), { timeout: 60_000 }).toBe(`0 / ${episodes.length} reviewed`);
    await expect
      .poll(async () => (await seenEvents(page)).some((e) => e.event === "job.progress" && (e.payload.progress as { state: string }).state === "done"), { timeout: 60_000 })
      .toBe(true);
    await expect.poll(() => sidebar.locator(".episode-duration", { hasText: /^\d+:\d\d\.\d$/ }).count(), { timeout: 30_000 }).toBe(episodes.length);
    const progress = (await seenEvents(page)).filter((e) => e.event === "job.progress");
    expect(progress.every((e) => e.payload.kind === "index")).toBe(true);
    // Let the page sit for a while: an idle page sends no status request (the old loops asked every 250 ms).
    await page.waitForTimeout(2000);
    expect(count(/\/api\/dataset\.indexStatus$/)).toBe(0);
    expect(count(/\/api\/(import|export)\.status$/)).toBe(0);
    expect(count(/^GET \/events$/)).toBe(1);
    // Rows: at start, at most once a second while indexing, and once at the end.
    expect(count(/\/api\/dataset\.rows$/)).toBeLessThanOrEqual(8);
    console.log(`index job: ${progress.length} progress events; requests: ${requests.length} in all, ${count(/\/api\/dataset\.rows$/)} dataset.rows, 0 status`);
    // Latency: the same event (job, done, state) in the page vs. in the test process (itself ~1 ms after the emit).
    const key = (p: Record<string, unknown>) => JSON.stringify(p);
    const lags = progress
      .map((e) => {
        const twin = node.events.find((n) => n.event === "job.progress" && key(n.payload as Record<string, unknown>) === key(e.payload));
        return twin ? e.t - twin.t : null;
      })
      .filter((lag): lag is number => lag !== null)
      .sort((a, b) => a - b);
    node.close();
    expect(lags.length).toBeGreaterThan(0);
    console.log(
      `job.progress in the page after the test process got it: p50 ${lags[Math.floor(lags.length / 2)]} ms, max ${lags.at(-1)} ms over ${lags.length} events`,
    );
  });

  it("a save by another client reloads the open document in the page (annotation.changed)", async () => {
    const { page } = browser;
    const path = await page.evaluate(() => new URL(location.href).searchParams.get("episode"));
    const open = path ?? episodes[0]!.path;
    await expect.poll(() => page.locator(".outcome[aria-pressed='true']").count(), { timeout: 30_000 }).toBe(0);
    const other = httpApi(serve.url);
    const doc = await other.annotation.load({ path: open });
    expect(doc).toBeNull(); // nobody labelled it yet: the page shows an empty document
    const summary = await other.episode.open({ path: open });
    const { emptyAnnotation } = await import("../shared/annotation.ts");
    const fresh = emptyAnnotation(open, { sizeBytes: summary.sizeBytes, startNs: summary.startNs, endNs: summary.endNs, messageCount: summary.messageCount }, { id: "rev_s", name: "Reviewer S" });
    const sent = Date.now();
    const saved = await other.annotation.save({ path: open, document: { ...fresh, review: { ...fresh.review, outcome: "failure" } } });
    const replied = Date.now();
    await expect.poll(() => page.locator(".outcome-failure[aria-pressed='true']").count(), { timeout: 10_000 }).toBe(1);
    const change = (await seenEvents(page)).find((e) => e.event === "annotation.changed" && e.payload.revision === saved.revision);
    expect(change?.payload).toMatchObject({ episodePath: open, layer: "rev_s", origin: null });
    console.log(`annotation.changed: in the page ${change!.t - replied} ms after the save's reply (${change!.t - sent} ms after it was sent)`);
  });

  it("a file replaced on disk while open shows the changed-on-disk banner through an event; Reload opens the new file", async () => {
    const { page } = browser;
    const open = (await page.evaluate(() => new URL(location.href).searchParams.get("episode"))) ?? episodes[0]!.path;
    const before = requests.length;
    // Replace it the way a recorder or a sync tool does: write beside, rename over (a new inode).
    const replacement = join(dataset, "replacement.tmp");
    await copyFile(join(dataset, episodes[1]!.path), replacement);
    await rename(replacement, join(dataset, open));
    const alert = page.getByTestId("file-changed-alert");
    await expect.poll(() => alert.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await alert.textContent()).toMatch(/changed on disk — reload.*replaced by another file \(new inode\)/s);
    const event = (await seenEvents(page)).find((e) => e.event === "episode.fileChanged");
    expect(event?.payload).toMatchObject({ path: open });
    const asked = requests.slice(before).filter((r) => r.startsWith("POST /api/episode.") && !r.endsWith("episode.frames"));
    expect(asked).toEqual([]); // told by the event, not found by a request of the page
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, "stream-file-changed-1280");
    await page.setViewportSize({ width: 1600, height: 1000 });
    await screenshot(page, "stream-file-changed-1600");
    await alert.getByRole("button", { name: "Reload" }).click();
    await expect.poll(() => alert.isVisible(), { timeout: 10_000 }).toBe(false);
    expect(browser.errors.filter((e) => !/changed on disk/.test(e))).toEqual([]);
  });
});
