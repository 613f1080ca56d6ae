/**
 * One opened episode: its MCAP source, a decoder and a class per channel, and the answers the review screen asks
 * for (summary, camera frame index, camera frames, numeric series). Work is done on first request and cached.
 */
import { checkStamps, headerStampNs, type FrameStamps } from "../../../shared/playback/headerStamp.ts";
import path from "node:path";
import type {
  CameraFrame,
  ChannelSummary,
  EpisodeProblem,
  EpisodeSummary,
  FrameIndex,
  NumericSeries,
} from "../../../shared/episode.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { ChunkScratch, PREFIX_STEP_BYTES } from "./chunkRecordsCache.ts";
import { extractFrame, type ExtractedFrame } from "./cameraFrames.ts";
import { mergeSeriesParts } from "../../../shared/series/mergeSeriesParts.ts";
import { readKeyframes as readCachedKeyframes, readSeries, writeKeyframes, writeSeries } from "./episodeCache.ts";
import { classifyBySchema, classifyChannel, normalizeSchemaName, type ChannelClass } from "./classifyChannel.ts";
import { jointStateSeriesFromCdr } from "./jointStateCdr.ts";
import { createMessageDecoder, decodeMessage, type MessageDecoder } from "./messageDecoder.ts";
import type { ChannelMessages, McapSource } from "./mcapSource.ts";
import { SeriesBuilder } from "./numericSeries.ts";
import { openEpisodeSource } from "./openEpisodeSource.ts";
import type { OpenMcapOptions } from "./openMcap.ts";
import { analyseTimes, lowerBound, upperBound } from "./timeProblems.ts";
import { videoDataLocator } from "./videoDataLocator.ts";
import { isVideoKeyframe, videoKeyframeFlag } from "./videoKeyframes.ts";

/**
 * Bytes read from the start of each video message to find its keyframe flag: the message's own header (timestamp,
 * frame id) plus the codec headers before the first slice (H.264 SPS/PPS/SEI: x264 writes a ~700-byte SEI).
 */
const FRAME_HEADER_BYTES = 2048;

/** Chunks kept decompressed for camera frames, per episode (≈ 4 MB each with the usual writers). */
const FRAME_SCRATCH_CHUNKS = 4;

/** Frames whose keyframe flags frameIndexHead reads at least (~2 s of video at 30 Hz). */
const HEAD_FRAMES = 64;

/** A camera's keyframe pass: flags of frames [0, known) are read; `flag(i)` reads frame i's. */
interface KeyframeRead {
  index: Omit<FrameIndex, "keyframes" | "keyframesKnown">;
  flags: Uint8Array<ArrayBuffer>;
  known: number;
  flag: (i: number) => boolean;
  /** The flags came from the episode cache (all known). */
  fromCache: boolean;
}

/** Per-channel state. */
interface ChannelState {
  messages: ChannelMessages;
  decoder: MessageDecoder;
  cls: ChannelClass;
}

/** Polled during long reads; returning true abandons the read (see checkStop). */
export type StopCheck = () => boolean;

const neverStop: StopCheck = () => false;

/**
 * @throws EpiscopeError `cancelled` naming the episode and topic when `stop()` says so.
 */
export function checkStop(stop: StopCheck, episodePath: string, topic: string): void {
  if (stop()) throw new EpiscopeError("cancelled", `${episodePath}: the read of ${topic} was cancelled (superseded by a newer request)`);
}

/** One decoded message of a channel. */
export interface DecodedMessage {
  topic: string;
  /** Position in the channel's log-time order. */
  index: number;
  /** Log and publish time (ns). */
  logTimeNs: bigint;
  publishTimeNs: bigint;
  sequence: number;
  /** The decoded value (see messageDecoder.ts); a Uint8Array for raw channels. May hold views: copy to keep. */
  message: unknown;
}

