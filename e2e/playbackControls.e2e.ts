/**
 * The one clock's controls on the sync fixture: keyboard (Space, J/K/L, arrows, `,`/`.`), speed change, jump to time
 * (seconds, mm:ss.mmm, #frame, bad input), and looping a selection.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestAtOrBefore } from "../shared/time.ts";
import { ensureSyncFixture, type SyncFixture } from "../scripts/sync-fixture/syncFixture.ts";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

let fixture: SyncFixture;
let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  fixture = await ensureSyncFixture();
  // A named annotator: the first-run annotator prompt (bottom right) would cover a maximized tile's Restore button.
  serve = await startServe(fixture.path, { EPISCOPE_ANNOTATOR: "e2e-playback" });
  browser = await launchBrowser();
  await browser.page.goto(`${serve.url}/?episode=sync.mcap&t=1`);
  await browser.page.waitForFunction(() => document.querySelectorAll('section.tile[data-frame-index]:not([data-frame-index="-1"])').length === 3, null, {
    timeout: 30_000,
  });
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

/** Presented clock, seconds since the episode start (exact, from data-clock-ns). */
async function clockS(): Promise<number> {
  const ns = await browser.page.getByRole("timer").getAttribute("data-clock-ns");
  return Number(BigInt(ns ?? "0") - fixture.startNs) / 1e9;
}
const playing = () => browser.page.getByRole("button", { name: /^(Play|Pause) \(Space\)$/ }).getAttribute("aria-pressed");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jump = async (text: string) => {
  const input = browser.page.getByRole("textbox", { name: /Jump to time/ });
  await input.fill(text);
  await input.press("Enter");
  await input.blur();
};

