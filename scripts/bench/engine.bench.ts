/**
 * Engine benchmark (issue 3): our episode engine vs @mcap/core's McapIndexedReader over @mcap/nodejs's
 * FileHandleReadable, in the same run, on the same generated episode (see engine/generateBenchEpisode.ts), for
 * uncompressed and zstd chunks: open time, latest frame of every camera at 50 random times (p50/p95), the whole joint
 * series, a full scan (GB/s), and RSS growth while scanning.
 *
 * Then the same on a 6 GB episode (issue 20: past 4 GiB; written sparse by electron/services/episode/testLargeMcap.ts:
 * 20 s of the same 3 cameras + joints with hole-backed attachments between chunks, so frames lie on both sides of the
 * 4 GiB mark), the time to refuse a 4.3 GiB file of zeros after a valid header, and the longest event-loop stall of the
 * calling thread while EpisodeMainService reviews 60 episodes in a row (every parse in its worker pool).
 * Our reads go through the mapped path the desktop app uses: bytes copied out of the map, no external ArrayBuffer.
 *
 * Env: EPISCOPE_BENCH_DIR (default /tmp/episcope-bench) holds the generated files; EPISCOPE_BENCH_SECONDS (default 330,
 * ≈ 2.1 GiB) sets the episode length; EPISCOPE_BENCH_LARGE_GB (default 6; 0 skips) the large episode's size;
 * EPISCOPE_BENCH_OUT receives the JSON. Progress goes to stderr.
 * Both readers run on a warm page cache (the file was just written or read).
 */
import { parse as parseRosMsg } from "@foxglove/rosmsg";
import { MessageReader } from "@foxglove/rosmsg2-serialization";
import { McapIndexedReader } from "@mcap/core";
import { loadDecompressHandlers } from "@mcap/support";
import { FileHandleReadable } from "@mcap/nodejs";
import fs from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { EpisodeMainService } from "../../electron/services/episode/episodeMainService.ts";
import { LoadedEpisode } from "../../electron/services/episode/loadedEpisode.ts";
import { zstdStatus } from "../../electron/services/episode/zstdDecompressor.ts";
import { openMcap } from "../../electron/services/episode/openMcap.ts";
import { writeLargeMcap } from "../../electron/services/episode/testLargeMcap.ts";
import { monitorEventLoopDelay } from "node:perf_hooks";
import os from "node:os";
import { benchEpisode, BENCH_CAMERAS, BENCH_JOINTS } from "./engine/generateBenchEpisode.ts";
import { collectGarbage, medianMs, quantile, RssPeak, seededRandom } from "./engine/stats.ts";
import type { Result } from "./benchResult.ts";


const DIR = process.env.EPISCOPE_BENCH_DIR ?? "/tmp/episcope-bench";
const SECONDS = Number(process.env.EPISCOPE_BENCH_SECONDS ?? 330);
const LARGE_GB = Number(process.env.EPISCOPE_BENCH_LARGE_GB ?? 6);
const log = (line: string) => process.stderr.write(line + "\n");
const results: Result[] = [];

/** Latest index i with t[i] <= x, or -1. */
function latestAtOrBefore(t: BigInt64Array, x: bigint): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

async function baselineReader(file: string) {
  const handle = await open(file, "r");
  const reader = await McapIndexedReader.Initialize({ readable: new FileHandleReadable(handle), decompressHandlers: await loadDecompressHandlers() });
  return { reader, close: () => handle.close() };
}