/** Identity of an episode: where it lives and how to call it. */
export interface EpisodeIdentity {
  episodeId: string;
  /** Absolute path of the file, or of a rosbag2 folder (a split recording). */
  absPath: string;
  /** Path relative to the dataset root (POSIX separators); also used in error messages. */
  relPath: string;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Mean rate (Hz) of `n` messages between `first` and `last` (ns); null with fewer than 2 or a zero span. */
export function rateHz(n: number, first: bigint | null, last: bigint | null): number | null {
  if (n < 2 || first === null || last === null || last <= first) return null;
  return (n - 1) / (Number(last - first) / 1e9);
}

/** An opened episode. Create with LoadedEpisode.open; close() releases the file. */
export class LoadedEpisode {
  readonly summary: EpisodeSummary;
  readonly #source: McapSource;
  readonly #channelsByTopic: Map<string, ChannelState>;
  readonly #frameIndexes = new Map<string, FrameIndex>();
  /** Keyframe passes under way, by topic (gone once the topic's frameIndex is cached). */
  readonly #keyframeReads = new Map<string, KeyframeRead>();
  readonly #frameStamps = new Map<string, FrameStamps>();
  readonly #series = new Map<string, NumericSeries>();
  /** Decompressed chunks of recent camera frames (a frame lookup touches 1–2 chunks per camera). */
  readonly #frameScratch = new ChunkScratch(FRAME_SCRATCH_CHUNKS, PREFIX_STEP_BYTES);

