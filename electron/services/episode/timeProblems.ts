/**
 * What the log times of an episode hide, and the time axis to show: pure functions over each channel's sorted log
 * times (ns).
 *
 * Time axis from the bulk of the data: each channel's times are split into clusters at gaps longer than
 * T = max(60 s, the longest p10..p90 span of any channel with ≥ 10 messages); clusters of all channels that overlap or
 * lie within T of each other are merged, and the merged cluster holding the most messages is the recording. Messages
 * outside it are log-time outliers (e.g. a few messages stamped t = 0 in a 2025 recording, which would otherwise make
 * a 55-year axis). A robust-statistics rule of thumb (quantile spread as the scale), not a published formula.
 *
 * Per camera or signal ("joints") channel with ≥ 10 messages inside the recording (other channels, such as logs,
 * are bursty by nature), with P the median interval between consecutive messages:
 * an interval longer than max(10 P, 0.5 s) is a timestamp gap; for cameras an interval between 1.5 P and that bound
 * is a frame drop of round(interval / P) − 1 frames.
 */
import type { ChannelKind, EpisodeProblem } from "../../../shared/episode.ts";

/** What timeProblems needs of a channel. */
export interface ChannelTimes {
  topic: string;
  kind: ChannelKind;
  /** Log times (ns), ascending. */
  logTimesNs: BigInt64Array;
  /** Messages earlier than their predecessor in file order (see ChannelMessages.backwardSteps). */
  backwardSteps: number;
}

/** The time axis and the problems found. */
export interface TimeAnalysis {
  /** First and last log time of the recording's bulk (ns); 0n, 0n without messages. */
  startNs: bigint;
  endNs: bigint;
  /** Messages outside [startNs, endNs], over all channels. */
  outlierCount: number;
  problems: EpisodeProblem[];
}

const MIN_CLUSTER_GAP_NS = 60e9;
const MIN_GAP_NS = 0.5e9;

/**
 * Log times as doubles (ns), read from the BigInt64Array's 32-bit words without creating BigInts. Exact to 2^53 ns;
 * around 2025 (≈ 1.8 × 10^18 ns) the step is 256 ns — ample for gaps and periods, never used for the time axis itself.
 */
export function approximateTimes(t: BigInt64Array): Float64Array {
  const words = new Uint32Array(t.buffer, t.byteOffset, t.length * 2);
  const out = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) out[i] = (words[2 * i + 1]! | 0) * 4294967296 + words[2 * i]!;
  return out;
}

/** A cluster of one channel's messages, by index into that channel. */
interface IndexCluster {
  channel: number;
  from: number;
  to: number;
  start: number;
  end: number;
}

