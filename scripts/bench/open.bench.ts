/// <reference lib="dom" />
/**
 * Open and switch bench (issue 19 "Immediate"), renderer in Debian's Chromium through playwright-core, real `serve`:
 * - cold open: a fresh server and a fresh page per run, from navigation start (`performance.now()` origin) to every
 *   camera tile showing a frame (`data-frame-index` ≠ -1) and to every joint plot holding its whole series
 *   (`data-point-count` > 0); median and max of 5 runs. Baseline: the server's share of the same open, measured over
 *   HTTP by a script (episode.open + each camera's frameIndex + its first frame, and each joints channel's series).
 * - next episode: `n` (next unreviewed) through a queue of 14 episodes (hard links of the sample's two), keydown →
 *   every tile of the new episode showing a frame, and → its plots full, as a reviewer walks the queue (p50/p95).
 * - cold open of the 3 × 1280×720 H.264 36 s fixture of the playback bench (pictures only; it has no joints).
 * The bundled sample: 3 cameras (H.264 and JPEG), 12 s, JointState + action. Everything printed goes to stderr.
 */
import { cp, link, mkdir, mkdtemp } from "node:fs/promises";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { launchBrowser } from "../../e2e/harness/browser.ts";
import { httpApi } from "../../e2e/harness/httpApi.ts";
import { startServe } from "../../e2e/harness/serveProcess.ts";
import { ensureSyncFixture, THREE_CAMERAS_720P } from "../sync-fixture/syncFixture.ts";
import type { Result } from "./benchResult.ts";

const SAMPLE = fileURLToPath(new URL("../../assets/sample/", import.meta.url));
const RUNS = Number(process.env.EPISCOPE_BENCH_OPEN_RUNS ?? 5);
const SWITCHES = 12;
const CAMERAS = THREE_CAMERAS_720P;

const log = (...a: unknown[]) => console.error(...a);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/**
 * In the page: resolve with the ms (performance.now) at which every tile not marked `data-bench-old` shows a frame
 * (`pictures`), and every joint plot not so marked holds points (`plots`; equal to `pictures` when there are none).
 */
function watchReady(page: Page, tiles: number): Promise<{ pictures: number; plots: number }> {
  // A string, not a function: tsx's keepNames would wrap the named inner function in a `__name` the page lacks.
  return page.evaluate(`new Promise((resolve, reject) => {
    let pictures = 0;
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
      const plotsDone = plots.length > 0 ? plots.every((p) => Number(p.dataset.pointCount) > 0) : pictures > 0;
      if (pictures && plotsDone) return resolve({ pictures, plots: now });
      setTimeout(check, 4);
    };
    check();
  })`);
}

/** Fresh server + page per run: navigation start → pictures / full plots (ms), and the server's share by script. */
async function coldOpens(folder: string, episode: string, tiles: number): Promise<{ pictures: number[]; plots: number[]; server: number[] }> {
  const pictures: number[] = [];
  const plots: number[] = [];
  const server: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Baseline: the server alone (fresh process), over HTTP, what the page needs before it can draw.
    const s0 = await startServe(folder);
    try {
      const api = httpApi(s0.url);
      const t0 = performance.now();
      const summary = await api.episode.open({ path: episode });
      await Promise.all([
        ...summary.channels
          .filter((c) => c.kind === "camera" && c.messageCount > 0)
          .map(async (c) => {
            await api.episode.frameIndex({ episodeId: summary.episodeId, topic: c.topic });
            await api.episode.frames({ episodeId: summary.episodeId, topic: c.topic, from: 0, to: 0 });
          }),
        ...summary.channels.filter((c) => c.kind === "joints" && c.messageCount > 0).map((c) => api.episode.series({ episodeId: summary.episodeId, topic: c.topic })),
      ]);
      server.push(performance.now() - t0);
    } finally {
      await s0.stop();
    }
    const s = await startServe(folder);
    const browser = await launchBrowser();
    try {
      const { page } = browser;
      // Navigation starts the clock (performance.now() counts from it); the watcher is installed as soon as the DOM is.
      await page.goto(`${s.url}/?episode=${encodeURIComponent(episode)}`, { waitUntil: "domcontentloaded" });
      const ready = await watchReady(page, tiles);
      pictures.push(ready.pictures);
      plots.push(ready.plots);
      log(`cold open ${episode} #${run + 1}: pictures ${ready.pictures.toFixed(0)} ms, full plots ${ready.plots.toFixed(0)} ms, server alone ${server.at(-1)!.toFixed(0)} ms`);
    } finally {
      await browser.close();
      await s.stop();
    }
  }
  return { pictures, plots, server };
}

