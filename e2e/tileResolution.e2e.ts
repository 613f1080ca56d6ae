/**
 * Video tiles are converted at the size they are shown (the frame converter shrinks the decoded picture to the tile's
 * canvas): when a paused tile is made large, its frame is decoded and drawn again at the new size instead of staying a
 * blown-up small picture. Real input: three generated 1280×720 H.264 cameras (scripts/sync-fixture, Debian's ffmpeg),
 * decoded by Chromium's WebCodecs.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureSyncFixture, type SyncCameraSpec } from "../scripts/sync-fixture/syncFixture.ts";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { canvasStats, frameIndexOf, waitForAllFrames } from "./harness/pageProbes.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const CAMERAS: SyncCameraSpec[] = ["/cam_a", "/cam_b", "/cam_c"].map((topic) => ({
  topic,
  type: "CompressedVideo",
  rate: 30,
  offsetNs: 0n,
  dropped: [],
  width: 1280,
  height: 720,
}));
// Not the first camera: with three cameras the first one is shown large by default (bestGrid).
const VIDEO = "/cam_b";

let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  const fixture = await ensureSyncFixture(join(tmpdir(), "episcope-e2e-resolution-v1"), CAMERAS, 3, "three-720p");
  serve = await startServe(fixture.path);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe("video tile resolution", () => {
  it("draws a paused frame again at the larger size when its tile is made large", async () => {
    const { page } = browser;
    await page.goto(`${serve.url}/?episode=three-720p.mcap&t=1.5`);
    await waitForAllFrames(page, CAMERAS.map((c) => c.topic));
    const tile = page.getByRole("region", { name: VIDEO, exact: true });
    const frame = await frameIndexOf(tile);
    const small = await canvasStats(tile);
    const box = (await tile.boundingBox())!;
    // The backing store fits the tile (CSS px × devicePixelRatio 1), not the 1280-wide picture.
    expect(small.width).toBeLessThanOrEqual(Math.ceil(box.width));
    expect(small.lumaStd).toBeGreaterThan(10);

    await page.getByRole("button", { name: `Make ${VIDEO} large` }).click();
    await expect.poll(async () => (await canvasStats(tile)).width, { timeout: 15_000 }).toBeGreaterThan(small.width * 1.5);
    const large = await canvasStats(tile);
    expect(await frameIndexOf(tile)).toBe(frame);
    expect(large.lumaStd).toBeGreaterThan(10);
    expect(large.width).toBeLessThanOrEqual(Math.ceil((await tile.boundingBox())!.width));
    await screenshot(page, "tile-resolution-large");
    expect(browser.errors.filter((e) => !e.includes("favicon"))).toEqual([]);
  });
});