/** Analyse `channels` (see module doc). */
export function analyseTimes(channels: readonly ChannelTimes[]): TimeAnalysis {
  const problems: EpisodeProblem[] = [];
  const withMessages = channels.filter((c) => c.logTimesNs.length > 0);
  if (withMessages.length === 0) return { startNs: 0n, endNs: 0n, outlierCount: 0, problems };
  const approx = withMessages.map((c) => approximateTimes(c.logTimesNs));

  let spread = 0;
  for (const t of approx) {
    if (t.length < 10) continue;
    spread = Math.max(spread, t[Math.floor(t.length * 0.9)]! - t[Math.floor(t.length * 0.1)]!);
  }
  const splitGap = Math.max(spread, Number(MIN_CLUSTER_GAP_NS));

  const clusters: IndexCluster[] = [];
  approx.forEach((t, channel) => {
    let from = 0;
    for (let i = 1; i <= t.length; i++) {
      if (i === t.length || t[i]! - t[i - 1]! > splitGap) {
        clusters.push({ channel, from, to: i - 1, start: t[from]!, end: t[i - 1]! });
        from = i;
      }
    }
  });
  clusters.sort((a, b) => a.start - b.start);
  const merged: { members: IndexCluster[]; end: number; count: number }[] = [];
  for (const c of clusters) {
    const last = merged.at(-1);
    if (last && c.start - last.end <= splitGap) {
      last.members.push(c);
      last.end = Math.max(last.end, c.end);
      last.count += c.to - c.from + 1;
    } else merged.push({ members: [c], end: c.end, count: c.to - c.from + 1 });
  }
  const bulk = merged.reduce((best, c) => (c.count > best.count ? c : best));
  // Exact bounds from the members' first and last messages.
  let startNs: bigint | null = null;
  let endNs: bigint | null = null;
  for (const m of bulk.members) {
    const t = withMessages[m.channel]!.logTimesNs;
    if (startNs === null || t[m.from]! < startNs) startNs = t[m.from]!;
    if (endNs === null || t[m.to]! > endNs) endNs = t[m.to]!;
  }

  let outlierCount = 0;
  withMessages.forEach((channel, c) => {
    const t = channel.logTimesNs;
    const lo = lowerBound(t, startNs!);
    const hi = upperBound(t, endNs!);
    const outside = lo + (t.length - hi);
    outlierCount += outside;
    if (outside > 0) {
      const example = lo > 0 ? t[0]! : t[t.length - 1]!;
      problems.push({
        severity: "warning",
        code: "log-time-outliers",
        topic: channel.topic,
        message:
          `${channel.topic}: ${outside} message${outside === 1 ? "" : "s"} with log times far outside the recording ` +
          `(e.g. ${example} ns); the time axis ignores them and runs from ${startNs} to ${endNs} ns`,
      });
    }
    if (channel.backwardSteps > 0) {
      problems.push({
        severity: "warning",
        code: "non-monotonic-time",
        topic: channel.topic,
        message: `${channel.topic}: ${channel.backwardSteps} message${channel.backwardSteps === 1 ? " has" : "s have"} a log time earlier than the message before ${channel.backwardSteps === 1 ? "it" : "them"} in the file`,
      });
    }
    problems.push(...intervalProblems(channel, approx[c]!.subarray(lo, hi), t, lo, startNs!));
  });
  return { startNs: startNs!, endNs: endNs!, outlierCount, problems };
}

/** Gaps and (cameras) frame drops of one channel's in-recording times `t` (approximate, from index `offset`). */
function intervalProblems(channel: ChannelTimes, t: Float64Array, exact: BigInt64Array, offset: number, startNs: bigint): EpisodeProblem[] {
  if (t.length < 10 || channel.kind === "other") return []; // logs, events: bursty by nature
  const dts = new Float64Array(t.length - 1);
  for (let i = 1; i < t.length; i++) dts[i - 1] = t[i]! - t[i - 1]!;
  const sorted = dts.slice().sort();
  const period = sorted[Math.floor(sorted.length / 2)]!;
  if (period <= 0) return [];
  const gapBound = Math.max(10 * period, MIN_GAP_NS);
  let gaps = 0;
  let longest = 0;
  let longestAt = 0;
  let drops = 0;
  let dropEvents = 0;
  for (let i = 0; i < dts.length; i++) {
    const dt = dts[i]!;
    if (dt > gapBound) {
      gaps++;
      if (dt > longest) {
        longest = dt;
        longestAt = i;
      }
    } else if (channel.kind === "camera" && dt > 1.5 * period) {
      dropEvents++;
      drops += Math.round(dt / period) - 1;
    }
  }
  const problems: EpisodeProblem[] = [];
  const periodMs = (period / 1e6).toFixed(1);
  if (gaps > 0) {
    const longestNs = exact[offset + longestAt + 1]! - exact[offset + longestAt]!;
    problems.push({
      severity: "warning",
      code: "timestamp-gap",
      topic: channel.topic,
      message:
        `${channel.topic}: ${gaps} gap${gaps === 1 ? "" : "s"} in log time; the longest, ${(Number(longestNs) / 1e9).toFixed(3)} s, ` +
        `starts ${(Number(exact[offset + longestAt]! - startNs) / 1e9).toFixed(3)} s into the recording (median interval ${periodMs} ms)`,
    });
  }
  if (drops > 0) {
    problems.push({
      severity: "warning",
      code: "frame-drops",
      topic: channel.topic,
      message: `${channel.topic}: about ${drops} frame${drops === 1 ? "" : "s"} missing in ${dropEvents} place${dropEvents === 1 ? "" : "s"} (median interval ${periodMs} ms, ${(1e9 / period).toFixed(1)} Hz)`,
    });
  }
  return problems;
}

/** First index i with t[i] >= x (t ascending). */
export function lowerBound(t: BigInt64Array, x: bigint): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with t[i] > x (t ascending). */
export function upperBound(t: BigInt64Array, x: bigint): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
