/// <reference lib="dom" />
/**
 * What the open and next-episode benches share: the in-page watcher of "every tile shows a frame / every joint plot is
 * full", and a walk of `n` along a queue of hard-linked episodes served by a real `serve` in Debian's Chromium.
 */
import { link, mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launchBrowser } from "../../e2e/harness/browser.ts";
import { startServe } from "../../e2e/harness/serveProcess.ts";

/** The p-th percentile (nearest rank, 0–100) of `xs`. */
export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/**
 * In the page: resolve with the ms (performance.now) at which every tile not marked `data-bench-old` shows a frame
 * (`pictures`; `tiles` of them), every joint plot not so marked is drawn over the whole episode (`plots`: it holds
 * points, from the series' overview or the full series) and every one holds its full series (`full`, data-series).
 * Without `requirePlots` an episode with no plot yet counts as full when its pictures are (equal to `pictures`); with
 * it, at least one plot must be there. Rejects after 60 s naming each tile's frame.
 */
export function watchReady(page: Page, tiles: number, requirePlots = false): Promise<{ pictures: number; plots: number; full: number }> {
  // A string, not a function: tsx's keepNames would wrap the named inner function in a `__name` the page lacks.
  return page.evaluate(`new Promise((resolve, reject) => {
    let pictures = 0;
    let drawn = 0;
    const t0 = performance.now();
    const check = () => {
      if (performance.now() - t0 > 60000) {
        const tiles = Array.from(document.querySelectorAll("section.tile")).map((t) => t.dataset.topic + "=" + t.dataset.frameIndex + (t.hasAttribute("data-bench-old") ? " (old)" : ""));
        return reject(new Error("not ready after 60 s at " + location.search + ": " + tiles.join(", ")));
      }
      const now = performance.now();
      const fresh = Array.from(document.querySelectorAll("section.tile:not([data-bench-old])"));
      if (!pictures && fresh.length === ${tiles} && fresh.every((t) => t.dataset.frameIndex !== "-1")) pictures = now;
      const plots = Array.from(document.querySelectorAll('[aria-label^="Joint plot "]:not([data-bench-old])'));
      const plotsDone = plots.length > 0 ? plots.every((p) => Number(p.dataset.pointCount) > 0) : ${requirePlots ? "false" : "pictures > 0"};
      if (pictures && plotsDone && !drawn) drawn = now;
      const fullDone = plots.length > 0 ? plots.every((p) => p.dataset.series === "full") : drawn > 0;
      if (drawn && fullDone) return resolve({ pictures, plots: drawn, full: now });
      setTimeout(check, 4);
    };
    check();
  })`);
}

/** How a queue is walked. */
export interface QueueWalk {
  /** Episodes hard-linked in turn into the queue (switches + 1 of them). */
  files: readonly string[];
  /** `n` presses. */
  switches: number;
  /** Camera tiles of each episode. */
  tiles: number;
  /** How long the reviewer watches each episode before `n` (ms; 0 = as soon as it is ready). */
  dwellMs?: number;
  /** Wait for at least one joint plot (see watchReady). */
  requirePlots?: boolean;
  /** Prefix of the temp folder. */
  tmpPrefix: string;
  /** Where each switch's line goes. */
  log: (line: string) => void;
}

/**
 * `n` `switches` times along a fresh queue: keydown → every picture / full plots of the next episode (ms each).
 * @throws when an episode is not ready within 60 s (see watchReady)
 */
export async function walkQueue(w: QueueWalk): Promise<{ pictures: number[]; plots: number[] }> {
  const folder = await mkdtemp(join(tmpdir(), w.tmpPrefix));
  await mkdir(join(folder, "queue"));
  for (let k = 0; k <= w.switches; k++) {
    await link(w.files[k % w.files.length]!, join(folder, "queue", `ep${String(k).padStart(2, "0")}.mcap`));
  }
  const s = await startServe(join(folder, "queue"));
  const browser = await launchBrowser();
  const pictures: number[] = [];
  const plots: number[] = [];
  const dwellMs = w.dwellMs ?? 0;
  try {
    const { page } = browser;
    await page.goto(`${s.url}/?episode=ep00.mcap`);
    await watchReady(page, w.tiles, w.requirePlots);
    for (let k = 0; k < w.switches; k++) {
      if (dwellMs > 0) await page.waitForTimeout(dwellMs);
      await page.evaluate(() => {
        document.querySelectorAll("section.tile, [aria-label^='Joint plot ']").forEach((e) => e.setAttribute("data-bench-old", ""));
        window.addEventListener("keydown", () => ((window as unknown as { benchKeydown: number }).benchKeydown = performance.now()), { once: true, capture: true });
      });
      const ready = watchReady(page, w.tiles, w.requirePlots);
      await page.keyboard.press("n");
      const done = await ready;
      const t0 = await page.evaluate(() => (window as unknown as { benchKeydown: number }).benchKeydown);
      pictures.push(done.pictures - t0);
      plots.push(done.plots - t0);
      const where = await page.evaluate(() => location.search);
      w.log(`${dwellMs > 0 ? `dwell ${dwellMs} ms, ` : ""}switch ${k + 1} (${where}): pictures ${(done.pictures - t0).toFixed(0)} ms, full plots ${(done.plots - t0).toFixed(0)} ms`);
    }
  } finally {
    await browser.close();
    await s.stop();
  }
  return { pictures, plots };
}
