/**
 * A seek that must decode hundreds of frames (far from the keyframe in a long GOP, as ffmpeg's default keyframe
 * interval of 250 gives) shows each tile's decoding progress until the frame is there, then hides it. Real input:
 * two generated 1280×720 H.264 cameras with a keyframe every 300 frames (scripts/sync-fixture, Debian's ffmpeg),
 * decoded by Chromium's WebCodecs.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureSyncFixture, type SyncCameraSpec } from "../scripts/sync-fixture/syncFixture.ts";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { frameIndexOf, waitForAllFrames } from "./harness/pageProbes.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const CAMERAS: SyncCameraSpec[] = ["/cam_a", "/cam_b"].map((topic) => ({
  topic,
  type: "CompressedVideo",
  rate: 30,
  offsetNs: 0n,
  dropped: [],
  width: 1280,
  height: 720,
  gop: 300,
}));

let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  const fixture = await ensureSyncFixture(join(tmpdir(), "episcope-e2e-seek-progress-v1"), CAMERAS, 11, "long-gop");
  serve = await startServe(fixture.path);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe("seek progress", () => {
  it("shows how many frames a long seek has decoded, then the exact frame with the progress gone", async () => {
    const { page } = browser;
    await page.goto(`${serve.url}/?episode=long-gop.mcap&t=0.5`);
    await waitForAllFrames(page, CAMERAS.map((c) => c.topic));
    const tile = page.getByRole("region", { name: "/cam_a", exact: true });
    const progress = tile.locator(".tile-progress");
    await expect.poll(() => progress.isHidden()).toBe(true);

    // 9.9 s is frame 297: 298 frames from the keyframe at 0.
    const input = page.getByRole("textbox", { name: /Jump to time/ });
    await input.fill("9.9");
    await input.press("Enter");
    await progress.waitFor({ state: "visible", timeout: 5_000 });
    expect(await progress.getAttribute("role")).toBe("status");
    const text = (await progress.textContent()) ?? "";
    const match = /^decoding (\d+) \/ 298 frames$/.exec(text);
    expect(match, text).not.toBeNull();
    expect(Number(match![1])).toBeLessThan(298);
    await screenshot(page, "seek-progress");

    await expect.poll(() => frameIndexOf(tile), { timeout: 30_000 }).toBe(297);
    expect(await progress.isHidden()).toBe(true);
    expect(await frameIndexOf(page.getByRole("region", { name: "/cam_b", exact: true }))).toBe(297);
    expect(browser.errors.filter((e) => !e.includes("favicon"))).toEqual([]);
  });
});
