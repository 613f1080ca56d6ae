/// <reference lib="dom" />
/**
 * Open and switch bench (issue 19 "Immediate"), renderer in Debian's Chromium through playwright-core, real `serve`:
 * - click open (the figure the targets are about): the app running with another episode open and left idle, then a
 *   click on the episode's row in the list → every camera tile showing a frame of it (`data-frame-index` ≠ -1) and →
 *   every joint plot holding its whole series (`data-point-count` > 0); median and max of RUNS (default 5) runs, each
 *   with a fresh server and page. Baseline: the server's share of the same open, measured over HTTP by a script on a
 *   fresh server left idle as long, asking what the page asks at once: episode.open, then each camera's frameIndex
 *   and first frame (→ the pictures baseline) and each joints channel's series (→ the plots baseline). The page's API requests (start→end, ms from the click) are printed per run: where the time went (series
 *   and frames are fetched by the page's bulk fetch worker, renderer/src/ipc/bulkFetch.worker.ts, whose requests are
 *   in the worker's resource timeline, not the page's: they are not listed).
 * - cold open: a fresh server and page, from navigation start (`performance.now()` origin, so loading the app counts).
 * - next episode: `n` (next unreviewed) through a queue of 13 episodes (hard links), keydown → every tile of the new
 *   episode showing a frame, and → its plots full, as a reviewer walks the queue (p50/p95).
 * - cold open of the 3 × 1280×720 H.264 36 s fixture of the playback bench (pictures only; it has no joints).
 * - the 1.5 GB three-camera episode (bigEpisode.ts; skipped with EPISCOPE_BENCH_OPEN_BIG=0): click open and n.
 * The bundled sample: 3 cameras (H.264 and JPEG), 12 s, JointState + action. Everything printed goes to stderr.
 */
import { cp, link, mkdtemp, readdir } from "node:fs/promises";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { launchBrowser } from "../../e2e/harness/browser.ts";
import { httpApi } from "../../e2e/harness/httpApi.ts";
import { startServe } from "../../e2e/harness/serveProcess.ts";
import { ensureSyncFixture, THREE_CAMERAS_720P } from "../sync-fixture/syncFixture.ts";
import { ensureBigEpisode } from "./bigEpisode.ts";
import type { Result } from "./benchResult.ts";
import { pct, walkQueue, watchReady } from "./queueWalk.ts";
import { SERIES_OVERVIEW_BUCKETS } from "../../shared/series/downsampleMinMax.ts";

const SAMPLE = fileURLToPath(new URL("../../assets/sample/", import.meta.url));
const RUNS = Number(process.env.EPISCOPE_BENCH_OPEN_RUNS ?? 5);
const SWITCHES = 12;
/**
 * `big` (EPISCOPE_BENCH_OPEN_ONLY=big): only the 1.5 GB episode's click opens (no sample runs, no `n` walk) — the
 * figures of the targets, in a few minutes instead of a quarter of an hour.
 */
const ONLY_BIG = process.env.EPISCOPE_BENCH_OPEN_ONLY === "big";
const CAMERAS = THREE_CAMERAS_720P;

const log = (...a: unknown[]) => console.error(...a);

/**
 * What the page needs before it can draw, asked over HTTP from a fresh server, all at once as the page asks (ms from
 * the open request): `pictures` when every camera's frame index and first frame are in, `plots` when every joints
 * series' overview is, `full` when every full series (asked for after that) is — the server's share of an open.
 */
