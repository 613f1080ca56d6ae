/// <reference lib="dom" />
/**
 * Next-episode bench (issue 19 "the next episode in the queue playing ≤ 200 ms after the key"), renderer in Debian's
 * Chromium through playwright-core, real `serve`: `n` along a queue of hard links of the sample's two episodes, keydown
 * → every camera tile of the new episode showing a frame, and → its joint plots full.
 * - ours: the reviewer watches each episode DWELL_MS before pressing `n` — the Player has loaded the next episode
 *   ahead (summary, frame indexes, series, first pictures decoded) by then.
 * - baseline, same run, a fresh queue: `n` pressed as soon as the pictures are up — the load ahead of the next episode
 *   has only just started, so most of the episode is loaded from the key on (as every switch was before the Player
 *   loaded ahead).
 * Everything printed goes to stderr.
 */
import { link, mkdir, mkdtemp } from "node:fs/promises";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { launchBrowser } from "../../e2e/harness/browser.ts";
import { startServe } from "../../e2e/harness/serveProcess.ts";
import type { Result } from "./benchResult.ts";

const SAMPLE = fileURLToPath(new URL("../../assets/sample/", import.meta.url));
const SWITCHES = Number(process.env.EPISCOPE_BENCH_NEXT_SWITCHES ?? 8);
/** How long the reviewer watches an episode before `n` (ms). */
const DWELL_MS = Number(process.env.EPISCOPE_BENCH_NEXT_DWELL_MS ?? 3000);
const TILES = 3;

const log = (...a: unknown[]) => console.error(...a);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/**
 * In the page: resolve with the ms (performance.now) at which every tile not marked `data-bench-old` shows a frame,
 * and at which every joint plot not so marked holds points.
 */
function watchReady(page: Page): Promise<{ pictures: number; plots: number }> {
  // A string, not a function: tsx's keepNames would wrap a named inner function in a `__name` the page lacks.
  return page.evaluate(`new Promise((resolve, reject) => {
    let pictures = 0;
    const t0 = performance.now();
    const check = () => {
      if (performance.now() - t0 > 60000) return reject(new Error("not ready after 60 s at " + location.search));
      const now = performance.now();
      const fresh = Array.from(document.querySelectorAll("section.tile:not([data-bench-old])"));
      if (!pictures && fresh.length === ${TILES} && fresh.every((t) => t.dataset.frameIndex !== "-1")) pictures = now;
      const plots = Array.from(document.querySelectorAll('[aria-label^="Joint plot "]:not([data-bench-old])'));
      if (pictures && plots.length > 0 && plots.every((p) => Number(p.dataset.pointCount) > 0)) return resolve({ pictures, plots: now });
      setTimeout(check, 4);
    };
    check();
  })`);
}

/** `n` SWITCHES times along a fresh queue, waiting `dwellMs` on each episode first: keydown → pictures / plots (ms). */
async function walkQueue(dwellMs: number): Promise<{ pictures: number[]; plots: number[] }> {
  const folder = await mkdtemp(join(tmpdir(), "episcope-bench-next-"));
  await mkdir(join(folder, "queue"));
  for (let k = 0; k <= SWITCHES; k++) {
    await link(join(SAMPLE, k % 2 ? "pick_cube_002.mcap" : "pick_cube_001.mcap"), join(folder, "queue", `ep${String(k).padStart(2, "0")}.mcap`));
  }
  const s = await startServe(join(folder, "queue"));
  const browser = await launchBrowser();
  const pictures: number[] = [];
  const plots: number[] = [];
  try {
    const { page } = browser;
    await page.goto(`${s.url}/?episode=ep00.mcap`);
    await watchReady(page);
    for (let k = 0; k < SWITCHES; k++) {
      if (dwellMs > 0) await page.waitForTimeout(dwellMs);
      await page.evaluate(() => {
        document.querySelectorAll("section.tile, [aria-label^='Joint plot ']").forEach((e) => e.setAttribute("data-bench-old", ""));
        window.addEventListener("keydown", () => ((window as unknown as { benchKeydown: number }).benchKeydown = performance.now()), { once: true, capture: true });
      });
      const ready = watchReady(page);
      await page.keyboard.press("n");
      const done = await ready;
      const t0 = await page.evaluate(() => (window as unknown as { benchKeydown: number }).benchKeydown);
      pictures.push(done.pictures - t0);
      plots.push(done.plots - t0);
      log(`dwell ${dwellMs} ms, switch ${k + 1} (${await page.evaluate(() => location.search)}): pictures ${(done.pictures - t0).toFixed(0)} ms, full plots ${(done.plots - t0).toFixed(0)} ms`);
    }
  } finally {
    await browser.close();
    await s.stop();
  }
  return { pictures, plots };
}

async function main() {
  const watched = await walkQueue(DWELL_MS);
  const hurried = await walkQueue(0);
  const results: Result[] = [
    {
      name: `next episode (n) after watching ${DWELL_MS / 1000} s → every picture, p50`,
      value: pct(watched.pictures, 50),
      unit: "ms",
      baseline: pct(hurried.pictures, 50),
      target: "≤ 200",
      note: `p95 ${pct(watched.pictures, 95).toFixed(0)}; baseline: n pressed as soon as the pictures are up (the load ahead only just started), p95 ${pct(hurried.pictures, 95).toFixed(0)}; ${SWITCHES} switches each`,
    },
    {
      name: `next episode (n) after watching ${DWELL_MS / 1000} s → full joint plots, p50`,
      value: pct(watched.plots, 50),
      unit: "ms",
      baseline: pct(hurried.plots, 50),
      note: `p95 ${pct(watched.plots, 95).toFixed(0)}; baseline p95 ${pct(hurried.plots, 95).toFixed(0)}`,
    },
  ];
  writeFileSync(process.env.EPISCOPE_BENCH_OUT ?? "/dev/stdout", JSON.stringify({ suite: "next", results }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