  private constructor(identity: EpisodeIdentity, source: McapSource) {
    this.#source = source;
    const problems: EpisodeProblem[] = [...source.problems];
    const states: ChannelState[] = [];
    for (const messages of source.channels.values()) {
      states.push(this.#inspectChannel(messages, problems));
    }
    states.sort((a, b) => compareStrings(a.messages.channel.topic, b.messages.channel.topic) || a.messages.channel.id - b.messages.channel.id);

    // A topic normally has one channel; if several, the one with the most messages answers for it.
    this.#channelsByTopic = new Map();
    for (const state of states) {
      const seen = this.#channelsByTopic.get(state.messages.channel.topic);
      if (!seen || seen.messages.logTimesNs.length < state.messages.logTimesNs.length) {
        this.#channelsByTopic.set(state.messages.channel.topic, state);
      }
    }

    const channels = states.map((state) => this.#channelSummary(state, problems));
    const messageCount = channels.reduce((sum, c) => sum + c.messageCount, 0);
    const times = analyseTimes(
      states.map((state) => ({
        topic: state.messages.channel.topic,
        kind: state.cls.kind,
        logTimesNs: state.messages.logTimesNs,
        backwardSteps: state.messages.backwardSteps,
      })),
    );
    const { startNs, endNs } = times;
    problems.push(...times.problems);
    // Rates over the recording's bulk, so outliers do not dilute them.
    for (const [i, state] of states.entries()) {
      const t = state.messages.logTimesNs;
      const lo = lowerBound(t, startNs);
      const hi = upperBound(t, endNs);
      channels[i]!.rateHz = rateHz(hi - lo, hi > lo ? t[lo]! : null, hi > lo ? t[hi - 1]! : null);
    }
    const stats = source.statistics;
    if (stats && stats.messageCount !== BigInt(messageCount)) {
      problems.push({
        severity: "warning",
        code: "statistics-mismatch",
        message: `${identity.relPath}: the statistics record counts ${stats.messageCount} messages, the file holds ${messageCount}`,
      });
    }

    this.summary = {
      episodeId: identity.episodeId,
      path: identity.relPath,
      name: path.basename(identity.relPath).replace(/\.mcap$/i, ""),
      sizeBytes: source.file.size,
      startNs,
      endNs,
      messageCount,
      channels,
      readMode: source.readMode,
      access: source.file.access,
      metadata: [...source.metadata],
      attachments: [...source.attachments],
      problems,
    };
  }

  /**
   * Open the MCAP file at `identity.absPath`.
   * @throws EpiscopeError from openMcap (`not-found`, `empty-file`, `not-mcap`, `truncated`, `corrupt-mcap`).
   */
  static async open(identity: EpisodeIdentity, options: Omit<OpenMcapOptions, "displayName"> = {}): Promise<LoadedEpisode> {
    const source = await openEpisodeSource(identity.absPath, { ...options, displayName: identity.relPath });
    try {
      return new LoadedEpisode(identity, source);
    } catch (error) {
      source.close();
      throw error;
    }
  }

  #inspectChannel(messages: ChannelMessages, problems: EpisodeProblem[]): ChannelState {
    const { channel } = messages;
    const decoder = createMessageDecoder(channel);
    const count = messages.logTimesNs.length;
    if (decoder.rawReason && count > 0) {
      problems.push({ severity: "warning", code: "undecodable", message: decoder.rawReason, topic: channel.topic });
    }
    const schemaName = channel.schema?.name ?? "";
    let cls = classifyBySchema(schemaName);
    if (!cls) {
      let first: unknown;
      if (count > 0 && decoder.kind !== "raw") {
        try {
          first = decodeMessage(decoder, channel, messages.logTimesNs[0]!, this.#source.messageData(channel.id, 0));
        } catch (error) {
          problems.push({ severity: "warning", code: "decode-failed", message: (error as Error).message, topic: channel.topic });
        }
      }
      cls = classifyChannel(schemaName, first);
    }
    if (cls.kind !== "other" && decoder.kind === "raw") {
      cls = { kind: "other" }; // cannot show frames or plot values we cannot decode
    }
    return { messages, decoder, cls };
  }

  #channelSummary(state: ChannelState, problems: EpisodeProblem[]): ChannelSummary {
    const { channel, logTimesNs } = state.messages;
    const n = logTimesNs.length;
    const firstNs = n > 0 ? logTimesNs[0]! : null;
    const lastNs = n > 0 ? logTimesNs[n - 1]! : null;
    if (n === 0) {
      problems.push({ severity: "info", code: "empty-channel", message: `${channel.topic}: no messages`, topic: channel.topic });
    }
    const statCount = this.#source.statistics?.channelMessageCounts.get(channel.id);
    if (statCount !== undefined && statCount !== BigInt(n)) {
      problems.push({
        severity: "warning",
        code: "statistics-mismatch",
        message: `${channel.topic}: the statistics record counts ${statCount} messages, the file holds ${n}`,
        topic: channel.topic,
      });
    }
    const summary: ChannelSummary = {
      id: channel.id,
      topic: channel.topic,
      schemaName: channel.schema?.name ?? "",
      schemaEncoding: channel.schema?.encoding ?? "",
      messageEncoding: channel.messageEncoding,
      messageCount: n,
      rateHz: rateHz(n, firstNs, lastNs),
      firstNs,
      lastNs,
      kind: state.cls.kind,
    };
    if (state.cls.cameraPayload) summary.cameraPayload = state.cls.cameraPayload;
    return summary;
  }

  #channel(topic: string): ChannelState {
    const state = this.#channelsByTopic.get(topic);
    if (!state) throw new EpiscopeError("unknown-topic", `${this.summary.path}: no channel with topic ${JSON.stringify(topic)}`);
    return state;
  }

  #camera(topic: string): ChannelState & { cls: { cameraPayload: NonNullable<ChannelClass["cameraPayload"]> } } {
    const state = this.#channel(topic);
    if (state.cls.kind !== "camera" || !state.cls.cameraPayload) {
      throw new EpiscopeError("not-a-camera", `${this.summary.path}: ${topic} is not a camera channel (kind ${state.cls.kind})`);
    }
    return state as ChannelState & { cls: { cameraPayload: NonNullable<ChannelClass["cameraPayload"]> } };
  }

