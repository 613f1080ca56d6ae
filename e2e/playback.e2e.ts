/**
 * Frame-exact playback, proven by the pixels: on the generated sync fixture (3 cameras at 30/15/25 fps, an offset, dropped
 * frames, H.264 + JPEG, each frame showing its own number as blocks), every camera tile must show exactly the frame the
 * sync rule demands (latest frame with log time ≤ the presented clock) after seeks, frame steps, and during playback.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatSeconds, latestAtOrBefore } from "../shared/time.ts";
import { ensureSyncFixture, type SyncFixture } from "../scripts/sync-fixture/syncFixture.ts";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";
import { syncSnapshot, type SyncSnapshot } from "./harness/syncProbe.ts";
import { mulberry32 } from "../shared/random.ts";

let fixture: SyncFixture;
let serve: ServeProcess;
let browser: BrowserSession;
let endNs: bigint;

beforeAll(async () => {
  fixture = await ensureSyncFixture();
  endNs = fixture.cameras.reduce((m, c) => (c.logTimesNs.at(-1)! > m ? c.logTimesNs.at(-1)! : m), 0n);
  serve = await startServe(fixture.path);
  browser = await launchBrowser();
  await browser.page.goto(`${serve.url}/?episode=sync.mcap&t=0`);
  await browser.page.waitForFunction(() => document.querySelectorAll("section.tile").length === 3, null, { timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

/** Every way the snapshot disagrees with the sync rule (empty = exact). */
function mismatches(snap: SyncSnapshot): string[] {
  const out: string[] = [];
  const rel = snap.clockNs - fixture.startNs;
  if (snap.timerText !== formatSeconds(rel)) out.push(`timer "${snap.timerText}" vs clock ${formatSeconds(rel)}`);
  for (const cam of fixture.cameras) {
    const tile = snap.tiles.find((t) => t.topic === cam.topic);
    const want = latestAtOrBefore(cam.logTimesNs, snap.clockNs);
    if (!tile) {
      out.push(`${cam.topic}: no tile`);
      continue;
    }
    if (want < 0) {
      if (tile.visible || tile.frameIndexAttr !== -1) out.push(`${cam.topic}@${rel}: shows a frame before its first`);
    } else if (!tile.visible || tile.pixelFrame !== want || tile.frameIndexAttr !== want) {
      out.push(`${cam.topic}@${rel}ns: pixels ${tile.pixelFrame} attr ${tile.frameIndexAttr} visible ${tile.visible}, rule wants ${want}`);
    }
  }
  return out;
}

/** Wait until the presented clock is `ns`. */
async function waitForClock(ns: bigint): Promise<void> {
  await browser.page.waitForFunction((want) => document.querySelector<HTMLElement>('[role="timer"]')?.dataset.clockNs === want, String(ns), {
    timeout: 15_000,
  });
}


describe("frame-exact playback on the sync fixture", () => {
  it("shows exactly the demanded frame in every tile after 200 random seeks (typed into jump-to-time)", async () => {
    const { page } = browser;
    const input = page.getByRole("textbox", { name: /Jump to time/ });
    const random = mulberry32(4);
    const span = Number((endNs - fixture.startNs) / 1_000_000n);
    const bad: string[] = [];
    for (let k = 0; k < 200; k++) {
      const ms = Math.floor(random() * span);
      await input.fill((ms / 1000).toFixed(3));
      await input.press("Enter");
      await waitForClock(fixture.startNs + BigInt(ms) * 1_000_000n);
      bad.push(...mismatches(await syncSnapshot(page)));
    }
    await screenshot(page, "playback-seek");
    expect(bad).toEqual([]);
  });

  it("steps frame by frame (any camera, and the focused camera) with every tile exact", async () => {
    const { page } = browser;
    const input = page.getByRole("textbox", { name: /Jump to time/ });
    await input.fill("1.000");
    await input.press("Enter");
    await waitForClock(fixture.startNs + 1_000_000_000n);
    await input.blur();
    const all = fixture.cameras.map((c) => c.logTimesNs);
    const bad: string[] = [];
    let t = fixture.startNs + 1_000_000_000n;
    for (let k = 0; k < 40; k++) {
      const next = all.map((ts) => ts[latestAtOrBefore(ts, t) + 1]).filter((x): x is bigint => x !== undefined).reduce((a, b) => (a < b ? a : b));
      await page.keyboard.press("ArrowRight");
      await waitForClock(next);
      bad.push(...mismatches(await syncSnapshot(page)));
      t = next;
    }
    for (let k = 0; k < 10; k++) {
      const prev = all.map((ts) => ts[latestAtOrBefore(ts, t - 1n)]).filter((x): x is bigint => x !== undefined).reduce((a, b) => (a > b ? a : b));
      await page.keyboard.press("ArrowLeft");
      await waitForClock(prev);
      bad.push(...mismatches(await syncSnapshot(page)));
      t = prev;
    }
    // Focused camera: /cam_side (25 fps with drops) steps across its gap of dropped frames.
    const side = fixture.cameras.find((c) => c.topic === "/cam_side")!.logTimesNs;
    await page.getByRole("region", { name: "/cam_side", exact: true }).click();
    for (let k = 0; k < 25; k++) {
      const next = side[latestAtOrBefore(side, t) + 1]!;
      await page.keyboard.press(".");
      await waitForClock(next);
      bad.push(...mismatches(await syncSnapshot(page)));
      t = next;
    }
    expect(bad).toEqual([]);
  });

  for (const speed of ["1", "4"]) {
    it(`plays at ${speed}× with every tile exact at every sampled instant and the clock moving`, async () => {
      const { page } = browser;
      await page.getByRole("combobox", { name: "Playback speed" }).selectOption(speed);
      const input = page.getByRole("textbox", { name: /Jump to time/ });
      await input.fill("0.5");
      await input.press("Enter");
      await waitForClock(fixture.startNs + 500_000_000n);
      await input.blur();
      await page.keyboard.press("Space");
      const bad: string[] = [];
      const clocks = new Set<bigint>();
      const frames = new Set<string>();
      const until = Date.now() + (speed === "1" ? 4000 : 2000);
      while (Date.now() < until) {
        const snap = await syncSnapshot(page);
        clocks.add(snap.clockNs);
        snap.tiles.forEach((t) => frames.add(`${t.topic}:${t.pixelFrame}`));
        bad.push(...mismatches(snap));
      }
      await page.keyboard.press("k");
      const last = await syncSnapshot(page);
      bad.push(...mismatches(last));
      await screenshot(page, `playback-${speed}x`);
      expect(bad).toEqual([]);
      const advanced = Number(last.clockNs - fixture.startNs - 500_000_000n) / 1e9;
      // The clock really ran. It may lag behind wall time × speed when decoding (or this test's pixel reads, which
      // block the page) fall behind, but never shows a wrong pairing; the effective rate is printed for the note.
      console.error(`playback ${speed}×: ${advanced.toFixed(2)} s of media in ${speed === "1" ? 4 : 2} s of wall time, ${clocks.size} distinct clocks sampled`);
      expect(advanced).toBeGreaterThan(speed === "1" ? 2.5 : 2);
      expect(clocks.size).toBeGreaterThan(20);
      expect(frames.size).toBeGreaterThan(30);
    });
  }
});