async function serverAlone(folder: string, episode: string, idleMs: number, env: Record<string, string> = {}): Promise<{ pictures: number; plots: number; full: number }> {
  const s = await startServe(folder, env);
  try {
    // A running app's server has booted its workers: give this one the same idle time before timing.
    if (idleMs > 0) await new Promise((r) => setTimeout(r, idleMs));
    const api = httpApi(s.url);
    const t0 = performance.now();
    const summary = await api.episode.open({ path: episode });
    const since = () => performance.now() - t0;
    const joints = summary.channels.filter((c) => c.kind === "joints" && c.messageCount > 0);
    const [pictures, plots] = await Promise.all([
      Promise.all(
        summary.channels
          .filter((c) => c.kind === "camera" && c.messageCount > 0)
          .map(async (c) => {
            await api.episode.frameIndex({ episodeId: summary.episodeId, topic: c.topic });
            await api.episode.frames({ episodeId: summary.episodeId, topic: c.topic, from: 0, to: 0 });
          }),
      ).then(since),
      // What the page draws the plots from first: each series' overview (renderer/src/playback/episodeLoad.ts).
      Promise.all(
        joints.map((c) =>
          api.episode.seriesRange({ episodeId: summary.episodeId, topic: c.topic, startNs: summary.startNs, endNs: summary.endNs, buckets: SERIES_OVERVIEW_BUCKETS }),
        ),
      ).then(since),
    ]);
    await Promise.all(joints.map((c) => api.episode.series({ episodeId: summary.episodeId, topic: c.topic })));
    return { pictures, plots, full: since() };
  } finally {
    await s.stop();
  }
}

/**
 * The page's own API requests (`/api/episode.*`; not the bulk fetch worker's series and frames) that started at or
 * after `sinceMs` (performance.now), as "method start→end" in ms from `sinceMs`: where an open's time went.
 */
async function apiTimeline(page: Page, sinceMs: number): Promise<string> {
  const entries = await page.evaluate(`performance.getEntriesByType("resource")
    .filter((e) => e.name.includes("/api/episode.") && e.startTime >= ${sinceMs})
    .map((e) => [e.name.split("/api/episode.")[1], Math.round(e.startTime - ${sinceMs}), Math.round(e.responseEnd - ${sinceMs})])`);
  return (entries as [string, number, number][]).map(([m, a, b]) => `${m} ${a}→${b}`).join(", ");
}

/** Opens timed in the page (ms) and the server alone on the same episode. */
interface Opens {
  pictures: number[];
  /** Plots drawn over the whole episode (from the overviews or the full series). */
  plots: number[];
  /** Every plot holding its full series. */
  full: number[];
  server: Array<{ pictures: number; plots: number; full: number }>;
}

const fmt = (s: { pictures: number; plots: number; full: number }) =>
  `${s.pictures.toFixed(0)} ms to pictures, ${s.plots.toFixed(0)} ms to overviews, ${s.full.toFixed(0)} ms to full series`;
/** The server-alone baselines of `opens`: p50 to pictures, to the overviews, to the full series. */
const base = (opens: Opens, what: "pictures" | "plots" | "full") => pct(opens.server.map((s) => s[what]), 50);

/**
 * The episode cache (electron/services/episode/episodeCache.ts) a run's servers use: `off` (no cache: every open
 * reads the file's message indexes and series), `fresh` (an empty cache per run: what the server's own indexing pass
 * stores before the click is used — a first visit), `kept` (one cache, filled before the runs: a re-open),
 * `indexing` (an empty cache and a folder never indexed per run: the click lands while the server's indexing pass is
 * still measuring the folder's episodes — the first minutes in a new dataset).
 */
type CacheMode = "off" | "fresh" | "kept" | "indexing";
const CACHE_MODES: readonly CacheMode[] = ["off", "fresh", "kept", "indexing"];

/** The server environment of each run in `mode` (`kept`: `prime` fills the cache once first). */
async function cacheRuns(mode: CacheMode, prime: (env: Record<string, string>) => Promise<unknown>): Promise<() => Promise<Record<string, string>>> {
  if (mode === "off") return async () => ({ EPISCOPE_EPISODE_CACHE: "off" });
  if (mode === "fresh" || mode === "indexing") return async () => ({ EPISCOPE_EPISODE_CACHE: await mkdtemp(join(tmpdir(), "episcope-bench-cache-")) });
  const env = { EPISCOPE_EPISODE_CACHE: await mkdtemp(join(tmpdir(), "episcope-bench-cache-")) };
  await prime(env);
  return async () => env;
}