/** The sparse large episode (see testLargeMcap.ts), written once to DIR. */
async function largeEpisode(compression: "none" | "zstd"): Promise<string> {
  const file = path.join(DIR, `large-${compression}-${LARGE_GB}GB.mcap`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(DIR, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeLargeMcap(tmp, { sizeBytes: LARGE_GB * 1e9, compression: compression === "zstd" ? "zstd" : undefined });
  fs.renameSync(tmp, file);
  return file;
}

async function benchVariant(compression: "none" | "zstd", file: string): Promise<void> {
  const size = fs.statSync(file).size;
  const label = `${compression === "none" ? "uncompressed" : "zstd"}, ${(size / 2 ** 30).toFixed(2)} GiB`;
  const identity = { episodeId: "bench", absPath: file, relPath: file };
  log(`\n--- ${label}: ${file} (ours decompresses zstd with ${(await zstdStatus()).implementation})`);
  await LoadedEpisode.open(identity).then((e) => e.close()); // load WebAssembly decompressors, warm the page cache
  await baselineReader(file).then((b) => b.close());

  // Open.
  const openOurs = await medianMs(5, async () => (await LoadedEpisode.open(identity)).close());
  const openBase = await medianMs(5, async () => (await baselineReader(file)).close());
  results.push({ name: `open (${label})`, value: openOurs, unit: "ms", baseline: openBase, target: "≤ 50 ms", note: "ours: summary + every message index + problems; baseline: footer + summary only" });
  log(`open: ours ${openOurs.toFixed(1)} ms, baseline ${openBase.toFixed(1)} ms`);

  // Latest frame of every camera at 50 random times (after a full GC, like the other phases: the previous variant's
  // garbage would otherwise be collected during the lookups of both readers).
  collectGarbage();
  const episode = await LoadedEpisode.open(identity);
  const base = await baselineReader(file);
  try {
    const indexStart = performance.now();
    const indexes = BENCH_CAMERAS.map((cam) => episode.frameIndex(cam));
    const indexMs = performance.now() - indexStart;
    const random = seededRandom(42);
    const span = Number(episode.summary.endNs - episode.summary.startNs);
    const times = Array.from({ length: 50 }, () => episode.summary.startNs + BigInt(Math.floor(random() * span)));
    const ours: number[] = [];
    const baseline: number[] = [];
    let bytesOurs = 0;
    let bytesBase = 0;
    for (const t of times) {
      let start = performance.now();
      for (const [c, cam] of BENCH_CAMERAS.entries()) {
        const i = latestAtOrBefore(indexes[c]!.logTimesNs, t);
        if (i >= 0) bytesOurs += episode.frames(cam, i, i)[0]!.data.byteLength;
      }
      ours.push(performance.now() - start);
      start = performance.now();
      for (const cam of BENCH_CAMERAS) {
        for await (const m of base.reader.readMessages({ topics: [cam], endTime: t, reverse: true })) {
          bytesBase += m.data.byteLength;
          break;
        }
      }
      baseline.push(performance.now() - start);
    }
    results.push({ name: `latest frame ×3 cameras p50 (${label})`, value: quantile(ours, 0.5), unit: "ms", baseline: quantile(baseline, 0.5) });
    results.push({
      name: `latest frame ×3 cameras p95 (${label})`,
      value: quantile(ours, 0.95),
      unit: "ms",
      baseline: quantile(baseline, 0.95),
      target: "≤ 10 ms",
      note: `ours: JPEG bytes extracted from the decoded message; frame indexes of 3 cameras built once in ${indexMs.toFixed(0)} ms`,
    });
    log(`frames: ours p50 ${quantile(ours, 0.5).toFixed(2)} p95 ${quantile(ours, 0.95).toFixed(2)} ms; baseline p50 ${quantile(baseline, 0.5).toFixed(2)} p95 ${quantile(baseline, 0.95).toFixed(2)} ms (${bytesOurs} / ${bytesBase} bytes)`);
  } finally {
    episode.close();
    await base.close();
  }

  // The whole joint series (decoded, every numeric field), on a fresh open.
  collectGarbage();
  const fresh = await LoadedEpisode.open(identity);
  let seriesOurs: number;
  let count = 0;
  try {
    const start = performance.now();
    const series = fresh.series(BENCH_JOINTS);
    seriesOurs = performance.now() - start;
    count = series.logTimesNs.length;
  } finally {
    fresh.close();
  }
  collectGarbage();
  const b2 = await baselineReader(file);
  let seriesBase: number;
  try {
    const channel = [...b2.reader.channelsById.values()].find((c) => c.topic === BENCH_JOINTS)!;
    const schema = b2.reader.schemasById.get(channel.schemaId)!;
    const decoder = new MessageReader(parseRosMsg(new TextDecoder().decode(schema.data), { ros2: true }));
    const start = performance.now();
    const columns: number[][] = [];
    let n = 0;
    for await (const m of b2.reader.readMessages({ topics: [BENCH_JOINTS] })) {
      const message = decoder.readMessage<{ position: Float64Array }>(m.data);
      message.position.forEach((v, j) => (columns[j] ??= []).push(v));
      n++;
    }
    seriesBase = performance.now() - start;
    if (n !== count) throw new Error(`baseline read ${n} joint messages, ours ${count}`);
  } finally {
    await b2.close();
  }
  // The app's path: EpisodeMainService, whose two pool workers read the channel in two halves at once.
  collectGarbage();
  const service = new EpisodeMainService(path.dirname(file), null);
  let seriesApp: number;
  try {
    const opened = await service.open(path.basename(file));
    // Both workers open the file first (as the camera frame indexes make them do when an episode opens in the app).
    await Promise.all(BENCH_CAMERAS.slice(0, 2).map((topic) => service.frameIndex(opened.episodeId, topic)));
    const start = performance.now();
    const series = await service.series(opened.episodeId, BENCH_JOINTS);
    seriesApp = performance.now() - start;
    if (series.logTimesNs.length !== count) throw new Error(`worker pool read ${series.logTimesNs.length} joint messages, in-process ${count}`);
  } finally {
    service.close();
  }
  results.push({
    name: `joint series, ${count} msgs (${label})`,
    value: seriesApp,
    unit: "ms",
    baseline: seriesBase,
    target: compression === "none" ? "≥ 20× faster" : "≥ 3× faster",
    note:
      `${(seriesBase / seriesApp).toFixed(1)}× faster through the app's worker pool (2 threads, one half each); ` +
      `one thread in-process ${seriesOurs.toFixed(0)} ms (${(seriesBase / seriesOurs).toFixed(1)}×); both decode CDR; ours also builds every numeric column with joint names`,
  });
  log(`joint series (${count}): ours ${seriesApp.toFixed(0)} ms (2 workers), ${seriesOurs.toFixed(0)} ms (1 thread), baseline ${seriesBase.toFixed(0)} ms (${(seriesBase / seriesApp).toFixed(1)}×)`);

  // Full scan: every message's bytes, in file order; RSS sampled. Through the mapping (fastest; the pages it touches
  // count in RSS as file-backed, reclaimable page cache) and through positional reads (nothing stays resident).
  const scan = async (access: "mmap" | "pread") => {
    collectGarbage();
    const scanEpisode = await LoadedEpisode.open(identity, { access });
    try {
      const rss = new RssPeak();
      const start = performance.now();
      let bytes = 0;
      let k = 0;
      for (const m of scanEpisode.payloadsInFileOrder()) {
        bytes += m.data.byteLength;
        if (++k % 2048 === 0) rss.sample();
      }
      const ms = performance.now() - start;
      log(`scan (${access}): ours ${(ms / 1000).toFixed(2)} s for ${(bytes / 2 ** 30).toFixed(2)} GiB of payload, RSS +${rss.growthMb().toFixed(0)} MB (anonymous +${rss.anonGrowthMb().toFixed(0)} MB)`);
      return { ms, rss: rss.growthMb(), anon: rss.anonGrowthMb() };
    } finally {
      scanEpisode.close();
    }
  };
  const viaMap = await scan("mmap");
  const viaPread = await scan("pread");
  const scanOurs = viaMap.ms;
  const rssOurs = viaPread.rss;
  collectGarbage();
  const b3 = await baselineReader(file);
  let scanBase: number;
  let rssBase: number;
  try {
    const rss = new RssPeak();
    const start = performance.now();
    let bytes = 0;
    let k = 0;
    for await (const m of b3.reader.readMessages()) {
      bytes += m.data.byteLength;
      if (++k % 2048 === 0) rss.sample();
    }
    scanBase = performance.now() - start;
    rssBase = rss.growthMb();
    log(`scan: baseline ${(scanBase / 1000).toFixed(2)} s for ${(bytes / 2 ** 30).toFixed(2)} GiB, RSS +${rssBase.toFixed(0)} MB`);
  } finally {
    await b3.close();
  }
  results.push({
    name: `full scan (${label})`,
    value: size / 1e9 / (scanOurs / 1000),
    unit: "GB/s",
    baseline: size / 1e9 / (scanBase / 1000),
    note: `every message payload, file order, through the mapping; with positional reads ${(size / 1e9 / (viaPread.ms / 1000)).toFixed(2)} GB/s`,
  });
  results.push({
    name: `RSS growth while scanning (${label})`,
    value: rssOurs,
    unit: "MB",
    baseline: rssBase,
    target: "≤ 300 MB",
    note: `positional-read scan; the mapped scan grows RSS by ${viaMap.rss.toFixed(0)} MB of file-backed page cache, anonymous memory +${viaMap.anon.toFixed(0)} MB`,
  });
}

/** Time to refuse a 4.3 GiB file of zeros after a valid header (ms), median of 3. */
async function benchZeros(): Promise<void> {
  const file = path.join(DIR, "zeros-4.3GiB.mcap");
  const header = path.join(DIR, "header-only.mcap");
  await writeLargeMcap(header, { sizeBytes: 0, seconds: 1, paddings: 0 });
  const bytes = fs.readFileSync(header);
  fs.writeFileSync(file, bytes.subarray(0, 8 + 9 + Number(bytes.readBigUInt64LE(9))));
  fs.truncateSync(file, Math.floor(4.3 * 2 ** 30));
  let message = "";
  const ms = await medianMs(3, () => openMcap(file).then(() => (message = "opened?!"), (error: Error) => (message = error.message)));
  fs.rmSync(file);
  fs.rmSync(header);
  results.push({ name: "refuse 4.3 GiB of zeros after a valid header", value: ms, unit: "ms", target: "well under 1 s", note: message.slice(0, 120) });
  log(`zeros: refused in ${ms.toFixed(1)} ms: ${message}`);
}

/** The calling thread's longest event-loop stall while EpisodeMainService reviews 60 episodes (open, frames, series, next). */
async function benchReviewStall(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-bench-review-"));
  const sample = path.join(process.cwd(), "assets", "sample");
  for (let i = 0; i < 60; i++) fs.copyFileSync(path.join(sample, `pick_cube_00${(i % 2) + 1}.mcap`), path.join(dir, `ep_${String(i).padStart(2, "0")}.mcap`));
  const service = new EpisodeMainService(dir, null);
  const stalls = monitorEventLoopDelay({ resolution: 5 });
  try {
    const { episodes } = await service.list();
    for (const [i, episode] of episodes.entries()) {
      if (i === 5) stalls.enable();
      const summary = await service.open(episode.path);
      for (const camera of summary.channels.filter((c) => c.kind === "camera")) {
        const index = await service.frameIndex(summary.episodeId, camera.topic);
        await service.frames(summary.episodeId, camera.topic, index.logTimesNs.length >> 1, index.logTimesNs.length >> 1);
      }
      await service.series(summary.episodeId, BENCH_JOINTS);
      service.closeEpisode(summary.episodeId);
    }
    stalls.disable();
  } finally {
    service.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const load = os.loadavg()[0]!;
  results.push({
    name: "longest event-loop stall, 60-episode review through the service",
    value: stalls.max / 1e6,
    unit: "ms",
    target: "< 50 ms",
    note: `p99 ${(stalls.percentile(99) / 1e6).toFixed(1)} ms; 1-min load average ${load.toFixed(1)} on ${os.cpus().length} cores (a stall above the target under load is scheduling, see serviceLifecycle.test.ts)`,
  });
  log(`review stall: max ${(stalls.max / 1e6).toFixed(1)} ms, p99 ${(stalls.percentile(99) / 1e6).toFixed(1)} ms (load ${load.toFixed(1)})`);
}

await benchVariant("none", await benchEpisode(DIR, "none", SECONDS, log));
await benchVariant("zstd", await benchEpisode(DIR, "zstd", SECONDS, log));
if (LARGE_GB > 0) {
  await benchVariant("none", await largeEpisode("none"));
  await benchVariant("zstd", await largeEpisode("zstd"));
}
await benchZeros();
await benchReviewStall();
results.push({ name: "peak RSS of the whole run", value: process.resourceUsage().maxRSS / 1000, unit: "MB", note: "both engines, both files, one process" });
const out = process.env.EPISCOPE_BENCH_OUT;
const zstd = await zstdStatus();
const report = { suite: "engine", machine: { episodeSeconds: SECONDS, dir: DIR, zstd: zstd.implementation, zstdSkipped: zstd.skipped }, results };
if (out) fs.writeFileSync(out, JSON.stringify(report, null, 2));
else process.stdout.write(JSON.stringify(report, null, 2) + "\n");
