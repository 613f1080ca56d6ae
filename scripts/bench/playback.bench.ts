/// <reference lib="dom" />
/**
 * Playback bench (renderer, in Debian's Chromium through playwright-core, software decode):
 * - seek latency from request (Enter in jump-to-time) to all tiles painted, p50/p95 over 100 random seeks, on three
 *   720p30 H.264 cameras; baseline: the same seeks with the decoder forced to start from the keyframe every time
 *   (a cold seek: each seek first goes to a far time, so nothing can be continued).
 * - frames presented vs expected during 30 s of 1× playback: a camera frame counts as on time when it was shown in the
 *   display frame in which it fell due, i.e. less than one 60 Hz display frame after its ideal time (playback start +
 *   media offset at 1×, the start taken from the present earliest against that schedule), in animation-frame time
 *   (`document.timeline.currentTime` of the frame the present was made in). Also reported: the same against the
 *   observer's wall-clock time with 1 ms slack (which adds the main thread's scheduling jitter within a frame).
 * - the decode floor of the same random seeks, interleaved with them: WebCodecs alone decoding every camera from its
 *   keyframe to the wanted frame, all cameras at once (decodeFloor.ts); what no WebCodecs software player can beat here.
 * - seek p50/p95 on the same cameras encoded with shorter keyframe intervals: GOP 2, as LeRobot encodes its datasets
 *   (shared/data/lerobot/so101_chess_v21 has a keyframe every other frame), and GOP 10.
 * Fixture: scripts/sync-fixture with 3 × 1280×720 @ 30 fps, 36 s, GOP 30 (cached in $TMPDIR); 20 s for the GOP sweep.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchBrowser } from "../../e2e/harness/browser.ts";
import { startServe } from "../../e2e/harness/serveProcess.ts";
import { latestAtOrBefore } from "../../shared/time.ts";
import { ensureSyncFixture, THREE_CAMERAS_720P } from "../sync-fixture/syncFixture.ts";
import { openDecodeFloor, type DecodeFloor } from "./playback/decodeFloor.ts";
import { sampleMemory } from "./playback/memorySampler.ts";
import { installRecorder, readRecorder, timedSeek } from "./playback/pageMeters.ts";
import type { Page } from "playwright-core";

const SECONDS = 36;
const CAMERAS = THREE_CAMERAS_720P;

/** Keyframe intervals (frames) of the GOP sweep, and its fixtures' length (s). */
const SWEEP_GOPS = [2, 10];
const SWEEP_SECONDS = 20;

/**
 * Seek to `count` random times within the first `spanMs` of the episode (a fixed seed): the time of each (ms), and
 * after each, the decode floor of the same seek (ms), so both see the machine in the same state.
 */
async function randomSeeks(page: Page, floor: DecodeFloor, startNs: bigint, spanMs: number, count: number, seed: number): Promise<{ targetsMs: number[]; ms: number[]; floorMs: number[] }> {
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const targetsMs = Array.from({ length: count }, () => Math.floor(random() * spanMs));
  const ms: number[] = [];
  const floorMs: number[] = [];
  for (const t of targetsMs) {
    const tNs = startNs + BigInt(t) * 1_000_000n;
    ms.push(await timedSeek(page, (t / 1000).toFixed(3), String(tNs)));
    floorMs.push(await floor.seek(tNs));
  }
  return { targetsMs, ms, floorMs };
}