/**
 * Fresh server + page (and an empty episode cache) per run: navigation start → pictures / full plots (ms), and the
 * server's share by script.
 */
async function coldOpens(folder: string, episode: string, tiles: number, joints = true): Promise<Opens> {
  const pictures: number[] = [];
  const plots: number[] = [];
  const full: number[] = [];
  const server: Opens["server"] = [];
  const runEnv = await cacheRuns("fresh", async () => {});
  for (let run = 0; run < RUNS; run++) {
    server.push(await serverAlone(folder, episode, 0, await runEnv()));
    const s = await startServe(folder, await runEnv());
    const browser = await launchBrowser();
    try {
      const { page } = browser;
      // Navigation starts the clock (performance.now() counts from it); the watcher is installed as soon as the DOM is.
      await page.goto(`${s.url}/?episode=${encodeURIComponent(episode)}`, { waitUntil: "domcontentloaded" });
      // An episode with joints has its plots waited for (the plot pane is held until the pictures are painted).
      const ready = await watchReady(page, tiles, joints);
      pictures.push(ready.pictures);
      plots.push(ready.plots);
      full.push(ready.full);
      log(`cold open ${episode} #${run + 1}: pictures ${ready.pictures.toFixed(0)} ms, full plots ${ready.plots.toFixed(0)} ms, server alone ${fmt(server.at(-1)!)}`);
      log(`  api: ${await apiTimeline(page, 0)}`);
    } finally {
      await browser.close();
      await s.stop();
    }
  }
  return { pictures, plots, full, server };
}

/** Idle time given to a running app (and to the baseline's server) before the open is timed (ms). */
const IDLE_MS = 2500;

/**
 * The figure the target is about: the app is running with `start` open (fresh server + page per run, left idle
 * IDLE_MS so its folder indexing is done), then a click on `episode`'s row in the episode list; click → every picture
 * of `episode` / its full plots (ms). Baseline: the server alone (idle as long) over HTTP.
 */
async function clickOpens(folder: string, start: string, episode: string, tiles: number, mode: CacheMode = "fresh"): Promise<Opens> {
  // A folder never indexed per run: hard links of `folder`'s episodes (its dataset files left behind).
  const runFolder = async () => {
    if (mode !== "indexing") return folder;
    const fresh = await mkdtemp(join(tmpdir(), "episcope-bench-open-indexing-"));
    for (const name of (await readdir(folder)).filter((n) => n.endsWith(".mcap"))) await link(join(folder, name), join(fresh, name));
    return fresh;
  };
  const pictures: number[] = [];
  const plots: number[] = [];
  const full: number[] = [];
  const server: Opens["server"] = [];
  const runEnv = await cacheRuns(mode, (env) => serverAlone(folder, episode, 0, env));
  for (let run = 0; run < RUNS; run++) {
    const env = await runEnv();
    server.push(await serverAlone(folder, episode, IDLE_MS, env));
    const s = await startServe(await runFolder(), mode === "fresh" || mode === "indexing" ? await runEnv() : env);
    const browser = await launchBrowser();
    try {
      const { page } = browser;
      await page.goto(`${s.url}/?episode=${encodeURIComponent(start)}`, { waitUntil: "domcontentloaded" });
      await watchReady(page, 3);
      await new Promise((r) => setTimeout(r, IDLE_MS));
      await page.evaluate(() => document.querySelectorAll("section.tile, [aria-label^='Joint plot ']").forEach((e) => e.setAttribute("data-bench-old", "")));
      await page.evaluate(() => {
        window.addEventListener("click", () => ((window as unknown as { benchClick: number }).benchClick = performance.now()), { once: true, capture: true });
      });
      const ready = watchReady(page, tiles, true);
      await page.click(`button.episode-item[title="${episode}"]`);
      const done = await ready;
      const t0 = await page.evaluate(() => (window as unknown as { benchClick: number }).benchClick);
      pictures.push(done.pictures - t0);
      plots.push(done.plots - t0);
      full.push(done.full - t0);
      log(
        `click open ${episode} (cache ${mode}) #${run + 1}: pictures ${(done.pictures - t0).toFixed(0)} ms, plots drawn ${(done.plots - t0).toFixed(0)} ms, full series ${(done.full - t0).toFixed(0)} ms, server alone ${fmt(server.at(-1)!)}`,
      );
      log(`  api: ${await apiTimeline(page, t0)}`);
    } finally {
      await browser.close();
      await s.stop();
    }
  }
  return { pictures, plots, full, server };
}

