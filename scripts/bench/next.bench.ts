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
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Result } from "./benchResult.ts";
import { pct, walkQueue } from "./queueWalk.ts";

const SAMPLE = fileURLToPath(new URL("../../assets/sample/", import.meta.url));
const SWITCHES = Number(process.env.EPISCOPE_BENCH_NEXT_SWITCHES ?? 8);
/** How long the reviewer watches an episode before `n` (ms). */
const DWELL_MS = Number(process.env.EPISCOPE_BENCH_NEXT_DWELL_MS ?? 3000);
const TILES = 3;

const log = (...a: unknown[]) => console.error(...a);

/** `n` SWITCHES times along a fresh queue, waiting `dwellMs` on each episode first: keydown → pictures / plots (ms). */
const walkSampleQueue = (dwellMs: number) =>
  walkQueue({
    files: [join(SAMPLE, "pick_cube_001.mcap"), join(SAMPLE, "pick_cube_002.mcap")],
    switches: SWITCHES,
    tiles: TILES,
    dwellMs,
    requirePlots: true,
    tmpPrefix: "episcope-bench-next-",
    log: (line) => log(line),
  });

async function main() {
  const watched = await walkSampleQueue(DWELL_MS);
  const hurried = await walkSampleQueue(0);
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