/** `n` through a queue of SWITCHES + 1 episodes: keydown → pictures / full plots (ms). */
async function switches(sample: string): Promise<{ pictures: number[]; plots: number[] }> {
  const folder = await mkdtemp(join(tmpdir(), "episcope-bench-queue-"));
  await mkdir(join(folder, "queue"));
  for (let k = 0; k <= SWITCHES; k++) {
    await link(join(sample, k % 2 ? "pick_cube_002.mcap" : "pick_cube_001.mcap"), join(folder, "queue", `ep${String(k).padStart(2, "0")}.mcap`));
  }
  const s = await startServe(join(folder, "queue"));
  const browser = await launchBrowser();
  const pictures: number[] = [];
  const plots: number[] = [];
  try {
    const { page } = browser;
    await page.goto(`${s.url}/?episode=ep00.mcap`);
    await watchReady(page, 3);
    for (let k = 0; k < SWITCHES; k++) {
      await page.evaluate(() => document.querySelectorAll("section.tile, [aria-label^='Joint plot ']").forEach((e) => e.setAttribute("data-bench-old", "")));
      await page.evaluate(() => {
        window.addEventListener("keydown", () => ((window as unknown as { benchKeydown: number }).benchKeydown = performance.now()), { once: true, capture: true });
      });
      const ready = watchReady(page, 3);
      await page.keyboard.press("n");
      const done = await ready;
      const t0 = await page.evaluate(() => (window as unknown as { benchKeydown: number }).benchKeydown);
      pictures.push(done.pictures - t0);
      plots.push(done.plots - t0);
      log(`switch ${k + 1} (${await page.evaluate(() => location.search)}): pictures ${(done.pictures - t0).toFixed(0)} ms, full plots ${(done.plots - t0).toFixed(0)} ms`);
    }
  } finally {
    await browser.close();
    await s.stop();
  }
  return { pictures, plots };
}

async function main() {
  const sample = await mkdtemp(join(tmpdir(), "episcope-bench-open-"));
  await cp(SAMPLE, sample, { recursive: true });
  const cold = await coldOpens(sample, "pick_cube_001.mcap", 3);
  const sw = await switches(sample);
  const fixture = await ensureSyncFixture(join(tmpdir(), "episcope-bench-playback-v1"), CAMERAS, 36, "three-720p30");
  const big = await coldOpens(fixture.path, "three-720p30.mcap", 3); // served as one file: nothing else is indexed
  const results: Result[] = [
    {
      name: "open → every camera's first picture (sample, cold)",
      value: pct(cold.pictures, 50),
      unit: "ms",
      baseline: pct(cold.server, 50),
      target: "≤ 500",
      note: `max ${Math.max(...cold.pictures).toFixed(0)}; from navigation start (includes loading the app); baseline: the server alone (open, frame indexes, first frames, series) over HTTP`,
    },
    { name: "open → full joint plots (sample, cold)", value: pct(cold.plots, 50), unit: "ms", baseline: pct(cold.server, 50), target: "≤ 1000", note: `max ${Math.max(...cold.plots).toFixed(0)}` },
    { name: "next episode (n) → every picture, p50", value: pct(sw.pictures, 50), unit: "ms", target: "≤ 200", note: `p95 ${pct(sw.pictures, 95).toFixed(0)}; ${sw.pictures.length} switches along a queue of the sample's episodes` },
    { name: "next episode (n) → full joint plots, p50", value: pct(sw.plots, 50), unit: "ms", note: `p95 ${pct(sw.plots, 95).toFixed(0)}` },
    {
      name: "open → every camera's first picture (3×720p30 H.264, 36 s, cold)",
      value: pct(big.pictures, 50),
      unit: "ms",
      baseline: pct(big.server, 50),
      target: "≤ 500",
      note: `max ${Math.max(...big.pictures).toFixed(0)}; baseline: the server alone over HTTP`,
    },
  ];
  writeFileSync(process.env.EPISCOPE_BENCH_OUT ?? "/dev/stdout", JSON.stringify({ suite: "open", results }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