/** `n` through a queue of SWITCHES + 1 episodes (hard links of `files`, in turn): keydown → pictures / full plots (ms). */
const switches = (files: readonly string[]) =>
  walkQueue({ files, switches: SWITCHES, tiles: 3, tmpPrefix: "episcope-bench-queue-", log: (line) => log(line) });

async function main() {
  // Servers the bench starts without a cache of their own (the `n` walks) share one made for this run.
  process.env.EPISCOPE_EPISODE_CACHE ??= await mkdtemp(join(tmpdir(), "episcope-bench-cache-"));
  const sample = await mkdtemp(join(tmpdir(), "episcope-bench-open-"));
  await cp(SAMPLE, sample, { recursive: true });
  const results: Result[] = [];
  if (!ONLY_BIG) {
    const cold = await coldOpens(sample, "pick_cube_001.mcap", 3);
    // The app preloads the episode after the one open (the review queue's next): a third episode after the start one
    // takes that turn, so the clicked one is opened cold.
    const clickFolder = await mkdtemp(join(tmpdir(), "episcope-bench-open-click-"));
    for (const [from, to] of [["pick_cube_001.mcap", "pick_cube_001.mcap"], ["pick_cube_002.mcap", "pick_cube_002.mcap"], ["pick_cube_002.mcap", "zz_next.mcap"]]) {
      await link(join(sample, from!), join(clickFolder, to!));
    }
    const click = await clickOpens(clickFolder, "pick_cube_002.mcap", "pick_cube_001.mcap", 3);
    const sw = await switches([join(sample, "pick_cube_001.mcap"), join(sample, "pick_cube_002.mcap")]);
    const fixture = await ensureSyncFixture(join(tmpdir(), "episcope-bench-playback-v1"), CAMERAS, 36, "three-720p30");
    const mid = await coldOpens(fixture.path, "three-720p30.mcap", 3, false); // served as one file: nothing else is indexed; no joints
    results.push(
      {
        name: "open (click in the running app) → every camera's first picture (sample)",
        value: pct(click.pictures, 50),
        unit: "ms",
        baseline: base(click, "pictures"),
        target: "≤ 500",
        note: `max ${Math.max(...click.pictures).toFixed(0)}; click on the row → every tile drawn; baseline: the server alone over HTTP (open, frame indexes, first frames; series for plots)`,
      },
      { name: "open (click) → full joint plots (sample)", value: pct(click.plots, 50), unit: "ms", baseline: base(click, "plots"), target: "≤ 1000", note: `max ${Math.max(...click.plots).toFixed(0)}` },
      {
        name: "open from navigation start → every camera's first picture (sample, app load included)",
        value: pct(cold.pictures, 50),
        unit: "ms",
        baseline: base(cold, "pictures"),
        note: `max ${Math.max(...cold.pictures).toFixed(0)}; baseline: the server alone, fresh process`,
      },
      { name: "open from navigation start → full joint plots (sample)", value: pct(cold.plots, 50), unit: "ms", baseline: base(cold, "plots"), note: `max ${Math.max(...cold.plots).toFixed(0)}` },
      { name: "next episode (n) → every picture, p50 (sample)", value: pct(sw.pictures, 50), unit: "ms", target: "≤ 200", note: `p95 ${pct(sw.pictures, 95).toFixed(0)}; ${sw.pictures.length} switches along a queue of the sample's episodes` },
      { name: "next episode (n) → full joint plots, p50 (sample)", value: pct(sw.plots, 50), unit: "ms", note: `p95 ${pct(sw.plots, 95).toFixed(0)}` },
      {
        name: "open from navigation start → every camera's first picture (3×720p30 H.264, 36 s)",
        value: pct(mid.pictures, 50),
        unit: "ms",
        baseline: base(mid, "pictures"),
        note: `max ${Math.max(...mid.pictures).toFixed(0)}; baseline: the server alone over HTTP`,
      },
    );
  }
  if (process.env.EPISCOPE_BENCH_OPEN_BIG !== "0") {
    // The 1.5 GB three-camera episode (generated once into the temp folder), beside the sample's episode the
    // app starts on; the queue walks hard links of it (each a never-visited episode to the app).
    const big = await ensureBigEpisode(join(tmpdir(), "episcope-bench-big-v1"));
    const folder = await mkdtemp(join(tmpdir(), "episcope-bench-open-big-"));
    await link(big.path, join(folder, "big-3cam.mcap"));
    await link(join(sample, "pick_cube_002.mcap"), join(folder, "pick_cube_002.mcap"));
    await link(join(sample, "pick_cube_002.mcap"), join(folder, "zz_next.mcap")); // the preloaded next (see above)
    // EPISCOPE_BENCH_OPEN_CACHE=kept,off (e.g.): only those cache modes.
    const modes = (process.env.EPISCOPE_BENCH_OPEN_CACHE ?? CACHE_MODES.join(",")).split(",").filter((m): m is CacheMode => (CACHE_MODES as string[]).includes(m));
    const bigClicks: Partial<Record<CacheMode, Opens>> = {};
    for (const mode of modes) bigClicks[mode] = await clickOpens(folder, "pick_cube_002.mcap", "big-3cam.mcap", 3, mode);
    const bigSw = ONLY_BIG ? null : await switches([big.path]);
    const what = `${(big.sizeBytes / 1e9).toFixed(2)} GB, 3×720p30 H.264, ${big.seconds} s`;
    const how = {
      off: "no episode cache: message indexes and series read from the file",
      fresh: "first visit: an empty episode cache, filled by the server's indexing pass before the click if it got that far",
      kept: "re-open: the episode cache holds the episode's message index and series",
      indexing: "a new folder: clicked while the server's indexing pass measures its episodes (it waits for the open)",
    };
    for (const mode of modes) {
      const opens = bigClicks[mode]!;
      results.push(
        {
          name: `open (click) → every camera's first picture (${what}; cache ${mode})`,
          value: pct(opens.pictures, 50),
          unit: "ms",
          baseline: base(opens, "pictures"),
          target: "≤ 500",
          note: `${how[mode]}; max ${Math.max(...opens.pictures).toFixed(0)}; baseline: the server alone over HTTP`,
        },
        {
          name: `open (click) → every joint plot drawn over the whole episode (${what}; cache ${mode})`,
          value: pct(opens.plots, 50),
          unit: "ms",
          baseline: base(opens, "plots"),
          target: "≤ 1000",
          note: `max ${Math.max(...opens.plots).toFixed(0)}; from each series' overview (min/max of 2048 time buckets) until the full series is in`,
        },
        { name: `open (click) → every joint plot holding its full series (${what}; cache ${mode})`, value: pct(opens.full, 50), unit: "ms", baseline: base(opens, "full"), note: `max ${Math.max(...opens.full).toFixed(0)}` },
      );
    }
    if (bigSw) {
      results.push(
        { name: `next episode (n) → every picture, p50 (${what})`, value: pct(bigSw.pictures, 50), unit: "ms", target: "≤ 200", note: `p95 ${pct(bigSw.pictures, 95).toFixed(0)}; ${bigSw.pictures.length} switches along hard links of it` },
        { name: `next episode (n) → full joint plots, p50 (${what})`, value: pct(bigSw.plots, 50), unit: "ms", note: `p95 ${pct(bigSw.plots, 95).toFixed(0)}` },
      );
    }
  }
  writeFileSync(process.env.EPISCOPE_BENCH_OUT ?? "/dev/stdout", JSON.stringify({ suite: "open", results }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
