/**
 * The Player loads the next episode of the review queue ahead of time, end to end: a queue of the bundled sample's
 * episodes served by `episcope serve`; while the first is shown, the Player opens the next one, reads its frame
 * indexes and series and decodes each camera's first picture (real WebCodecs / image decoding in Chromium). Then `n`
 * shows that episode with every camera's picture at the default playhead and its plots filled — without a single
 * episode request (open, frame index, series, frames) between the key and the pictures.
 */
import { link, mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultPlayhead } from "../shared/playback/initialTime.ts";
import { latestAtOrBefore } from "../shared/time.ts";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { httpApi } from "./harness/httpApi.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const SAMPLE = fileURLToPath(new URL("../assets/sample/", import.meta.url));
/** Requests that load an episode for playback. */
const EPISODE_LOADS = /\/api\/episode\.(open|frameIndex|series|frames)$/;

let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  const folder = await mkdtemp(join(tmpdir(), "episcope-e2e-player-"));
  await mkdir(join(folder, "queue"));
  for (let k = 0; k < 4; k++) {
    await link(join(SAMPLE, k % 2 ? "pick_cube_002.mcap" : "pick_cube_001.mcap"), join(folder, "queue", `ep${k}.mcap`));
  }
  serve = await startServe(join(folder, "queue"));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

/** Every camera tile shows a frame: topic → frame index drawn. */
async function drawnFrames(): Promise<Record<string, number>> {
  return browser.page.evaluate(() =>
    Object.fromEntries(Array.from(document.querySelectorAll<HTMLElement>("section.tile")).map((t) => [t.dataset.topic!, Number(t.dataset.frameIndex)])),
  );
}

describe("next episode loaded ahead", () => {
  it("n shows the next episode's pictures (the right frames) and plots without an episode request after the key", async () => {
    const { page } = browser;
    await page.goto(`${serve.url}/?episode=ep0.mcap`);
    await expect.poll(async () => Object.values(await drawnFrames()).filter((i) => i >= 0).length, { timeout: 60_000 }).toBe(3);

    // The frames ep1 must open on, from the server: each camera's frame at the default playhead.
    const api = httpApi(serve.url);
    const summary = await api.episode.open({ path: "ep1.mcap" });
    const t0 = defaultPlayhead(summary);
    const cameras = summary.channels.filter((c) => c.kind === "camera" && c.messageCount > 0);
    const expected: Record<string, number> = {};
    for (const c of cameras) expected[c.topic] = latestAtOrBefore((await api.episode.frameIndex({ episodeId: summary.episodeId, topic: c.topic })).logTimesNs, t0);

    // Let the preload finish: no episode request for 1.5 s.
    let last = Date.now();
    page.on("request", (r) => {
      if (EPISODE_LOADS.test(r.url())) last = Date.now();
    });
    await expect.poll(() => Date.now() - last > 1500, { timeout: 60_000, interval: 250 }).toBe(true);

    // n: mark the old tiles, press, and list the episode requests the page started between the key and the moment
    // every new tile showed a picture (resource timing, in the page: requests made after the pictures do not count).
    await page.evaluate(() => {
      performance.setResourceTimingBufferSize(100_000);
      performance.clearResourceTimings();
      document.querySelectorAll("section.tile").forEach((t) => t.setAttribute("data-old", ""));
      addEventListener("keydown", () => ((window as unknown as { keyAt: number }).keyAt = performance.now()), { once: true, capture: true });
    });
    const shown = page.evaluate(
      (pattern) =>
        new Promise<{ frames: Record<string, number>; requests: string[] }>((resolve) => {
          const check = () => {
            const tiles = Array.from(document.querySelectorAll<HTMLElement>("section.tile:not([data-old])"));
            if (tiles.length === 3 && tiles.every((t) => t.dataset.frameIndex !== "-1")) {
              const now = performance.now();
              const keyAt = (window as unknown as { keyAt: number }).keyAt;
              const requests = performance
                .getEntriesByType("resource")
                .filter((e) => new RegExp(pattern).test(e.name) && e.startTime >= keyAt && e.startTime <= now)
                .map((e) => e.name.replace(/^.*\/api\//, ""));
              return resolve({ frames: Object.fromEntries(tiles.map((t) => [t.dataset.topic!, Number(t.dataset.frameIndex)])), requests });
            }
            requestAnimationFrame(check);
          };
          check();
        }),
      EPISODE_LOADS.source,
    );
    await page.keyboard.press("n");
    const { frames, requests } = await shown;
    expect(new URL(page.url()).searchParams.get("episode")).toBe("ep1.mcap");
    expect(frames).toEqual(expected);
    expect(requests, "no episode request between n and the pictures").toEqual([]);
    // The plots fill from the series loaded ahead too.
    await expect.poll(() => page.locator('[aria-label^="Joint plot "]').evaluateAll((ps) => ps.length > 0 && ps.every((p) => Number((p as HTMLElement).dataset.pointCount) > 0)), { timeout: 10_000 }).toBe(true);
    await screenshot(page, "player-next-preloaded");
  });
});
