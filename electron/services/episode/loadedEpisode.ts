/**
 * One opened episode: its MCAP source, a decoder and a class per channel, and the answers the review screen asks
 * for (summary, camera frame index, camera frames, numeric series). Work is done on first request and cached.
 */
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
import { extractFrame, type ExtractedFrame } from "./cameraFrames.ts";
import { classifyBySchema, classifyChannel, type ChannelClass } from "./classifyChannel.ts";
import { createMessageDecoder, decodeMessage, type MessageDecoder } from "./messageDecoder.ts";
import type { ChannelMessages, McapSource } from "./mcapSource.ts";
import { SeriesBuilder } from "./numericSeries.ts";
import { openMcap, type OpenMcapOptions } from "./openMcap.ts";
import { isVideoKeyframe } from "./videoKeyframes.ts";

/** Per-channel state. */
interface ChannelState {
  messages: ChannelMessages;
  decoder: MessageDecoder;
  cls: ChannelClass;
}

/** Identity of an episode: where it lives and how to call it. */
export interface EpisodeIdentity {
  episodeId: string;
  /** Absolute path of the file. */
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
  readonly #series = new Map<string, NumericSeries>();

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
    let startNs = 0n;
    let endNs = 0n;
    const withMessages = channels.filter((c) => c.firstNs !== null);
    if (withMessages.length > 0) {
      startNs = withMessages.reduce((min, c) => (c.firstNs! < min ? c.firstNs! : min), withMessages[0]!.firstNs!);
      endNs = withMessages.reduce((max, c) => (c.lastNs! > max ? c.lastNs! : max), withMessages[0]!.lastNs!);
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
      problems,
    };
  }

  /**
   * Open the MCAP file at `identity.absPath`.
   * @throws EpiscopeError from openMcap (`not-found`, `empty-file`, `not-mcap`, `truncated`, `corrupt-mcap`).
   */
  static async open(identity: EpisodeIdentity, options: Omit<OpenMcapOptions, "displayName"> = {}): Promise<LoadedEpisode> {
    const source = await openMcap(identity.absPath, { ...options, displayName: identity.relPath });
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

  #frame(state: ChannelState, payload: NonNullable<ChannelClass["cameraPayload"]>, i: number): ExtractedFrame {
    const { channel, logTimesNs } = state.messages;
    const logTime = logTimesNs[i]!;
    const message = decodeMessage(state.decoder, channel, logTime, this.#source.messageData(channel.id, i));
    return extractFrame(payload, message, channel.topic, logTime);
  }

  /**
   * Log times and keyframe flags of every frame of camera `topic`. Video keyframes need every frame to be read once.
   * @throws EpiscopeError `unknown-topic`, `not-a-camera`, `decode-failed`.
   */
  frameIndex(topic: string): FrameIndex {
    const cached = this.#frameIndexes.get(topic);
    if (cached) return cached;
    const state = this.#camera(topic);
    const payload = state.cls.cameraPayload;
    const { logTimesNs } = state.messages;
    const n = logTimesNs.length;
    const keyframes = new Uint8Array(n);
    let format = "";
    if (payload === "video") {
      for (let i = 0; i < n; i++) {
        const frame = this.#frame(state, payload, i);
        if (i === 0) format = frame.format;
        keyframes[i] = isVideoKeyframe(frame.format || format, frame.data) ? 1 : 0;
      }
    } else {
      keyframes.fill(1);
      if (n > 0) format = this.#frame(state, payload, 0).format;
    }
    const index: FrameIndex = { topic, payload, format, logTimesNs: logTimesNs.slice(), keyframes };
    this.#frameIndexes.set(topic, index);
    return index;
  }

  /**
   * Frames `from..to` (inclusive positions in the FrameIndex) of camera `topic`; `to` is clamped to the last frame.
   * Every `data` is a fresh copy of exactly the frame's bytes (safe to transfer or structured-clone).
   * @throws EpiscopeError `out-of-range` when from > to or from is past the last frame; `unknown-topic`,
   *   `not-a-camera`, `decode-failed`.
   */
  frames(topic: string, from: number, to: number): CameraFrame[] {
    const state = this.#camera(topic);
    const index = this.frameIndex(topic);
    const n = index.logTimesNs.length;
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from > to || from >= n) {
      throw new EpiscopeError("out-of-range", `${this.summary.path}: ${topic} has ${n} frames; cannot return frames ${from}..${to}`);
    }
    const last = Math.min(to, n - 1);
    const frames: CameraFrame[] = [];
    for (let i = from; i <= last; i++) {
      const frame = this.#frame(state, index.payload, i);
      const out: CameraFrame = {
        index: i,
        logTimeNs: index.logTimesNs[i]!,
        payload: index.payload,
        format: frame.format || index.format,
        keyframe: index.keyframes[i] === 1,
        data: frame.data.slice(),
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
   * Every numeric field of `topic` over the whole episode (JointState: position per joint, labelled by name).
   * @throws EpiscopeError `unknown-topic`, `not-numeric` (cameras), `decode-failed`.
   */
  series(topic: string): NumericSeries {
    const cached = this.#series.get(topic);
    if (cached) return cached;
    const state = this.#channel(topic);
    const { channel, logTimesNs } = state.messages;
    if (state.cls.kind === "camera") {
      throw new EpiscopeError("not-numeric", `${this.summary.path}: ${topic} is a camera channel; it has no series to plot`);
    }
    const builder = new SeriesBuilder(topic, channel.schema?.name ?? "");
    if (state.decoder.kind !== "raw") {
      for (let i = 0; i < logTimesNs.length; i++) {
        const logTime = logTimesNs[i]!;
        builder.add(logTime, decodeMessage(state.decoder, channel, logTime, this.#source.messageData(channel.id, i)));
      }
    }
    const series = builder.finish();
    this.#series.set(topic, series);
    return series;
  }

  /** Release the file and caches. */
  close(): void {
    this.#frameIndexes.clear();
    this.#series.clear();
    this.#source.close();
  }
}