/** Open `episode` (relative to the served path) in `page` and wait until every tile shows a frame. */
async function openEpisode(page: Page, url: string, episode: string, tiles: number): Promise<void> {
  await page.goto(`${url}/?episode=${episode}&t=1`);
  await page.waitForFunction((n) => document.querySelectorAll('section.tile:not([data-frame-index="-1"])').length === n, tiles, { timeout: 60_000 });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const log = (...a: unknown[]) => console.error(...a);

async function main() {
  const t0 = Date.now();
  const fixture = await ensureSyncFixture(join(tmpdir(), "episcope-bench-playback-v1"), CAMERAS, SECONDS, "three-720p30");
  log(`fixture ready in ${Date.now() - t0} ms: ${fixture.path}`);
  const serve = await startServe(fixture.path);
  const browser = await launchBrowser();
  const { page } = browser;
  // Peak memory over the whole bench on the main fixture (open, seeks, 30 s of 1×), and over the 1× playback alone.
  const memory = sampleMemory(serve.child.pid!);
  try {
    await openEpisode(page, serve.url, "three-720p30.mcap", CAMERAS.length);
    const start = fixture.startNs;
    const spanMs = (SECONDS - 1) * 1000;

    // --- seeks
    const floorPage = await openDecodeFloor(page, serve.url, "three-720p30.mcap", CAMERAS.map((c) => c.topic));
    const { targetsMs: targets, ms: ours, floorMs: floor } = await randomSeeks(page, floorPage, start, spanMs, 100, 7).finally(() => floorPage.close());
    log(`decode floor ms (same seeks, interleaved): p50 ${pct(floor, 50).toFixed(1)} p95 ${pct(floor, 95).toFixed(1)}`);
    // Baseline: every seek from cold (first jump 15 s away, then measure the real one, whose decode must start at its keyframe).
    const cold: number[] = [];
    for (const ms of targets) {
      const away = (ms + spanMs / 2) % spanMs;
      await timedSeek(page, (away / 1000).toFixed(3), String(start + BigInt(Math.floor(away)) * 1_000_000n));
      cold.push(await timedSeek(page, (ms / 1000).toFixed(3), String(start + BigInt(ms) * 1_000_000n)));
    }
    // Short forward seeks (+1 frame … +20 frames) that can continue decoding.
    const near: number[] = [];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let cur = 2000;
    await timedSeek(page, "2.000", String(start + 2_000_000_000n));
    for (let k = 0; k < 100; k++) {
      cur += 33 + Math.floor(random() * 600);
      if (cur > spanMs) cur = 2000;
      near.push(await timedSeek(page, (cur / 1000).toFixed(3), String(start + BigInt(cur) * 1_000_000n)));
    }
    log(`seek ms: random p50 ${pct(ours, 50).toFixed(1)} p95 ${pct(ours, 95).toFixed(1)}; cold p50 ${pct(cold, 50).toFixed(1)} p95 ${pct(cold, 95).toFixed(1)}; near p50 ${pct(near, 50).toFixed(1)} p95 ${pct(near, 95).toFixed(1)}`);

    // --- 30 s of 1× playback from 2 s
    await page.getByRole("combobox", { name: "Playback speed" }).selectOption("1");
    await timedSeek(page, "2.000", String(start + 2_000_000_000n));
    await page.getByRole("textbox", { name: /Jump to time/ }).blur();
    await installRecorder(page);
    const playing = memory.window();
    await page.keyboard.press("Space");
    await new Promise((r) => setTimeout(r, 30_500));
    await page.keyboard.press("k");
    const playPeaks = playing();
    const benchPeaks = memory.stop();
    const mib = (b: number) => b / 2 ** 20;
    log(`peak memory (PSS): 1× playback browser ${mib(playPeaks.browser).toFixed(0)} MiB + server ${mib(playPeaks.server).toFixed(0)} MiB; whole bench ${mib(benchPeaks.total).toFixed(0)} MiB`);
    const presents = (await readRecorder(page)).filter((p) => BigInt(p.clockNs) > start + 2_000_000_000n);
    const t0ns = start + 2_000_000_000n;
    // The schedule: media time t is due at wall0 + (t − t0). A 1× clock never runs ahead of wall time, so the present
    // that is earliest against the media clock fixes wall0 (not the first one, which may come late after a stall);
    // the same in display-frame time (frame0), where a present's time is its display frame's, free of the main
    // thread's scheduling jitter within the frame.
    const wall0 = Math.min(...presents.map((p) => p.wallMs - Number(BigInt(p.clockNs) - t0ns) / 1e6));
    const frame0 = Math.min(...presents.map((p) => p.frameMs - Number(BigInt(p.clockNs) - t0ns) / 1e6));
    const t1ns = t0ns + 30_000_000_000n;
    const lastClock = BigInt(presents.at(-1)!.clockNs);
    let expected = 0;
    let shown = 0;
    let onTime = 0;
    let inDueFrame = 0;
    const topics = await page.evaluate(() => Array.from(document.querySelectorAll("section.tile")).map((t) => (t as HTMLElement).dataset.topic ?? ""));
    for (const [k, topic] of topics.entries()) {
      const times = fixture.cameras.find((c) => c.topic === topic)!.logTimesNs;
      const firstIdx = latestAtOrBefore(times, t0ns) + 1;
      const lastIdx = latestAtOrBefore(times, t1ns);
      for (let i = firstIdx; i <= lastIdx; i++) {
        expected++;
        const p = presents.find((q) => q.frames[k] === i);
        if (!p) continue;
        shown++;
        const ideal = wall0 + Number(times[i]! - t0ns) / 1e6;
        if (p.wallMs - ideal <= 1000 / 60 + 1) onTime++;
        // Shown in the display frame in which it fell due (the first one at or after its ideal time).
        if (p.frameMs - (frame0 + Number(times[i]! - t0ns) / 1e6) < 1000 / 60 + 0.5) inDueFrame++;
      }
    }
    const mediaS = Number(lastClock - t0ns) / 1e9;
    const wallS = (presents.at(-1)!.wallMs - wall0) / 1000;
    log(`playback: ${expected} frames expected, ${shown} shown, ${inDueFrame} in their due display frame, ${onTime} ≤ 17.7 ms late; ${mediaS.toFixed(2)} s of media in ${wallS.toFixed(2)} s of wall time; ${presents.length} presents`);

    // --- the same cameras with shorter keyframe intervals
    const sweep: Array<{ gop: number; ms: number[]; floor: number[] }> = [];
    for (const gop of SWEEP_GOPS) {
      const name = `three-720p30-gop${gop}`;
      const cameras = CAMERAS.map((c) => ({ ...c, gop }));
      const f = await ensureSyncFixture(join(tmpdir(), "episcope-bench-playback-v1"), cameras, SWEEP_SECONDS, name);
      const s = await startServe(f.path);
      try {
        await openEpisode(page, s.url, `${name}.mcap`, cameras.length);
        const gopFloorPage = await openDecodeFloor(page, s.url, `${name}.mcap`, cameras.map((c) => c.topic));
        const { ms, floorMs: gopFloor } = await randomSeeks(page, gopFloorPage, f.startNs, (SWEEP_SECONDS - 1) * 1000, 100, 11).finally(() => gopFloorPage.close());
        sweep.push({ gop, ms, floor: gopFloor });
        log(`seek ms, GOP ${gop}: p50 ${pct(ms, 50).toFixed(1)} p95 ${pct(ms, 95).toFixed(1)}; decode floor p95 ${pct(gopFloor, 95).toFixed(1)}`);
      } finally {
        await s.stop();
      }
    }

    const out = {
      suite: "playback",
      results: [
        { name: "seek p50 (random, 3×720p30 H.264)", value: pct(ours, 50), unit: "ms", baseline: pct(cold, 50), note: "baseline: cold seek, decode from keyframe" },
        { name: "seek p95 (random, 3×720p30 H.264)", value: pct(ours, 95), unit: "ms", baseline: pct(cold, 95), target: "≤ 120" },
        {
          name: "seek decode floor p95 (WebCodecs alone, same seeks)",
          value: pct(floor, 95),
          unit: "ms",
          note: `p50 ${pct(floor, 50).toFixed(1)}; keyframe to wanted frame, 3 decoders at once, nothing else running, no conversion or paint; app − floor per seek: median ${pct(ours.map((m, k) => m - floor[k]!), 50).toFixed(1)}`,
        },
        ...sweep.map(({ gop, ms, floor: f }) => ({
          name: `seek p95 (random, GOP ${gop})`,
          value: pct(ms, 95),
          unit: "ms",
          target: "≤ 120",
          note: `p50 ${pct(ms, 50).toFixed(1)}; decode floor p95 ${pct(f, 95).toFixed(1)}; same cameras, keyframe every ${gop} frames`,
        })),
        { name: "seek p95 (short forward)", value: pct(near, 95), unit: "ms", baseline: pct(cold, 95), note: "continues decoding when no keyframe lies between" },
        { name: "frames shown at 1× (30 s)", value: (100 * shown) / expected, unit: "%", note: `${shown}/${expected}` },
        {
          name: "frames on time at 1× (30 s)",
          value: (100 * inDueFrame) / expected,
          unit: "%",
          target: "≥ 98",
          note: "shown in the display frame in which it fell due (animation-frame timestamps)",
        },
        {
          name: "frames ≤ 17.7 ms late at 1× (wall clock)",
          value: (100 * onTime) / expected,
          unit: "%",
          note: "observer's wall time vs the earliest-aligned schedule: adds the main thread's jitter within a frame",
        },
        { name: "clock rate at 1×", value: mediaS / wallS, unit: "×" },
        {
          name: "peak memory during 30 s of 1× (3×720p30; browser + server)",
          value: Math.round(mib(playPeaks.total)),
          unit: "MiB",
          note: `PSS from /proc: Chromium processes ${mib(playPeaks.browser).toFixed(0)} MiB, serve ${mib(playPeaks.server).toFixed(0)} MiB; whole bench (open, 300 seeks, 1×) ${mib(benchPeaks.total).toFixed(0)} MiB`,
        },
      ],
    };
    writeFileSync(process.env.EPISCOPE_BENCH_OUT ?? "/dev/stdout", JSON.stringify(out));
  } finally {
    memory.stop();
    await browser.close();
    await serve.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