  /** Frame `i` of a camera; `read` (default messageData) fetches the payload. */
  #frame(
    state: ChannelState,
    payload: NonNullable<ChannelClass["cameraPayload"]>,
    i: number,
    read: (index: number) => Uint8Array = (index) => this.#source.messageData(state.messages.channel.id, index),
  ): ExtractedFrame {
    const { channel, logTimesNs } = state.messages;
    const logTime = logTimesNs[i]!;
    const message = decodeMessage(state.decoder, channel, logTime, read(i));
    return extractFrame(payload, message, channel.topic, logTime);
  }

  /**
   * The header stamps of camera `topic`'s frames (ROS `header.stamp`, Foxglove `timestamp`), for syncing that camera
   * by capture time instead of log time; every frame is decoded once (cached).
   * @throws EpiscopeError `unknown-topic`, `not-a-camera`, `decode-failed`.
   */
  frameStamps(topic: string): FrameStamps {
    const cached = this.#frameStamps.get(topic);
    if (cached) return cached;
    const state = this.#camera(topic);
    const { channel, logTimesNs } = state.messages;
    const stamps: (bigint | null)[] = [];
    const read = this.#source.transientMessageData(channel.id);
    for (let i = 0; i < logTimesNs.length; i++) {
      stamps.push(headerStampNs(decodeMessage(state.decoder, channel, logTimesNs[i]!, read(i))));
    }
    const checked = checkStamps(stamps);
    const result: FrameStamps = checked.ok ? { topic, stampsNs: checked.stampsNs, reason: null } : { topic, stampsNs: null, reason: `${topic}: ${checked.reason}` };
    this.#frameStamps.set(topic, result);
    return result;
  }

  /**
   * Log times and keyframe flags of every frame of camera `topic` (cached). A video camera's flags come from each
   * frame's codec headers (see #keyframeReader); images are all keyframes.
   * @param stop polled every 256 frames while reading video frames
   * @throws EpiscopeError `unknown-topic`, `not-a-camera`, `decode-failed`, `cancelled`.
   */
  frameIndex(topic: string, stop: StopCheck = neverStop): FrameIndex {
    const cached = this.#frameIndexes.get(topic);
    if (cached) return cached;
    while (!this.readKeyframes(topic, Number.MAX_SAFE_INTEGER, stop));
    return this.#frameIndexes.get(topic)!;
  }

  /**
   * The frame index as far as it is known without reading every frame: all log times, and the keyframe flags of the
   * frames read so far — at least the first HEAD_FRAMES and up to the first keyframe, so the first picture and seeks
   * near the start decode from a true keyframe. `keyframesKnown` (when less than the frame count) says how many flags
   * are exact; the rest are 0 until readKeyframes has read them (then frameIndex answers at once). Flags of a subset
   * of the keyframes still decode every frame correctly, from an earlier keyframe.
   * @throws like frameIndex.
   */
  frameIndexHead(topic: string, stop: StopCheck = neverStop): FrameIndex {
    const cached = this.#frameIndexes.get(topic);
    if (cached) return cached;
    const read = this.#keyframeReader(topic);
    if (read.known < HEAD_FRAMES) this.readKeyframes(topic, HEAD_FRAMES - read.known, stop);
    while (read.known < read.flags.length && !read.flags.subarray(0, read.known).includes(1)) this.readKeyframes(topic, 256, stop);
    if (read.known === read.flags.length) return this.frameIndex(topic);
    return { ...read.index, keyframes: read.flags.slice(), keyframesKnown: read.known };
  }

  /**
   * Read the keyframe flags of up to `frames` more frames of camera `topic`, in order (a long pass can be cut into
   * steps with other work between them).
   * @returns true when every flag is known (frameIndex is then cached)
   * @throws like frameIndex.
   */
  readKeyframes(topic: string, frames: number, stop: StopCheck = neverStop): boolean {
    if (this.#frameIndexes.has(topic)) return true;
    const read = this.#keyframeReader(topic);
    const end = Math.min(read.flags.length, read.known + Math.max(0, frames));
    for (let i = read.known; i < end; i++) {
      if ((i & 255) === 0) checkStop(stop, this.summary.path, topic);
      read.flags[i] = read.flag(i) ? 1 : 0;
      read.known = i + 1;
    }
    if (read.known < read.flags.length) return false;
    this.#frameIndexes.set(topic, { ...read.index, keyframes: read.flags });
    this.#keyframeReads.delete(topic);
    const key = this.cacheKey;
    if (key !== null && read.index.payload === "video" && !read.fromCache) writeKeyframes(key, topic, read.flags);
    return true;
  }

  /**
   * The keyframe pass of camera `topic` (started on first use). Video: where the source can read message prefixes
   * and the channel's encoding has a VideoDataLocator, only the first FRAME_HEADER_BYTES of each message are read (no
   * decoding); otherwise, or when those bytes do not settle it, the whole message is decoded. The format is the first
   * frame's.
   */
  #keyframeReader(topic: string): KeyframeRead {
    const open = this.#keyframeReads.get(topic);
    if (open) return open;
    const state = this.#camera(topic);
    const payload = state.cls.cameraPayload;
    const { channel, logTimesNs } = state.messages;
    const n = logTimesNs.length;
    const format = n > 0 ? this.#frame(state, payload, 0).format : "";
    const index = { topic, payload, format, logTimesNs: logTimesNs.slice() };
    let flag: (i: number) => boolean = () => true;
    if (payload === "video") {
      const whole = this.#source.transientMessageData(channel.id);
      flag = (i) => {
        const frame = this.#frame(state, "video", i, whole);
        return isVideoKeyframe(frame.format || format, frame.data);
      };
      const locate = videoDataLocator(channel);
      const prefixes = locate ? this.#source.prefixMessageData?.(channel.id, FRAME_HEADER_BYTES) : undefined;
      if (locate && prefixes) {
        const decodeWhole = flag;
        flag = (i) => {
          const { data } = prefixes(i);
          const at = locate(data);
          if (!at || at.start > data.length) return decodeWhole(i);
          const end = at.start + at.length;
          return videoKeyframeFlag(format, data.subarray(at.start, Math.min(end, data.length)), end <= data.length) ?? decodeWhole(i);
        };
      }
    }
    // A video camera's flags read before (episode cache): all known at once.
    const key = payload === "video" ? this.cacheKey : null;
    const cached = key === null ? null : readCachedKeyframes(key, topic);
    const read: KeyframeRead =
      cached && cached.length === n
        ? { index, flags: cached, known: n, flag, fromCache: true }
        : { index, flags: new Uint8Array(n), known: 0, flag, fromCache: false };
    this.#keyframeReads.set(topic, read);
    return read;
  }

  /**
   * Frames `from..to` (inclusive positions in the FrameIndex) of camera `topic`; `to` is clamped to the last frame.
   * Every `data` is a fresh copy of exactly the frame's bytes (safe to transfer or structured-clone).
   * @param stop polled before every frame (a cancelled call stops within one frame)
   * @throws EpiscopeError `out-of-range` when from > to or from is past the last frame; `unknown-topic`,
   *   `not-a-camera`, `decode-failed`, `cancelled`.
   */
  frames(topic: string, from: number, to: number, stop: StopCheck = neverStop): CameraFrame[] {
    const state = this.#camera(topic);
    const index = this.frameIndexHead(topic);
    const n = index.logTimesNs.length;
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from > to || from >= n) {
      throw new EpiscopeError("out-of-range", `${this.summary.path}: ${topic} has ${n} frames; cannot return frames ${from}..${to}`);
    }
    const last = Math.min(to, n - 1);
    const frames: CameraFrame[] = [];
    // Each frame is copied at once, so its chunk may be decompressed into the episode's reused frame buffers.
    const read = this.#source.transientMessageData(state.messages.channel.id, this.#frameScratch);
    for (let i = from; i <= last; i++) {
      checkStop(stop, this.summary.path, topic);
      const frame = this.#frame(state, index.payload, i, read);
      const out: CameraFrame = {
        index: i,
        logTimeNs: index.logTimesNs[i]!,
        payload: index.payload,
        format: frame.format || index.format,
        // Video: from the frame's own codec headers (the index may not have read this far yet).
        keyframe: index.payload === "video" ? isVideoKeyframe(frame.format || index.format, frame.data) : true,
        data: new Uint8Array(frame.data), // a copy in its own ArrayBuffer (a Buffer's slice() is a view of its pool)
      };
      if (index.payload === "raw") {
        out.width = frame.width;
        out.height = frame.height;
        out.step = frame.step;
        out.bigEndian = frame.bigEndian;
      }
      frames.push(out);
    }
    return frames;
  }

  /**
   * Number of messages of `topic` (the channel answering for it).
   * @throws EpiscopeError `unknown-topic`.
   */
  messageCount(topic: string): number {
    return this.#channel(topic).messages.logTimesNs.length;
  }

  /**
   * Every numeric field of `topic` over the whole episode (JointState: position per joint, labelled by name); kept in
   * memory, and in the episode cache (episodeCache.ts) for the next open of the same file.
   * @param stop polled every 1024 messages
   * @throws EpiscopeError `unknown-topic`, `not-numeric` (cameras), `decode-failed`, `cancelled`.
   */
  series(topic: string, stop: StopCheck = neverStop): NumericSeries {
    const known = this.#knownSeries(topic);
    if (known) return known;
    return this.#keepSeries(topic, this.seriesRows(topic, 0, this.messageCount(topic), stop));
  }

  /**
   * `series`, read in parts of `step` messages with `between()` awaited before each part: a background reader (the
   * dataset's indexing pass) lets other work go first between parts. Kept and cached as `series` does.
   * @param between awaited before each part (e.g. workers/interactiveReads.ts › yieldToInteractive)
   * @param step messages per part (≥ 1)
   * @throws like `series`.
   */
  async seriesInSteps(topic: string, between: () => Promise<void>, step = 4096): Promise<NumericSeries> {
    const known = this.#knownSeries(topic);
    if (known) return known;
    const parts: NumericSeries[] = [];
    const steps = this.seriesSteps(topic, 0, this.messageCount(topic), step);
    for (;;) {
      await between();
      const next = steps.next();
      if (next.done) break;
      parts.push(next.value);
    }
    return this.#keepSeries(topic, mergeSeriesParts(parts));
  }

  /** The whole series of `topic` when read before: in memory, or in the episode cache (e.g. by the indexing pass). */
  #knownSeries(topic: string): NumericSeries | null {
    const cached = this.#series.get(topic);
    if (cached) return cached;
    const key = this.cacheKey;
    const stored = key === null ? null : readSeries(key, topic);
    if (stored && stored.logTimesNs.length === this.messageCount(topic)) {
      this.#series.set(topic, stored);
      return stored;
    }
    return null;
  }

  /** Keep a whole series read now, in memory and in the episode cache. */
  #keepSeries(topic: string, series: NumericSeries): NumericSeries {
    this.#series.set(topic, series);
    const key = this.cacheKey;
    if (key !== null) writeSeries(key, series);
    return series;
  }

  /**
   * Key of this episode's entries in the episode cache (episodeCache.ts), or null when its reads are not cached
   * (streamed, split into parts, on object storage, or the cache is off).
   */
  get cacheKey(): string | null {
    return this.#source.cacheKey ?? null;
  }

  /**
   * Like `series`, for the channel's messages `from` (inclusive) to `to` (exclusive) in log-time order, read in one
   * pass (parts of a channel join with shared/series/mergeSeriesParts.ts). Not cached.
   * `to` past the last message means "to the end".
   * @throws like `series`; RangeError when `from`/`to` are not integers with 0 ≤ from ≤ to.
   */
  seriesRows(topic: string, from: number, to: number, stop: StopCheck = neverStop): NumericSeries {
    const [part] = this.seriesSteps(topic, from, to, Number.MAX_SAFE_INTEGER, stop);
    return part!;
  }

  /**
   * `seriesRows` over [from, to) in parts of at most `step` messages, all read through one sequential reader: a worker
   * that lets its event loop turn between parts (so a camera's first frame is answered meanwhile) keeps the reader's
   * batches, its learned record length and its read-ahead across them — a new reader per part read each part's first
   * batch twice (with the first guess of a record's length, then with one that fits) and asked for nothing ahead.
   * Yields at least one part (an empty one for an empty range); join them with shared/series/mergeSeriesParts.ts.
   * @param step messages per part (≥ 1)
   * @throws like `seriesRows` (the range is checked before the first part).
   */
  *seriesSteps(topic: string, from: number, to: number, step: number, stop: StopCheck = neverStop): Generator<NumericSeries, void, void> {
    const state = this.#channel(topic);
    const { channel } = state.messages;
    if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to)) {
      throw new RangeError(`${this.summary.path}: rows ${from}..${to} of ${topic} are not a range of messages`);
    }
    const logTimesNs = state.messages.logTimesNs;
    to = Math.min(to, logTimesNs.length);
    from = Math.min(from, to);
    if (state.cls.kind === "camera") {
      throw new EpiscopeError("not-numeric", `${this.summary.path}: ${topic} is a camera channel; it has no series to plot`);
    }
    // One pass in order: payloads are read through a transient reader (each used before the next is read), in
    // batches where the source can.
    const read = this.#source.sequentialMessageData?.(channel.id, from, to) ?? this.#source.transientMessageData(channel.id);
    const jointState = state.decoder.kind === "cdr" && normalizeSchemaName(channel.schema?.name ?? "") === "sensor_msgs/JointState";
    for (let at = from; at === from || at < to; at += step) {
      const end = Math.min(to, at + step);
      if (jointState) {
        const fast = jointStateSeriesFromCdr(topic, logTimesNs.subarray(at, end), (i) => {
          if ((i & 1023) === 0) checkStop(stop, this.summary.path, topic);
          return read(at + i);
        });
        if (fast) {
          yield fast;
          continue;
        }
      }
      const builder = new SeriesBuilder(topic, channel.schema?.name ?? "");
      if (state.decoder.kind !== "raw") {
        for (let i = at; i < end; i++) {
          if (((i - at) & 1023) === 0) checkStop(stop, this.summary.path, topic);
          const logTime = logTimesNs[i]!;
          builder.add(logTime, decodeMessage(state.decoder, channel, logTime, read(i)));
        }
      }
      yield builder.finish();
    }
  }

  /**
   * The messages of `topic` with log time in [startNs, endNs] (inclusive, ns), decoded, in log-time order (file
   * order among equal times). Lazy: each message is read and decoded when the iterator reaches it.
   * Raw channels (no decoder) yield the payload bytes as `message`.
   * @throws EpiscopeError `unknown-topic`; while iterating `decode-failed`, `corrupt-mcap`.
   */
  *messagesInRange(topic: string, startNs: bigint, endNs: bigint): Generator<DecodedMessage> {
    const state = this.#channel(topic);
    const { channel, logTimesNs } = state.messages;
    const last = upperBound(logTimesNs, endNs);
    for (let i = lowerBound(logTimesNs, startNs); i < last; i++) {
      const record = this.#source.messageRecord(channel.id, i);
      yield {
        topic,
        index: i,
        logTimeNs: logTimesNs[i]!,
        publishTimeNs: record.publishTime,
        sequence: record.sequence,
        message: decodeMessage(state.decoder, channel, logTimesNs[i]!, record.data),
      };
    }
  }

  /**
   * Every message's payload (undecoded) in file order, for scans: each chunk is read (and decompressed, into one
   * reused buffer) once. `data` is valid until the next message is taken (a view into the mapped file or into that
   * buffer): copy it to keep it.
   * @throws EpiscopeError `corrupt-mcap` while iterating, naming the message.
   */
  *payloadsInFileOrder(): Generator<{ topic: string; logTimeNs: bigint; data: Uint8Array }> {
    const scratch = new ChunkScratch(1);
    const readers = new Map<number, (index: number) => Uint8Array>();
    for (const { channelId, index } of this.#source.fileOrder()) {
      const messages = this.#source.channels.get(channelId)!;
      let read = readers.get(channelId);
      if (!read) readers.set(channelId, (read = this.#source.transientMessageData(channelId, scratch)));
      yield { topic: messages.channel.topic, logTimeNs: messages.logTimesNs[index]!, data: read(index) };
    }
  }

  /** Release the file and caches. */
  close(): void {
    this.#frameScratch.entries.length = 0;
    this.#frameIndexes.clear();
    this.#keyframeReads.clear();
    this.#series.clear();
    this.#source.close();
  }
}