describe("clock controls", () => {
  it("jumps to a typed time: seconds, mm:ss.mmm, #frame of the focused camera; says why a bad entry is refused", async () => {
    await jump("2.345");
    await expect.poll(clockS).toBeCloseTo(2.345, 6);
    await jump("00:03.500");
    await expect.poll(clockS).toBeCloseTo(3.5, 6);
    await browser.page.getByRole("region", { name: "/cam_wrist", exact: true }).click();
    await jump("#10");
    const wrist = fixture.cameras.find((c) => c.topic === "/cam_wrist")!.logTimesNs;
    await expect.poll(clockS).toBeCloseTo(Number(wrist[9]! - fixture.startNs) / 1e9, 6);
    await jump("soon");
    await expect.poll(() => browser.page.getByRole("alert").textContent()).toMatch(/not a time/);
    expect(await clockS()).toBeCloseTo(Number(wrist[9]! - fixture.startNs) / 1e9, 6);
  });

  it("Space plays and pauses, K pauses, L plays then speeds up, J slows down", async () => {
    const { page } = browser;
    await jump("1");
    await page.keyboard.press("Space");
    await expect.poll(playing).toBe("true");
    await sleep(600);
    await page.keyboard.press("Space");
    await expect.poll(playing).toBe("false");
    const t1 = await clockS();
    expect(t1).toBeGreaterThan(1.2);
    await sleep(300);
    expect(await clockS()).toBe(t1);
    const speed = page.getByRole("combobox", { name: "Playback speed" });
    await page.keyboard.press("l");
    await expect.poll(playing).toBe("true");
    expect(await speed.inputValue()).toBe("1");
    await page.keyboard.press("l");
    await expect.poll(() => speed.inputValue()).toBe("2");
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await expect.poll(() => speed.inputValue()).toBe("0.5");
    await page.keyboard.press("k");
    await expect.poll(playing).toBe("false");
  });

  it("arrow keys step frames of any camera, Shift+arrows ±1 s, Home/End", async () => {
    const { page } = browser;
    await jump("2");
    await expect.poll(clockS).toBe(2);
    const all = fixture.cameras.map((c) => c.logTimesNs);
    const t = fixture.startNs + 2_000_000_000n;
    const next = all.map((ts) => ts[latestAtOrBefore(ts, t) + 1]!).reduce((a, b) => (a < b ? a : b));
    await page.keyboard.press("ArrowRight");
    await expect.poll(clockS).toBeCloseTo(Number(next - fixture.startNs) / 1e9, 9);
    await page.keyboard.press("Shift+ArrowRight");
    await expect.poll(clockS).toBeCloseTo(Number(next - fixture.startNs) / 1e9 + 1, 9);
    await page.keyboard.press("Home");
    await expect.poll(clockS).toBe(0);
    await page.keyboard.press("End");
    await expect.poll(clockS).toBeCloseTo(Number(all.map((ts) => ts.at(-1)!).reduce((a, b) => (a > b ? a : b)) - fixture.startNs) / 1e9, 9);
  });

  it("changes speed: at 0.1× the clock runs ten times slower than at 1×", async () => {
    const { page } = browser;
    const speed = page.getByRole("combobox", { name: "Playback speed" });
    const rate = async (value: string) => {
      await speed.selectOption(value);
      await jump("1");
      await expect.poll(clockS).toBe(1);
      await page.keyboard.press("Space");
      await expect.poll(playing).toBe("true");
      const a = await clockS();
      const w0 = Date.now();
      await sleep(1500);
      const b = await clockS();
      const w1 = Date.now();
      await page.keyboard.press("k");
      return (b - a) / ((w1 - w0) / 1000);
    };
    const r1 = await rate("1");
    const r01 = await rate("0.1");
    expect(r1).toBeGreaterThan(0.6);
    expect(r1).toBeLessThan(1.1);
    expect(r01).toBeGreaterThan(0.05);
    expect(r01).toBeLessThan(0.12);
    await speed.selectOption("1");
  });

  it("loops a selection set with [ and ]: playback stays inside it and wraps", async () => {
    const { page } = browser;
    await jump("3");
    await expect.poll(clockS).toBe(3);
    await page.keyboard.press("[");
    await jump("4");
    await expect.poll(clockS).toBe(4);
    await page.keyboard.press("]");
    await expect.poll(() => page.getByRole("button", { name: /Loop selection/ }).getAttribute("aria-pressed")).toBe("true");
    // The selection is drawn on the timeline: 3–4 s of the ~10 s episode.
    const band = (await page.locator(".timeline-loop").boundingBox())!;
    const tracks = (await page.locator(".timeline-tracks").boundingBox())!;
    expect((band.x - tracks.x) / tracks.width).toBeCloseTo(3 / 9.966, 1);
    await page.keyboard.press("Space");
    const seen: number[] = [];
    const until = Date.now() + 3000;
    while (Date.now() < until) {
      seen.push(await clockS());
      await sleep(40);
    }
    await screenshot(page, "playback-loop");
    await page.keyboard.press("k");
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...seen)).toBeLessThanOrEqual(4);
    // It wrapped: the clock went back at least once.
    expect(seen.some((v, i) => i > 0 && v < seen[i - 1]!)).toBe(true);
    // Loop off: playback leaves the selection.
    await page.keyboard.press("\\");
    await expect.poll(() => page.getByRole("button", { name: /Loop selection/ }).getAttribute("aria-pressed")).toBe("false");
    await page.keyboard.press("Space");
    await expect.poll(clockS, { timeout: 5000 }).toBeGreaterThan(4.2);
    await page.keyboard.press("k");
  });
});

describe("camera grid layout", () => {
  it("moves and maximizes tiles; the layout survives a reload", async () => {
    const { page } = browser;
    const topics = () => page.locator("section.tile").evaluateAll((els) => els.filter((e) => (e.parentElement as HTMLElement).hidden === false).map((e) => e.getAttribute("data-topic")));
    const before = await topics();
    await page.getByRole("button", { name: `Move ${before[2]} earlier` }).click();
    await expect.poll(topics).toEqual([before[0], before[2], before[1]]);
    await page.getByRole("button", { name: `Maximize ${before[1]}` }).click();
    await expect.poll(topics).toEqual([before[1]]);
    await screenshot(page, "playback-maximized");
    await page.reload();
    await expect.poll(topics, { timeout: 30_000 }).toEqual([before[1]]);
    await page.getByRole("button", { name: `Restore ${before[1]}` }).click();
    await expect.poll(topics).toEqual([before[0], before[2], before[1]]);
  });
});
