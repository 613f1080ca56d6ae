import fs from "node:fs";

/** Small statistics helpers for the benchmarks. */

/** The q-quantile (0..1) of `values` by nearest rank (https://en.wikipedia.org/wiki/Percentile#The_nearest-rank_method). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

/** Median of the run times (ms) of `runs` calls of `fn`. */
export async function medianMs(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return quantile(times, 0.5);
}

/** Anonymous resident memory (bytes: heap, buffers; not file-backed pages such as a memory-mapped file), Linux. */
export function rssAnon(): number {
  try {
    const match = /RssAnon:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Tracks the peak resident set size (bytes) above a starting point while sampled: total and anonymous. */
export class RssPeak {
  readonly start = process.memoryUsage.rss();
  readonly startAnon = rssAnon();
  #peak = this.start;
  #peakAnon = this.startAnon;
  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.#peak) this.#peak = rss;
    const anon = rssAnon();
    if (anon > this.#peakAnon) this.#peakAnon = anon;
  }
  /** Peak growth over the start (MB = 10^6 bytes). */
  growthMb(): number {
    this.sample();
    return (this.#peak - this.start) / 1e6;
  }
  /** Peak growth of anonymous memory (MB). */
  anonGrowthMb(): number {
    this.sample();
    return (this.#peakAnon - this.startAnon) / 1e6;
  }
}

/** Run the garbage collector when node was started with --expose-gc. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Deterministic pseudo-random numbers in [0, 1) (LCG, Numerical Recipes constants). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
